import { jsonLine, nonBlank, shortMessage } from "../_canonical.js";
import { markContinuation } from "../_continuation.js";
import type { HostOutput, RuntimeAnswer } from "../types.js";

/**
 * The reason of an ask Gemini CLI gets as a deny: its `decision: "ask"` hangs a headless run
 * (`gemini -p`), so a call that needs a person is refused with a reason that says so.
 */
export function askAsDeny(reason: string): string {
  return `${reason} — hookjudge would ask a person to approve this, and Gemini CLI cannot ask in a headless run: a person must approve it`;
}

/**
 * A decision in Gemini CLI's command-hook protocol: top-level `decision` and `reason` on stdout,
 * exit 0 (Gemini does not read Claude's `hookSpecificOutput.permissionDecision`):
 * - PreToolUse (BeforeTool): block → `deny`; ask → `deny` saying a person must approve; an
 *   opted-in allow → `allow`; pass → nothing.
 * - Stop (AfterAgent): block → `deny` with the reason, which Gemini sends as the next prompt; the
 *   reason ends with hookjudge's mark, so the BeforeAgent that follows passes unjudged.
 * - UserPromptSubmit (BeforeAgent): block → `deny` (the prompt is dropped). PostToolUse
 *   (AfterTool): block → `deny` (the reason replaces the result).
 * A `systemMessage` rides along; diagnostics go to stderr, which Gemini shows only when stdout is empty.
 */
export function toGemini({ event, decision, diagnostics = [] }: RuntimeAnswer): HostOutput {
  const output: Record<string, unknown> = {};
  if (event === "PreToolUse") {
    if (decision.kind === "block") Object.assign(output, { decision: "deny", reason: nonBlank(decision.reason, "hookjudge denied this call") });
    else if (decision.kind === "ask") Object.assign(output, { decision: "deny", reason: askAsDeny(decision.reason) });
    else if (decision.allow === true) output["decision"] = "allow";
  } else if (event === "Stop" && decision.kind === "block") {
    Object.assign(output, { decision: "deny", reason: markContinuation(nonBlank(decision.reason, "Keep working on the task.")) });
  } else if ((event === "UserPromptSubmit" || event === "PostToolUse") && decision.kind === "block") {
    Object.assign(output, { decision: "deny", reason: nonBlank(decision.reason, "hookjudge blocked this") });
  }
  if (decision.systemMessage) output["systemMessage"] = shortMessage(decision.systemMessage);
  return { stdout: jsonLine(output), stderr: diagnostics.join(""), exitCode: 0 };
}

/** The HTTP body for the same answer. */
export function toGeminiHttp(answer: RuntimeAnswer): string {
  return toGemini(answer).stdout.trim();
}
