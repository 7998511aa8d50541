import { parseModelString } from "../backends/model-string.js";
import type { BackendRequest } from "../backends/spec.js";
import { HookJudgeError } from "../errors.js";
import { planRequests, resolveModel } from "../executor/run-hooks.js";
import { sha256Hex } from "../internal/crypto.js";
import { isStopEvent } from "../judge/verdict.js";
import type { EvalCase } from "./cases.js";
import { evalCacheKey } from "./response-cache.js";
import type { EvalSubject } from "./run-eval.js";

/** The providers whose API has Message Batches (Bedrock's and Vertex's SDKs have none). */
export const BATCH_PROVIDERS = ["anthropic"] as const;

/** Most requests one Message Batch takes. */
export const MAX_BATCH_REQUESTS = 100_000;

/** One request of a batch: its cache key (the batch's `custom_id`), the model id and the request. */
export interface BatchItem {
  key: string;
  /** The provider's model id (`claude-haiku-4-5`). */
  model: string;
  request: BackendRequest;
  /** Leave the temperature out (a second round for a model that refused it). */
  temperature?: false;
}

/** Every request of an eval in batch mode, each key once, and the hash that names the plan. */
export interface BatchPlan {
  items: BatchItem[];
  /** sha256 of the sorted keys: the same arguments on an unchanged suite give the same hash. */
  hash: string;
}

/** Options for {@link planBatch}; the same as `runEval`'s. */
export interface PlanBatchOptions {
  subjects: EvalSubject[];
  cases: EvalCase[];
  repeat: number;
  votes?: number;
  env?: Record<string, string | undefined>;
  extraFor?: (entry: EvalCase) => Record<string, string> | undefined;
}

/**
 * The exact requests an eval would send, case by case and run by run (`planRequests`, the
 * requests `run` sends), keyed as the eval response cache keys them. A vote of N is N requests per
 * run (the vote settles on what it needs). One judgment each, so no agent hook (many turns) and no
 * escalation ladder (its later rungs depend on the first's verdicts).
 * @throws HookJudgeError `usage` for an agent or escalating hook, `config` for a provider without batches.
 */
export function planBatch(options: PlanBatchOptions): BatchPlan {
  const byKey = new Map<string, BatchItem>();
  for (const subject of options.subjects) {
    const { hook } = subject;
    if (hook.type === "agent") throw new HookJudgeError("usage", `--batch cannot run ${hook.name}: it is an agent hook (a verifier takes many turns, each depending on the last; a batch has one round); run it without --batch`);
    if (hook.escalate.length > 0) throw new HookJudgeError("usage", `--batch cannot run ${hook.name}: it escalates (a later rung is asked only when the first is unsure or split); run it without --batch`);
    const model = resolveModel(hook, { ...(subject.model ? { model: subject.model } : {}), ...(options.env ? { env: options.env } : {}) });
    const { provider, id } = parseModelString(model);
    if (!(BATCH_PROVIDERS as readonly string[]).includes(provider)) {
      throw new HookJudgeError("config", `--batch needs the Anthropic API's Message Batches (anthropic: models, or a bare id); ${model} is on ${provider}:, which has none through hookjudge (Bedrock and Vertex run batch jobs of their own from cloud storage); run it without --batch`);
    }
    for (const entry of options.cases) {
      if (hook.respectStopHookActive && isStopEvent(entry.input.hook_event_name) && entry.input.stop_hook_active === true) continue;
      const extra = options.extraFor?.(entry);
      const [planned] = planRequests([hook], entry.input, {
        model,
        ...(options.votes !== undefined ? { votes: options.votes } : {}),
        ...(options.env ? { env: options.env } : {}),
        ...(extra ? { render: { extra } } : {}),
      });
      if (!planned) continue;
      for (let run = 0; run < options.repeat; run++) {
        for (let occurrence = 0; occurrence < planned.votes; occurrence++) {
          const key = evalCacheKey(provider, id, run, planned.request, occurrence);
          if (!byKey.has(key)) byKey.set(key, { key, model: id, request: planned.request });
        }
      }
    }
  }
  const items = [...byKey.values()];
  if (items.length > MAX_BATCH_REQUESTS) throw new HookJudgeError("usage", `--batch: ${items.length} requests, more than the ${MAX_BATCH_REQUESTS} one Message Batch takes; lower --repeat or split the cases file`);
  return { items, hash: sha256Hex(JSON.stringify(items.map((item) => item.key).sort())) };
}
