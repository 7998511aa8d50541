import { HookJudgeError } from "../errors.js";
import { claudeCode } from "./claude-code/index.js";
import { codex } from "./codex/index.js";
import { copilot } from "./copilot/index.js";
import { cursor } from "./cursor/index.js";
import { geminiCli } from "./gemini-cli/index.js";
import { pydanticDeep } from "./pydantic-deep/index.js";
import { qwenCode } from "./qwen-code/index.js";
import { RUNTIME_NAMES, type Runtime, type RuntimeName } from "./types.js";

const RUNTIMES: Record<RuntimeName, Runtime> = { "claude-code": claudeCode, codex, "gemini-cli": geminiCli, "pydantic-deep": pydanticDeep, copilot, cursor, "qwen-code": qwenCode };

/**
 * The order hosts are tried in when none is named: the shapes no other host sends first. Claude
 * Code is the default, never detected here. A wrong guess must not fail open, so a host is
 * detected only by what its own events (or its environment) carry.
 */
const DETECTION_ORDER: readonly Runtime[] = [pydanticDeep, copilot, cursor, geminiCli, codex, qwenCode];

/** Whether `name` is a host hookjudge answers. */
export function isRuntimeName(name: string): name is RuntimeName {
  return (RUNTIME_NAMES as readonly string[]).includes(name);
}

/**
 * The runtime named by `--runtime` (a `config` error naming the known ones otherwise), or, when
 * none is named, the one the event's text and the environment look like; Claude Code when none
 * says so (its shape is the canonical one).
 */
export function selectRuntime(name: string | undefined, text: string, env: Record<string, string | undefined>): Runtime {
  if (name !== undefined) {
    if (!isRuntimeName(name)) throw new HookJudgeError("config", `--runtime expects one of ${RUNTIME_NAMES.join(", ")}, received ${JSON.stringify(name)}`);
    return RUNTIMES[name];
  }
  let input: unknown;
  try {
    input = JSON.parse(text);
  } catch {
    input = undefined;
  }
  // the event's own shape first, then the environment (hosts set each other's variables)
  return DETECTION_ORDER.find((runtime) => runtime.detect(input, {})) ?? DETECTION_ORDER.find((runtime) => runtime.detect(input, env)) ?? claudeCode;
}

/** The runtime named `name`; see {@link selectRuntime}. */
export function runtimeNamed(name: RuntimeName): Runtime {
  return RUNTIMES[name];
}

export { RUNTIME_NAMES, type HostNames, type HostOutput, type ParsedEvent, type Runtime, type RuntimeAnswer, type RuntimeName, type SettingsSnippetOptions } from "./types.js";
