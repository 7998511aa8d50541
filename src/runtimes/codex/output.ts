import { jsonLine, nonBlank, shortMessage } from "../_canonical.js";
import type { HostOutput, RuntimeAnswer } from "../types.js";

/** The events whose block is `decision: "block"` with a non-blank `reason`. */
const DECISION_EVENTS: ReadonlySet<string> = new Set(["Stop", "SubagentStop", "UserPromptSubmit", "PostToolUse"]);

/**
 * The reason of an ask that Codex has to get as a deny: Codex rejects `ask` (and a bare `allow`)
 * as invalid output and then runs the command, so the only safe answer is no.
 */
export function askAsDeny(reason: string): string {
  return `${reason} — hookjudge would ask a person to approve this, and Codex cannot ask: a person must approve it (run it yourself, or allow it in hookjudge's rules)`;
}

/**
 * A decision in Codex CLI's command-hook protocol. Only keys of Codex's schema (it refuses any
 * other, and an invalid answer lets the command run), always exit 0:
 * - PreToolUse: block → `permissionDecision: "deny"` with its reason; ask → a deny whose reason
 *   says a person must approve; pass → no decision, even an opted-in allow (a bare `allow` is
 *   invalid there). A deny carries nothing else, so nothing can make it invalid.
 * - PermissionRequest: block → `decision.behavior: "deny"`; an opted-in allow → `"allow"`; ask and
 *   pass → no decision (Codex's own approval asks).
 * - Stop, SubagentStop, UserPromptSubmit, PostToolUse: block → `decision: "block"` with a non-blank
 *   reason. Codex has no cap on Stop blocks: hookjudge's own block cap (max-blocks) bounds them.
 * - Other events: no decision. A `systemMessage` rides along except beside a PreToolUse deny.
 * Diagnostics go to stderr (Codex reads stderr only beside an exit 2).
 */
export function toCodex({ event, decision, diagnostics = [] }: RuntimeAnswer): HostOutput {
  const output: Record<string, unknown> = {};
  let denying = false;
  if (event === "PreToolUse" && decision.kind !== "pass") {
    const reason = nonBlank(decision.kind === "ask" ? askAsDeny(decision.reason) : decision.reason, "hookjudge denied this call");
    output["hookSpecificOutput"] = { hookEventName: event, permissionDecision: "deny", permissionDecisionReason: reason };
    denying = true;
  } else if (event === "PermissionRequest") {
    if (decision.kind === "block") output["hookSpecificOutput"] = { hookEventName: event, decision: { behavior: "deny", message: nonBlank(decision.reason, "hookjudge denied this") } };
    else if (decision.kind === "pass" && decision.allow === true) output["hookSpecificOutput"] = { hookEventName: event, decision: { behavior: "allow" } };
  } else if (DECISION_EVENTS.has(event) && decision.kind === "block") {
    output["decision"] = "block";
    output["reason"] = nonBlank(decision.reason, "hookjudge: keep working on the task");
  }
  if (decision.systemMessage && !denying) output["systemMessage"] = shortMessage(decision.systemMessage);
  return { stdout: jsonLine(output), stderr: diagnostics.join(""), exitCode: 0 };
}

/** The HTTP body for the same answer (what the command prints). */
export function toCodexHttp(answer: RuntimeAnswer): string {
  return toCodex(answer).stdout.trim();
}
