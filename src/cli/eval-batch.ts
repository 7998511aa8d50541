import { existsSync } from "node:fs";
import { join } from "node:path";
import type { BatchStatus } from "../backends/batch-spec.js";
import { runBatch, type FinishedBatch } from "../eval/batch.js";
import { planBatch, type PlanBatchOptions } from "../eval/batch-plan.js";
import { evalCachePath } from "../eval/response-cache.js";
import { HookJudgeError } from "../errors.js";
import { sha256Hex } from "../internal/crypto.js";
import { stateRoot } from "../internal/state.js";
import type { CliIo } from "./io.js";

/** A finished batch with what the report says about it. */
export interface EvalBatch extends FinishedBatch {
  /** Requests submitted (the cache answered the others). */
  requests: number;
}

/**
 * `eval --batch`: plan every request, submit those the cache does not hold as one Message Batch
 * (or resume the batch saved for the same plan), poll it with a progress line on stderr, and
 * download the results; the eval then runs on them as on model replies.
 */
export async function runEvalBatch(
  plan: PlanBatchOptions,
  options: { io: CliIo; cacheDir: string | false; pollSeconds: number; waitSeconds: number | undefined },
): Promise<EvalBatch> {
  const { io } = options;
  const full = planBatch({ ...plan, env: io.env });
  const cacheDir = options.cacheDir;
  const items = cacheDir === false ? full.items : full.items.filter((item) => !existsSync(evalCachePath(cacheDir, item.key)));
  if (items.length === 0) {
    io.stderr("batch: every request is answered by the eval cache; nothing to submit\n");
    const none = async () => {
      throw new HookJudgeError("api", "no batch was submitted for this request");
    };
    return { id: "", counts: { processing: 0, succeeded: 0, errored: 0, canceled: 0, expired: 0 }, results: new Map(), requests: 0, forget: () => {}, answer: none };
  }
  const { createAnthropicBatchClient } = await import("../backends/anthropic-batches.js");
  const client = createAnthropicBatchClient({ env: io.env });
  const folder = join(stateRoot(io.cwd, io.env), "eval-batches");
  const terminal = process.stderr.isTTY === true;
  let last = "";
  const onStatus = (status: BatchStatus, event: "created" | "resumed" | "poll") => {
    if (event === "created") io.stderr(`batch ${status.id}: ${items.length} requests submitted (half price; a batch may take up to 24 hours). Interrupting is safe: the same command resumes it.\n`);
    if (event === "resumed") io.stderr(`batch ${status.id}: resumed (saved in ${folder})\n`);
    const { processing, succeeded, errored, expired, canceled } = status.counts;
    const line = `batch ${status.id}: ${succeeded + errored + expired + canceled}/${items.length} done (${succeeded} succeeded, ${errored} errored, ${expired} expired, ${canceled} canceled; ${processing} processing) · ${status.status}`;
    if (line === last) return;
    last = line;
    io.stderr(terminal ? `\r${line}${status.status === "ended" ? "\n" : ""}` : `${line}\n`);
  };
  const batchOptions = { client, folder, pollMs: options.pollSeconds * 1000, ...(options.waitSeconds === undefined ? {} : { waitMs: options.waitSeconds * 1000 }), onStatus };
  const first = await runBatch({ items, hash: full.hash }, batchOptions);
  // a model that refuses `temperature` refuses every request of it: ask those again without it,
  // as the backend does on its first refusal (a second round, saved and resumed the same way)
  const refused = items.filter((item) => {
    const result = first.results.get(item.key);
    return result?.type === "errored" && /temperature/i.test(result.message);
  });
  if (refused.length === 0) return { ...first, requests: items.length };
  io.stderr(`batch ${first.id}: ${refused.length} requests refused temperature; asking them again without it\n`);
  const second = await runBatch({ items: refused.map((item) => ({ ...item, temperature: false as const })), hash: sha256Hex(`${full.hash}:no-temperature`) }, batchOptions);
  const results = new Map([...first.results, ...second.results]);
  const counts = { ...first.counts };
  for (const item of refused) {
    counts.errored--;
    const type = results.get(item.key)?.type;
    if (type) counts[type]++;
  }
  return {
    id: `${first.id}+${second.id}`,
    counts,
    results,
    requests: items.length + refused.length,
    forget: () => {
      second.forget();
      first.forget();
    },
    answer: async (key, request) => (second.results.has(key) ? second.answer(key, request) : first.answer(key, request)),
  };
}
