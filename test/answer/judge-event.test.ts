import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeEach, describe, expect, it } from "vitest";
import { judgeEvent, type HookAnswer } from "../../src/answer/judge-event.js";
import type { HookDefinition } from "../../src/hook/definition.js";
import { loadHook } from "../../src/hook/load.js";
import { claudeCode } from "../../src/runtimes/claude-code/index.js";
import { MockBackend, type MockStep } from "../../src/testing/index.js";
import { fixtureInput, fixturePath, temporaryDirectory } from "../helpers/cli.js";

// Judging an event with hooks, in process: the Stop block cap, several hooks, the stop_hook_active
// guard. The CLI's tests keep each event's stdout and exit code and the command line's failures.

let project: string;
let env: Record<string, string>;
beforeEach(() => {
  project = temporaryDirectory("hookjudge-judge-project-");
  env = { HOOKJUDGE_HOME: temporaryDirectory("hookjudge-judge-home-") };
});

const stopEvent = (patch: Record<string, unknown> = {}) => claudeCode.parse(JSON.stringify({ ...fixtureInput("stop", { cwd: project, transcript: fixturePath("transcripts", "session.jsonl") }), ...patch }));
const judge = async (hooks: HookDefinition[], backend: MockBackend, patch: Record<string, unknown> = {}): Promise<HookAnswer> => (await judgeEvent(hooks, stopEvent(patch), { env, cwd: project, backend }))!;
/** What Claude Code is sent: the stdout JSON, or `null` for nothing. */
const printed = (answer: HookAnswer) => {
  const { stdout } = claudeCode.output(answer);
  return stdout === "" ? null : (JSON.parse(stdout) as Record<string, unknown>);
};
const steps = (count: number, step: MockStep) => Array.from({ length: count }, () => step);

describe("the Stop block cap", () => {
  it("delivers max-blocks blocks in a row, lets the next stop through announced, and counts again after a fresh stop", async () => {
    const hook = loadHook(fixturePath("hooks", "strict-stop.md"));
    const backend = new MockBackend(steps(4, { verdict: { ok: false, reason: "Still not done." } }));
    expect((await judge([hook], backend, { stop_hook_active: false })).decision.kind).toBe("block");
    expect((await judge([hook], backend, { stop_hook_active: true })).decision.kind).toBe("block");
    const third = await judge([hook], backend, { stop_hook_active: true });
    expect(third.decision).toMatchObject({ kind: "pass", source: "cap" });
    expect(printed(third)).toEqual({
      systemMessage: "hookjudge strict-stop: this would be block 3 in a row, past the cap (max-blocks 2); letting the agent stop. Its last reason: Still not done.",
    });
    // a fresh stop (not a continuation) counts from zero again
    expect((await judge([hook], backend, { stop_hook_active: false })).decision.kind).toBe("block");
  });

  it("by default delivers 8 consecutive blocks, as Claude Code honours, and lets the 9th stop through announced", async () => {
    const backend = new MockBackend(steps(9, { verdict: { ok: false, reason: "Not yet." } }));
    const kinds: string[] = [];
    let last: HookAnswer | undefined;
    for (let stop = 0; stop < 9; stop++) {
      last = await judge([loadHook("stop-complete")], backend, { stop_hook_active: stop > 0 });
      kinds.push(last.decision.kind);
    }
    expect(kinds).toEqual([...Array(8).fill("block"), "pass"]);
    expect(last!.decision.systemMessage).toContain("this would be block 9 in a row, past the cap (max-blocks 8)");
  });
});

describe("several hooks on one event", () => {
  it("run in parallel and join the reasons of every block", async () => {
    const backend = new MockBackend([{ verdict: { ok: false, reason: "Reason one." } }, { verdict: { ok: false, reason: "Reason two." } }]);
    const answer = await judge([loadHook("stop-complete"), loadHook(fixturePath("hooks", "strict-stop.md"))], backend);
    expect(answer.decision.kind).toBe("block");
    expect(answer.decision.kind === "block" && answer.decision.reason).toMatch(/^\[(stop-complete|strict-stop)\] Reason (one|two)\.\n\n\[(stop-complete|strict-stop)\] Reason (one|two)\.$/);
    expect(answer.outcomes).toHaveLength(2);
    expect(backend.requests).toHaveLength(2);
  });

  it("any block blocks; passes add nothing", async () => {
    const backend = new MockBackend([{ verdict: { ok: true, reason: "fine" } }, { verdict: { ok: false, reason: "Only reason." } }]);
    const answer = await judge([loadHook("stop-complete"), loadHook(fixturePath("hooks", "strict-stop.md"))], backend);
    expect(printed(answer)).toEqual({ decision: "block", reason: "Only reason." });
  });
});

describe("respect-stop-hook-active", () => {
  it("passes a continuation without a model call", async () => {
    const path = join(project, "polite.md");
    writeFileSync(path, "---\nrespect-stop-hook-active: true\n---\nDone? $LAST_ASSISTANT_MESSAGE\n");
    const backend = new MockBackend([]);
    const answer = await judge([loadHook(path)], backend, { stop_hook_active: true });
    expect(answer).toMatchObject({ decision: { kind: "pass", source: "guard" }, outcomes: [], decidedBy: "none" });
    expect(printed(answer)).toBeNull();
    expect(backend.requests).toHaveLength(0);
  });
});

describe("a host's own tool name", () => {
  it("is matchable beside the canonical one, and is what $TOOL_NAME shows", async () => {
    const write = (name: string, matcher: string) => {
      const path = join(project, `${name}.md`);
      writeFileSync(path, `---\nname: ${name}\nevents: [PreToolUse]\nmatcher: ${matcher}\n---\nIs this ${"$"}TOOL_NAME call safe? ${"$"}TOOL_INPUT\n`);
      return loadHook(path);
    };
    const hooks = [write("by-host", "run_shell_command"), write("by-canonical", "Bash"), write("other", "Edit")];
    const input = { hook_event_name: "PreToolUse", cwd: project, session_id: "host", tool_name: "Bash", tool_input: { command: "ls" } };
    // as a runtime whose host calls Bash run_shell_command reads its event
    const event = { ok: true as const, input, host: { runtime: "claude-code" as const, event: "BeforeTool", toolName: "run_shell_command" }, text: JSON.stringify(input) };
    const backend = new MockBackend(steps(2, { verdict: { ok: true, reason: "fine" } }));
    const answer = (await judgeEvent(hooks, event, { env, cwd: project, backend }))!;
    expect(answer.results.map((result) => result.hook).sort()).toEqual(["by-canonical", "by-host"]);
    for (const request of backend.requests) expect(JSON.stringify(request.messages[0]!.content)).toContain("run_shell_command");
  });
});
