import pLimit from "p-limit";
import { createBackend } from "../backends/index.js";
import type { Backend } from "../backends/spec.js";
import { resolveModel, runHook } from "../executor/run-hooks.js";
import type { HookDefinition } from "../hook/definition.js";
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
  onProgress?: (done: number, total: number) => void;
}

/** One case's runs and what they add up to. */
export interface CaseReport {
  name: string;
  expect: Expectation;
  runs: Array<{ verdict: RunVerdict; error?: string; latencyMs: number; tokens: number; costUsd: number | null; cached: boolean }>;
  /** The most frequent decision among the runs that were not errors (`error` when all were). */
  majority: RunVerdict;
  /** Share of non-error runs that agree with the majority. */
  agreement: number;
  correct: boolean;
  p50Ms: number;
  p95Ms: number;
  tokens: number;
  costUsd: number;
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
                let caching: CachingBackend | undefined;
                const extra = options.extraFor?.(entry);
                const result = await runHook(subject.hook, entry.input, {
                  stateDir: false,
                  blockCap: false,
                  model,
                  ...(options.env ? { env: options.env } : {}),
                  ...(extra ? { render: { extra } } : {}),
                  backend: (name: string) => (options.cacheDir === false ? baseBackend(name) : (caching = createCachingBackend(baseBackend(name), options.cacheDir, index))),
                });
                options.onProgress?.(++done, total);
                const applied = result.results[0];
                const outcome = applied?.outcome ?? null;
                const cached = caching?.fromCache === true;
                // a cached answer cost nothing now and took no model time
                const tokens = outcome && !cached ? outcome.usage.inputTokens + outcome.usage.outputTokens : 0;
                const base = { latencyMs: cached ? 0 : (outcome?.latencyMs ?? 0), tokens, costUsd: cached ? 0 : (outcome?.usage.costUsd ?? null), cached };
                if (!applied) return { verdict: "error" as const, error: "the hook does not apply to this case's event", ...base };
                if (outcome?.kind === "error") return { verdict: "error" as const, error: `${outcome.code}: ${outcome.message}`, ...base };
                if (outcome?.kind === "verdict") caching?.commit();
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

function scoreCase(entry: EvalCase, runs: CaseReport["runs"]): CaseReport {
  const judged = runs.filter((run) => run.verdict !== "error");
  const counts = new Map<RunVerdict, number>();
  for (const run of judged) counts.set(run.verdict, (counts.get(run.verdict) ?? 0) + 1);
  // ties go to the more careful decision: block, then ask, then pass
  const majority = judged.length === 0 ? "error" : ORDER.reduce((best, verdict) => ((counts.get(verdict) ?? 0) > (counts.get(best) ?? 0) ? verdict : best), ORDER.find((verdict) => counts.has(verdict))!);
  // latency is the model's: cached runs are left out
  const latencies = runs.filter((run) => !run.cached).map((run) => run.latencyMs).sort((a, b) => a - b);
  const at = (q: number) => latencies[Math.min(latencies.length - 1, Math.ceil(q * latencies.length) - 1)] ?? 0;
  return {
    name: entry.name,
    expect: entry.expect,
    runs,
    majority,
    agreement: judged.length === 0 ? 0 : (counts.get(majority) ?? 0) / judged.length,
    correct: majority === entry.expect,
    p50Ms: at(0.5),
    p95Ms: at(0.95),
    tokens: runs.reduce((sum, run) => sum + run.tokens, 0),
    costUsd: runs.reduce((sum, run) => sum + (run.costUsd ?? 0), 0),
  };
}

function summarize(cases: CaseReport[]): SubjectReport["summary"] {
  const empty = (): Record<RunVerdict, number> => ({ pass: 0, block: 0, ask: 0, error: 0 });
  const confusion: Record<Expectation, Record<RunVerdict, number>> = { pass: empty(), block: empty(), ask: empty() };
  let judgedRuns = 0;
  let flips = 0;
  let errors = 0;
  for (const entry of cases) {
    confusion[entry.expect][entry.majority]++;
    for (const run of entry.runs) {
      if (run.verdict === "error") errors++;
      else {
        judgedRuns++;
        if (run.verdict !== entry.majority) flips++;
      }
    }
  }
  return {
    cases: cases.length,
    accuracy: cases.length === 0 ? 0 : cases.filter((entry) => entry.correct).length / cases.length,
    flipRate: judgedRuns === 0 ? 0 : flips / judgedRuns,
    errors,
    confusion,
    tokens: cases.reduce((sum, entry) => sum + entry.tokens, 0),
    costUsd: cases.reduce((sum, entry) => sum + entry.costUsd, 0),
  };
}
