import type { Runtime } from "../types.js";
import { toGemini, toGeminiHttp } from "./output.js";
import { detectGemini, parseGeminiEvent } from "./parse.js";
import { geminiSettingsSnippet } from "./settings.js";

/**
 * Gemini CLI: command hooks on BeforeTool, AfterTool, BeforeAgent and AfterAgent (read as
 * PreToolUse, PostToolUse, UserPromptSubmit and Stop); answers are top-level `decision`/`reason`,
 * never `ask` (it hangs a headless run); timeouts in milliseconds.
 */
export const geminiCli: Runtime = {
  name: "gemini-cli",
  projectDirVariable: "GEMINI_PROJECT_DIR",
  sessionVariable: "GEMINI_SESSION_ID",
  detect: detectGemini,
  parse: parseGeminiEvent,
  output: toGemini,
  httpBody: toGeminiHttp,
  settingsSnippet: geminiSettingsSnippet,
};
