import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";

/** One scripted answer of the fake chat completions API. */
export interface FakeChatReply {
  /** Answer with a `verdict` function call whose arguments are this object, as a JSON string. */
  verdict?: Record<string, unknown>;
  /** Answer with these function calls (`arguments` as the server sends it: a string, or an object). */
  toolCalls?: Array<{ name: string; arguments: unknown; id?: string }>;
  /** Answer with this text as the message content. */
  text?: string;
  /** @default "tool_calls" with calls, else "stop" */
  finishReason?: string;
  /** An HTTP error status, answered with an OpenAI-shaped error body. */
  status?: number;
  errorMessage?: string;
  /** Never answer. */
  hang?: boolean;
  /** @default { prompt_tokens: 200, completion_tokens: 40 } */
  usage?: { prompt_tokens: number; completion_tokens: number };
}

/** A request the fake received. */
export interface RecordedChatRequest {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  body: {
    model: string;
    messages: Array<{ role: string; content?: unknown; tool_calls?: Array<{ id: string; type: string; function: { name: string; arguments: string } }>; tool_call_id?: string }>;
    tools?: Array<{ type: string; function: { name: string; description: string; parameters: unknown } }>;
    tool_choice?: unknown;
    temperature?: number;
    max_tokens?: number;
    max_completion_tokens?: number;
    stream?: boolean;
  };
}

/** A loopback server speaking enough of OpenAI's chat completions for the real `openai` SDK. */
export interface FakeChatModel {
  /** The base URL with `/v1`, for `OPENAI_BASE_URL`. */
  url: string;
  /** `127.0.0.1:<port>`, for `OLLAMA_HOST`. */
  hostPort: string;
  requests: RecordedChatRequest[];
  enqueue(...replies: FakeChatReply[]): void;
  reset(): void;
  /** Requests whose connection the client closed before an answer. */
  abortedRequests(): number;
  close(): Promise<void>;
}

/** Start the fake on 127.0.0.1 and a free port. */
export async function startFakeChatModel(): Promise<FakeChatModel> {
  const queue: FakeChatReply[] = [];
  const requests: RecordedChatRequest[] = [];
  let aborted = 0;
  let counter = 0;
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      const body = JSON.parse(Buffer.concat(chunks).toString("utf8") || "{}") as RecordedChatRequest["body"];
      requests.push({ method: request.method ?? "", path: request.url ?? "", headers: request.headers, body });
      const reply = queue.shift() ?? { verdict: { ok: true, reason: "fallback" } };
      let answered = false;
      response.on("close", () => {
        if (!answered) aborted++;
      });
      if (reply.hang) return;
      answered = true;
      const id = ++counter;
      if (reply.status && reply.status >= 400) {
        response
          .writeHead(reply.status, { "content-type": "application/json" })
          .end(JSON.stringify({ error: { message: reply.errorMessage ?? `fake ${reply.status}`, type: "invalid_request_error", param: null, code: null } }));
        return;
      }
      const calls = reply.verdict ? [{ name: "verdict", arguments: JSON.stringify(reply.verdict) }] : reply.toolCalls;
      const message: Record<string, unknown> = { role: "assistant", content: reply.text ?? null, refusal: null };
      if (calls) {
        message["tool_calls"] = calls.map((call, index) => ({ id: call.id ?? `call_fake_${id}_${index}`, type: "function", function: { name: call.name, arguments: call.arguments } }));
      }
      response.writeHead(200, { "content-type": "application/json" }).end(
        JSON.stringify({
          id: `chatcmpl-fake-${id}`,
          object: "chat.completion",
          created: 1_700_000_000,
          model: body.model,
          choices: [{ index: 0, message, finish_reason: reply.finishReason ?? (calls ? "tool_calls" : "stop"), logprobs: null }],
          usage: { ...(reply.usage ?? { prompt_tokens: 200, completion_tokens: 40 }), total_tokens: 0 },
        }),
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/v1`,
    hostPort: `127.0.0.1:${port}`,
    requests,
    enqueue: (...replies) => void queue.push(...replies),
    reset: () => {
      queue.length = 0;
      requests.length = 0;
    },
    abortedRequests: () => aborted,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
