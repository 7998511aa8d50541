import { describe, expect, it } from "vitest";
import { claudeCode } from "../../src/runtimes/claude-code/index.js";
import { RUNTIME_NAMES, runtimeNamed, selectRuntime } from "../../src/runtimes/index.js";
import type { Decision } from "../../src/policy/decision.js";

// The Claude Code runtime on the real payloads of hook-protocol.md §9 (Claude Code 2.1.330)

const PRE_TOOL_USE =
  '{"session_id":"e8279a3e-dd78-4510-8e15-64cef0995b4c","transcript_path":"/home/user/.claude/projects/-home-user-project/e8279a3e-dd78-4510-8e15-64cef0995b4c.jsonl","cwd":"/home/user/project","prompt_id":"c6110ce1-0553-47e1-8ef1-eb4fb8af54c8","permission_mode":"default","effort":{"level":"medium"},"hook_event_name":"PreToolUse","tool_name":"Bash","tool_input":{"command":"ls","description":"list"},"tool_use_id":"toolu_01"}';
const STOP =
  '{"session_id":"e8279a3e-dd78-4510-8e15-64cef0995b4c","transcript_path":"/home/user/.claude/projects/-home-user-project/e8279a3e-dd78-4510-8e15-64cef0995b4c.jsonl","cwd":"/home/user/project","prompt_id":"c6110ce1-0553-47e1-8ef1-eb4fb8af54c8","permission_mode":"default","effort":{"level":"medium"},"hook_event_name":"Stop","stop_hook_active":false,"last_assistant_message":"All done.","background_tasks":[],"session_crons":[]}';

describe("the Claude Code runtime", () => {
  it("parses its events into the canonical input, keeping every field and the host's names", () => {
    const parsed = claudeCode.parse(PRE_TOOL_USE);
    expect(parsed).toMatchObject({ ok: true, host: { runtime: "claude-code", event: "PreToolUse", toolName: "Bash" } });
    if (!parsed.ok) throw new Error("unreachable");
    expect(parsed.input).toEqual(JSON.parse(PRE_TOOL_USE));
    const stop = claudeCode.parse(STOP);
    expect(stop.ok && stop.input.last_assistant_message).toBe("All done.");
  });

  it("recovers what it can of broken input", () => {
    const parsed = claudeCode.parse('{"hook_event_name":"PreToolUse","tool_name":"Bash","cwd":"/p","tool_input":{');
    expect(parsed).toMatchObject({ ok: false, error: { code: "input" }, recovered: { hook_event_name: "PreToolUse", tool_name: "Bash", cwd: "/p" } });
  });

  it("answers a deny as JSON with exit 0, the same JSON over HTTP, and exit 2 events in their HTTP form", () => {
    const block: Decision = { kind: "block", reason: "destructive", source: "verdict" };
    const output = claudeCode.output({ event: "PreToolUse", decision: block });
    expect(output.exitCode).toBe(0);
    expect(JSON.parse(output.stdout).hookSpecificOutput).toEqual({ hookEventName: "PreToolUse", permissionDecision: "deny", permissionDecisionReason: "destructive" });
    expect(claudeCode.httpBody({ event: "PreToolUse", decision: block })).toBe(output.stdout.trim());
    expect(JSON.parse(claudeCode.httpBody({ event: "TaskCreated", decision: block }))).toEqual({ decision: "block", reason: "destructive" });
    expect(claudeCode.httpBody({ event: "Stop", decision: { kind: "pass", source: "verdict" } })).toBe("");
  });

  it("puts the diagnostics on stderr, except beside an exit 2, where stderr is the reason alone", () => {
    const block: Decision = { kind: "block", reason: "destructive", source: "verdict" };
    const diagnostics = ["hookjudge other: api error: down\n"];
    expect(claudeCode.output({ event: "TaskCreated", decision: block, diagnostics })).toEqual({ stdout: "", stderr: "destructive\n", exitCode: 2 });
    expect(claudeCode.output({ event: "Stop", decision: block, diagnostics }).stderr).toBe(diagnostics[0]);
  });

  it("is detected from its events and its environment", () => {
    expect(claudeCode.detect(JSON.parse(STOP), {})).toBe(true);
    expect(claudeCode.detect(undefined, { CLAUDECODE: "1" })).toBe(true);
    expect(claudeCode.detect({ event: "pre_tool_use" }, {})).toBe(false);
  });

  it("prints settings that point at a server, timeouts in seconds above the hook's own", () => {
    const snippet = claudeCode.settingsSnippet({ base: "http://127.0.0.1:8787", hooks: [], tokenEnv: "TOKEN" }) as { hooks: Record<string, Array<{ matcher?: string; hooks: Array<{ url: string; timeout: number; headers: Record<string, string> }> }>> };
    expect(snippet.hooks["PreToolUse"]).toEqual([{ matcher: "Bash", hooks: [expect.objectContaining({ url: "http://127.0.0.1:8787/review-command", timeout: 35 })] }]);
    expect(snippet.hooks["Stop"]![0]!.hooks[0]!.headers["Authorization"]).toBe("Bearer $TOKEN");
  });
});

describe("choosing a runtime", () => {
  it("takes the one named, detects one otherwise, and refuses an unknown name with a config error", () => {
    expect(RUNTIME_NAMES[0]).toBe("claude-code");
    expect(selectRuntime("claude-code", STOP, {})).toBe(claudeCode);
    expect(selectRuntime(undefined, "not json", {})).toBe(runtimeNamed("claude-code"));
    expect(() => selectRuntime("nonesuch", STOP, {})).toThrow(expect.objectContaining({ code: "config", message: expect.stringContaining("claude-code") }));
  });
});
