import type { Runtime } from "../types.js";
import { toCursor, toCursorHttp } from "./output.js";
import { detectCursor, parseCursorEvent } from "./parse.js";
import { cursorSettingsSnippet } from "./settings.js";

/**
 * Cursor: `.cursor/hooks.json` command hooks; `permission` with `user_message`/`agent_message` on
 * the before-* gates, `followup_message` on stop/subagentStop, `loop_count` as stop_hook_active.
 * Closed source and not runnable here: shapes from its docs and third-party reports.
 */
export const cursor: Runtime = {
  name: "cursor",
  // Cursor names no project folder for hook commands; cwd or the first workspace root finds it
  projectDirVariable: "CLAUDE_PROJECT_DIR",
  detect: (input) => detectCursor(input),
  parse: parseCursorEvent,
  output: toCursor,
  httpBody: toCursorHttp,
  settingsSnippet: cursorSettingsSnippet,
};
