import type { Runtime } from "../types.js";
import { toCopilot, toCopilotHttp } from "./output.js";
import { detectCopilot, parseCopilotEvent } from "./parse.js";
import { copilotSettingsSnippet } from "./settings.js";

/**
 * GitHub Copilot CLI: command hooks in two input dialects (camelCase `toolName`/`toolArgs`, or
 * snake_case under PascalCase event names); flat `permissionDecision`; agentStop blocks.
 */
export const copilot: Runtime = {
  name: "copilot",
  // Copilot names no project folder for hook commands; the event's cwd finds it
  projectDirVariable: "CLAUDE_PROJECT_DIR",
  // a hook past its limit (30 s by default) is let through there
  hostTimeoutSeconds: 30,
  detect: (input) => detectCopilot(input),
  parse: parseCopilotEvent,
  output: toCopilot,
  httpBody: toCopilotHttp,
  settingsSnippet: copilotSettingsSnippet,
};
