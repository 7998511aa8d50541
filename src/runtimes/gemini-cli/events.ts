/** Gemini CLI's events and the canonical ones they stand for; the rest keep their own names (nothing to judge). */
export const GEMINI_EVENTS: Readonly<Record<string, string>> = {
  BeforeTool: "PreToolUse",
  AfterTool: "PostToolUse",
  BeforeAgent: "UserPromptSubmit",
  AfterAgent: "Stop",
};

/** Every event Gemini CLI 0.61.0 sends, none of which Claude Code has. */
export const GEMINI_EVENT_NAMES: ReadonlySet<string> = new Set([
  ...Object.keys(GEMINI_EVENTS),
  "BeforeModel",
  "AfterModel",
  "BeforeToolSelection",
  "SessionStart",
  "SessionEnd",
  "PreCompress",
  "Notification",
]);

/** The Gemini CLI tool names of a canonical tool, for the matchers of printed settings. */
export const GEMINI_TOOLS: Readonly<Record<string, string>> = { Bash: "run_shell_command", Write: "write_file", Edit: "replace", Read: "read_file" };
