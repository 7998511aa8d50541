import { jsonLine, nonBlank, shortMessage } from "../_canonical.js";
import { markContinuation } from "../_continuation.js";
import type { HostOutput, RuntimeAnswer } from "../types.js";

/**
 * A decision in Copilot CLI's command-hook protocol, exit 0:
 * - PreToolUse (preToolUse): flat `permissionDecision` (`deny` with `permissionDecisionReason`,
 *   `ask`, an opted-in `allow`); pass → nothing. Under a PascalCase event name Claude Code's
 *   `hookSpecificOutput` goes too (Copilot reads it there, and only there).
 * - PermissionRequest: `behavior: "deny"` with `message`, or an opted-in `allow`.
 * - Stop, SubagentStop (agentStop, subagentStop): block → `decision: "block"` with the reason,
 *   which Copilot sends as the next prompt; marked, so that prompt passes unjudged.
 * - UserPromptSubmit: block → `decision: "block"` (not confirmed on a real Copilot).
 * - PostToolUse, PostToolUseFailure: block → the reason as `additionalContext` for the model.
 * A `systemMessage` rides along; diagnostics go to stderr.
 */
export function toCopilot({ event, decision, diagnostics = [], host }: RuntimeAnswer): HostOutput {
  const output: Record<string, unknown> = {};
  const pascal = host !== undefined && /^[A-Z]/.test(host.event);
  if (event === "PreToolUse") {
    const permission = decision.kind === "block" ? "deny" : decision.kind === "ask" ? "ask" : decision.allow === true ? "allow" : undefined;
    if (permission !== undefined) {
      output["permissionDecision"] = permission;
      if (decision.kind !== "pass") output["permissionDecisionReason"] = nonBlank(decision.reason, "hookjudge denied this call");
      if (pascal) output["hookSpecificOutput"] = { hookEventName: event, permissionDecision: permission, ...(decision.kind !== "pass" ? { permissionDecisionReason: output["permissionDecisionReason"] } : {}) };
    }
  } else if (event === "PermissionRequest") {
    if (decision.kind === "block") Object.assign(output, { behavior: "deny", message: nonBlank(decision.reason, "hookjudge denied this") });
    else if (decision.kind === "pass" && decision.allow === true) output["behavior"] = "allow";
  } else if ((event === "Stop" || event === "SubagentStop") && decision.kind === "block") {
    Object.assign(output, { decision: "block", reason: markContinuation(nonBlank(decision.reason, "Keep working on the task.")) });
  } else if (event === "UserPromptSubmit" && decision.kind === "block") {
    Object.assign(output, { decision: "block", reason: nonBlank(decision.reason, "hookjudge blocked this prompt") });
  } else if ((event === "PostToolUse" || event === "PostToolUseFailure") && decision.kind === "block") {
    output["additionalContext"] = decision.reason;
  }
  if (decision.systemMessage) output["systemMessage"] = shortMessage(decision.systemMessage);
  return { stdout: jsonLine(output), stderr: diagnostics.join(""), exitCode: 0 };
}

/** The HTTP body for the same answer. */
export function toCopilotHttp(answer: RuntimeAnswer): string {
  return toCopilot(answer).stdout.trim();
}
