import { readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import type { BatchClient, BatchCounts, BatchResult, BatchStatus } from "../backends/batch-spec.js";
import type { BackendRequest, BackendResponse } from "../backends/spec.js";
import { HookJudgeError, isHookJudgeError } from "../errors.js";
import { withFileLock } from "../internal/lock.js";
import { writeFileAtomic } from "../internal/state.js";
import type { BatchPlan } from "./batch-plan.js";

/** What is saved in `<state>/eval-batches/<plan hash>.json` as soon as the batch exists. */
interface SavedBatch {
  version: 1;
  batchId: string;
  createdAt: string;
  plan: string;
  requests: number;
  keys: string[];
}

/** Options for {@link runBatch}. */
export interface RunBatchOptions {
  client: BatchClient;
  /** The state folder's `eval-batches/`. */
  folder: string;
  /** Between two polls, in milliseconds. @default 30000 */
  pollMs?: number;
  /** Stop waiting after this many milliseconds (the batch keeps running; run again to resume). @default 24 h */
  waitMs?: number;
  /** Each poll's state; `resumed` tells a saved batch from a new one. */
  onStatus?: (status: BatchStatus, event: "created" | "resumed" | "poll") => void;
}

/** A finished batch: answers by key, and the saved state to remove once they are stored. */
export interface FinishedBatch {
  id: string;
  counts: BatchCounts;
  results: Map<string, BatchResult>;
  /** Remove the saved state (call it after the results are in the cache). */
  forget(): void;
  /** The answer for a key, or the judge error its result is (`api` for errored, `timeout` for expired). */
  answer(key: string, request: BackendRequest): Promise<BackendResponse>;
}

/**
 * Submit the plan as one Message Batch (or resume the one saved for the same plan), poll it until
 * it ends, and download its results. The batch id is saved atomically before the first poll, so an
 * interrupted run started again with the same arguments polls the same batch instead of paying twice.
 * @throws HookJudgeError `timeout` when `waitMs` passes first (the batch is left running, its state kept).
 */
export async function runBatch(plan: BatchPlan, options: RunBatchOptions): Promise<FinishedBatch> {
  const file = join(options.folder, `${plan.hash}.json`);
  // two runs of the same command at once submit one batch: the second finds the first's state
  const started = await withFileLock(
    `${file}.lock`,
    async (): Promise<{ status: BatchStatus; event: "created" | "resumed" }> => {
      const saved = readSaved(file);
      if (saved) {
        try {
          return { status: await options.client.retrieve(saved.batchId), event: "resumed" };
        } catch (error) {
          const message = (error as Error)?.message ?? String(error);
          throw new HookJudgeError(isHookJudgeError(error) ? error.code : "api", `the saved batch ${saved.batchId} cannot be retrieved (${message}); remove ${file} to submit the batch again`, { cause: error });
        }
      }
      const created = await options.client.create(plan.items);
      const state: SavedBatch = { version: 1, batchId: created.id, createdAt: new Date().toISOString(), plan: plan.hash, requests: plan.items.length, keys: plan.items.map((item) => item.key) };
      writeFileAtomic(file, JSON.stringify(state));
      return { status: created, event: "created" };
    },
    { createFolder: options.folder, staleMs: 10 * 60_000, timeoutMs: 10 * 60_000 },
  );
  let status = started.status;
  options.onStatus?.(status, started.event);
  const pollMs = options.pollMs ?? 30_000;
  const deadline = Date.now() + (options.waitMs ?? 24 * 3600_000);
  while (status.status !== "ended") {
    if (Date.now() + pollMs > deadline) {
      throw new HookJudgeError("timeout", `the batch ${status.id} has not ended within the wait (${status.counts.processing} requests still processing); it keeps running: run the same command again to resume (state in ${file})`);
    }
    await new Promise((resolve) => setTimeout(resolve, pollMs));
    status = await options.client.retrieve(status.id);
    options.onStatus?.(status, "poll");
  }
  const results = await options.client.results(status.id);
  return {
    id: status.id,
    counts: status.counts,
    results,
    forget: () => rmSync(file, { force: true }),
    answer: async (key) => {
      const result = results.get(key);
      if (!result) throw new HookJudgeError("api", `the batch ${status.id} has no result for this request`);
      if (result.type === "succeeded") return result.response;
      throw new HookJudgeError(result.type === "expired" ? "timeout" : "api", `the batch request ${result.type}: ${result.message}`);
    },
  };
}

function readSaved(file: string): SavedBatch | undefined {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch {
    return undefined;
  }
  try {
    const saved = JSON.parse(text) as SavedBatch;
    if (saved.version === 1 && typeof saved.batchId === "string") return saved;
  } catch {
    // unreadable: reported below
  }
  throw new HookJudgeError("state", `the saved batch ${file} cannot be read; remove it to submit the batch again (a batch it named may still be running: see the Console)`);
}
