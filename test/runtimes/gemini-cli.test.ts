import { describe, expect, it } from "vitest";
import { judgeEvent } from "../../src/answer/judge-event.js";
import { toDefinition } from "../../src/hook/definition.js";
import type { Decision } from "../../src/policy/decision.js";
import { geminiCli } from "../../src/runtimes/gemini-cli/index.js";
import { selectRuntime } from "../../src/runtimes/index.js";
import { parseTemplate } from "../../src/template/render.js";
import { MockBackend } from "../../src/testing/index.js";
import { temporaryDirectory } from "../helpers/cli.js";
import { hostEvent } from "./_fixtures.js";

// Gemini CLI 0.61.0, payloads captured from a real `gemini -p` (test/fixtures/runtimes/gemini-cli/)
const block: Decision = { kind: "block", reason: "Also write NOTES.md.", source: "verdict" };
const parse = (name: string, patch?: Record<string, unknown>) => {
  const parsed = geminiCli.parse(hostEvent("gemini-cli", name, patch));
  if (!parsed.ok) throw new Error(parsed.error.message);
  return parsed;
};

describe("the Gemini CLI runtime", () => {
  it("reads its four events as the canonical ones, tools mapped and the host's names kept", () => {
    const before = parse("before-tool");
    expect(before.input).toMatchObject({ hook_event_name: "PreToolUse", tool_name: "Bash", tool_input: { command: "touch marker.txt" } });
    expect(before.host).toEqual({ runtime: "gemini-cli", event: "BeforeTool", toolName: "run_shell_command" });
    expect(parse("after-tool").input).toMatchObject({ hook_event_name: "PostToolUse", tool_name: "Bash", tool_response: { llmContent: expect.any(String) } });
    expect(parse("after-tool", { tool_response: { llmContent: "", error: "exit 1" } }).input.error).toBe("exit 1");
    expect(parse("before-agent").input).toMatchObject({ hook_event_name: "UserPromptSubmit", prompt: "Create marker.txt" });
    expect(parse("after-agent").input).toMatchObject({ hook_event_name: "Stop", last_assistant_message: "Done.", stop_hook_active: false, prompt: "Create marker.txt" });
    expect(parse("before-tool", { tool_name: "write_file", tool_input: { file_path: "a.txt", content: "x" } }).input.tool_name).toBe("Write");
    expect(parse("before-tool", { tool_name: "replace" }).input.tool_name).toBe("Edit");
    // an event with no canonical counterpart keeps its name: nothing judges it
    expect(parse("before-agent", { hook_event_name: "BeforeModel" }).input.hook_event_name).toBe("BeforeModel");
  });

  it("lets a matcher name the canonical tool or Gemini's, and shows Gemini's in $TOOL_NAME", async () => {
    const event = parse("before-tool");
    const hook = (matcher: string) => toDefinition({ events: ["PreToolUse"], matcher }, "tool $TOOL_NAME", parseTemplate("tool $TOOL_NAME"), { name: `h-${matcher}`, source: "test", templateLine: 1 });
    const backend = new MockBackend([{ verdict: { ok: true, reason: "fine" } }, { verdict: { ok: true, reason: "fine" } }]);
    const answer = await judgeEvent([hook("Bash"), hook("run_shell_command"), hook("Write|Edit")], event, { env: { HOOKJUDGE_HOME: temporaryDirectory() }, cwd: temporaryDirectory(), backend: () => backend });
    expect(answer?.results.map((result) => result.hook)).toEqual(["h-Bash", "h-run_shell_command"]);
    expect(JSON.stringify(backend.requests[0]!.messages)).toContain("run_shell_command");
  });

  it("recovers the canonical event and tool from broken input", () => {
    const parsed = geminiCli.parse('{"hook_event_name":"BeforeTool","tool_name":"run_shell_command","tool_input":{"command":"rm -rf ~"');
    expect(parsed).toMatchObject({ ok: false, recovered: { hook_event_name: "PreToolUse", tool_name: "Bash" } });
  });

  it("denies with top-level decision and reason, and never answers ask (it hangs a headless run)", () => {
    const denied = geminiCli.output({ event: "PreToolUse", decision: { kind: "block", reason: "destructive", source: "verdict" } });
    expect(denied).toEqual({ stdout: '{"decision":"deny","reason":"destructive"}\n', stderr: "", exitCode: 0 });
    const asked = JSON.parse(geminiCli.output({ event: "PreToolUse", decision: { kind: "ask", reason: "risky", source: "verdict" } }).stdout);
    expect(asked).toEqual({ decision: "deny", reason: expect.stringMatching(/^risky — .*a person must approve it/) });
    expect(geminiCli.output({ event: "PreToolUse", decision: { kind: "pass", source: "verdict" } }).stdout).toBe("");
    expect(JSON.parse(geminiCli.output({ event: "PreToolUse", decision: { kind: "pass", allow: true, source: "verdict" } }).stdout)).toEqual({ decision: "allow" });
    expect(geminiCli.output({ event: "PreToolUse", decision: { kind: "block", reason: "x", source: "verdict" } }).stdout).not.toContain("hookSpecificOutput");
  });

  it("blocks an AfterAgent with a marked reason, and a judge error lets it stop with a message", () => {
    const stop = JSON.parse(geminiCli.output({ event: "Stop", decision: block, diagnostics: ["note\n"] }).stdout);
    expect(stop.decision).toBe("deny");
    expect(stop.reason).toMatch(/^Also write NOTES\.md\.\n\n\(hookjudge stop check [0-9a-f]{12}: /);
    expect(geminiCli.output({ event: "Stop", decision: block, diagnostics: ["note\n"] }).stderr).toBe("note\n");
    const failed = geminiCli.output({ event: "Stop", decision: { kind: "pass", source: "error", systemMessage: "hookjudge stop-complete could not judge (timeout)" } });
    expect(JSON.parse(failed.stdout)).toEqual({ systemMessage: "hookjudge stop-complete could not judge (timeout)" });
    expect(JSON.parse(geminiCli.output({ event: "UserPromptSubmit", decision: block }).stdout).decision).toBe("deny");
  });

  it("passes the BeforeAgent that carries its own Stop reason back without judging, and judges any other prompt", async () => {
    const { reason } = JSON.parse(geminiCli.output({ event: "Stop", decision: block }).stdout) as { reason: string };
    const continued = parse("before-agent", { prompt: reason });
    expect(continued.unjudged).toBeDefined();
    const hook = toDefinition({ events: ["UserPromptSubmit"] }, "is $USER_PROMPT fine?", parseTemplate("is $USER_PROMPT fine?"), { name: "prompt-check", source: "test", templateLine: 1 });
    const answer = await judgeEvent([hook], continued, { env: {}, cwd: process.cwd() });
    expect(answer).toMatchObject({ decision: { kind: "pass" }, outcomes: [], judged: false });
    // a reason edited, or the mark copied under another text, is judged as any prompt
    expect(parse("before-agent", { prompt: reason.replace("NOTES", "TODO") }).unjudged).toBeUndefined();
    expect(parse("before-agent").unjudged).toBeUndefined();
  });

  it("is detected by its event names, or by its environment when the text is broken, never over Qwen Code", () => {
    expect(selectRuntime(undefined, hostEvent("gemini-cli", "after-agent"), {})).toBe(geminiCli);
    expect(selectRuntime(undefined, "{broken", { GEMINI_SESSION_ID: "s", CLAUDE_PROJECT_DIR: "/p" })).toBe(geminiCli);
    expect(selectRuntime(undefined, "{broken", { GEMINI_PROJECT_DIR: "/p", QWEN_PROJECT_DIR: "/p" }).name).not.toBe("gemini-cli");
    // a Claude-named event is never read as Gemini's, whatever the environment
    expect(selectRuntime(undefined, '{"hook_event_name":"PreToolUse","tool_name":"Bash"}', { GEMINI_PROJECT_DIR: "/p" }).name).toBe("claude-code");
  });

  it("prints settings.json hooks in milliseconds on Gemini's event names", () => {
    const snippet = geminiCli.settingsSnippet({ base: "http://127.0.0.1:8787", hooks: [] }) as { timeoutUnit: string; notes: string[]; settings: { hooks: Record<string, Array<{ matcher?: string; hooks: Array<{ command: string; timeout: number }> }>> } };
    expect(snippet.timeoutUnit).toBe("milliseconds");
    expect(Object.keys(snippet.settings.hooks).sort()).toEqual(["AfterAgent", "BeforeTool"]);
    const gate = snippet.settings.hooks["BeforeTool"]![0]!;
    expect(gate.matcher).toBe("^(run_shell_command)$");
    expect(gate.hooks[0]).toMatchObject({ timeout: 40_000, command: expect.stringContaining("/gemini-cli/review-command") });
    expect(gate.hooks[0]!.command).toContain('"decision":"deny"');
    expect(snippet.notes.join(" ")).toContain("milliseconds");
  });
});
