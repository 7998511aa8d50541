import type { MessageBatch } from "@anthropic-ai/sdk/resources/messages/batches";
import type { BatchClient, BatchResult, BatchStatus } from "./batch-spec.js";
import { fromMessage, toJudgeError, toMessagesParams } from "./_messages.js";
import { anthropicMessagesLoader } from "./anthropic.js";

/** Options for {@link createAnthropicBatchClient}: the key and base URL as the Anthropic backend reads them. */
export interface AnthropicBatchClientOptions {
  /** Where `HOOKJUDGE_ANTHROPIC_API_KEY`, `ANTHROPIC_API_KEY` and `ANTHROPIC_BASE_URL` are read. @default process.env */
  env?: Record<string, string | undefined>;
  /** The `fetch` the SDK uses. @default a small fetch on node:http/node:https */
  fetch?: typeof globalThis.fetch;
}

/**
 * The Message Batches calls of `eval --batch` through `@anthropic-ai/sdk`
 * (`messages.batches.create`, `retrieve`, `results`). Each request is the Messages API body the
 * backend would send (temperature included unless the item says otherwise).
 * @throws HookJudgeError `config` without a key; the calls reject with `api` or `timeout` errors.
 */
export function createAnthropicBatchClient(options: AnthropicBatchClientOptions = {}): BatchClient {
  const load = anthropicMessagesLoader({ ...(options.env ? { env: options.env } : {}), ...(options.fetch ? { fetch: options.fetch } : {}) });
  let messages: ReturnType<typeof load> | undefined;
  const batches = async () => (await (messages ??= load())).batches;
  const signal = new AbortController().signal;
  const call = async <T>(work: () => Promise<T>): Promise<T> => {
    try {
      return await work();
    } catch (error) {
      throw toJudgeError(error, signal);
    }
  };
  return {
    create: (items) =>
      call(async () => toStatus(await (await batches()).create({ requests: items.map((item) => ({ custom_id: item.key, params: toMessagesParams(item.model, item.request, item.temperature === false ? { temperature: false } : {}) })) }))),
    retrieve: (id) => call(async () => toStatus(await (await batches()).retrieve(id))),
    results: (id) =>
      call(async () => {
        const results = new Map<string, BatchResult>();
        for await (const line of await (await batches()).results(id)) {
          const { result } = line;
          if (result.type === "succeeded") results.set(line.custom_id, { type: "succeeded", response: fromMessage(result.message) });
          else if (result.type === "errored") results.set(line.custom_id, { type: "errored", message: `${result.error?.error?.type ?? "error"}: ${result.error?.error?.message ?? "no message"}` });
          else results.set(line.custom_id, { type: result.type, message: result.type === "expired" ? "the batch expired (24 hours) before this request ran" : "the batch was canceled before this request ran" });
        }
        return results;
      }),
  };
}

function toStatus(batch: MessageBatch): BatchStatus {
  const counts = batch.request_counts;
  return {
    id: batch.id,
    status: batch.processing_status,
    counts: { processing: counts.processing, succeeded: counts.succeeded, errored: counts.errored, canceled: counts.canceled, expired: counts.expired },
  };
}
