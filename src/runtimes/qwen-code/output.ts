import { toClaudeCode } from "../claude-code/output.js";
import { markContinuation } from "../_continuation.js";
import type { HostOutput, RuntimeAnswer } from "../types.js";

/** What an ask's reason says on Qwen Code, whose headless mode turns an ask into a deny. */
export function askOnQwen(reason: string): string {
  return `${reason} (hookjudge asks a person to approve this; in a headless run, qwen -p, Qwen Code turns this ask into a deny)`;
}

/**
 * A decision in Qwen Code's protocol, which is Claude Code's (`hookSpecificOutput.permissionDecision`,
 * `decision: "block"`, exit 2 on the task events) with three differences: an ask's reason says
 * that a headless run denies it; a Stop block's reason, which Qwen sends as the next prompt, is
 * marked so that prompt passes unjudged; diagnostics go on stderr beside exit 0 only.
 */
export function toQwen({ event, decision, diagnostics = [] }: RuntimeAnswer): HostOutput {
  const shown =
    decision.kind === "ask"
      ? { ...decision, reason: askOnQwen(decision.reason) }
      : decision.kind === "block" && (event === "Stop" || event === "SubagentStop")
        ? { ...decision, reason: markContinuation(decision.reason) }
        : decision;
  const output = toClaudeCode(event, shown);
  return output.exitCode === 2 ? output : { ...output, stderr: diagnostics.join("") + output.stderr };
}

/** The HTTP body for the same answer (exit 2 has no HTTP form: its reason goes as `decision: "block"`). */
export function toQwenHttp(answer: RuntimeAnswer): string {
  const output = toQwen(answer);
  if (output.exitCode !== 2) return output.stdout.trim();
  return JSON.stringify({ decision: "block", reason: output.stderr.trim() });
}
