import { failSafeDecision, type UnjudgedEvent } from "../policy/fail-safe.js";
import type { Answer } from "./types.js";

/**
 * The answer to an event that could not be judged at all (a wrong command line, an unreadable
 * event, an unknown hook, a full queue, a crash): the event's failure policy, which asks on a
 * Bash gate and denies a plainly destructive command; see `failSafeDecision`.
 */
export function answerFailSafe(unjudged: UnjudgedEvent): Answer {
  return {
    event: unjudged.event,
    decision: failSafeDecision(unjudged),
    decidedBy: "error",
    outcomes: [],
    usage: { inputTokens: 0, outputTokens: 0, costUsd: 0 },
    diagnostics: [],
    judged: false,
  };
}
