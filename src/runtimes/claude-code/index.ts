import type { Runtime } from "../types.js";
import { toClaudeCodeHttp } from "./http.js";
import { toClaudeCode } from "./output.js";
import { detectClaudeCode, parseClaudeCodeEvent } from "./parse.js";
import { claudeCodeSettingsSnippet } from "./settings.js";

/**
 * Claude Code: command hooks (stdin JSON; stdout JSON with exit 0, exit 2 on the task events) and
 * `type: "http"` hooks (the same JSON as a 200 body). Its event and tool names are the canonical ones.
 */
export const claudeCode: Runtime = {
  name: "claude-code",
  projectDirVariable: "CLAUDE_PROJECT_DIR",
  sessionVariable: "CLAUDE_CODE_SESSION_ID",
  detect: detectClaudeCode,
  parse: parseClaudeCodeEvent,
  output: ({ event, decision, diagnostics = [] }) => {
    const output = toClaudeCode(event, decision);
    // beside an exit 2 Claude Code hands stderr to the agent: it holds the reason and nothing else
    return output.exitCode === 2 ? output : { ...output, stderr: diagnostics.join("") + output.stderr };
  },
  httpBody: ({ event, decision }) => toClaudeCodeHttp(decision, event),
  settingsSnippet: claudeCodeSettingsSnippet,
};
