import type { TokenUsage } from "../backends/spec.js";
import type { Verdict } from "./verdict.js";

/** The names of judge errors; they reach `systemMessage`, `--output json` and the audit log. */
export type JudgeErrorCode = "timeout" | "api" | "malformed" | "config" | "input" | "max-turns" | "no-verdict" | "budget";

/** What a judgment cost and how long it took. */
export interface OutcomeStats {
  /** Tokens over every request of the judgment, and the estimated cost in US dollars (null when the model's price is unknown). */
  usage: TokenUsage & { costUsd: number | null };
  latencyMs: number;
  /** Model requests made (a repair request counts). */
  turns: number;
  toolCalls: number;
  /** The model asked, when one was. */
  model?: string;
  /** Agent hooks: each tool call and why the run ended. */
  trace?: AgentTrace;
}

/** One tool call of a verifier run, for the audit log. */
export interface ToolCallRecord {
  name: string;
  /** A short summary of the arguments, e.g. `src/cli.ts:10` or `/TODO/ in src`. */
  summary: string;
  durationMs: number;
  /** Bytes of the result sent back to the model. */
  bytes: number;
  isError: boolean;
}

/** How a verifier run went. */
export interface AgentTrace {
  /** `verdict`, or the error that ended it (`no-verdict`, `max-turns`, `budget`, `timeout`, `api`, …). */
  endReason: string;
  calls: ToolCallRecord[];
}

/**
 * The result of judging: a verdict, or an error. **A judge error is never a verdict**: it goes to
 * the failure policy and is never shown to the agent as if the judge had said yes or no.
 */
export type Outcome = OutcomeStats & OutcomeResult;

/** The verdict-or-error part of an {@link Outcome}. */
export type OutcomeResult = { kind: "verdict"; verdict: Verdict } | { kind: "error"; code: JudgeErrorCode; message: string };

/** A zeroed {@link OutcomeStats}. */
export function emptyStats(model?: string): OutcomeStats {
  return { usage: { inputTokens: 0, outputTokens: 0, costUsd: 0 }, latencyMs: 0, turns: 0, toolCalls: 0, ...(model ? { model } : {}) };
}

const JUDGE_ERROR_CODES = new Set<string>(["timeout", "api", "malformed", "config", "input", "max-turns", "no-verdict", "budget"]);

/** Narrow an error code to a judge error code (`usage` and `state` become `config`). */
export function toJudgeErrorCode(code: string): JudgeErrorCode {
  return JUDGE_ERROR_CODES.has(code) ? (code as JudgeErrorCode) : "config";
}

/** The stats of several judgments together: tokens, cost (null when any is unknown), turns and tool calls added up; latency is the caller's. */
export function sumStats(outcomes: readonly OutcomeStats[], model = outcomes.find((outcome) => outcome.model)?.model): OutcomeStats {
  const sum = emptyStats(model);
  for (const outcome of outcomes) {
    sum.usage.inputTokens += outcome.usage.inputTokens;
    sum.usage.outputTokens += outcome.usage.outputTokens;
    sum.usage.costUsd = sum.usage.costUsd === null || outcome.usage.costUsd === null ? null : sum.usage.costUsd + outcome.usage.costUsd;
    sum.turns += outcome.turns;
    sum.toolCalls += outcome.toolCalls;
  }
  return sum;
}
