import { isHookJudgeError, type HookJudgeError } from "../errors.js";
import type { RunOptions, RunResult } from "../executor/run-hooks.js";
import { parseHookInput, type HookInput } from "../hook/input.js";
import type { Outcome } from "../judge/outcome.js";
import type { Decision } from "../policy/decision.js";
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

/** Read the hook event on stdin: the input, or the `input` error saying why it is not one. */
export async function readHookEvent(io: CliIo): Promise<{ input: HookInput } | { error: HookJudgeError }> {
  try {
    return { input: parseHookInput(await io.readStdin()) };
  } catch (error) {
    if (!isHookJudgeError(error)) throw error;
    return { error };
  }
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
