import type { Decision } from "./decision.js";

/** A hook's name with its decision. */
export interface NamedDecision {
  hook: string;
  decision: Decision;
}

/**
 * Merge the decisions of several hooks on one event: block (deny) beats ask beats an explicit
 * allow beats no decision. The reasons of the winning kind are joined (each named by its hook when
 * there are several); every `systemMessage` is kept.
 */
export function mergeDecisions(decisions: NamedDecision[]): Decision {
  const messages = decisions.flatMap(({ decision }) => (decision.systemMessage ? [decision.systemMessage] : []));
  const systemMessage = messages.length > 0 ? { systemMessage: messages.join("\n") } : {};
  for (const kind of ["block", "ask"] as const) {
    const winners = decisions.filter(({ decision }) => decision.kind === kind);
    if (winners.length === 0) continue;
    const reason =
      winners.length === 1
        ? reasonOf(winners[0]!.decision)
        : winners.map(({ hook, decision }) => `[${hook}] ${reasonOf(decision)}`).join("\n\n");
    return { kind, reason, source: winners[0]!.decision.source, ...systemMessage };
  }
  const allow = decisions.some(({ decision }) => decision.kind === "pass" && decision.allow === true);
  const source = decisions[0]?.decision.source ?? "verdict";
  return { kind: "pass", ...(allow ? { allow } : {}), source, ...systemMessage };
}

function reasonOf(decision: Decision): string {
  return decision.kind === "pass" ? "" : decision.reason;
}
