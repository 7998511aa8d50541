import { describe, expect, it } from "vitest";
import type { Decision } from "../../src/policy/decision.js";
import { toClaudeCode } from "../../src/runtimes/claude-code/output.js";

const block: Decision = { kind: "block", reason: "tests fail", source: "verdict" };
const ask: Decision = { kind: "ask", reason: "not sure", source: "verdict" };
const pass: Decision = { kind: "pass", source: "verdict" };
const allow: Decision = { kind: "pass", allow: true, source: "verdict" };
const json = (event: string, decision: Decision) => {
  const output = toClaudeCode(event, decision);
  return { ...output, stdout: output.stdout === "" ? "" : JSON.parse(output.stdout) };
};

describe("toClaudeCode", () => {
  it.each(["Stop", "SubagentStop", "UserPromptSubmit", "UserPromptExpansion", "PostToolUse", "PostToolBatch"])(
    "%s: block is decision:block with the reason; pass prints nothing",
    (event) => {
      expect(json(event, block)).toEqual({ stdout: { decision: "block", reason: "tests fail" }, stderr: "", exitCode: 0 });
      expect(toClaudeCode(event, pass)).toEqual({ stdout: "", stderr: "", exitCode: 0 });
    },
  );

  it("PreToolUse: deny with the reason, ask, no decision on a pass, allow only when opted in", () => {
    expect(json("PreToolUse", block).stdout).toEqual({
      hookSpecificOutput: { hookEventName: "PreToolUse", permissionDecision: "deny", permissionDecisionReason: "tests fail" },
    });
    expect(json("PreToolUse", block).exitCode).toBe(0);
    expect(json("PreToolUse", ask).stdout).toEqual({
      hookSpecificOutput: { hookEventName: "PreToolUse", permissionDecision: "ask", permissionDecisionReason: "not sure" },
    });
    expect(toClaudeCode("PreToolUse", pass).stdout).toBe("");
    expect(json("PreToolUse", allow).stdout).toEqual({ hookSpecificOutput: { hookEventName: "PreToolUse", permissionDecision: "allow" } });
  });

  it("PermissionRequest: deny as decision.behavior; ask and pass leave the dialog in charge", () => {
    expect(json("PermissionRequest", block).stdout).toEqual({
      hookSpecificOutput: { hookEventName: "PermissionRequest", decision: { behavior: "deny", message: "tests fail" } },
    });
    expect(toClaudeCode("PermissionRequest", ask).stdout).toBe("");
    expect(toClaudeCode("PermissionRequest", pass).stdout).toBe("");
    expect(json("PermissionRequest", allow).stdout).toEqual({ hookSpecificOutput: { hookEventName: "PermissionRequest", decision: { behavior: "allow" } } });
  });

  it.each(["TaskCompleted", "TaskCreated", "TeammateIdle", "PostToolUseFailure"])("%s: block is exit 2 with the reason on stderr", (event) => {
    expect(toClaudeCode(event, block)).toEqual({ stdout: "", stderr: "tests fail\n", exitCode: 2 });
    expect(toClaudeCode(event, pass)).toEqual({ stdout: "", stderr: "", exitCode: 0 });
  });

  it("carries a systemMessage on every event, in JSON even beside exit 2", () => {
    const message = "hookjudge x could not judge (timeout)";
    expect(json("Stop", { ...pass, systemMessage: message }).stdout).toEqual({ systemMessage: message });
    expect(json("TaskCompleted", { ...block, systemMessage: message })).toEqual({
      stdout: { systemMessage: message },
      stderr: "tests fail\n",
      exitCode: 2,
    });
  });

  it("keeps systemMessage under Claude Code's 10,000-character cap", () => {
    const output = json("Stop", { ...pass, systemMessage: "m".repeat(20_000) });
    expect(output.stdout.systemMessage.length).toBeLessThan(10_000);
  });
});
