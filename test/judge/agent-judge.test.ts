import { execFileSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createAnthropicBackend } from "../../src/backends/anthropic.js";
import { runHook } from "../../src/executor/run-hooks.js";
import { loadHook } from "../../src/hook/load.js";
import type { HookInput } from "../../src/hook/input.js";
import { fixturePath, temporaryDirectory } from "../helpers/cli.js";
import { startFakeModel, type FakeModel, type FakeReply } from "../helpers/fake-model.js";
import { fixtureProject } from "../helpers/project.js";

let fake: FakeModel;
beforeAll(async () => {
  fake = await startFakeModel();
});
afterAll(() => fake.close());
beforeEach(() => fake.reset());

const hook = loadHook(fixturePath("hooks", "verify-flags.md"));
const tool = (name: string, input: Record<string, unknown>, id = `toolu_${name}_${Math.random().toString(36).slice(2, 8)}`): FakeReply => ({
  content: [{ type: "tool_use", id, name, input }],
  stopReason: "tool_use",
});
const backend = () => createAnthropicBackend({ model: "claude-haiku-4-5", apiKey: "test", baseURL: fake.url });
const stopIn = (root: string): HookInput => ({
  hook_event_name: "Stop",
  session_id: "agent-test",
  cwd: root,
  stop_hook_active: false,
  last_assistant_message: "I added the --verbose flag in src/flags.ts.",
});
/** The tool results the verifier sent back in request `index`. */
const toolResults = (index: number) => {
  const last = fake.requests[index]!.body.messages.at(-1)!;
  return last.content as Array<{ type: string; tool_use_id: string; content: string; is_error?: boolean }>;
};

describe("the verifier loop, against a scripted loopback model", () => {
  it("Read → Grep → a verdict that cites a real line", async () => {
    const { root } = fixtureProject();
    const state = temporaryDirectory();
    fake.enqueue(
      tool("Read", { file_path: "src/flags.ts", offset: 9, limit: 1 }),
      tool("Grep", { pattern: "--verbose", path: "src", output_mode: "content" }),
      { verdict: { ok: true, reason: 'src/flags.ts:9 sets flags.verbose on "--verbose".' } },
    );
    const result = await runHook(hook, stopIn(root), { backend: backend(), stateDir: state });
    expect(result.decision).toEqual({ kind: "pass", source: "verdict" });
    const outcome = result.results[0]!.outcome!;
    expect(outcome).toMatchObject({ kind: "verdict", turns: 3, toolCalls: 2, trace: { endReason: "verdict" } });
    // what the tools returned is what the model saw, and the cited line is really there
    expect(toolResults(1)[0]!.content).toBe('     9\t    if (argument === "--verbose") flags.verbose = true;\n[4 more lines: read on with offset 10]');
    expect(toolResults(2)[0]!.content).toBe('src/flags.ts:9:    if (argument === "--verbose") flags.verbose = true;');
    expect(readFileSync(join(root, "src/flags.ts"), "utf8").split("\n")[8]).toContain('"--verbose"');
    // the first request offers the tools and lets the model choose
    const first = fake.requests[0]!.body;
    expect(first.tools!.map((entry) => entry.name)).toEqual(["Read", "Grep", "Glob", "Bash", "verdict"]);
    expect(first.tool_choice).toEqual({ type: "auto" });
    expect(first.system).toContain(`The project root is ${root}`);
    // the audit line records the run
    const audit = JSON.parse(readFileSync(join(state, "audit.jsonl"), "utf8").trim());
    expect(audit).toMatchObject({
      turns: 3,
      endReason: "verdict",
      toolCalls: [
        { name: "Read", summary: "src/flags.ts:9 (1 lines)", isError: false, bytes: expect.any(Number), durationMs: expect.any(Number) },
        { name: "Grep", summary: "/--verbose/ in src", isError: false },
      ],
    });
  });

  it("returns a bad tool call as an is_error result and goes on", async () => {
    const { root } = fixtureProject();
    fake.enqueue(
      tool("Read", { file_path: "../outside/secret.txt" }),
      tool("Read", { path: "src/flags.ts" }),
      tool("Write", { file_path: "x" }),
      { verdict: { ok: false, reason: "No evidence of the flag." } },
    );
    const result = await runHook(hook, stopIn(root), { backend: backend(), stateDir: false });
    expect(result.decision).toMatchObject({ kind: "block", reason: "No evidence of the flag." });
    expect(toolResults(1)[0]).toMatchObject({ is_error: true, content: expect.stringContaining("refused: ../outside/secret.txt is outside the project root") });
    expect(toolResults(2)[0]).toMatchObject({ is_error: true, content: expect.stringContaining("invalid input") });
    expect(toolResults(3)[0]).toMatchObject({ is_error: true, content: "there is no tool named Write; the tools are the ones listed" });
    expect(result.results[0]!.outcome!.trace!.calls.map((entry) => entry.isError)).toEqual([true, true, true]);
  });

  it("reminds a verifier that stops without a verdict, then gives a no-verdict error", async () => {
    const { root } = fixtureProject();
    fake.enqueue({ text: "I looked around; it seems fine." }, { text: "Really, it is fine." });
    const result = await runHook(hook, stopIn(root), { backend: backend(), stateDir: false });
    expect(result.results[0]!.outcome).toMatchObject({ kind: "error", code: "no-verdict", turns: 2, trace: { endReason: "no-verdict" } });
    expect(result.decision).toMatchObject({ kind: "pass", source: "error" });
    expect(result.decision.systemMessage).toContain("could not judge (no-verdict)");
    const reminder = fake.requests[1]!.body;
    expect(reminder.tool_choice).toEqual({ type: "tool", name: "verdict" });
    expect(JSON.stringify(reminder.messages.at(-1))).toContain("You stopped without a verdict");
  });

  it("accepts a verdict given as exactly one JSON object in text", async () => {
    const { root } = fixtureProject();
    fake.enqueue({ text: '{"ok": true, "reason": "src/flags.ts:9 handles --verbose."}' });
    const result = await runHook(hook, stopIn(root), { backend: backend(), stateDir: false });
    expect(result.results[0]!.outcome).toMatchObject({ kind: "verdict", verdict: { ok: true } });
  });

  it("ends at max-turns with an error named after the bound; the last turn forces the verdict", async () => {
    const { root } = fixtureProject();
    const glob = tool("Glob", { pattern: "**/*.ts" });
    fake.enqueue(glob, glob, glob, glob, glob, glob, glob);
    const result = await runHook({ ...hook, maxTurns: 3 }, stopIn(root), { backend: backend(), stateDir: false });
    expect(result.results[0]!.outcome).toMatchObject({ kind: "error", code: "max-turns", turns: 3 });
    expect(fake.requests).toHaveLength(3);
    expect(fake.requests.map((request) => (request.body.tool_choice as { type: string }).type)).toEqual(["auto", "auto", "tool"]);
  });

  it("ends on the token budget", async () => {
    const { root } = fixtureProject();
    fake.enqueue({ ...tool("Glob", { pattern: "*" }), usage: { input_tokens: 900, output_tokens: 200 } });
    const result = await runHook({ ...hook, tokenBudget: 1000 }, stopIn(root), { backend: backend(), stateDir: false });
    expect(result.results[0]!.outcome).toMatchObject({ kind: "error", code: "budget", message: expect.stringContaining("1100 tokens, over its budget of 1000") });
  });

  it("refuses commands that are not one allowed simple command, and runs the allowed one", async () => {
    const { root } = fixtureProject();
    fake.enqueue(
      tool("Bash", { command: "npm test" }),
      tool("Bash", { command: "node test/flags.test.js; rm -rf src" }),
      tool("Bash", { command: "node test/flags.test.js $(whoami)" }),
      tool("Bash", { command: "node test/flags.test.js" }),
      { verdict: { ok: true, reason: "node test/flags.test.js: 3 passed, 0 failed." } },
    );
    const result = await runHook(hook, stopIn(root), { backend: backend(), stateDir: false });
    expect(result.results[0]!.outcome).toMatchObject({ kind: "verdict" });
    expect(toolResults(1)[0]).toMatchObject({ is_error: true, content: expect.stringContaining("is not an allowed command") });
    expect(toolResults(2)[0]).toMatchObject({ is_error: true, content: expect.stringContaining("only one command") });
    expect(toolResults(3)[0]).toMatchObject({ is_error: true, content: expect.stringContaining("command substitution") });
    expect(toolResults(4)[0]!.content).toBe("$ node test/flags.test.js\nexit code 0\nflags: 3 passed, 0 failed");
    expect(readFileSync(join(root, "src/flags.ts"), "utf8")).toContain("parseFlags");
  });

  it("a timeout during a slow allowed command ends the run and leaves no process behind", async () => {
    const { root } = fixtureProject();
    // the command starts a grandchild in the background too: the whole group must go
    const marker = `hookjudge-sleep-${process.pid}-${Date.now()}`;
    writeFileSync(join(root, "slow.js"), `require("child_process").spawn("sleep", ["30"], { stdio: "ignore", argv0: "${marker}" }); setTimeout(() => {}, 60000);\n`);
    fake.enqueue(tool("Bash", { command: "node slow.js" }), { verdict: { ok: true, reason: "too late" } });
    const slow = { ...hook, allowCommands: ["node slow.js"] };
    const result = await runHook(slow, stopIn(root), { backend: backend(), stateDir: false, timeout: 1 });
    expect(result.results[0]!.outcome).toMatchObject({ kind: "error", code: "timeout" });
    expect(fake.requests).toHaveLength(1);
    await expect.poll(() => execFileSync("ps", ["-eo", "args"], { encoding: "utf8" }).split("\n").filter((line) => line.includes(marker) || line.includes("node slow.js"))).toEqual([]);
  });
});
