import type { RunOptions } from "../executor/run-hooks.js";
import type { Outcome } from "../judge/outcome.js";
import type { Decision } from "../policy/decision.js";
import type { HostNames } from "../runtimes/types.js";
import type { StateStore } from "../store/store.js";

/** What every use case takes besides the event: where it runs and what it may use. */
export interface AnswerOptions {
  /** Environment for models, keys, the project folder and `HOOKJUDGE_HOME`. */
  env: Record<string, string | undefined>;
  /** The folder relative paths resolve against when the event names none. */
  cwd: string;
  /** Cancels the judgment in flight (a client that went away, a shutdown). */
  signal?: AbortSignal;
  /** The backends to judge with (a server keeps warm clients). @default one Anthropic backend per model */
  backend?: RunOptions["backend"];
  /** The shared state (block counters, loops, verdict cache). @default the state folder */
  store?: StateStore;
}

/**
 * A use case's answer, before any host's protocol: the decision, what decided it, the judges'
 * outcomes and what they cost, and the lines a process would write on stderr.
 */
export interface Answer {
  /** The canonical event answered (`PreToolUse`, `Stop`, …). */
  event: string;
  decision: Decision;
  /** `model`, `cache`, `rule:<name>`, `loop`, `none` (nothing judged), or `error` when a judge failed. */
  decidedBy: string;
  outcomes: Outcome[];
  /** Tokens and estimated cost over every outcome (cost `null` when a model's price is unknown). */
  usage: { inputTokens: number; outputTokens: number; costUsd: number | null };
  /** For the user's log (a process's stderr, the server's log): judge errors, ignored files. */
  diagnostics: string[];
  /** The host's own names for the event and tool, when the event was read. */
  host?: HostNames;
  /** Whether the judging pipeline ran; `false` for an answer given without it (metrics count only those that ran). */
  judged: boolean;
}

/** The usage over `outcomes`. */
export function totalUsage(outcomes: Outcome[]): Answer["usage"] {
  let costUsd: number | null = 0;
  let inputTokens = 0;
  let outputTokens = 0;
  for (const outcome of outcomes) {
    inputTokens += outcome.usage.inputTokens;
    outputTokens += outcome.usage.outputTokens;
    costUsd = costUsd === null || outcome.usage.costUsd === null ? null : costUsd + outcome.usage.costUsd;
  }
  return { inputTokens, outputTokens, costUsd };
}

/** The parts of {@link AnswerOptions} a run of the executor takes. */
export function runOptionsOf(options: AnswerOptions): Pick<RunOptions, "env" | "signal" | "backend" | "store"> {
  return {
    env: options.env,
    ...(options.signal ? { signal: options.signal } : {}),
    ...(options.backend ? { backend: options.backend } : {}),
    ...(options.store ? { store: options.store } : {}),
  };
}
