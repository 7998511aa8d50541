// A loopback fake of the Messages API for the benchmarks (also at Bedrock's /model/<id>/invoke, and
// OpenAI's chat completions for the OpenAI-compatible provider): every POST /v1/messages is answered
// with one `verdict` tool call ({ ok: true }), after an optional fixed delay; or, for the deadline
// benchmark, never answered ("hang") or answered 529 with a short retry-after ("overloaded"). Plain JavaScript,
// so the benchmarks start without tsx (the tests have their own TS copy in test/helpers/).
// The server runs in its own worker thread: a real model never shares the client's event loop, so
// the fake's own parsing and serialising must not be charged to the code being measured. Counters
// live in shared memory, so reading them is synchronous and exact.
import { createServer } from "node:http";
import { Worker, isMainThread, parentPort, workerData } from "node:worker_threads";

const REQUESTS = 0;
const CONNECTIONS = 1;

/**
 * Start the fake on 127.0.0.1 and a free port, in a worker thread.
 * @param {{ delayMs?: number, mode?: "verdict" | "hang" | "overloaded" }} [options]
 * @returns {Promise<{ url: string, requests: () => number, connections: () => number, models: () => Promise<Set<string>>, close: () => Promise<void> }>}
 */
export async function startFakeModel({ delayMs = 0, mode = "verdict" } = {}) {
  const counters = new Int32Array(new SharedArrayBuffer(2 * Int32Array.BYTES_PER_ELEMENT));
  const worker = new Worker(new URL(import.meta.url), { workerData: { delayMs, mode, counters } });
  const replies = [];
  worker.on("message", (message) => replies.shift()?.(message));
  const ask = (message) =>
    new Promise((resolve, reject) => {
      replies.push(resolve);
      worker.once("error", reject);
      if (message) worker.postMessage(message);
    });
  const { port } = await ask(undefined);
  return {
    url: `http://127.0.0.1:${port}`,
    /** How many well-formed POST /v1/messages the fake has answered or is answering. */
    requests: () => Atomics.load(counters, REQUESTS),
    /** How many TCP connections clients have opened. */
    connections: () => Atomics.load(counters, CONNECTIONS),
    /** The `model` fields received. */
    models: async () => new Set((await ask({ type: "models" })).models),
    close: async () => {
      await ask({ type: "close" });
      await worker.terminate();
    },
  };
}

/** The worker's side: serve until told to close. */
async function serve({ delayMs, mode, counters }) {
  let counter = 0;
  const models = new Set();
  const server = createServer((request, response) => {
    const chunks = [];
    request.on("data", (chunk) => chunks.push(chunk));
    request.on("end", () => {
      const path = (request.url ?? "").split("?")[0];
      // the Messages API, its Bedrock path (/model/<id>/invoke), and OpenAI's chat completions
      const chat = path === "/v1/chat/completions";
      if (request.method !== "POST" || !(path === "/v1/messages" || chat || /^\/model\/[^/]+\/invoke$/.test(path))) {
        response
          .writeHead(404, { "content-type": "application/json" })
          .end('{"type":"error","error":{"type":"not_found_error","message":"the bench fake answers only POST /v1/messages, /model/<id>/invoke and /v1/chat/completions"}}');
        return;
      }
      let body;
      try {
        body = JSON.parse(Buffer.concat(chunks).toString("utf8"));
      } catch {
        response
          .writeHead(400, { "content-type": "application/json" })
          .end('{"type":"error","error":{"type":"invalid_request_error","message":"bad json"}}');
        return;
      }
      Atomics.add(counters, REQUESTS, 1);
      models.add(String(body.model));
      const id = ++counter;
      if (mode === "hang") return;
      const send = () => {
        if (response.destroyed) return;
        if (mode === "overloaded") {
          response
            .writeHead(529, { "content-type": "application/json", "retry-after-ms": "700" })
            .end('{"type":"error","error":{"type":"overloaded_error","message":"overloaded"}}');
          return;
        }
        if (chat) {
          const call = { id: "call_1", type: "function", function: { name: "verdict", arguments: '{"ok":true,"reason":"fine"}' } };
          response.writeHead(200, { "content-type": "application/json" }).end(
            JSON.stringify({ id: `chatcmpl_${id}`, object: "chat.completion", created: 0, model: body.model, choices: [{ index: 0, message: { role: "assistant", content: null, tool_calls: [call] }, finish_reason: "tool_calls" }], usage: { prompt_tokens: 100, completion_tokens: 20, total_tokens: 120 } }),
          );
          return;
        }
        response.writeHead(200, { "content-type": "application/json", "request-id": `req_bench_${id}` }).end(
          JSON.stringify({
            id: "msg_1",
            type: "message",
            role: "assistant",
            model: body.model,
            content: [{ type: "tool_use", id: "toolu_1", name: "verdict", input: { ok: true, reason: "fine" } }],
            stop_reason: "tool_use",
            stop_sequence: null,
            usage: { input_tokens: 100, output_tokens: 20 },
          }),
        );
      };
      if (delayMs > 0) setTimeout(send, delayMs);
      else send();
    });
  });
  server.on("connection", () => Atomics.add(counters, CONNECTIONS, 1));
  await new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", resolve);
  });
  parentPort.on("message", (message) => {
    if (message.type === "models") parentPort.postMessage({ models: [...models] });
    else if (message.type === "close") {
      server.closeAllConnections();
      server.close(() => parentPort.postMessage({ closed: true }));
    }
  });
  parentPort.postMessage({ port: server.address().port });
}

if (!isMainThread && workerData?.counters) await serve(workerData);
