import pLimit from "p-limit";
import { createBackend } from "../backends/index.js";
import type { Backend, BackendRequest, BackendResponse } from "../backends/spec.js";
import { BATCH_PRICE_FACTOR } from "../judge/cost.js";
import { resolveModel, runHook } from "../executor/run-hooks.js";
import type { HookDefinition } from "../hook/definition.js";
import type { RungOutcome } from "../judge/ladder.js";
import type { Outcome } from "../judge/outcome.js";
import { voteSide } from "../judge/votes.js";
import type { EvalCase, Expectation } from "./cases.js";
import { createCachingBackend, type CachingBackend } from "./response-cache.js";

/** What one run of a case decided: a decision, or a judge error (never counted as pass or block). */
export type RunVerdict = Expectation | "error";

/** One hook (or one model) under evaluation. */
export interface EvalSubject {
  /** How it is named in the report: the hook's name, or the model. */
  label: string;
  hook: HookDefinition;
  model?: string;
}

/** Options for {@link runEval}. */
export interface EvalOptions {
  subjects: EvalSubject[];
  cases: EvalCase[];
  /** Runs per case. @default 3 */
  repeat?: number;
  /** Runs at once, over everything. @default 4 */
  concurrency?: number;
  /** A backend per model; default: the Anthropic backend. */
  backendFor?: (model: string) => Backend;
  env?: Record<string, string | undefined>;
  /** The response cache folder, or `false` for fresh calls. */
  cacheDir: string | false;
  /** Extra template values per case (review-command's `COMMAND_SUMMARY` for bash-review). */
  extraFor?: (entry: EvalCase) => Record<string, string> | undefined;
  /** Judgments per run, as `votes` in production (overrides the hooks' own). */
  votes?: number;
  onProgress?: (done: number, total: number) => void;
  /**
   * Batch mode (`eval --batch`): what the cache does not hold is answered from a finished Message
   * Batch, by cache key, instead of a model call; no repair request is made (a batch has one round),
   * costs are at the batch price, and latency is not measured.
   */
  batch?: { answer(key: string, request: BackendRequest): Promise<BackendResponse> };
}

/** One case's runs and what they add up to. */
export interface CaseReport {
  name: string;
  expect: Expectation;
  runs: Array<{
    verdict: RunVerdict;
    error?: string;
    latencyMs: number;
    tokens: number;
    costUsd: number | null;
    cached: boolean;
    /** Answered by a Message Batch (`eval --batch`): no latency of its own. */
    batch?: boolean;
    /** Model requests the run made (votes and rungs included; a repair counts). */
    calls: number;
    /** The run's first judgment alone, as `votes: 1` would have decided (absent when it failed). */
    single?: RunVerdict;
    /** The rung whose verdict stood, when the hook escalates. */
    decidedBy?: string;
  }>;
  /** The most frequent decision among the runs that were not errors (`error` when all were). */
  majority: RunVerdict;
  /** Share of non-error runs that agree with the majority. */
  agreement: number;
  correct: boolean;
  p50Ms: number;
  p95Ms: number;
  tokens: number;
  costUsd: number;
  /** Mean model requests per run. */
  callsPerRun: number;
  /** Mean cost per run (US dollars; cached runs cost nothing). */
  costPerRun: number;
  /** Runs per deciding rung, when the hook escalates. */
  rungs?: Record<string, number>;
}

/** One subject's results. */
export interface SubjectReport {
  label: string;
  cases: CaseReport[];
  summary: {
    cases: number;
    /** Cases whose majority is the expected decision, over all cases. */
    accuracy: number;
    /** Share of non-error runs that disagree with their case's majority. */
    flipRate: number;
    /** The same over each run's first judgment alone: the flip rate `votes: 1` would have. */
    flipRateSingle: number;
    /** Mean model requests per case (over its runs). */
    callsPerCase: number;
    /** Mean cost per case (over its runs). */
    costPerCase: number;
    /** Runs that ended in a judge error. */
    errors: number;
    /** expected → majority → count. */
    confusion: Record<Expectation, Record<RunVerdict, number>>;
    tokens: number;
    costUsd: number;
  };
}

const ORDER: RunVerdict[] = ["block", "ask", "pass"];

/** Run every case `repeat` times for every subject through the same executor as `run`, and score them. */
export async function runEval(options: EvalOptions): Promise<SubjectReport[]> {
  const repeat = options.repeat ?? 3;
  const limit = pLimit(options.concurrency ?? 4);
  const total = options.subjects.length * options.cases.length * repeat;
  let done = 0;
  const backends = new Map<string, Backend>();
  const baseBackend = (model: string) => {
    let backend = backends.get(model);
    if (!backend) {
      backend = options.backendFor?.(model) ?? createBackend({ model, ...(options.env ? { env: options.env } : {}) });
      backends.set(model, backend);
    }
    return backend;
  };
  return Promise.all(
    options.subjects.map(async (subject) => {
      const cases = await Promise.all(
        options.cases.map(async (entry) => {
          const runs = await Promise.all(
            Array.from({ length: repeat }, (_, index) =>
              limit(async () => {
                const model = resolveModel(subject.hook, { ...(subject.model ? { model: subject.model } : {}), ...(options.env ? { env: options.env } : {}) });
                // one caching backend per model of the run (a ladder judges with several)
                const caching: CachingBackend[] = [];
                const extra = options.extraFor?.(entry);
                const result = await runHook(subject.hook, entry.input, {
                  stateDir: false,
                  blockCap: false,
                  model,
                  ...(options.votes !== undefined ? { votes: options.votes } : {}),
                  ...(options.batch ? { repair: false } : {}),
                  ...(options.env ? { env: options.env } : {}),
                  ...(extra ? { render: { extra } } : {}),
                  backend: (name: string) => {
                    if (options.cacheDir === false && !options.batch) return baseBackend(name);
                    const answer = options.batch ? (key: string, request: BackendRequest) => options.batch!.answer(key, request) : undefined;
                    const cachingBackend = createCachingBackend(baseBackend(name), options.cacheDir, index, answer);
                    caching.push(cachingBackend);
                    return cachingBackend;
                  },
                });
                options.onProgress?.(++done, total);
                const applied = result.results[0];
                const outcome = applied?.outcome ?? null;
                const used = caching.filter((backend) => backend.calls > 0);
                const cached = used.length > 0 && used.every((backend) => backend.fromCache);
                // a cached answer cost nothing now and took no model time
                const tokens = outcome && !cached ? outcome.usage.inputTokens + outcome.usage.outputTokens : 0;
                const single = outcome ? firstJudgment(outcome, entry.input.hook_event_name) : undefined;
                const decidedBy = outcome && "decidedBy" in outcome && typeof outcome.decidedBy === "string" ? outcome.decidedBy : undefined;
                const batched = options.batch !== undefined && !cached && used.length > 0;
                const cost = outcome?.usage.costUsd ?? null;
                const base = {
                  latencyMs: cached || batched ? 0 : (outcome?.latencyMs ?? 0),
                  tokens,
                  costUsd: cached ? 0 : batched && cost !== null ? cost * BATCH_PRICE_FACTOR : cost,
                  cached,
                  ...(batched ? { batch: true } : {}),
                  calls: cached ? 0 : (outcome?.turns ?? 0),
                  ...(single ? { single } : {}),
                  ...(decidedBy ? { decidedBy } : {}),
                };
                if (!applied) return { verdict: "error" as const, error: "the hook does not apply to this case's event", ...base };
                if (outcome?.kind === "error") return { verdict: "error" as const, error: `${outcome.code}: ${outcome.message}`, ...base };
                if (outcome?.kind === "verdict") for (const backend of caching) backend.commit();
                // a pass without judging (respect-stop-hook-active) is the hook's decision too
                const kind = result.decision.kind;
                return { verdict: (kind === "block" ? "block" : kind === "ask" ? "ask" : "pass") as RunVerdict, ...base };
              }),
            ),
          );
          return scoreCase(entry, runs);
        }),
      );
      return { label: subject.label, cases, summary: summarize(cases) };
    }),
  );
}

/** The most frequent decision (`error` when there is none); ties go to the more careful one: block, then ask, then pass. */
function majorityOf(verdicts: RunVerdict[]): RunVerdict {
  const counts = new Map<RunVerdict, number>();
  for (const verdict of verdicts) if (verdict !== "error") counts.set(verdict, (counts.get(verdict) ?? 0) + 1);
  if (counts.size === 0) return "error";
  return ORDER.reduce((best, verdict) => ((counts.get(verdict) ?? 0) > (counts.get(best) ?? 0) ? verdict : best), ORDER.find((verdict) => counts.has(verdict))!);
}

function scoreCase(entry: EvalCase, runs: CaseReport["runs"]): CaseReport {
  const judged = runs.filter((run) => run.verdict !== "error");
  const majority = majorityOf(judged.map((run) => run.verdict));
  const agreeing = judged.filter((run) => run.verdict === majority).length;
  // latency is the model's: cached and batch-answered runs are left out
  const latencies = runs.filter((run) => !run.cached && !run.batch).map((run) => run.latencyMs).sort((a, b) => a - b);
  const at = (q: number) => latencies[Math.min(latencies.length - 1, Math.ceil(q * latencies.length) - 1)] ?? 0;
  return {
    name: entry.name,
    expect: entry.expect,
    runs,
    majority,
    agreement: judged.length === 0 ? 0 : agreeing / judged.length,
    correct: majority === entry.expect,
    p50Ms: at(0.5),
    p95Ms: at(0.95),
    tokens: runs.reduce((sum, run) => sum + run.tokens, 0),
    costUsd: runs.reduce((sum, run) => sum + (run.costUsd ?? 0), 0),
    callsPerRun: runs.length === 0 ? 0 : runs.reduce((sum, run) => sum + run.calls, 0) / runs.length,
    costPerRun: runs.length === 0 ? 0 : runs.reduce((sum, run) => sum + (run.costUsd ?? 0), 0) / runs.length,
    ...(runs.some((run) => run.decidedBy) ? { rungs: countBy(runs.flatMap((run) => (run.decidedBy ? [run.decidedBy] : []))) } : {}),
  };
}

function countBy(values: string[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const value of values) counts[value] = (counts[value] ?? 0) + 1;
  return counts;
}

/** What a run's first judgment alone decided: its vote, or the first rung's first vote. */
function firstJudgment(outcome: Outcome, event: string): RunVerdict | undefined {
  const rungs = "rungs" in outcome && Array.isArray(outcome.rungs) ? (outcome.rungs as RungOutcome[]) : undefined;
  const first = rungs?.[0]?.outcome ?? outcome;
  const votes = "votes" in first && Array.isArray(first.votes) ? (first.votes as Outcome[]) : [first];
  const side = votes[0] ? voteSide(votes[0], event === "PreToolUse" || event === "PermissionRequest") : undefined;
  return side === undefined ? undefined : side === "ok" ? "pass" : side;
}

function summarize(cases: CaseReport[]): SubjectReport["summary"] {
  const empty = (): Record<RunVerdict, number> => ({ pass: 0, block: 0, ask: 0, error: 0 });
  const confusion: Record<Expectation, Record<RunVerdict, number>> = { pass: empty(), block: empty(), ask: empty() };
  let judgedRuns = 0;
  let flips = 0;
  let errors = 0;
  let singles = 0;
  let singleFlips = 0;
  for (const entry of cases) {
    confusion[entry.expect][entry.majority]++;
    const singleMajority = majorityOf(entry.runs.flatMap((run) => (run.single ? [run.single] : [])));
    for (const run of entry.runs) {
      if (run.verdict === "error") errors++;
      else {
        judgedRuns++;
        if (run.verdict !== entry.majority) flips++;
      }
      if (run.single) {
        singles++;
        if (run.single !== singleMajority) singleFlips++;
      }
    }
  }
  return {
    cases: cases.length,
    accuracy: cases.length === 0 ? 0 : cases.filter((entry) => entry.correct).length / cases.length,
    flipRate: judgedRuns === 0 ? 0 : flips / judgedRuns,
    flipRateSingle: singles === 0 ? 0 : singleFlips / singles,
    callsPerCase: cases.length === 0 ? 0 : cases.reduce((sum, entry) => sum + entry.callsPerRun, 0) / cases.length,
    costPerCase: cases.length === 0 ? 0 : cases.reduce((sum, entry) => sum + entry.costPerRun, 0) / cases.length,
    errors,
    confusion,
    tokens: cases.reduce((sum, entry) => sum + entry.tokens, 0),
    costUsd: cases.reduce((sum, entry) => sum + entry.costUsd, 0),
  };
}
