import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";

/** One scripted agent turn: text that ends the turn, or tool calls (arguments as an object). */
export type ChatTurn = { text: string } | { calls: Array<{ name: string; arguments: Record<string, unknown> }> };

/** A request the server received: its path and parsed JSON body. */
export interface ChatRequest {
  url: string;
  body: { model?: string; stream?: boolean; messages?: Array<{ role: string; content?: unknown; tool_calls?: unknown[]; tool_call_id?: string }>; tools?: Array<{ type?: string; function?: { name?: string } }> };
}

/**
 * A loopback OpenAI Chat Completions API (`POST …/chat/completions`, streamed as server-sent
 * events when the request asks for `stream`, else one JSON answer) that plays the agent for
 * Qwen Code and Copilot CLI (BYOK): requests that offer tools take the next scripted turn (tool
 * calls, or a final text; "Nothing more to do." once the script is spent); requests without
 * tools (titles, summaries) get `sideAnswer` and are recorded apart, as are other paths.
 */
export async function startChatCompletionsServer() {
  const turns: ChatTurn[] = [];
  const requests: ChatRequest[] = [];
  const sideRequests: ChatRequest[] = [];
  const otherRequests: Array<{ method: string; url: string }> = [];
  const state = { sideAnswer: "ok" };
  let counter = 0;
  const server: Server = createServer((request, response) => {
    let text = "";
    request.on("data", (chunk: Buffer) => (text += chunk.toString("utf8")));
    request.on("end", () => {
      const url = request.url ?? "";
      if (request.method !== "POST" || !url.includes("/chat/completions")) {
        otherRequests.push({ method: request.method ?? "", url });
        const models = { object: "list", data: [{ id: "e2e-model", object: "model", created: 0, owned_by: "e2e" }] };
        response.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(url.includes("models") ? models : {}));
        return;
      }
      let body: ChatRequest["body"] = {};
      try {
        body = JSON.parse(text) as ChatRequest["body"];
      } catch {
        body = {};
      }
      const agent = (body.tools?.length ?? 0) > 0;
      (agent ? requests : sideRequests).push({ url, body });
      const turn: ChatTurn = agent ? (turns.shift() ?? { text: "Nothing more to do." }) : { text: state.sideAnswer };
      const id = `chatcmpl-e2e-${++counter}`;
      const toolCalls = "calls" in turn ? turn.calls.map((call, index) => ({ index, id: `call_e2e_${counter}_${index}`, type: "function", function: { name: call.name, arguments: JSON.stringify(call.arguments) } })) : undefined;
      const finish = toolCalls ? "tool_calls" : "stop";
      const usage = { prompt_tokens: 10, completion_tokens: 5, total_tokens: 15 };
      const created = Math.floor(Date.now() / 1000);
      const model = body.model ?? "e2e-model";
      if (!body.stream) {
        const message = { role: "assistant", content: "text" in turn ? turn.text : null, ...(toolCalls ? { tool_calls: toolCalls.map(({ index: _index, ...call }) => call) } : {}) };
        response.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ id, object: "chat.completion", created, model, choices: [{ index: 0, message, finish_reason: finish }], usage }));
        return;
      }
      const chunk = (delta: Record<string, unknown>, finishReason: string | null, extra: Record<string, unknown> = {}) => ({ id, object: "chat.completion.chunk", created, model, choices: [{ index: 0, delta, finish_reason: finishReason }], ...extra });
      const chunks = [chunk({ role: "assistant", content: "text" in turn ? turn.text : null, ...(toolCalls ? { tool_calls: toolCalls } : {}) }, null), chunk({}, finish), { id, object: "chat.completion.chunk", created, model, choices: [], usage }];
      response.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache" });
      response.end(`${chunks.map((value) => `data: ${JSON.stringify(value)}\n\n`).join("")}data: [DONE]\n\n`);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`,
    turns,
    requests,
    sideRequests,
    otherRequests,
    state,
    reset() {
      turns.length = 0;
      requests.length = 0;
      sideRequests.length = 0;
      otherRequests.length = 0;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
