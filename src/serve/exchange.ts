import type { IncomingMessage, ServerResponse } from "node:http";
import type { ServerMetrics, RequestRecord } from "./metrics.js";
import type { Refusal } from "./refusal.js";

/** One request and its answer: what the metrics record of it, and the ways to answer it once. */
export class Exchange {
  readonly started = performance.now();
  readonly path: string;
  readonly record: RequestRecord = { route: "unknown", hook: "unknown", event: "none", outcome: "error", seconds: 0, ran: false, judgeSeconds: 0 };

  constructor(
    readonly request: IncomingMessage,
    readonly response: ServerResponse,
    private readonly metrics: ServerMetrics,
    private readonly closing: () => boolean,
  ) {
    this.path = (request.url ?? "/").split("?")[0]!;
  }

  /** Send `body` with `status` (unless the client is gone), and count the request. */
  finish(status: number, body: string, headers: Record<string, string> = {}): void {
    this.record.seconds = (performance.now() - this.started) / 1000;
    this.metrics.recordRequest(this.record);
    const { response } = this;
    if (response.destroyed || response.headersSent) return;
    response.writeHead(status, { "content-length": String(Buffer.byteLength(body)), ...(this.closing() ? { connection: "close" } : {}), ...headers });
    response.end(body);
  }

  /** Refuse with a JSON error body. */
  refuse(refusal: Refusal): void {
    this.record.outcome = refusal.outcome;
    this.finish(refusal.status, JSON.stringify({ error: refusal.message }) + "\n", { "content-type": "application/json", ...refusal.headers });
  }

  /** A 200 with a hook answer (empty: a pass). */
  answer(text: string, headers: Record<string, string> = {}): void {
    this.finish(200, text, text === "" ? headers : { "content-type": "application/json", ...headers });
  }

  /** The client went away before its answer: 499, nothing sent. */
  cancelled(): void {
    this.record.outcome = "cancelled";
    this.finish(499, "");
  }
}
