import type { Runtime } from "../types.js";
import { toPydanticDeep, toPydanticDeepHttp } from "./output.js";
import { detectPydanticDeep, parsePydanticDeepEvent } from "./parse.js";
import { pydanticDeepSettingsSnippet } from "./settings.js";

/**
 * pydantic-deep: command hooks with a five-key stdin (`event`, `tool_name`, `tool_input`,
 * `tool_result`, `tool_error`); a deny is exit 2 with the reason on stdout; hookjudge writes
 * nothing on stderr there.
 */
export const pydanticDeep: Runtime = {
  name: "pydantic-deep",
  // pydantic-deep names no project folder: the hook's own folder (the agent's) finds it
  projectDirVariable: "CLAUDE_PROJECT_DIR",
  silentStderr: true,
  // a hook past its limit (30 s by default) is let through there
  hostTimeoutSeconds: 30,
  detect: (input) => detectPydanticDeep(input),
  parse: parsePydanticDeepEvent,
  output: toPydanticDeep,
  httpBody: toPydanticDeepHttp,
  settingsSnippet: pydanticDeepSettingsSnippet,
};
