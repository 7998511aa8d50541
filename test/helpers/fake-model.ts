import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";

/** One scripted answer of the fake Messages API. */
export interface FakeReply {
  /** Answer with a `verdict` tool call carrying this input. */
  verdict?: Record<string, unknown>;
  /** Answer with one text block. */
  text?: string;
  /** Answer with these content blocks, as they are. */
  content?: unknown[];
  /** @default "tool_use" for a verdict, else "end_turn" */
  stopReason?: string;
  /** An HTTP error status, answered with an Anthropic-shaped error body. */
  status?: number;
  /** The error message of an HTTP error reply. @default "fake <status>" */
  errorMessage?: string;
  /** Extra response headers (e.g. `retry-after`). */
  headers?: Record<string, string>;
  /** Wait this long before answering. */
  delayMs?: number;
  /** Never answer (the connection stays open until the client gives up). */
  hang?: boolean;
  /** @default { input_tokens: 120, output_tokens: 30 } */
  usage?: { input_tokens: number; output_tokens: number };
}

/** A request the fake received. */
export interface RecordedRequest {
  path: string;
  headers: IncomingHttpHeaders;
  body: {
    model: string;
    system?: string;
    max_tokens: number;
    temperature?: number;
    messages: Array<{ role: string; content: unknown }>;
    tools?: Array<{ name: string; input_schema: unknown }>;
    tool_choice?: unknown;
    thinking?: unknown;
  };
}

/** A loopback server speaking enough of the Messages API for the real SDK. */
export interface FakeModel {
  /** The base URL to put in `ANTHROPIC_BASE_URL`. */
  url: string;
  requests: RecordedRequest[];
  /** Queue replies; when the queue is empty, `fallback` answers. */
  enqueue(...replies: FakeReply[]): void;
  /** What happened, in order: `received 1`, `answered 1`, … (numbered by arrival). */
  log: string[];
  /** Forget queued replies and recorded requests. */
  reset(): void;
  /** Connections that were opened and then closed by the client before an answer. */
  abortedRequests(): number;
  close(): Promise<void>;
}

/** Start the fake on 127.0.0.1 and a free port. */
export async function startFakeModel(options: { fallback?: FakeReply } = {}): Promise<FakeModel> {
  const queue: FakeReply[] = [];
  const requests: RecordedRequest[] = [];
  const log: string[] = [];
  let aborted = 0;
  let counter = 0;
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      let body: RecordedRequest["body"];
      try {
        body = JSON.parse(Buffer.concat(chunks).toString("utf8"));
      } catch {
        response.writeHead(400, { "content-type": "application/json" }).end('{"type":"error","error":{"type":"invalid_request_error","message":"bad json"}}');
        return;
      }
      requests.push({ path: request.url ?? "", headers: request.headers, body });
      const number = requests.length;
      log.push(`received ${number}`);
      const reply = queue.shift() ?? options.fallback ?? { verdict: { ok: true, reason: "fallback" } };
      let answered = false;
      response.on("close", () => {
        if (!answered) aborted++;
      });
      if (reply.hang) return;
      const send = () => {
        if (response.destroyed) return;
        answered = true;
        log.push(`answered ${number}`);
        const headers = { "content-type": "application/json", "request-id": `req_fake_${++counter}`, ...reply.headers };
        if (reply.status && reply.status >= 400) {
          const type = reply.status === 429 ? "rate_limit_error" : reply.status === 529 ? "overloaded_error" : reply.status >= 500 ? "api_error" : "invalid_request_error";
          response.writeHead(reply.status, headers).end(JSON.stringify({ type: "error", error: { type, message: reply.errorMessage ?? `fake ${reply.status}` } }));
          return;
        }
        const content =
          reply.content ??
          (reply.verdict
            ? [{ type: "tool_use", id: `toolu_fake_${counter}`, name: "verdict", input: reply.verdict }]
            : [{ type: "text", text: reply.text ?? "" }]);
        response.writeHead(200, headers).end(
          JSON.stringify({
            id: `msg_fake_${counter}`,
            type: "message",
            role: "assistant",
            model: body.model,
            content,
            stop_reason: reply.stopReason ?? (reply.verdict ? "tool_use" : "end_turn"),
            stop_sequence: null,
            usage: reply.usage ?? { input_tokens: 120, output_tokens: 30 },
          }),
        );
      };
      if (reply.delayMs) setTimeout(send, reply.delayMs);
      else send();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    log,
    enqueue: (...replies) => void queue.push(...replies),
    reset: () => {
      queue.length = 0;
      requests.length = 0;
      log.length = 0;
    },
    abortedRequests: () => aborted,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
