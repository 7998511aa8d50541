import { answerFailSafe } from "../answer/fail-safe.js";
import type { Answer } from "../answer/types.js";
import { isHookJudgeError } from "../errors.js";
import { isKnownEvent } from "../hook/input.js";
import { toJudgeErrorCode } from "../judge/outcome.js";
import { isRuntimeName, selectRuntime, type Runtime } from "../runtimes/index.js";
import { UsageError, type CliIo } from "./io.js";

/** Which hook could not judge, for {@link answerHookFailure}. */
export interface FailingHook {
  /** The command, named in the messages (`review-command`, `run`, `loop stop-hook`). */
  name: string;
  /** The event the command always answers (`PreToolUse` for the Bash gate) when a non-empty input does not say. */
  event?: string;
  /** Answer `event` even for an empty input (the command was surely run as a hook). @default false */
  answersEmpty?: boolean;
  /** The `--runtime` the command was given, if any (a wrong one answers as the detected host). */
  runtime?: string;
}

/** The runtime a hook command answers in: the one `--runtime` names, else the one the event looks like. */
export function runtimeFor(name: string | undefined, text: string, env: CliIo["env"]): Runtime {
  return selectRuntime(name !== undefined && isRuntimeName(name) ? name : undefined, text, env);
}

/**
 * Answer a hook event that could not be judged (a wrong command line, unreadable input, a crash)
 * through the event's failure policy, in the host's protocol: on PreToolUse an `ask` naming the
 * problem, or a `deny` when the command is plainly destructive; on Stop a visible message. The
 * problem goes to stderr too. The event is read from `text` as far as it can be (broken JSON
 * included); returns the exit code, or `undefined` when `text` is no hook event at all (empty,
 * or naming no known event where the command has none of its own), which is then a usage error.
 */
export function answerHookFailure(io: CliIo, failing: FailingHook, error: unknown, text: string): number | undefined {
  const runtime = runtimeFor(failing.runtime, text, io.env);
  const parsed = runtime.parse(text);
  const named = parsed.ok ? parsed.input.hook_event_name : parsed.recovered.hook_event_name;
  // the canonical tool (the host's may be run_shell_command), for the plain-text deny of a Bash command
  const toolName = parsed.ok ? parsed.input.tool_name : parsed.recovered.tool_name;
  const event = named !== undefined && isKnownEvent(named) ? named : text.trim() !== "" || failing.answersEmpty === true ? failing.event : undefined;
  if (event === undefined) return undefined;
  const known = error instanceof UsageError || isHookJudgeError(error);
  const message = known ? (error as Error).message : `unexpected error: ${errorText(error)}`;
  const shown = known ? message : `unexpected error: ${(error as Error)?.stack ?? String(error)}`;
  // a host that reads stderr as part of the answer (pydantic-deep) gets nothing there
  if (runtime.silentStderr !== true) io.stderr(`${shown.startsWith("hookjudge ") ? "" : `hookjudge ${failing.name}: `}${shown}\n`);
  const code = isHookJudgeError(error) ? toJudgeErrorCode(error.code) : error instanceof UsageError ? "config" : "input";
  return printAnswer(io, runtime, answerFailSafe({ event, name: failing.name, code, message, text, ...(toolName !== undefined ? { toolName } : {}) }));
}

/** Print an answer in the host's command-hook protocol and return the exit code. */
export function printAnswer(io: CliIo, runtime: Runtime, answer: Pick<Answer, "event" | "decision" | "diagnostics" | "host">): number {
  const output = runtime.output(answer);
  io.stdout(output.stdout);
  io.stderr(output.stderr);
  return output.exitCode;
}

function errorText(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}
