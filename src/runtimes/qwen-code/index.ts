import type { Runtime } from "../types.js";
import { toQwen, toQwenHttp } from "./output.js";
import { detectQwen, parseQwenEvent } from "./parse.js";
import { qwenSettingsSnippet } from "./settings.js";

/**
 * Qwen Code: Claude Code's hook protocol with Qwen's tool names (`run_shell_command`, …); an ask
 * is a deny in its headless mode (the reason says so); millisecond timeouts in printed settings.
 */
export const qwenCode: Runtime = {
  name: "qwen-code",
  projectDirVariable: "QWEN_PROJECT_DIR",
  detect: detectQwen,
  parse: parseQwenEvent,
  output: toQwen,
  httpBody: toQwenHttp,
  settingsSnippet: qwenSettingsSnippet,
};
