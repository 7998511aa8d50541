import { describe, expect, it } from "vitest";
import type { Decision } from "../../src/policy/decision.js";
import { cursor } from "../../src/runtimes/cursor/index.js";
import { selectRuntime } from "../../src/runtimes/index.js";
import { hostEvent } from "./_fixtures.js";

// Cursor cannot run here (closed source, no CLI): payloads shaped from its docs and third-party
// reports (runtimes-b.md §5), test/fixtures/runtimes/cursor/
const block: Decision = { kind: "block", reason: "destructive", source: "verdict" };
const parse = (name: string, patch?: Record<string, unknown>) => {
  const parsed = cursor.parse(hostEvent("cursor", name, patch));
  if (!parsed.ok) throw new Error(parsed.error.message);
  return parsed;
};

describe("the Cursor runtime", () => {
  it("reads its gates, edits, prompts and stops as the canonical events", () => {
    const shell = parse("before-shell-execution");
    expect(shell.input).toMatchObject({ hook_event_name: "PreToolUse", tool_name: "Bash", tool_input: { command: "touch marker.txt" }, session_id: "c0a8d7e2-5b1f-4f7e-9a61-3e2d1c0b9a87", cwd: "/home/user/project" });
    expect(shell.host).toEqual({ runtime: "cursor", event: "beforeShellExecution", toolName: "Shell" });
    expect(parse("before-mcp-execution").input).toMatchObject({ hook_event_name: "PreToolUse", tool_name: "github__create_issue", tool_input: { title: "x" } });
    expect(parse("before-read-file").input).toMatchObject({ hook_event_name: "PreToolUse", tool_name: "Read", tool_input: { file_path: "/home/user/project/.env" } });
    expect(parse("after-file-edit").input).toMatchObject({ hook_event_name: "PostToolUse", tool_name: "Edit" });
    expect(parse("before-submit-prompt").input).toMatchObject({ hook_event_name: "UserPromptSubmit", prompt: "Create marker.txt" });
    expect(parse("stop").input).toMatchObject({ hook_event_name: "Stop", stop_hook_active: false, cwd: "/home/user/project" });
    expect(parse("stop", { loop_count: 2 }).input.stop_hook_active).toBe(true);
    expect(parse("stop").unjudged).toBeUndefined();
    expect(parse("stop", { status: "aborted" }).unjudged).toContain("aborted");
  });

  it("answers the gates with permission and both messages; beforeReadFile takes permission alone and cannot ask", () => {
    const host = { runtime: "cursor" as const, event: "beforeShellExecution" };
    expect(JSON.parse(cursor.output({ event: "PreToolUse", decision: block, host }).stdout)).toEqual({ permission: "deny", agent_message: "destructive", user_message: "destructive" });
    expect(JSON.parse(cursor.output({ event: "PreToolUse", decision: { kind: "ask", reason: "risky", source: "verdict" }, host }).stdout)).toMatchObject({ permission: "ask", agent_message: "risky" });
    expect(cursor.output({ event: "PreToolUse", decision: { kind: "pass", source: "verdict" }, host })).toEqual({ stdout: "", stderr: "", exitCode: 0 });
    const read = { runtime: "cursor" as const, event: "beforeReadFile" };
    expect(JSON.parse(cursor.output({ event: "PreToolUse", decision: { kind: "ask", reason: "a secret", source: "verdict" }, host: read }).stdout)).toEqual({ permission: "deny" });
  });

  it("keeps the agent working with followup_message on stop; a judge error lets it stop, said on stderr", () => {
    const stop = JSON.parse(cursor.output({ event: "Stop", decision: { kind: "block", reason: "Run the tests.", source: "verdict" } }).stdout);
    expect(Object.keys(stop)).toEqual(["followup_message"]);
    expect(stop.followup_message).toMatch(/^Run the tests\./);
    expect(parse("before-submit-prompt", { prompt: stop.followup_message }).unjudged).toBeDefined();
    expect(cursor.output({ event: "Stop", decision: { kind: "pass", source: "error", systemMessage: "could not judge" } })).toEqual({ stdout: "", stderr: "could not judge\n", exitCode: 0 });
    expect(JSON.parse(cursor.output({ event: "UserPromptSubmit", decision: block }).stdout)).toEqual({ continue: false, user_message: "destructive" });
    expect(cursor.output({ event: "PostToolUse", decision: block }).stdout).toBe("");
  });

  it("is detected by its own event names or its conversation fields", () => {
    for (const name of ["before-shell-execution", "stop", "before-submit-prompt"]) expect(selectRuntime(undefined, hostEvent("cursor", name), {})).toBe(cursor);
    expect(selectRuntime(undefined, '{"hook_event_name":"Stop","session_id":"s"}', {}).name).toBe("claude-code");
  });

  it("prints .cursor/hooks.json with the gate on beforeShellExecution and a loop_limit on stop", () => {
    const snippet = cursor.settingsSnippet({ base: "http://127.0.0.1:8787", hooks: [] }) as { file: string; settings: { hooks: Record<string, Array<{ command: string; loop_limit?: number }>> } };
    expect(snippet.file).toContain(".cursor/hooks.json");
    expect(snippet.settings.hooks["beforeShellExecution"]![0]!.command).toContain("/cursor/review-command");
    expect(snippet.settings.hooks["stop"]![0]!.loop_limit).toBe(8);
  });
});

describe("the Cursor runtime and loops", () => {
  it("an aborted stop moves no loop on", async () => {
    const { answerLoopStop } = await import("../../src/answer/loop-stop.js");
    const parsed = cursor.parse(hostEvent("cursor", "stop", { status: "aborted" }));
    expect(await answerLoopStop(parsed, { env: {}, cwd: process.cwd() })).toMatchObject({ decision: { kind: "pass" }, judged: false });
  });
});
