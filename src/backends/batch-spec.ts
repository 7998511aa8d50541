// What a provider with message batches offers `eval --batch`: submit, poll, download.
import type { BackendRequest, BackendResponse } from "./spec.js";

/** A Message Batch's counts, as the API reports them. */
export interface BatchCounts {
  processing: number;
  succeeded: number;
  errored: number;
  canceled: number;
  expired: number;
}

/** A Message Batch's state. */
export interface BatchStatus {
  id: string;
  /** `in_progress`, `canceling` or `ended`. */
  status: string;
  counts: BatchCounts;
}

/** One request's result: a reply, or why there is none. */
export type BatchResult = { type: "succeeded"; response: BackendResponse } | { type: "errored" | "canceled" | "expired"; message: string };

/** The three calls `eval --batch` makes; `anthropic-batches.ts` makes them on the Anthropic API. */
export interface BatchClient {
  /**
   * Submit one batch: each request under its `custom_id`, with the provider's model id;
   * `temperature: false` leaves the temperature out (for models that refuse it).
   */
  create(items: Array<{ key: string; model: string; request: BackendRequest; temperature?: false }>): Promise<BatchStatus>;
  retrieve(id: string): Promise<BatchStatus>;
  /** Every result, by `custom_id` (the item's key). */
  results(id: string): Promise<Map<string, BatchResult>>;
}
