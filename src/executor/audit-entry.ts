import type { AuditEntry, JudgmentRecord } from "../audit/log.js";
import type { RungOutcome } from "../judge/ladder.js";
import type { Outcome } from "../judge/outcome.js";
import type { HookInput } from "../hook/input.js";
import type { HookRunResult } from "./run-hooks.js";

/** One hook's decision on one event as its audit line. */
export function auditEntry(input: HookInput, result: HookRunResult): AuditEntry {
  const { outcome, decision } = result;
  const reason =
    outcome === null
      ? "stop_hook_active: passed without judging"
      : outcome.kind === "verdict"
        ? outcome.verdict.reason
        : outcome.message;
  return {
    time: new Date().toISOString(),
    session: input.session_id ?? null,
    event: input.hook_event_name,
    hook: result.hook,
    promptHash: result.promptHash,
    model: outcome?.model ?? null,
    outcome: outcome === null ? "skipped" : outcome.kind === "verdict" ? "verdict" : outcome.code,
    ok: outcome?.kind === "verdict" ? outcome.verdict.ok : null,
    decision: decision.kind === "pass" && decision.allow === true ? "allow" : decision.kind,
    source: decision.source,
    reason,
    latencyMs: Math.round((outcome?.latencyMs ?? 0) * 10) / 10,
    turns: outcome?.turns ?? 0,
    inputTokens: outcome?.usage.inputTokens ?? 0,
    outputTokens: outcome?.usage.outputTokens ?? 0,
    costUsd: outcome?.usage.costUsd ?? null,
    ...(outcome?.trace ? { endReason: outcome.trace.endReason, toolCalls: outcome.trace.calls } : {}),
    ...(outcome && "votes" in outcome && Array.isArray(outcome.votes) && outcome.votes.length > 1 ? { votes: (outcome.votes as Outcome[]).map(judgmentRecord) } : {}),
    ...(outcome && "rungs" in outcome && Array.isArray(outcome.rungs) ? { rungs: (outcome.rungs as RungOutcome[]).map((rung) => ({ name: rung.name, ...judgmentRecord(rung.outcome) })) } : {}),
  };
}

/** One judgment as the audit line keeps it. */
function judgmentRecord(outcome: Outcome): JudgmentRecord {
  return outcome.kind === "verdict"
    ? { outcome: "verdict", ok: outcome.verdict.ok, ...(outcome.verdict.unsure ? { unsure: true } : {}), reason: outcome.verdict.reason }
    : { outcome: outcome.code, ok: null, reason: outcome.message };
}
