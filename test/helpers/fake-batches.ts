import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";

/** What the fake answers for one request of a batch. */
export type FakeBatchReply =
  | { verdict: Record<string, unknown>; usage?: { input_tokens: number; output_tokens: number } }
  | { text: string; usage?: { input_tokens: number; output_tokens: number } }
  | { errored: string }
  | { expired: true }
  | { canceled: true };

/** One request of a created batch, as it was sent. */
export interface FakeBatchRequest {
  custom_id: string;
  params: { model: string; max_tokens: number; system?: string; messages: Array<{ role: string; content: unknown }>; tool_choice?: unknown; temperature?: number };
}

/** A loopback server speaking enough of the Message Batches API (and of the Messages API) for the real SDK. */
export interface FakeBatches {
  /** The base URL to put in `ANTHROPIC_BASE_URL`. */
  url: string;
  /** Every `POST /v1/messages/batches`, in order: the requests of each batch. */
  creates: FakeBatchRequest[][];
  /** `GET /v1/messages/batches/{id}` calls. */
  retrieves: number;
  /** `GET …/results` downloads. */
  downloads: number;
  /** `POST /v1/messages` calls (answered with a pass verdict): what a run without a batch sends. */
  messages: number;
  /** Keep batches in progress until {@link release}. */
  hold(): void;
  /** End the held batches at their next retrieve. */
  release(): void;
  /** Forget everything; batches end after their first in-progress poll again. */
  reset(): void;
  close(): Promise<void>;
}

/**
 * Start the fake on 127.0.0.1 and a free port. A batch is `in_progress` at its creation and at its
 * first retrieve (or for as long as it is held), then `ended`; `answer` decides each request's
 * result (by its custom_id's position in the batch and its params).
 */
export async function startFakeBatches(answer: (request: FakeBatchRequest, index: number) => FakeBatchReply): Promise<FakeBatches> {
  const batches = new Map<string, { requests: FakeBatchRequest[]; polls: number; ended: boolean }>();
  let held = false;
  let counter = 0;
  const state = { creates: [] as FakeBatchRequest[][], retrieves: 0, downloads: 0, messages: 0 };
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      const path = (request.url ?? "").split("?")[0]!;
      const json = (status: number, body: unknown) => response.writeHead(status, { "content-type": "application/json", "request-id": `req_fake_${++counter}` }).end(JSON.stringify(body));
      if (request.method === "POST" && path === "/v1/messages/batches") {
        const { requests } = JSON.parse(Buffer.concat(chunks).toString("utf8")) as { requests: FakeBatchRequest[] };
        state.creates.push(requests);
        const id = `msgbatch_fake_${state.creates.length}`;
        batches.set(id, { requests, polls: 0, ended: false });
        return json(200, batchObject(id));
      }
      if (request.method === "POST" && path === "/v1/messages") {
        state.messages++;
        const body = JSON.parse(Buffer.concat(chunks).toString("utf8")) as { model: string };
        return json(200, message(body.model, { verdict: { ok: true, reason: "not from the batch" } }, counter));
      }
      const match = /^\/v1\/messages\/batches\/([^/]+)(\/results)?$/.exec(path);
      const batch = match ? batches.get(match[1]!) : undefined;
      if (request.method !== "GET" || !match || !batch) return json(404, { type: "error", error: { type: "not_found_error", message: `no route ${request.method} ${path}` } });
      if (match[2]) {
        state.downloads++;
        const lines = batch.requests.map((entry, index) => JSON.stringify({ custom_id: entry.custom_id, result: result(entry, index) }));
        return response.writeHead(200, { "content-type": "application/binary" }).end(lines.join("\n") + "\n");
      }
      state.retrieves++;
      batch.polls++;
      if (!held && batch.polls > 1) batch.ended = true;
      return json(200, batchObject(match[1]!));
    });
  });

  function result(entry: FakeBatchRequest, index: number): unknown {
    const reply = answer(entry, index);
    if ("errored" in reply) return { type: "errored", error: { type: "error", request_id: null, error: { type: "invalid_request_error", message: reply.errored } } };
    if ("expired" in reply) return { type: "expired" };
    if ("canceled" in reply) return { type: "canceled" };
    return { type: "succeeded", message: message(entry.params.model, reply, index) };
  }

  function batchObject(id: string): unknown {
    const batch = batches.get(id)!;
    const counts = { processing: 0, succeeded: 0, errored: 0, canceled: 0, expired: 0 };
    batch.requests.forEach((entry, index) => {
      if (!batch.ended) return void counts.processing++;
      const reply = answer(entry, index);
      if ("errored" in reply) counts.errored++;
      else if ("expired" in reply) counts.expired++;
      else if ("canceled" in reply) counts.canceled++;
      else counts.succeeded++;
    });
    return {
      id,
      type: "message_batch",
      processing_status: batch.ended ? "ended" : "in_progress",
      request_counts: counts,
      created_at: "2026-01-01T00:00:00Z",
      expires_at: "2026-01-02T00:00:00Z",
      ended_at: batch.ended ? "2026-01-01T00:10:00Z" : null,
      archived_at: null,
      cancel_initiated_at: null,
      results_url: batch.ended ? `${url}/v1/messages/batches/${id}/results` : null,
    };
  }

  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    get creates() {
      return state.creates;
    },
    get retrieves() {
      return state.retrieves;
    },
    get downloads() {
      return state.downloads;
    },
    get messages() {
      return state.messages;
    },
    hold: () => void (held = true),
    release: () => void (held = false),
    reset: () => {
      held = false;
      batches.clear();
      state.creates = [];
      state.retrieves = 0;
      state.downloads = 0;
      state.messages = 0;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function message(model: string, reply: { verdict: Record<string, unknown> } | { text: string } | object, number: number): unknown {
  const usage = ("usage" in reply ? reply.usage : undefined) ?? { input_tokens: 120, output_tokens: 30 };
  const content = "verdict" in reply ? [{ type: "tool_use", id: `toolu_fake_${number}`, name: "verdict", input: reply.verdict }] : [{ type: "text", text: (reply as { text: string }).text }];
  return { id: `msg_fake_${number}`, type: "message", role: "assistant", model, content, stop_reason: "verdict" in reply ? "tool_use" : "end_turn", stop_sequence: null, usage };
}
