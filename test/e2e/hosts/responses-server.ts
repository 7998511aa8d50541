import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";

/** One scripted agent turn: text that ends the turn, or function calls (arguments as an object). */
export type ResponsesTurn = { text: string } | { calls: Array<{ name: string; arguments: Record<string, unknown> }> };

/** A request the server received: its path and parsed JSON body. */
export interface ResponsesRequest {
  url: string;
  body: { model?: string; stream?: boolean; input?: unknown[]; tools?: Array<{ type?: string; name?: string }>; instructions?: string };
}

/**
 * A loopback OpenAI Responses API (`POST …/responses`, streamed as server-sent events) that plays
 * the agent for Codex CLI: each request takes the next scripted turn (function calls, or a final
 * text); with no script left it answers "Nothing more to do.". Every request is recorded;
 * other paths (`/models`, …) get an empty JSON answer and are recorded apart.
 */
export async function startResponsesServer() {
  const turns: ResponsesTurn[] = [];
  const requests: ResponsesRequest[] = [];
  const otherRequests: Array<{ method: string; url: string }> = [];
  let counter = 0;
  const server: Server = createServer((request, response) => {
    let text = "";
    request.on("data", (chunk: Buffer) => (text += chunk.toString("utf8")));
    request.on("end", () => {
      const url = request.url ?? "";
      if (request.method !== "POST" || !url.endsWith("/responses")) {
        otherRequests.push({ method: request.method ?? "", url });
        response.writeHead(200, { "content-type": "application/json" }).end(url.includes("models") ? JSON.stringify({ models: [] }) : "{}");
        return;
      }
      let body: ResponsesRequest["body"] = {};
      try {
        body = JSON.parse(text) as ResponsesRequest["body"];
      } catch {
        body = {};
      }
      requests.push({ url, body });
      const turn = turns.shift() ?? { text: "Nothing more to do." };
      const id = `resp_e2e_${++counter}`;
      const items: unknown[] =
        "text" in turn
          ? [{ type: "message", id: `msg_e2e_${counter}`, role: "assistant", status: "completed", content: [{ type: "output_text", text: turn.text, annotations: [] }] }]
          : turn.calls.map((call, index) => ({ type: "function_call", id: `fc_e2e_${counter}_${index}`, call_id: `call_e2e_${counter}_${index}`, name: call.name, arguments: JSON.stringify(call.arguments), status: "completed" }));
      const base = { id, object: "response", created_at: Math.floor(Date.now() / 1000), model: body.model ?? "e2e", status: "in_progress", output: [] as unknown[] };
      const events: Array<[string, unknown]> = [["response.created", { type: "response.created", response: base }]];
      items.forEach((item, index) => {
        events.push(["response.output_item.added", { type: "response.output_item.added", output_index: index, item }]);
        if ("text" in turn) events.push(["response.output_text.delta", { type: "response.output_text.delta", item_id: `msg_e2e_${counter}`, output_index: index, content_index: 0, delta: turn.text }]);
        events.push(["response.output_item.done", { type: "response.output_item.done", output_index: index, item }]);
      });
      events.push([
        "response.completed",
        { type: "response.completed", response: { ...base, status: "completed", output: items, usage: { input_tokens: 10, input_tokens_details: { cached_tokens: 0 }, output_tokens: 5, output_tokens_details: { reasoning_tokens: 0 }, total_tokens: 15 } } },
      ]);
      response.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache" });
      response.end(events.map(([event, data]) => `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`).join(""));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`,
    turns,
    requests,
    otherRequests,
    reset() {
      turns.length = 0;
      requests.length = 0;
      otherRequests.length = 0;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
