import { describe, expect, it } from "vitest";
import { answerFailSafe } from "../../src/answer/fail-safe.js";
import { judgeEvent, planJudgment } from "../../src/answer/judge-event.js";
import { cancelLoops, listLoops, startLoop } from "../../src/answer/loop-commands.js";
import { answerLoopStop } from "../../src/answer/loop-stop.js";
import { reviewBashCall } from "../../src/answer/review-bash.js";
import { HookJudgeError } from "../../src/errors.js";
import { loadHook } from "../../src/hook/load.js";
import { claudeCode } from "../../src/runtimes/claude-code/index.js";
import { MockBackend } from "../../src/testing/index.js";
import { fixtureInput, temporaryDirectory } from "../helpers/cli.js";

// The decision core in process: each use case takes a canonical event and options and returns
// a value; nothing is printed and nothing parsed back.

const project = temporaryDirectory("hookjudge-answer-project-");
const env = () => ({ HOOKJUDGE_HOME: temporaryDirectory("hookjudge-answer-home-"), HOME: temporaryDirectory("hookjudge-answer-user-") });
const parse = (value: unknown) => claudeCode.parse(JSON.stringify(value));

describe("judgeEvent", () => {
  it("answers with the decision, what decided it, the outcomes and their usage", async () => {
    const backend = new MockBackend([{ verdict: { ok: false, reason: "no tests" } }]);
    const answer = await judgeEvent([loadHook("stop-complete")], parse(fixtureInput("stop", { cwd: project })), { env: env(), cwd: project, backend });
    expect(answer).toMatchObject({ event: "Stop", decision: { kind: "block", reason: "no tests" }, decidedBy: "model", judged: true, diagnostics: [] });
    expect(answer!.outcomes).toHaveLength(1);
    expect(answer!.usage.inputTokens).toBe(answer!.outcomes[0]!.usage.inputTokens);
    expect(claudeCode.output(answer!)).toEqual({ stdout: '{"decision":"block","reason":"no tests"}\n', stderr: "", exitCode: 0 });
  });

  it("a judge error is an error answer with a diagnostic, and the failure policy's decision", async () => {
    const backend = new MockBackend([{ error: new HookJudgeError("api", "HTTP 500: overloaded") }]);
    const answer = await judgeEvent([loadHook("edit-review")], parse(fixtureInput("pre-tool-use-edit", { cwd: project })), { env: env(), cwd: project, backend });
    expect(answer).toMatchObject({ decidedBy: "error", decision: { kind: "ask" } });
    expect(answer!.diagnostics).toEqual([expect.stringContaining("api error: HTTP 500: overloaded")]);
  });

  it("an unreadable event is answered by the hooks' failure policy when its event can be told, else null", async () => {
    const broken = claudeCode.parse('{"hook_event_name":"PreToolUse","tool_name":"Bash","tool_input":{"command": oops}}');
    expect(broken.ok).toBe(false);
    const answer = await judgeEvent([loadHook("edit-review")], broken, { env: env(), cwd: project, backend: new MockBackend([]) });
    // edit-review's matcher leaves Bash out: no hook applies, so nothing is decided
    expect(answer).toMatchObject({ event: "PreToolUse", decision: { kind: "pass" }, decidedBy: "none", results: [] });
    expect(await judgeEvent([loadHook("stop-complete")], claudeCode.parse("not json"), { env: env(), cwd: project })).toBeNull();
  });

  it("plans the requests a dry run shows, sending none", () => {
    const plan = planJudgment([loadHook("stop-complete")], fixtureInput("stop", { cwd: project }), { env: env(), cwd: project, timeout: 7 });
    expect(plan).toMatchObject({ event: "Stop", broken: [], requests: [{ hook: "stop-complete", timeoutSeconds: 7 }] });
  });
});

describe("reviewBashCall", () => {
  const bash = (command: string) => ({ ...fixtureInput("pre-tool-use-bash", { cwd: project }), tool_input: { command } });

  it("rules decide the clear cases without a backend", async () => {
    const denied = await reviewBashCall(bash("rm -rf ~"), { env: env(), cwd: project, backend: new MockBackend([]) });
    expect(denied).toMatchObject({ event: "PreToolUse", decision: { kind: "block" }, decidedBy: expect.stringMatching(/^rule:/), outcomes: [] });
    const listed = await reviewBashCall(bash("ls -la"), { env: env(), cwd: project, passDecision: "allow" });
    expect(listed).toMatchObject({ decision: { kind: "pass", allow: true }, decidedBy: expect.stringMatching(/^rule:/) });
  });

  it("the ambiguous middle goes to the model, whose verdict is then cached", async () => {
    const options = { env: env(), cwd: project, backend: new MockBackend([{ verdict: { ok: true, reason: "a local build" } }]) };
    const first = await reviewBashCall(bash("make -C build all"), options);
    expect(first).toMatchObject({ decidedBy: "model", outcome: { kind: "verdict" } });
    expect(await reviewBashCall(bash("make -C build all"), options)).toMatchObject({ decidedBy: "cache" });
  });

  it("is null for anything but a Bash call", async () => {
    expect(await reviewBashCall(fixtureInput("pre-tool-use-edit", { cwd: project }), { env: env(), cwd: project })).toBeNull();
  });
});

describe("the loop's use cases", () => {
  it("start, Stop, status and cancel work on values", async () => {
    const where = { env: { ...env(), CLAUDE_PROJECT_DIR: project }, cwd: project };
    const { state } = await startLoop({ ...where, task: "make the tests pass", sessionId: "answer-session", maxIterations: 2 });
    expect((await listLoops(where)).loops.map((loop) => loop.id)).toEqual([state.id]);
    const stop = parse({ hook_event_name: "Stop", cwd: project, session_id: "answer-session", last_assistant_message: "working on it" });
    const blocked = await answerLoopStop(stop, where);
    expect(blocked).toMatchObject({ event: "Stop", decision: { kind: "block", reason: expect.stringContaining("make the tests pass") }, decidedBy: "loop", judged: true });
    expect((await cancelLoops({ ...where, all: true })).map((loop) => loop.id)).toEqual([state.id]);
    // no loop left: nothing to say
    const after = await answerLoopStop(stop, where);
    expect(after.decision).toEqual({ kind: "pass", source: "guard" });
    expect(claudeCode.output(after)).toEqual({ stdout: "", stderr: "", exitCode: 0 });
  });

  it("an unreadable Stop lets the agent stop with a visible message", async () => {
    const answer = await answerLoopStop(claudeCode.parse("{"), { env: env(), cwd: project });
    expect(answer).toMatchObject({ decision: { kind: "pass", systemMessage: expect.stringContaining("could not read the Stop event") }, judged: false });
    expect(answer.diagnostics).toHaveLength(1);
  });
});

describe("answerFailSafe", () => {
  it("asks on a Bash gate and denies a plainly destructive command read as text", () => {
    expect(answerFailSafe({ event: "PreToolUse", name: "review-command", code: "config", message: "broken" }).decision.kind).toBe("ask");
    const text = JSON.stringify({ hook_event_name: "PreToolUse", tool_name: "Bash", tool_input: { command: "rm -rf ~" } });
    expect(answerFailSafe({ event: "PreToolUse", name: "review-command", code: "config", message: "broken", text }).decision.kind).toBe("block");
  });
});
