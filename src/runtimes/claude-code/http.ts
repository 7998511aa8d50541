import type { Decision } from "../../policy/decision.js";
import { toClaudeCode } from "./output.js";

/**
 * The HTTP body for what a command hook would print. A JSON answer goes as it is; nothing printed
 * is a pass (empty body). The events a command hook blocks with exit 2 have no exit code over
 * HTTP: TaskCreated takes `decision: "block"`; TaskCompleted and TeammateIdle have no JSON way to
 * keep working, so the user is told in a `systemMessage` instead.
 */
export function toHttpAnswer(event: string, exitCode: number, stdout: string, stderr: string): string {
  const trimmed = stdout.trim();
  if (exitCode !== 2) return trimmed.startsWith("{") ? trimmed : "";
  // what the command printed beside its exit 2 (a cap note, an error note) is kept
  const printed = trimmed.startsWith("{") ? (JSON.parse(trimmed) as Record<string, unknown>) : {};
  const reason = stderr.trim();
  if (event === "TaskCreated") return JSON.stringify({ ...printed, decision: "block", reason });
  if (event === "PostToolUseFailure") return JSON.stringify({ ...printed, hookSpecificOutput: { hookEventName: event, additionalContext: reason } });
  const notice = `hookjudge would keep this ${event} open (${reason}), but an HTTP hook has no way to: use a command hook for ${event} to block it`;
  return JSON.stringify({ ...printed, systemMessage: typeof printed["systemMessage"] === "string" ? `${printed["systemMessage"]}\n${notice}` : notice });
}

/** A decision as the body of Claude Code's `type: "http"` hook answer. */
export function toClaudeCodeHttp(decision: Decision, event: string): string {
  const output = toClaudeCode(event, decision);
  return toHttpAnswer(event, output.exitCode, output.stdout, output.stderr);
}
