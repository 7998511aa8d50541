import { describe, expect, it } from "vitest";
import type { Decision } from "../../src/policy/decision.js";
import { selectRuntime } from "../../src/runtimes/index.js";
import { pydanticDeep } from "../../src/runtimes/pydantic-deep/index.js";
import { hostEvent } from "./_fixtures.js";

// pydantic-deep 0.3.43: not runnable here (PyPI unreachable); payloads shaped as its source
// writes them (HooksCapability: always the five keys, tool_result as Python's str())
const parse = (name: string, patch?: Record<string, unknown>) => {
  const parsed = pydanticDeep.parse(hostEvent("pydantic-deep", name, patch));
  if (!parsed.ok) throw new Error(parsed.error.message);
  return parsed;
};

describe("the pydantic-deep runtime", () => {
  it("reads the five-key stdin into the canonical input, tools mapped and nulls dropped", () => {
    const pre = parse("pre-tool-use");
    expect(pre.input).toEqual({ hook_event_name: "PreToolUse", tool_name: "Bash", tool_input: { command: "touch marker.txt", timeout: 120 } });
    expect(pre.host).toEqual({ runtime: "pydantic-deep", event: "pre_tool_use", toolName: "execute" });
    expect(parse("post-tool-use").input).toMatchObject({ hook_event_name: "PostToolUse", tool_response: expect.stringContaining("exit_code=0") });
    expect(parse("post-tool-use-failure").input).toMatchObject({ hook_event_name: "PostToolUseFailure", tool_name: "Write", tool_input: { path: "/etc/passwd", file_path: "/etc/passwd" }, error: expect.stringContaining("Permission denied") });
    expect(parse("pre-tool-use", { tool_name: "edit_file" }).input.tool_name).toBe("Edit");
    // the observe-only events keep their names: nothing judges them
    expect(parse("after-run").input.hook_event_name).toBe("after_run");
  });

  it("recovers the event and the tool from broken input", () => {
    expect(pydanticDeep.parse('{"event": "pre_tool_use", "tool_name": "execute", "tool_input": {"command": "rm -rf ~"')).toMatchObject({ ok: false, recovered: { hook_event_name: "PreToolUse", tool_name: "Bash" } });
  });

  it("denies with exit 2 and the reason alone on stdout; an ask is a deny saying a person must approve; never stderr", () => {
    const block: Decision = { kind: "block", reason: "destructive", source: "verdict", systemMessage: "shown to the user" };
    expect(pydanticDeep.output({ event: "PreToolUse", decision: block, diagnostics: ["hookjudge: a note\n"] })).toEqual({ stdout: "destructive\n", stderr: "", exitCode: 2 });
    const asked = pydanticDeep.output({ event: "PreToolUse", decision: { kind: "ask", reason: "risky", source: "error" } });
    expect(asked).toMatchObject({ exitCode: 2, stderr: "" });
    expect(asked.stdout).toMatch(/^risky — .*a person must approve it/);
    expect(pydanticDeep.httpBody({ event: "PreToolUse", decision: block })).toBe('{"allow":false,"reason":"destructive"}');
  });

  it("passes with exit 0; a judge error's message is JSON pydantic-deep parses and ignores", () => {
    expect(pydanticDeep.output({ event: "PreToolUse", decision: { kind: "pass", source: "verdict" } })).toEqual({ stdout: "", stderr: "", exitCode: 0 });
    const failed = pydanticDeep.output({ event: "PostToolUse", decision: { kind: "pass", source: "error", systemMessage: "could not judge (timeout)" }, diagnostics: ["x\n"] });
    expect(failed).toEqual({ stdout: '{"reason":"could not judge (timeout)"}\n', stderr: "", exitCode: 0 });
    // a deny after the tool ran means nothing to pydantic-deep: exit 0
    expect(pydanticDeep.output({ event: "PostToolUse", decision: { kind: "block", reason: "r", source: "verdict" } }).exitCode).toBe(0);
    expect(pydanticDeep.httpBody({ event: "PreToolUse", decision: { kind: "pass", source: "verdict" } })).toBe("");
  });

  it("is detected by its event key, never by a hook_event_name", () => {
    expect(selectRuntime(undefined, hostEvent("pydantic-deep", "pre-tool-use"), {})).toBe(pydanticDeep);
    expect(selectRuntime(undefined, hostEvent("pydantic-deep", "after-run"), {})).toBe(pydanticDeep);
    expect(selectRuntime(undefined, '{"hook_event_name":"PreToolUse","event":"pre_tool_use"}', {}).name).toBe("claude-code");
  });

  it("prints Python hooks whose deadline stays under the host's 30 s, in seconds", () => {
    const snippet = pydanticDeep.settingsSnippet({ base: "http://127.0.0.1:8787", hooks: [] }) as { timeoutUnit: string; python: string; notes: string[] };
    expect(snippet.timeoutUnit).toBe("seconds");
    expect(snippet.python).toContain('command="hookjudge review-command --runtime pydantic-deep --timeout 25"');
    expect(snippet.python).toContain("timeout=30");
    expect(snippet.notes.join(" ")).toContain("times out");
  });
});
