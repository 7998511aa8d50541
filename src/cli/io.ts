import { isHookJudgeError, type HookJudgeError } from "../errors.js";
import type { RunOptions, RunResult } from "../executor/run-hooks.js";
import { isKnownEvent, parseHookInput, sniffHookInput, type HookInput } from "../hook/input.js";
import { toJudgeErrorCode, type Outcome } from "../judge/outcome.js";
import type { Decision } from "../policy/decision.js";
import { failSafeDecision } from "../policy/fail-safe.js";
import { toClaudeCode } from "../protocol/claude-code.js";
import type { StateStore } from "../store/store.js";

/** The process edge the CLI talks to; tests and the bin provide it. */
export interface CliIo {
  /** The whole of standard input; empty when there is none. */
  readStdin(): Promise<string>;
  stdout(text: string): void;
  stderr(text: string): void;
  env: Record<string, string | undefined>;
  cwd: string;
  /** Cancels the judgment in flight (set by `serve` when its client goes away). */
  signal?: AbortSignal;
  /** The backends to judge with (set by `serve`, to share warm clients). @default one per run */
  backend?: RunOptions["backend"];
  /** Resolves with the signal's name when the process is told to stop (SIGTERM, SIGINT); only `serve` waits for it. */
  untilShutdown?(): Promise<string>;
  /** The shared state (block counters, loops, verdict cache) when not the state folder (set by `serve --store`). */
  store?: StateStore;
  /** Told how each judgment went (set by `serve`, for its metrics). */
  report?(report: JudgmentReport): void;
}

/** How one answered event went: its decision, what decided it and what the model calls cost. */
export interface JudgmentReport {
  event: string;
  decision: Decision["kind"];
  /** `model`, `cache`, `rule:<name>`, or `error` when a judge failed. */
  decidedBy: string;
  outcomes: Outcome[];
}

/** A usage error: a wrong command line. Exit code 1 with the message on stderr. */
export class UsageError extends Error {
  override name = "UsageError";
}

/** Read the hook event on stdin: the input, or the `input` error saying why it is not one; with the text read. */
export async function readHookEvent(io: CliIo): Promise<({ input: HookInput } | { error: HookJudgeError }) & { text: string }> {
  const text = await io.readStdin();
  try {
    return { input: parseHookInput(text), text };
  } catch (error) {
    if (!isHookJudgeError(error)) throw error;
    return { error, text };
  }
}

/** Which hook could not judge, for {@link answerHookFailure}. */
export interface FailingHook {
  /** The command, named in the messages (`review-command`, `run`, `loop stop-hook`). */
  name: string;
  /** The event the command always answers (`PreToolUse` for the Bash gate) when a non-empty input does not say. */
  event?: string;
  /** Answer `event` even for an empty input (the command was surely run as a hook). @default false */
  answersEmpty?: boolean;
}

/**
 * Answer a hook event that could not be judged (a wrong command line, unreadable input, a crash)
 * through the event's failure policy, in Claude Code's protocol: on PreToolUse an `ask` naming the
 * problem, or a `deny` when the command is plainly destructive; on Stop a visible message. The
 * problem goes to stderr too. The event is read from `text` as far as it can be (broken JSON
 * included); returns the exit code, or `undefined` when `text` is no hook event at all (empty,
 * or naming no known event where the command has none of its own), which is then a usage error.
 */
export function answerHookFailure(io: CliIo, failing: FailingHook, error: unknown, text: string): number | undefined {
  const recovered = sniffHookInput(text);
  const named = recovered.hook_event_name;
  const event = named !== undefined && isKnownEvent(named) ? named : text.trim() !== "" || failing.answersEmpty === true ? failing.event : undefined;
  if (event === undefined) return undefined;
  const known = error instanceof UsageError || isHookJudgeError(error);
  const message = known ? (error as Error).message : `unexpected error: ${errorText(error)}`;
  const shown = known ? message : `unexpected error: ${(error as Error)?.stack ?? String(error)}`;
  io.stderr(`${shown.startsWith("hookjudge ") ? "" : `hookjudge ${failing.name}: `}${shown}\n`);
  const code = isHookJudgeError(error) ? toJudgeErrorCode(error.code) : error instanceof UsageError ? "config" : "input";
  const output = toClaudeCode(event, failSafeDecision({ event, name: failing.name, code, message, text }));
  io.stdout(output.stdout);
  io.stderr(output.stderr);
  return output.exitCode;
}

function errorText(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}

/** The options of a run that come from the process edge: its cancellation, shared backends and store. */
export function edgeRunOptions(io: CliIo): Pick<RunOptions, "signal" | "backend" | "store"> {
  return { ...(io.signal ? { signal: io.signal } : {}), ...(io.backend ? { backend: io.backend } : {}), ...(io.store ? { store: io.store } : {}) };
}

/** Tell `io` how a run went (a no-op outside `serve`). */
export function reportRun(io: CliIo, result: RunResult): void {
  if (!io.report) return;
  const outcomes = result.results.flatMap((entry) => (entry.outcome ? [entry.outcome] : []));
  const failed = outcomes.some((outcome) => outcome.kind === "error");
  io.report({ event: result.event, decision: result.decision.kind, decidedBy: failed ? "error" : outcomes.length > 0 ? "model" : "none", outcomes });
}
