import { jsonLine, nonBlank } from "../_canonical.js";
import { markContinuation } from "../_continuation.js";
import type { HostOutput, RuntimeAnswer } from "../types.js";

/**
 * A decision in Cursor's hook protocol, exit 0:
 * - PreToolUse (beforeShellExecution, beforeMCPExecution, preToolUse): `permission` `deny` or
 *   `ask` with `agent_message` (to the agent) and `user_message` (to the user), an opted-in
 *   `allow`; pass → nothing. beforeReadFile takes `permission` alone and has no ask: an ask is a deny there.
 * - Stop, SubagentStop (stop, subagentStop): block → `followup_message`, sent as the next user
 *   message (marked, so the prompt it becomes passes unjudged); Cursor's `loop_limit` and
 *   hookjudge's cap bound the loop.
 * - UserPromptSubmit (beforeSubmitPrompt): block → `continue: false` with `user_message`.
 * - Post* events: nothing (Cursor reads no answer there).
 * Cursor has no `systemMessage`: a message for the user rides in `user_message` where there is
 * one, and in the diagnostics on stderr.
 */
export function toCursor({ event, decision, diagnostics = [], host }: RuntimeAnswer): HostOutput {
  const output: Record<string, unknown> = {};
  const notes = decision.systemMessage ? [decision.systemMessage] : [];
  if (event === "PreToolUse") {
    const readFile = host?.event === "beforeReadFile";
    if (decision.kind !== "pass") {
      const reason = nonBlank(decision.reason, "hookjudge denied this call");
      const permission = decision.kind === "ask" && !readFile ? "ask" : "deny";
      const why = decision.kind === "ask" && readFile ? `${reason} — a person must approve this read, and Cursor cannot ask here` : reason;
      Object.assign(output, { permission, ...(readFile ? {} : { agent_message: why, user_message: [why, ...notes].join("\n") }) });
    } else if (decision.allow === true) output["permission"] = "allow";
  } else if ((event === "Stop" || event === "SubagentStop") && decision.kind === "block") {
    output["followup_message"] = markContinuation(nonBlank(decision.reason, "Keep working on the task."));
  } else if (event === "UserPromptSubmit" && decision.kind === "block") {
    Object.assign(output, { continue: false, user_message: nonBlank(decision.reason, "hookjudge blocked this prompt") });
  }
  return { stdout: jsonLine(output), stderr: [...diagnostics, ...notes.map((note) => note + "\n")].join(""), exitCode: 0 };
}

/** The HTTP body for the same answer. */
export function toCursorHttp(answer: RuntimeAnswer): string {
  return toCursor(answer).stdout.trim();
}
