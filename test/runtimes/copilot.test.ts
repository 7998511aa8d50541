import { describe, expect, it } from "vitest";
import type { Decision } from "../../src/policy/decision.js";
import { copilot } from "../../src/runtimes/copilot/index.js";
import { selectRuntime } from "../../src/runtimes/index.js";
import { hostEvent } from "./_fixtures.js";

// Copilot CLI 1.0.102, payloads captured from a real `copilot -p` in both dialects
// (test/fixtures/runtimes/copilot/: camel-*.json under camelCase event names, the rest under PascalCase)
const block: Decision = { kind: "block", reason: "destructive", source: "verdict" };
const parse = (name: string, patch?: Record<string, unknown>) => {
  const parsed = copilot.parse(hostEvent("copilot", name, patch));
  if (!parsed.ok) throw new Error(parsed.error.message);
  return parsed;
};

describe("the Copilot CLI runtime", () => {
  it("reads the camelCase dialect, telling the event from the payload", () => {
    const pre = parse("camel-pre-tool-use");
    expect(pre.input).toMatchObject({ hook_event_name: "PreToolUse", tool_name: "Bash", tool_input: { command: "touch marker.txt" }, session_id: "9ca472b2-4302-4c35-9b2f-faa939713f55" });
    expect(pre.host).toEqual({ runtime: "copilot", event: "preToolUse", toolName: "bash" });
    // toolArgs may come as a JSON string
    expect(parse("camel-pre-tool-use", { toolArgs: '{"command":"ls"}' }).input.tool_input).toEqual({ command: "ls" });
    expect(parse("camel-post-tool-use").input).toMatchObject({ hook_event_name: "PostToolUse", tool_response: { resultType: "success" } });
    expect(parse("camel-post-tool-use", { toolResult: { resultType: "failure" } }).input.hook_event_name).toBe("PostToolUseFailure");
    expect(parse("camel-stop").input).toMatchObject({ hook_event_name: "Stop", stop_hook_active: false, transcript_path: expect.stringContaining("events.jsonl") });
    expect(parse("camel-stop").host.event).toBe("agentStop");
    expect(parse("camel-user-prompt-submit").input).toMatchObject({ hook_event_name: "UserPromptSubmit", prompt: "Create marker.txt" });
    expect(parse("camel-pre-tool-use", { toolName: "create", toolArgs: { path: "a.txt", file_text: "x" } }).input).toMatchObject({ tool_name: "Write", tool_input: { file_path: "a.txt" } });
  });

  it("reads the snake_case dialect, which already has Claude Code's names", () => {
    expect(parse("pre-tool-use").input).toMatchObject({ hook_event_name: "PreToolUse", tool_name: "Bash", tool_input: { command: "touch marker.txt" } });
    expect(parse("pre-tool-use").host.toolName).toBe("Bash");
    expect(parse("post-tool-use").input).toMatchObject({ hook_event_name: "PostToolUse", tool_response: { result_type: "success" } });
    expect(parse("stop").input).toMatchObject({ hook_event_name: "Stop", stop_hook_active: false });
    expect(parse("user-prompt-submit", { hook_event_name: "userPromptSubmitted" }).input.hook_event_name).toBe("UserPromptSubmit");
  });

  it("refuses a camelCase payload it cannot place, and recovers a broken one's tool", () => {
    expect(copilot.parse('{"sessionId":"s","timestamp":1}')).toMatchObject({ ok: false, error: { code: "input" } });
    expect(copilot.parse('{"sessionId":"s","toolName":"bash","toolArgs":{"command":"rm -rf ~"')).toMatchObject({ ok: false, recovered: { hook_event_name: "PreToolUse", tool_name: "Bash" } });
  });

  it("denies with flat permissionDecision in both dialects, Claude's envelope too under PascalCase names", () => {
    const camel = JSON.parse(copilot.output({ event: "PreToolUse", decision: block, host: { runtime: "copilot", event: "preToolUse" } }).stdout);
    expect(camel).toEqual({ permissionDecision: "deny", permissionDecisionReason: "destructive" });
    const pascal = JSON.parse(copilot.output({ event: "PreToolUse", decision: block, host: { runtime: "copilot", event: "PreToolUse" } }).stdout);
    expect(pascal).toEqual({ permissionDecision: "deny", permissionDecisionReason: "destructive", hookSpecificOutput: { hookEventName: "PreToolUse", permissionDecision: "deny", permissionDecisionReason: "destructive" } });
    expect(JSON.parse(copilot.output({ event: "PreToolUse", decision: { kind: "ask", reason: "risky", source: "verdict" } }).stdout)).toEqual({ permissionDecision: "ask", permissionDecisionReason: "risky" });
    expect(copilot.output({ event: "PreToolUse", decision: { kind: "pass", source: "verdict" } })).toEqual({ stdout: "", stderr: "", exitCode: 0 });
  });

  it("blocks an agentStop with a marked reason, whose return as a prompt is not judged; a judge error lets it stop", () => {
    const stop = copilot.output({ event: "Stop", decision: { kind: "block", reason: "Also write NOTES.md.", source: "verdict" }, diagnostics: ["d\n"] });
    const { decision, reason } = JSON.parse(stop.stdout) as { decision: string; reason: string };
    expect(decision).toBe("block");
    expect(reason).toMatch(/^Also write NOTES\.md\./);
    expect(stop.stderr).toBe("d\n");
    expect(parse("camel-user-prompt-submit", { prompt: reason }).unjudged).toBeDefined();
    expect(parse("user-prompt-submit", { prompt: reason }).unjudged).toBeDefined();
    expect(parse("camel-user-prompt-submit").unjudged).toBeUndefined();
    expect(JSON.parse(copilot.output({ event: "Stop", decision: { kind: "pass", source: "error", systemMessage: "timeout" } }).stdout)).toEqual({ systemMessage: "timeout" });
  });

  it("is detected in both dialects, and not for Claude Code's, Qwen Code's or Codex's events", () => {
    for (const name of ["camel-pre-tool-use", "camel-stop", "pre-tool-use", "stop", "user-prompt-submit"]) expect(selectRuntime(undefined, hostEvent("copilot", name), {}).name).toBe("copilot");
    expect(selectRuntime(undefined, '{"hook_event_name":"Stop","session_id":"s","transcript_path":"/t","cwd":"/p"}', {}).name).toBe("claude-code");
    const qwenStop = '{"session_id":"s","transcript_path":"/t","cwd":"/p","hook_event_name":"Stop","timestamp":"2026-12-03T06:00:00Z","stop_hook_active":true}';
    expect(selectRuntime(undefined, qwenStop, {}).name).not.toBe("copilot");
    expect(selectRuntime(undefined, hostEvent("codex", "stop"), {}).name).toBe("codex");
  });

  it("prints a hooks file on the camelCase events, timeouts in seconds", () => {
    const snippet = copilot.settingsSnippet({ base: "http://127.0.0.1:8787", hooks: [] }) as { timeoutUnit: string; settings: { version: number; hooks: Record<string, Array<{ bash: string; timeoutSec: number }>> } };
    expect(snippet.timeoutUnit).toBe("seconds");
    expect(snippet.settings.version).toBe(1);
    expect(Object.keys(snippet.settings.hooks).sort()).toEqual(["agentStop", "preToolUse"]);
    expect(snippet.settings.hooks["preToolUse"]![0]).toMatchObject({ timeoutSec: 40, bash: expect.stringContaining("/copilot/review-command") });
    expect(snippet.settings.hooks["preToolUse"]![0]!.bash).toContain('"permissionDecision":"ask"');
  });
});
