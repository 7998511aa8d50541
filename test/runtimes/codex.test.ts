import { describe, expect, it } from "vitest";
import type { Decision } from "../../src/policy/decision.js";
import { codex } from "../../src/runtimes/codex/index.js";
import { selectRuntime } from "../../src/runtimes/index.js";
import { hostEvent } from "./_fixtures.js";

// Codex CLI 0.171.0, payloads captured from a real `codex exec` (test/fixtures/runtimes/codex/)
const block: Decision = { kind: "block", reason: "destructive", source: "verdict" };
const ask: Decision = { kind: "ask", reason: "it drops the database", source: "verdict" };
const parse = (name: string, patch?: Record<string, unknown>) => {
  const parsed = codex.parse(hostEvent("codex", name, patch));
  if (!parsed.ok) throw new Error(parsed.error.message);
  return parsed;
};

describe("the Codex runtime", () => {
  it("reads each event kind into the canonical input, keeping turn_id and model", () => {
    const pre = parse("pre-tool-use");
    expect(pre.input).toMatchObject({ hook_event_name: "PreToolUse", tool_name: "Bash", tool_input: { command: "touch marker.txt" }, turn_id: expect.any(String), model: "e2e-model" });
    expect(pre.host).toEqual({ runtime: "codex", event: "PreToolUse", toolName: "Bash" });
    expect(parse("post-tool-use").input).toMatchObject({ hook_event_name: "PostToolUse", tool_response: "" });
    expect(parse("stop").input).toMatchObject({ hook_event_name: "Stop", stop_hook_active: false, last_assistant_message: "Done." });
    expect(parse("user-prompt-submit").input).toMatchObject({ hook_event_name: "UserPromptSubmit", prompt: "Create marker.txt" });
    // Codex sends null where it has no message
    expect(parse("stop", { last_assistant_message: null }).input.last_assistant_message).toBeUndefined();
  });

  it("recovers the event and the tool from broken input", () => {
    const parsed = codex.parse('{"hook_event_name":"PreToolUse","turn_id":"t","tool_name":"Bash","tool_input":{"command":"rm -rf ~"');
    expect(parsed).toMatchObject({ ok: false, error: { code: "input" }, recovered: { hook_event_name: "PreToolUse", tool_name: "Bash" } });
  });

  it("denies with a reason and nothing else; an ask becomes a deny saying a person must approve", () => {
    const denied = codex.output({ event: "PreToolUse", decision: { ...block, systemMessage: "note" } });
    expect(denied.exitCode).toBe(0);
    expect(JSON.parse(denied.stdout)).toEqual({ hookSpecificOutput: { hookEventName: "PreToolUse", permissionDecision: "deny", permissionDecisionReason: "destructive" } });
    const asked = JSON.parse(codex.output({ event: "PreToolUse", decision: ask }).stdout);
    expect(asked.hookSpecificOutput.permissionDecision).toBe("deny");
    expect(asked.hookSpecificOutput.permissionDecisionReason).toMatch(/^it drops the database — .*a person must approve it/);
    expect(JSON.stringify(asked)).not.toContain('"ask"');
  });

  it("never answers a bare allow: a pass is no decision, an opted-in allow too", () => {
    expect(codex.output({ event: "PreToolUse", decision: { kind: "pass", source: "verdict" } })).toEqual({ stdout: "", stderr: "", exitCode: 0 });
    expect(codex.output({ event: "PreToolUse", decision: { kind: "pass", allow: true, source: "verdict" } }).stdout).toBe("");
    const noted = JSON.parse(codex.output({ event: "PreToolUse", decision: { kind: "pass", source: "error", systemMessage: "judge down" } }).stdout);
    expect(noted).toEqual({ systemMessage: "judge down" });
  });

  it("blocks a Stop with a non-blank reason; a judge error lets it stop with a message; diagnostics on stderr", () => {
    const stop = codex.output({ event: "Stop", decision: block, diagnostics: ["hookjudge x: api error\n"] });
    expect(JSON.parse(stop.stdout)).toEqual({ decision: "block", reason: "destructive" });
    expect(stop).toMatchObject({ stderr: "hookjudge x: api error\n", exitCode: 0 });
    expect(JSON.parse(codex.output({ event: "Stop", decision: { kind: "block", reason: " ", source: "verdict" } }).stdout).reason.trim()).not.toBe("");
    expect(JSON.parse(codex.output({ event: "Stop", decision: { kind: "pass", source: "error", systemMessage: "timeout" } }).stdout)).toEqual({ systemMessage: "timeout" });
    expect(codex.httpBody({ event: "Stop", decision: block })).toBe('{"decision":"block","reason":"destructive"}');
  });

  it("answers a permission request in its own shape, and nothing on an event it cannot decide", () => {
    expect(JSON.parse(codex.output({ event: "PermissionRequest", decision: block }).stdout).hookSpecificOutput.decision).toEqual({ behavior: "deny", message: "destructive" });
    expect(codex.output({ event: "PermissionRequest", decision: ask }).stdout).toBe("");
    expect(codex.output({ event: "SessionStart", decision: block }).stdout).toBe("");
  });

  it("is detected by turn_id, never by Claude Code's events", () => {
    expect(selectRuntime(undefined, hostEvent("codex", "stop"), {})).toBe(codex);
    expect(selectRuntime(undefined, '{"hook_event_name":"Stop","session_id":"s"}', {}).name).toBe("claude-code");
    expect(codex.detect(undefined, {})).toBe(false);
  });

  it("prints hooks.json entries in seconds that curl the /codex routes and deny when the server is down", () => {
    const snippet = codex.settingsSnippet({ base: "http://127.0.0.1:8787", hooks: [] }) as { timeoutUnit: string; settings: { hooks: Record<string, Array<{ matcher?: string; hooks: Array<{ command: string; timeout: number }> }>> } };
    expect(snippet.timeoutUnit).toBe("seconds");
    const gate = snippet.settings.hooks["PreToolUse"]![0]!;
    expect(gate.matcher).toBe("Bash");
    expect(gate.hooks[0]!.command).toContain("http://127.0.0.1:8787/codex/review-command");
    expect(gate.hooks[0]!.command).toContain('"permissionDecision":"deny"');
    expect(gate.hooks[0]!.timeout).toBe(40);
  });
});
