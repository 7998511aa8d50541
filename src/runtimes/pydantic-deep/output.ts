import type { HostOutput, RuntimeAnswer } from "../types.js";

/** The reason of an ask pydantic-deep gets as a deny: it has no way to ask a person. */
export function askAsDeny(reason: string): string {
  return `${reason} — hookjudge would ask a person to approve this, and pydantic-deep cannot ask: a person must approve it`;
}

/**
 * A decision in pydantic-deep's command-hook protocol. Nothing is ever written on stderr:
 * pydantic-deep appends stderr to stdout, so it would land in a deny's reason and break the JSON
 * it reads on an allow.
 * - PreToolUse (pre_tool_use): block → exit 2 with the reason alone on stdout (the model gets it
 *   as a retry message); ask → the same, saying a person must approve; pass → exit 0.
 * - Every other event: exit 0 (pydantic-deep ignores a deny after the tool ran).
 * On exit 0, a `systemMessage` (a judge error, a cap) is printed as `{"reason": …}`, a JSON object
 * pydantic-deep parses and ignores (no `modified_args`, no `modified_result`).
 */
export function toPydanticDeep({ event, decision }: RuntimeAnswer): HostOutput {
  if (event === "PreToolUse" && decision.kind !== "pass") {
    const reason = decision.kind === "ask" ? askAsDeny(decision.reason) : decision.reason;
    return { stdout: (reason.trim() === "" ? "Denied by hookjudge" : reason) + "\n", stderr: "", exitCode: 2 };
  }
  return { stdout: decision.systemMessage ? JSON.stringify({ reason: decision.systemMessage }) + "\n" : "", stderr: "", exitCode: 0 };
}

/**
 * The HTTP body for a Python handler that calls `hookjudge serve`: `{"allow": false, "reason"}`
 * for a deny (the handler raises or returns the deny), `""` for a pass.
 */
export function toPydanticDeepHttp(answer: RuntimeAnswer): string {
  const output = toPydanticDeep(answer);
  return output.exitCode === 2 ? JSON.stringify({ allow: false, reason: output.stdout.trim() }) : "";
}
