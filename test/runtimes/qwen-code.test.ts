import { describe, expect, it } from "vitest";
import type { Decision } from "../../src/policy/decision.js";
import { selectRuntime } from "../../src/runtimes/index.js";
import { qwenCode } from "../../src/runtimes/qwen-code/index.js";
import { hostEvent } from "./_fixtures.js";

// Qwen Code 0.15.10 (the newest for Node 20), payloads captured from a real `qwen -p`
// (test/fixtures/runtimes/qwen-code/)
const parse = (name: string, patch?: Record<string, unknown>) => {
  const parsed = qwenCode.parse(hostEvent("qwen-code", name, patch));
  if (!parsed.ok) throw new Error(parsed.error.message);
  return parsed;
};

describe("the Qwen Code runtime", () => {
  it("reads Claude Code's shape with Qwen's tool names mapped and kept", () => {
    const pre = parse("pre-tool-use");
    expect(pre.input).toMatchObject({ hook_event_name: "PreToolUse", tool_name: "Bash", tool_input: { command: "touch marker.txt" }, permission_mode: "yolo" });
    expect(pre.host).toEqual({ runtime: "qwen-code", event: "PreToolUse", toolName: "run_shell_command" });
    expect(parse("post-tool-use").input).toMatchObject({ hook_event_name: "PostToolUse", tool_response: { llmContent: expect.stringContaining("Exit Code: 0") } });
    expect(parse("user-prompt-submit").input.prompt).toBe("Create marker.txt");
  });

  it("drops stop_hook_active, which 0.15.10 sends as true on the first Stop", () => {
    const stop = parse("stop");
    expect(stop.input).toMatchObject({ hook_event_name: "Stop", last_assistant_message: "Done." });
    expect(stop.input.stop_hook_active).toBeUndefined();
  });

  it("passes unjudged the empty prompt of a tool result and its own Stop reason fed back", () => {
    expect(parse("user-prompt-submit", { prompt: "" }).unjudged).toContain("tool result");
    const { reason } = JSON.parse(qwenCode.output({ event: "Stop", decision: { kind: "block", reason: "Run the tests.", source: "verdict" } }).stdout) as { reason: string };
    expect(parse("user-prompt-submit", { prompt: reason }).unjudged).toBeDefined();
    expect(parse("user-prompt-submit").unjudged).toBeUndefined();
  });

  it("answers as Claude Code does, an ask's reason saying the headless mode denies it", () => {
    const block: Decision = { kind: "block", reason: "destructive", source: "verdict" };
    expect(JSON.parse(qwenCode.output({ event: "PreToolUse", decision: block }).stdout).hookSpecificOutput).toEqual({ hookEventName: "PreToolUse", permissionDecision: "deny", permissionDecisionReason: "destructive" });
    const asked = JSON.parse(qwenCode.output({ event: "PreToolUse", decision: { kind: "ask", reason: "risky", source: "verdict" } }).stdout).hookSpecificOutput;
    expect(asked.permissionDecision).toBe("ask");
    expect(asked.permissionDecisionReason).toMatch(/^risky .*qwen -p.*deny/);
    const stop = qwenCode.output({ event: "Stop", decision: { kind: "pass", source: "error", systemMessage: "timeout" }, diagnostics: ["d\n"] });
    expect(stop).toEqual({ stdout: '{"systemMessage":"timeout"}\n', stderr: "d\n", exitCode: 0 });
    expect(qwenCode.output({ event: "TaskCompleted", decision: block, diagnostics: ["d\n"] })).toEqual({ stdout: "", stderr: "destructive\n", exitCode: 2 });
    expect(JSON.parse(qwenCode.httpBody({ event: "TaskCompleted", decision: block }))).toEqual({ decision: "block", reason: "destructive" });
  });

  it("is detected by its tool names, its timestamp beside a transcript path, or QWEN_PROJECT_DIR", () => {
    for (const name of ["pre-tool-use", "post-tool-use", "stop", "user-prompt-submit"]) expect(selectRuntime(undefined, hostEvent("qwen-code", name), {})).toBe(qwenCode);
    expect(selectRuntime(undefined, "{broken", { QWEN_PROJECT_DIR: "/p", GEMINI_PROJECT_DIR: "/p", CLAUDE_PROJECT_DIR: "/p" })).toBe(qwenCode);
    expect(selectRuntime(undefined, hostEvent("copilot", "stop"), {}).name).toBe("copilot");
    expect(selectRuntime(undefined, '{"hook_event_name":"Stop","session_id":"s","transcript_path":"/t"}', {}).name).toBe("claude-code");
  });

  it("prints settings in milliseconds with Qwen's tool names in matchers", () => {
    const snippet = qwenCode.settingsSnippet({ base: "http://127.0.0.1:8787", hooks: [] }) as { timeoutUnit: string; settings: { hooks: Record<string, Array<{ matcher?: string; hooks: Array<{ timeout: number; command: string }> }>> } };
    expect(snippet.timeoutUnit).toBe("milliseconds");
    const gate = snippet.settings.hooks["PreToolUse"]![0]!;
    expect(gate.matcher).toBe("run_shell_command");
    expect(gate.hooks[0]).toMatchObject({ timeout: 40_000, command: expect.stringContaining("/qwen-code/review-command") });
  });
});
