import type { Runtime } from "../types.js";
import { toCodex, toCodexHttp } from "./output.js";
import { detectCodex, parseCodexEvent } from "./parse.js";
import { codexSettingsSnippet } from "./settings.js";

/**
 * Codex CLI: command hooks with Claude Code's event and field names plus `turn_id`; answers only in
 * keys of its schema, never `ask` or a bare `allow` (both are invalid there, and Codex then runs
 * the command): an ask is a deny that says a person must approve.
 */
export const codex: Runtime = {
  name: "codex",
  // Codex names no project folder for hook commands; the event's cwd finds it
  projectDirVariable: "CLAUDE_PROJECT_DIR",
  detect: (input) => detectCodex(input),
  parse: parseCodexEvent,
  output: toCodex,
  httpBody: toCodexHttp,
  settingsSnippet: codexSettingsSnippet,
};
