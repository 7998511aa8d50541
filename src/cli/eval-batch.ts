import { existsSync } from "node:fs";
import { join } from "node:path";
import type { BatchStatus } from "../backends/batch-spec.js";
import { runBatch, type FinishedBatch } from "../eval/batch.js";
import { planBatch, type PlanBatchOptions } from "../eval/batch-plan.js";
import { evalCachePath } from "../eval/response-cache.js";
import { HookJudgeError } from "../errors.js";
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
  const finished = await runBatch(
    { items, hash: full.hash },
    { client, folder, pollMs: options.pollSeconds * 1000, ...(options.waitSeconds === undefined ? {} : { waitMs: options.waitSeconds * 1000 }), onStatus },
  );
  return { ...finished, requests: items.length };
}
