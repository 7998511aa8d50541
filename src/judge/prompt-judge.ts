import type { Backend, BackendMessage, BackendRequest, ContentBlock } from "../backends/spec.js";
import { isHookJudgeError } from "../errors.js";
import { toBackendTool, type AgentTool } from "../tools/types.js";
import { estimateCost } from "./cost.js";
import { emptyStats, toJudgeErrorCode, type Outcome, type OutcomeResult, type OutcomeStats } from "./outcome.js";
import { parseVerdict, VERDICT_TOOL_NAME, verdictTool, type VerdictParseFailure } from "./verdict.js";

/** The reply's token limit for a verdict: enough for a reason, small enough to stay fast and cheap. */
export const VERDICT_MAX_TOKENS = 1024;

/** Build the one request a prompt judge sends: the verdict tool, forced; temperature 0. */
export function buildJudgeRequest(system: string, prompt: string, event: string): BackendRequest {
  return {
    system,
    messages: [{ role: "user", content: prompt }],
    tools: [verdictTool(event)],
    toolChoice: { type: "tool", name: VERDICT_TOOL_NAME },
    maxTokens: VERDICT_MAX_TOKENS,
    temperature: 0,
  };
}

/** The reply limit of one verifier turn. */
export const AGENT_TURN_MAX_TOKENS = 4096;

/** Build a verifier's first request: its tools and the verdict tool, the model's choice. */
export function buildAgentRequest(system: string, prompt: string, event: string, tools: AgentTool[]): BackendRequest {
  return {
    system,
    messages: [{ role: "user", content: prompt }],
    tools: [...tools.map(toBackendTool), verdictTool(event)],
    toolChoice: { type: "auto" },
    maxTokens: AGENT_TURN_MAX_TOKENS,
    temperature: 0,
  };
}

/** Options for {@link judgePrompt}. */
export interface JudgePromptOptions {
  backend: Backend;
  request: BackendRequest;
  /** The deadline; aborting it cancels the request in flight. */
  signal: AbortSignal;
  /** Where usage is counted as it happens, so that a caller that gives up still knows it. */
  stats?: OutcomeStats;
  /**
   * Send one repair request when a reply cannot be read as a verdict. `eval --batch` turns it off:
   * a batch has one round, so a malformed reply is a `malformed` error at once.
   * @default true
   */
  repair?: boolean;
}

/**
 * Ask the model once for a verdict. A reply that cannot be read as a verdict gets one repair
 * request that carries the parse error (unless `repair` is off); after that the outcome is a
 * `malformed` error.
 */
export async function judgePrompt({ backend, request, signal, ...options }: JudgePromptOptions): Promise<Outcome> {
  const started = performance.now();
  const stats: OutcomeStats = options.stats ?? emptyStats(backend.modelId);
  let messages: BackendMessage[] = request.messages;
  const finish = (result: OutcomeResult): Outcome => {
    stats.latencyMs = performance.now() - started;
    stats.usage.costUsd = estimateCost(stats.model, stats.usage.inputTokens, stats.usage.outputTokens, backend.id);
    return { ...stats, ...result };
  };
  for (let attempt = 0; ; attempt++) {
    let response;
    try {
      stats.turns++;
      response = await backend.complete({ ...request, messages }, { signal });
    } catch (error) {
      if (isHookJudgeError(error)) return finish({ kind: "error", code: toJudgeErrorCode(error.code), message: error.message });
      return finish({ kind: "error", code: "api", message: `the backend failed: ${(error as Error)?.message ?? String(error)}` });
    }
    stats.usage.inputTokens += response.usage.inputTokens;
    stats.usage.outputTokens += response.usage.outputTokens;
    if (response.modelId) stats.model = response.modelId;
    stats.toolCalls += response.content.filter((block) => block.type === "tool_use").length;
    const parsed = parseVerdict(response);
    if ("verdict" in parsed) return finish({ kind: "verdict", verdict: parsed.verdict });
    if (!parsed.failure.repairable || attempt >= 1 || options.repair === false) {
      const suffix = attempt >= 1 ? " (after one repair request)" : parsed.failure.repairable ? " (no repair request: batch mode)" : "";
      return finish({ kind: "error", code: "malformed", message: parsed.failure.message + suffix });
    }
    messages = [...messages, ...repairMessages(response.content, parsed.failure)];
  }
}

function repairMessages(content: ContentBlock[], failure: VerdictParseFailure): BackendMessage[] {
  const note = `Your reply could not be read as a verdict: ${failure.message}. Answer again by calling the ${VERDICT_TOOL_NAME} tool once with {"ok": true|false, "reason": "…"}.`;
  const results: ContentBlock[] = failure.toolUseIds.map((id) => ({
    type: "tool_result",
    tool_use_id: id,
    content: failure.message,
    is_error: true,
  }));
  const replay: BackendMessage[] = content.length > 0 ? [{ role: "assistant", content }] : [];
  return [...replay, { role: "user", content: [...results, { type: "text", text: note }] }];
}
