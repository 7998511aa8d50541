import { redactText } from "../audit/redact.js";
import type { Backend, BackendMessage, BackendRequest, BackendResponse, ContentBlock } from "../backends/spec.js";
import { isHookJudgeError } from "../errors.js";
import type { AgentTool, ToolContext, ToolResult } from "../tools/types.js";
import { estimateCost } from "./cost.js";
import { emptyStats, toJudgeErrorCode, type JudgeErrorCode, type Outcome, type OutcomeResult, type OutcomeStats, type ToolCallRecord } from "./outcome.js";
import { parseVerdict, VERDICT_TOOL_NAME } from "./verdict.js";

/** What happens in a verifier run, in order, for callers that watch it (tests, logs). */
export type AgentEvent =
  | { type: "turn-start"; turn: number }
  | { type: "tool-call"; turn: number; name: string; input: unknown }
  | { type: "tool-result"; turn: number; name: string; isError: boolean; bytes: number; durationMs: number }
  | { type: "turn-end"; turn: number; stopReason: string };

/** Options for {@link judgeAgent}. */
export interface JudgeAgentOptions {
  backend: Backend;
  /** The first request (see `buildAgentRequest`): system prompt, the task, the tool definitions. */
  request: BackendRequest;
  event: string;
  /** The tools that run the calls. */
  tools: AgentTool[];
  context: ToolContext;
  /** Model requests at most, the reminder included. @default 50 */
  maxTurns?: number;
  /** Input plus output tokens over the whole run. @default 200_000 */
  tokenBudget?: number;
  /** The run's deadline (also in `context.signal`). */
  signal: AbortSignal;
  onEvent?: (event: AgentEvent) => void;
  /** Where usage is counted as it happens, so that a caller that gives up still knows it. */
  stats?: OutcomeStats;
}

/**
 * The verifier loop: each turn sends the conversation and the tools, runs the tool calls and
 * sends their results back, until the verifier calls `verdict`. A turn without any tool call gets
 * one reminder that asks for the verdict; after that the outcome is a `no-verdict` error. The
 * last allowed turn forces the verdict tool. Bounds (turns, tokens, the deadline) end the run with
 * an error named after the bound, never with a verdict.
 */
export async function judgeAgent(options: JudgeAgentOptions): Promise<Outcome> {
  const started = performance.now();
  const maxTurns = options.maxTurns ?? 50;
  const tokenBudget = options.tokenBudget ?? 200_000;
  const stats: OutcomeStats = options.stats ?? emptyStats(options.backend.modelId);
  const calls: ToolCallRecord[] = [];
  stats.trace = { endReason: "timeout", calls };
  const byName = new Map(options.tools.map((tool) => [tool.name, tool]));
  const messages: BackendMessage[] = [...options.request.messages];
  const emit = options.onEvent ?? (() => {});
  let reminded = false;
  const used = () => stats.usage.inputTokens + stats.usage.outputTokens;
  const overBudget = () => used() > tokenBudget;
  const budgetMessage = () => `the verifier used ${used()} tokens, over its budget of ${tokenBudget}`;

  const finish = (result: OutcomeResult, endReason: string): Outcome => {
    stats.latencyMs = performance.now() - started;
    stats.usage.costUsd = estimateCost(stats.model, stats.usage.inputTokens, stats.usage.outputTokens, options.backend.id);
    stats.toolCalls = calls.length;
    return { ...stats, trace: { endReason, calls }, ...result };
  };
  const fail = (code: JudgeErrorCode, message: string) => finish({ kind: "error", code, message }, code);

  for (let turn = 1; ; turn++) {
    if (turn > maxTurns) return fail("max-turns", `no verdict after ${maxTurns} turns (max-turns)`);
    const lastTurn = turn === maxTurns;
    emit({ type: "turn-start", turn });
    let response: BackendResponse;
    try {
      stats.turns = turn;
      response = await options.backend.complete(
        {
          ...options.request,
          messages,
          toolChoice: lastTurn || reminded ? { type: "tool", name: VERDICT_TOOL_NAME } : { type: "auto" },
        },
        { signal: options.signal },
      );
    } catch (error) {
      if (isHookJudgeError(error)) return fail(toJudgeErrorCode(error.code), error.message);
      return fail("api", `the backend failed: ${(error as Error)?.message ?? String(error)}`);
    }
    stats.usage.inputTokens += response.usage.inputTokens;
    stats.usage.outputTokens += response.usage.outputTokens;
    if (response.modelId) stats.model = response.modelId;
    emit({ type: "turn-end", turn, stopReason: response.stopReason });

    const toolUses = response.content.filter((block): block is Extract<ContentBlock, { type: "tool_use" }> => block.type === "tool_use");
    const verdictCalls = toolUses.filter((block) => block.name === VERDICT_TOOL_NAME);
    if (verdictCalls.length > 0 || toolUses.length === 0) {
      // verdict calls, or a reply without tool calls (the text fallback)
      const parsed = parseVerdict(verdictCalls.length > 0 ? { ...response, content: verdictCalls } : response);
      if ("verdict" in parsed) return finish({ kind: "verdict", verdict: parsed.verdict }, "verdict");
      if (toolUses.length === 0) {
        if (reminded) return fail("no-verdict", `the verifier stopped without a verdict, even after a reminder (${parsed.failure.message})`);
        if (overBudget()) return fail("budget", budgetMessage());
        reminded = true;
        if (response.content.length > 0) messages.push({ role: "assistant", content: response.content });
        messages.push({
          role: "user",
          content: `You stopped without a verdict (${parsed.failure.message}). Call the ${VERDICT_TOOL_NAME} tool now with what you have found, citing the evidence (file:line or command output).`,
        });
        continue;
      }
    }
    if (overBudget()) return fail("budget", budgetMessage());

    messages.push({ role: "assistant", content: response.content });
    const results: ContentBlock[] = [];
    for (const call of toolUses) {
      const result =
        call.name === VERDICT_TOOL_NAME
          ? verdictProblem(verdictCalls.length > 1 ? undefined : call.input, verdictCalls.length)
          : await runTool(byName.get(call.name), call, options.context, turn, emit, calls);
      results.push({ type: "tool_result", tool_use_id: call.id, content: result.content, ...(result.isError ? { is_error: true } : {}) });
    }
    if (options.signal.aborted) {
      const reason: unknown = options.signal.reason;
      return fail("timeout", isHookJudgeError(reason) ? reason.message : "the verifier's time is up");
    }
    messages.push({ role: "user", content: results });
  }
}

// the tool_result for a verdict call that was not accepted
function verdictProblem(input: unknown, count: number): ToolResult {
  if (count > 1) return { content: `${VERDICT_TOOL_NAME} was called ${count} times in one reply; call it exactly once.`, isError: true };
  const parsed = parseVerdict({ content: [{ type: "tool_use", id: "check", name: VERDICT_TOOL_NAME, input }], stopReason: "tool_use", usage: { inputTokens: 0, outputTokens: 0 } });
  const problem = "failure" in parsed ? parsed.failure.message : "the verdict was not accepted";
  return { content: `${problem}. Call ${VERDICT_TOOL_NAME} again with a valid verdict.`, isError: true };
}

async function runTool(
  tool: AgentTool | undefined,
  call: Extract<ContentBlock, { type: "tool_use" }>,
  context: ToolContext,
  turn: number,
  emit: (event: AgentEvent) => void,
  calls: ToolCallRecord[],
): Promise<ToolResult> {
  const begun = performance.now();
  emit({ type: "tool-call", turn, name: call.name, input: call.input });
  let result: ToolResult;
  let summary = "";
  if (!tool) {
    result = { content: `there is no tool named ${call.name}; the tools are the ones listed`, isError: true };
  } else {
    const parsed = tool.parse(call.input);
    if (!parsed.ok) {
      result = { content: `${call.name}: ${parsed.message}`, isError: true };
    } else {
      // the summary is kept (trace, audit log): mask secrets before it is cut, so no half survives
      summary = redactText(tool.summarize(parsed.value));
      try {
        result = await tool.run(parsed.value, context);
      } catch (error) {
        result = { content: `${call.name} failed: ${(error as Error)?.message ?? String(error)}`, isError: true };
      }
    }
  }
  const durationMs = Math.round((performance.now() - begun) * 10) / 10;
  const bytes = Buffer.byteLength(result.content);
  calls.push({ name: call.name, summary: summary.length > 120 ? summary.slice(0, 119) + "…" : summary, durationMs, bytes, isError: result.isError === true });
  emit({ type: "tool-result", turn, name: call.name, isError: result.isError === true, bytes, durationMs });
  return result;
}
