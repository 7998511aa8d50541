import type { HookDefinition } from "../hook/definition.js";
import type { Outcome } from "../judge/outcome.js";
import { eventCanAsk, isStopEvent } from "../judge/verdict.js";
import type { Decision } from "./decision.js";

/** A failure policy: what a judge error does. */
export type OnError = "allow" | "block" | "ask";

/**
 * The default failure policy of an event: PreToolUse asks the user, PermissionRequest leaves the
 * permission dialog in charge, every other event lets the action go ahead with a visible message.
 */
export function defaultOnError(event: string): OnError | "none" {
  if (event === "PreToolUse") return "ask";
  if (event === "PermissionRequest") return "none";
  return "allow";
}

/**
 * Turn an outcome into a decision. Verdicts decide; errors go to the failure policy
 * (`override` from the command line, else the hook's `on-error`, else the event's default) and are
 * always named in a `systemMessage`, never presented to the agent as the judge's answer.
 */
export function decide(hook: HookDefinition, event: string, outcome: Outcome, override?: OnError): Decision {
  if (outcome.kind === "verdict") {
    const { verdict } = outcome;
    if (verdict.unsure === true && eventCanAsk(event)) {
      return { kind: "ask", reason: verdict.reason || `${hook.name}: the judge is unsure`, source: "verdict" };
    }
    if (verdict.ok) return { kind: "pass", allow: hook.passDecision === "allow", source: "verdict" };
    if (verdict.impossible === true && isStopEvent(event)) {
      return {
        kind: "pass",
        source: "verdict",
        systemMessage: `hookjudge ${hook.name}: the judge says this cannot be done in this session, so the agent may stop: ${verdict.reason}`,
      };
    }
    return { kind: "block", reason: verdict.reason, source: "verdict" };
  }
  const policy = override ?? hook.onError ?? defaultOnError(event);
  const what = `hookjudge ${hook.name} could not judge (${outcome.code}): ${outcome.message}`;
  if (policy === "block") {
    return {
      kind: "block",
      reason: `The ${hook.name} check could not run (${outcome.code}), and its failure policy is to block until it can. This is not a judgment of your work. Details: ${outcome.message}`,
      source: "error",
      systemMessage: `${what}; blocking (on-error: block)`,
    };
  }
  if (policy === "ask" && eventCanAsk(event)) {
    return { kind: "ask", reason: `${what}. Decide yourself.`, source: "error", systemMessage: `${what}; asking you (on-error: ask)` };
  }
  const rule = policy === "none" ? "left to your permission settings" : policy === "ask" ? `letting it proceed (this event cannot ask)` : "letting it proceed (on-error: allow)";
  return { kind: "pass", source: "error", systemMessage: `${what}; ${rule}` };
}
