import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";

/** One scripted agent turn: text that ends the turn, or tool calls. */
export type AgentTurn = { text: string } | { tools: Array<{ name: string; input: Record<string, unknown> }> };
/**
 * One scripted judge answer (hookjudge's request): a verdict, no answer at all, plain text, or —
 * for a verifier (agent hook) turn — tool calls whose results come back in its next request.
 */
export type JudgeReply = { verdict: Record<string, unknown> } | { hang: true } | { text: string } | { tools: Array<{ name: string; input: Record<string, unknown> }> };

interface Recorded {
  body: {
    model?: string;
    stream?: boolean;
    messages?: Array<{ role: string; content: unknown }>;
    tools?: Array<{ name: string }>;
    system?: unknown;
    output_config?: { format?: { type?: string } };
  };
  /** The request body's size in characters. */
  size: number;
}

/**
 * A loopback Messages API that plays two parts: the agent (Claude Code's streaming requests,
 * answered with scripted turns as server-sent events) and the judge — hookjudge's (requests that
 * offer the `verdict` tool) or Claude Code's own prompt hook (requests with a JSON-schema output
 * format) — answered with the same scripted verdicts. Every request is recorded.
 */
export async function startModelServer() {
  const agentTurns: AgentTurn[] = [];
  const judgeReplies: JudgeReply[] = [];
  const agentRequests: Recorded[] = [];
  const judgeRequests: Recorded[] = [];
  const builtinJudgeRequests: Recorded[] = [];
  const otherRequests: Recorded[] = [];
  let counter = 0;
  const server: Server = createServer((request, response) => {
    let text = "";
    request.on("data", (chunk: Buffer) => (text += chunk.toString("utf8")));
    request.on("end", () => {
      let body: Recorded["body"] = {};
      try {
        body = JSON.parse(text) as Recorded["body"];
      } catch {
        body = {};
      }
      const model = body.model ?? "claude-e2e";
      const json = (value: unknown) => response.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(value));
      if (!(request.url ?? "").startsWith("/v1/messages") || (request.url ?? "").includes("count_tokens")) {
        json({ input_tokens: 10 });
        return;
      }
      const message = (content: unknown[], stop: string) => ({ id: `msg_e2e_${++counter}`, type: "message", role: "assistant", model, content, stop_reason: stop, stop_sequence: null, usage: { input_tokens: 10, output_tokens: 5 } });
      const size = text.length;
      if (body.tools?.some((tool) => tool.name === "verdict") && !body.stream) {
        judgeRequests.push({ body, size });
        const reply = judgeReplies.shift() ?? { verdict: { ok: true, reason: "no script: pass" } };
        if ("hang" in reply) return;
        if ("text" in reply) return json(message([{ type: "text", text: reply.text }], "end_turn"));
        if ("tools" in reply) {
          const id = ++counter;
          return json(message(reply.tools.map((tool, index) => ({ type: "tool_use", id: `toolu_judge_${id}_${index}`, name: tool.name, input: tool.input })), "tool_use"));
        }
        return json(message([{ type: "tool_use", id: `toolu_judge_${counter}`, name: "verdict", input: reply.verdict }], "tool_use"));
      }
      if (!body.stream) {
        otherRequests.push({ body, size });
        return json(message([{ type: "text", text: "ok" }], "end_turn"));
      }
      let turn: AgentTurn;
      if (body.output_config?.format?.type === "json_schema") {
        // Claude Code's own prompt hook: the same scripted verdicts, as the JSON text it asks for
        builtinJudgeRequests.push({ body, size });
        const reply = judgeReplies.shift() ?? { verdict: { ok: true, reason: "no script: pass" } };
        if ("hang" in reply) return;
        turn = "tools" in reply ? { tools: reply.tools } : { text: "text" in reply ? reply.text : JSON.stringify(reply.verdict) };
      } else {
        agentRequests.push({ body, size });
        turn = agentTurns.shift() ?? { text: "Nothing more to do." };
      }
      const events: Array<[string, unknown]> = [["message_start", { type: "message_start", message: { ...message([], "end_turn"), stop_reason: null } }]];
      if ("text" in turn) {
        events.push(
          ["content_block_start", { type: "content_block_start", index: 0, content_block: { type: "text", text: "" } }],
          ["content_block_delta", { type: "content_block_delta", index: 0, delta: { type: "text_delta", text: turn.text } }],
          ["content_block_stop", { type: "content_block_stop", index: 0 }],
        );
      } else {
        turn.tools.forEach((tool, index) => {
          events.push(
            ["content_block_start", { type: "content_block_start", index, content_block: { type: "tool_use", id: `toolu_agent_${counter}_${index}`, name: tool.name, input: {} } }],
            ["content_block_delta", { type: "content_block_delta", index, delta: { type: "input_json_delta", partial_json: JSON.stringify(tool.input) } }],
            ["content_block_stop", { type: "content_block_stop", index }],
          );
        });
      }
      events.push(
        ["message_delta", { type: "message_delta", delta: { stop_reason: "text" in turn ? "end_turn" : "tool_use", stop_sequence: null }, usage: { output_tokens: 5 } }],
        ["message_stop", { type: "message_stop" }],
      );
      response.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache" });
      response.end(events.map(([event, data]) => `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`).join(""));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    agentTurns,
    judgeReplies,
    agentRequests,
    judgeRequests,
    builtinJudgeRequests,
    otherRequests,
    reset() {
      builtinJudgeRequests.length = 0;
      agentTurns.length = 0;
      judgeReplies.length = 0;
      agentRequests.length = 0;
      judgeRequests.length = 0;
      otherRequests.length = 0;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
