import type { Decision } from "../../policy/decision.js";
import type { HostOutput } from "../types.js";
import { DECISION_EVENTS, EXIT_TWO_EVENTS } from "./events.js";

/** What a command hook prints and returns. */
export type ProtocolOutput = HostOutput;

/** Claude Code caps `systemMessage` at 10,000 characters; stay under it. */
const MESSAGE_CHARS = 9_500;


/**
 * Write a decision in Claude Code's command-hook protocol, event by event:
 * - Stop, SubagentStop, UserPromptSubmit, UserPromptExpansion, PostToolUse, PostToolBatch:
 *   block → `{"decision":"block","reason"}`; pass → nothing.
 * - PreToolUse: block → `permissionDecision: "deny"` with the reason; ask → `"ask"`; pass → no
 *   decision, or `"allow"` when the hook opted in. Always JSON with exit 0.
 * - PermissionRequest: block → `decision.behavior: "deny"`; ask and pass → no decision (the
 *   permission dialog asks), or `"allow"` when the hook opted in.
 * - TaskCompleted, TaskCreated, TeammateIdle, PostToolUseFailure: block → exit 2, reason on stderr.
 * - PermissionDenied and unknown events: no decision.
 * A `systemMessage` (errors, cap overrides) rides along in the JSON on every event; with exit 2
 * that JSON carries no reason, so stderr stays the message the agent gets.
 */
export function toClaudeCode(event: string, decision: Decision): ProtocolOutput {
  const output: Record<string, unknown> = {};
  let stderr = "";
  let exitCode = 0;
  if (event === "PreToolUse") {
    const permission =
      decision.kind === "block" ? "deny" : decision.kind === "ask" ? "ask" : decision.allow === true ? "allow" : undefined;
    if (permission) {
      const specific: Record<string, unknown> = { hookEventName: event, permissionDecision: permission };
      if (decision.kind !== "pass") specific["permissionDecisionReason"] = decision.reason;
      output["hookSpecificOutput"] = specific;
    }
  } else if (event === "PermissionRequest") {
    if (decision.kind === "block") {
      output["hookSpecificOutput"] = { hookEventName: event, decision: { behavior: "deny", message: decision.reason } };
    } else if (decision.kind === "pass" && decision.allow === true) {
      output["hookSpecificOutput"] = { hookEventName: event, decision: { behavior: "allow" } };
    }
  } else if (DECISION_EVENTS.has(event)) {
    if (decision.kind === "block") {
      output["decision"] = "block";
      output["reason"] = decision.reason;
    }
  } else if (EXIT_TWO_EVENTS.has(event) && decision.kind === "block") {
    stderr = decision.reason + "\n";
    exitCode = 2;
  }
  if (decision.systemMessage) {
    const message = decision.systemMessage;
    output["systemMessage"] = message.length > MESSAGE_CHARS ? message.slice(0, MESSAGE_CHARS) + "…" : message;
  }
  const stdout = Object.keys(output).length > 0 ? JSON.stringify(output) + "\n" : "";
  return { stdout, stderr, exitCode };
}
