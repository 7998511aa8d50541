import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createAnthropicBackend } from "../../src/backends/anthropic.js";
import { planRequests, runHook } from "../../src/executor/run-hooks.js";
import type { HookInput } from "../../src/hook/input.js";
import { loadHook } from "../../src/hook/load.js";
import { temporaryDirectory } from "../helpers/cli.js";
import { startFakeModel, type FakeModel, type FakeReply } from "../helpers/fake-model.js";
import { fixtureProject } from "../helpers/project.js";

// votes and escalation through the executor, the real SDK and a loopback Messages API
let fake: FakeModel;
beforeAll(async () => {
  fake = await startFakeModel();
});
afterAll(() => fake.close());
beforeEach(() => fake.reset());

const backend = (model: string) => createAnthropicBackend({ model, apiKey: "test", baseURL: fake.url, maxRetries: 0 });
function hookFile(front: string, body = "Has the agent finished? $LAST_ASSISTANT_MESSAGE"): string {
  const file = join(temporaryDirectory(), "judge.md");
  writeFileSync(file, `---\n${front}\n---\n${body}\n`);
  return file;
}
const stop = (cwd: string): HookInput => ({ hook_event_name: "Stop", session_id: "votes", cwd, stop_hook_active: false, last_assistant_message: "Done: tests pass." });
const bash = (cwd: string): HookInput => ({ hook_event_name: "PreToolUse", session_id: "votes", cwd, tool_name: "Bash", tool_input: { command: "make deploy" } });
const audit = (state: string) => readFileSync(join(state, "audit.jsonl"), "utf8").trim().split("\n").map((line) => JSON.parse(line));

describe("votes in the executor", () => {
  it("votes: 3 with agreeing judges makes two requests and records both votes", async () => {
    const state = temporaryDirectory();
    fake.enqueue({ verdict: { ok: true, reason: "finished" } }, { verdict: { ok: true, reason: "finished" } });
    const result = await runHook(loadHook(hookFile("votes: 3\nmax-blocks: 0")), stop(temporaryDirectory()), { backend, stateDir: state });
    expect(fake.requests).toHaveLength(2);
    expect(result.decision).toMatchObject({ kind: "pass" });
    expect(result.results[0]!.outcome).toMatchObject({ kind: "verdict", turns: 2, usage: { inputTokens: 240 } });
    expect(audit(state)[0]).toMatchObject({ turns: 2, votes: [{ outcome: "verdict", ok: true }, { outcome: "verdict", ok: true }] });
  });

  it("a split Stop vote goes to a third judgment, whose side blocks", async () => {
    fake.enqueue({ verdict: { ok: true, reason: "finished" } }, { verdict: { ok: false, reason: "tests were not run" } }, { verdict: { ok: false, reason: "no test output" } });
    const result = await runHook(loadHook(hookFile("votes: 3\nmax-blocks: 0")), stop(temporaryDirectory()), { backend, stateDir: false });
    expect(fake.requests).toHaveLength(3);
    expect(result.decision).toMatchObject({ kind: "block" });
    expect(result.decision.kind === "block" && result.decision.reason).toContain("tests were not run");
  });

  it("--votes overrides the hook's votes", async () => {
    fake.enqueue({ verdict: { ok: false, reason: "no" } }, { verdict: { ok: false, reason: "no" } });
    await runHook(loadHook(hookFile("max-blocks: 0")), stop(temporaryDirectory()), { backend, stateDir: false, votes: 3 });
    expect(fake.requests).toHaveLength(2);
  });

  it("unsure votes on a Bash gate ask the user", async () => {
    const unsure = { verdict: { ok: true, reason: "cannot tell what deploy does", unsure: true } };
    fake.enqueue(unsure, unsure);
    const result = await runHook(loadHook(hookFile("votes: 3\nevents: [PreToolUse]", "Is this safe? $TOOL_INPUT")), bash(temporaryDirectory()), { backend, stateDir: false });
    expect(result.decision).toMatchObject({ kind: "ask" });
  });
});

describe("escalation in the executor", () => {
  it("an unsure verdict sends the event to the escalate model, whose verdict decides", async () => {
    const state = temporaryDirectory();
    fake.enqueue({ verdict: { ok: true, reason: "cannot tell", unsure: true } }, { verdict: { ok: false, reason: "the summary claims tests pass but none ran" } });
    const result = await runHook(loadHook(hookFile("escalate: [claude-sonnet-4-5]\nmax-blocks: 0")), stop(temporaryDirectory()), { backend, stateDir: state });
    expect(fake.requests.map((request) => request.body.model)).toEqual(["claude-haiku-4-5", "claude-sonnet-4-5"]);
    expect(fake.requests[1]!.body.messages).toEqual(fake.requests[0]!.body.messages);
    expect(result.decision).toMatchObject({ kind: "block", reason: expect.stringContaining("none ran") });
    expect(audit(state)[0]).toMatchObject({ model: "claude-sonnet-4-5", rungs: [{ name: "claude-haiku-4-5", unsure: true }, { name: "claude-sonnet-4-5", ok: false }] });
  });

  it("a sure first verdict never climbs", async () => {
    fake.enqueue({ verdict: { ok: true, reason: "finished" } });
    await runHook(loadHook(hookFile("escalate: [claude-sonnet-4-5]")), stop(temporaryDirectory()), { backend, stateDir: false });
    expect(fake.requests).toHaveLength(1);
  });

  it("split votes escalate to an agent verifier (a hook rung), which reads the project before its verdict", async () => {
    const { root } = fixtureProject();
    fake.enqueue(
      { verdict: { ok: true, reason: "finished" } },
      { verdict: { ok: false, reason: "not finished" } },
      { verdict: { ok: true, reason: "finished" } },
      { content: [{ type: "tool_use", id: "toolu_read1", name: "Read", input: { file_path: "src/flags.ts", limit: 3 } }], stopReason: "tool_use" },
      { verdict: { ok: true, reason: "src/flags.ts has the change" } },
    );
    const result = await runHook(loadHook(hookFile("votes: 3\nescalate: [stop-verify]\nmax-blocks: 0")), stop(root), { backend, stateDir: false });
    expect(fake.requests).toHaveLength(5);
    // the agent rung offers its tools
    expect(fake.requests[3]!.body.tools!.map((tool) => tool.name)).toContain("Read");
    expect(result.decision).toMatchObject({ kind: "pass" });
    expect(result.results[0]!.outcome).toMatchObject({ kind: "verdict", verdict: { reason: "src/flags.ts has the change" }, rungs: [{ name: "claude-haiku-4-5 ×3" }, { name: "stop-verify" }] });
  });

  it("the whole ladder stays inside the hook's timeout", async () => {
    fake.enqueue({ hang: true } as FakeReply);
    const result = await runHook(loadHook(hookFile("timeout: 1\nescalate: [claude-sonnet-4-5]\non-error: block\nmax-blocks: 0")), stop(temporaryDirectory()), { backend, stateDir: false });
    expect(result.results[0]!.outcome).toMatchObject({ kind: "error", code: "timeout" });
    expect(fake.requests).toHaveLength(1);
    expect(result.decision).toMatchObject({ kind: "block" });
  });

  it("a rung that cannot be loaded is a config error before any request", async () => {
    const result = await runHook(loadHook(hookFile("escalate: [./missing-hook.md]")), stop(temporaryDirectory()), { backend, stateDir: false });
    expect(result.results[0]!.outcome).toMatchObject({ kind: "error", code: "config" });
    expect(fake.requests).toHaveLength(0);
  });

  it("--dry-run's plan shows the votes and the ladder", () => {
    const plan = planRequests([loadHook(hookFile("votes: 5\nescalate: [claude-sonnet-4-5, stop-verify]"))], stop(temporaryDirectory()));
    expect(plan[0]).toMatchObject({ votes: 5, escalate: ["claude-sonnet-4-5", "stop-verify"] });
  });
});
