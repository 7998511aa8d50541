import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";

/** One scripted agent turn: text that ends the turn, or function calls. */
export type GeminiTurn = { text: string } | { calls: Array<{ name: string; args: Record<string, unknown> }> };

/** A request the server received: its method name (`streamGenerateContent`, `generateContent`, …), path and parsed body. */
export interface GeminiRequest {
  method: string;
  url: string;
  body: { contents?: Array<{ role?: string; parts?: Array<Record<string, unknown>> }>; tools?: unknown[]; systemInstruction?: unknown; generationConfig?: Record<string, unknown> };
}

/**
 * A loopback Gemini API (`/v1beta/models/<model>:streamGenerateContent?alt=sse` and
 * `:generateContent`) that plays the agent for Gemini CLI through `GOOGLE_GEMINI_BASE_URL`:
 * streamed requests take the next scripted turn (function calls, or a final text; "Nothing more
 * to do." once the script is spent); the CLI's side requests (`generateContent`, e.g. a JSON
 * answer it asks for) get `sideAnswer` and are recorded apart; `countTokens` gets a count.
 */
export async function startGeminiServer() {
  const turns: GeminiTurn[] = [];
  const requests: GeminiRequest[] = [];
  const sideRequests: GeminiRequest[] = [];
  const state = { sideAnswer: '{"reasoning": "The model finished its turn.", "next_speaker": "user"}' };
  const server: Server = createServer((request, response) => {
    let text = "";
    request.on("data", (chunk: Buffer) => (text += chunk.toString("utf8")));
    request.on("end", () => {
      const url = request.url ?? "";
      const method = /:(\w+)/.exec(url.split("?")[0] ?? "")?.[1] ?? "";
      let body: GeminiRequest["body"] = {};
      try {
        body = JSON.parse(text) as GeminiRequest["body"];
      } catch {
        body = {};
      }
      const usageMetadata = { promptTokenCount: 10, candidatesTokenCount: 5, totalTokenCount: 15 };
      const json = (value: unknown) => response.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(value));
      if (method === "countTokens") return json({ totalTokens: 10 });
      if (method === "generateContent") {
        sideRequests.push({ method, url, body });
        return json({ candidates: [{ content: { role: "model", parts: [{ text: state.sideAnswer }] }, finishReason: "STOP", index: 0 }], usageMetadata });
      }
      if (method !== "streamGenerateContent") {
        sideRequests.push({ method, url, body });
        return json({});
      }
      requests.push({ method, url, body });
      const turn = turns.shift() ?? { text: "Nothing more to do." };
      const parts = "text" in turn ? [{ text: turn.text }] : turn.calls.map((call) => ({ functionCall: { name: call.name, args: call.args } }));
      const chunk = { candidates: [{ content: { role: "model", parts }, finishReason: "STOP", index: 0 }], usageMetadata, modelVersion: "gemini-e2e" };
      response.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache" });
      response.end(`data: ${JSON.stringify(chunk)}\r\n\r\n`);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    turns,
    requests,
    sideRequests,
    state,
    reset() {
      turns.length = 0;
      requests.length = 0;
      sideRequests.length = 0;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
