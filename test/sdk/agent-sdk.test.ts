import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { startLoop } from "../../src/answer/loop-commands.js";
import type { Answer } from "../../src/answer/types.js";
import { HookJudgeError } from "../../src/errors.js";
import { createAgentSdkHooks, type AgentSdkHookOutput, type AgentSdkHooks, type AgentSdkHooksOptions } from "../../src/sdk/index.js";
import type { StateStore } from "../../src/store/store.js";
import { ROOT, temporaryDirectory } from "../helpers/cli.js";
import { startFakeModel, type FakeModel } from "../helpers/fake-model.js";

// The Agent SDK edge in process: the callbacks createAgentSdkHooks returns are called as the SDK
// calls them (Claude Code's hook input, a tool use id, { signal }), against a loopback Messages
// API for the judge. No SDK is needed: its input shapes are the captured fixtures.

const fixture = (name: string, patch: Record<string, unknown>) => ({ ...(JSON.parse(readFileSync(join(ROOT, "test", "fixtures", "runtimes", "agent-sdk", `${name}.json`), "utf8")) as Record<string, unknown>), ...patch });

let fake: FakeModel;
let project: string;
let env: Record<string, string>;
beforeAll(async () => {
  fake = await startFakeModel();
});
afterAll(() => fake.close());
beforeEach(() => {
  fake.reset();
  project = temporaryDirectory("hookjudge-sdk-project-");
  mkdirSync(join(project, ".git"));
  env = { HOOKJUDGE_ANTHROPIC_API_KEY: "test-key", ANTHROPIC_BASE_URL: fake.url, HOOKJUDGE_HOME: temporaryDirectory("hookjudge-sdk-home-"), HOME: temporaryDirectory("hookjudge-sdk-user-") };
});

const create = (options: AgentSdkHooksOptions) => createAgentSdkHooks({ env, cwd: project, ...options });
const bash = (command: string) => fixture("pre-tool-use", { cwd: project, tool_input: { command, description: "a command" } });
const stop = (message: string) => fixture("stop", { cwd: project, last_assistant_message: message });

/** Call every callback registered on the input's event whose matcher takes its tool, as the SDK would, and return their answers. */
async function call(hooks: AgentSdkHooks, input: Record<string, unknown>, signal = new AbortController().signal): Promise<AgentSdkHookOutput[]> {
  const entries = hooks[input["hook_event_name"] as keyof AgentSdkHooks] ?? [];
  const matching = entries.filter((entry) => entry.matcher === undefined || entry.matcher.split("|").includes(String(input["tool_name"])));
  return Promise.all(matching.flatMap((entry) => entry.hooks.map((callback) => callback(input as { hook_event_name: string }, "toolu_1", { signal }))));
}

describe("createAgentSdkHooks", () => {
  it("registers each hook on its events and tools, the gate on Bash and the loop on Stop, each with a timeout above the hook's own", () => {
    const hooks = create({ hooks: ["stop-complete", "edit-review"], reviewCommands: true, loop: true });
    expect(Object.keys(hooks).sort()).toEqual(["PreToolUse", "Stop"]);
    expect(hooks.PreToolUse!.map((entry) => [entry.matcher, entry.timeout])).toEqual([
      ["Edit|Write|MultiEdit", 35],
      ["Bash", 35],
    ]);
    expect(hooks.Stop!.map((entry) => [entry.matcher, entry.timeout])).toEqual([
      [undefined, 35],
      [undefined, 185],
    ]);
    expect(create({})).toEqual({});
  });

  it("a hook that cannot be loaded is a config error at creation, naming it", () => {
    let error: unknown;
    try {
      create({ hooks: ["no-such-hook.md"] });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(HookJudgeError);
    expect(error).toMatchObject({ code: "config", message: expect.stringContaining("no-such-hook.md") });
  });

  it("denies a destructive Bash call by rule, without asking the model", async () => {
    const answers: Answer[] = [];
    const hooks = create({ reviewCommands: true, onAnswer: (answer) => answers.push(answer) });
    const [output] = await call(hooks, bash("rm -rf ~"));
    expect(output).toEqual({ hookSpecificOutput: { hookEventName: "PreToolUse", permissionDecision: "deny", permissionDecisionReason: expect.stringContaining("hookjudge") } });
    expect(fake.requests).toHaveLength(0);
    expect(answers).toMatchObject([{ event: "PreToolUse", decidedBy: expect.stringMatching(/^rule:/) }]);
  });

  it("sends an ambiguous Bash call to the model, and answers with its verdict", async () => {
    fake.enqueue({ verdict: { ok: false, reason: "the script drops the production tables" } });
    const hooks = create({ reviewCommands: true });
    const [output] = await call(hooks, bash("python3 scripts/migrate.py"));
    expect(output).toEqual({ hookSpecificOutput: { hookEventName: "PreToolUse", permissionDecision: "deny", permissionDecisionReason: expect.stringContaining("the script drops the production tables") } });
    expect(fake.requests).toHaveLength(1);
    expect(JSON.stringify(fake.requests[0]!.body.messages)).toContain("python3 scripts/migrate.py");
    // a verdict that lets it run makes no decision: the SDK's own permission flow goes on
    fake.enqueue({ verdict: { ok: true, reason: "a local script" } });
    expect(await call(hooks, bash("python3 scripts/other.py"))).toEqual([{}]);
  });

  it("blocks a Stop with the judge's reason, and lets the next one through when the judge is satisfied", async () => {
    const hooks = create({ hooks: ["stop-complete"] });
    fake.enqueue({ verdict: { ok: false, reason: "The tests were never run." } }, { verdict: { ok: true, reason: "done" } });
    expect(await call(hooks, stop("All done."))).toEqual([{ decision: "block", reason: "The tests were never run." }]);
    expect(JSON.stringify(fake.requests[0]!.body.messages)).toContain("All done.");
    expect(await call(hooks, { ...stop("Tests pass now."), stop_hook_active: true })).toEqual([{}]);
  });

  it("a loop's Stop feeds its task back", async () => {
    await startLoop({ env, cwd: project, task: "Make the parser handle empty input.", sessionId: String(stop("")["session_id"]), completionPromise: "DONE" });
    const [output] = await call(create({ loop: true }), stop("Still working."));
    expect(output).toMatchObject({ decision: "block", reason: expect.stringContaining("Make the parser handle empty input.") });
  });

  it("a judge error is the failure policy's answer: the gate asks, a Stop passes with a message", async () => {
    fake.enqueue({ status: 400, errorMessage: "bad request" }, { status: 400, errorMessage: "bad request" });
    const [gate] = await call(create({ reviewCommands: true }), bash("python3 scripts/migrate.py"));
    expect(gate).toMatchObject({ hookSpecificOutput: { permissionDecision: "ask" }, systemMessage: expect.stringContaining("api") });
    const [stopped] = await call(create({ hooks: ["stop-complete"] }), stop("All done."));
    expect(stopped).toEqual({ systemMessage: expect.stringContaining("api") });
  });

  it("never throws: an error thrown inside a callback becomes the failure policy's answer", async () => {
    const answers: Answer[] = [];
    // an input the callback cannot even serialise (the SDK would let the call run if it threw)
    const unreadable = { ...bash("rm -rf ~"), tool_input: { command: "rm -rf ~", size: 1n } };
    const [gate] = await call(create({ reviewCommands: true, onAnswer: (answer) => answers.push(answer) }), unreadable);
    expect(gate).toMatchObject({ hookSpecificOutput: { hookEventName: "PreToolUse", permissionDecision: "ask", permissionDecisionReason: expect.stringContaining("BigInt") } });
    expect(answers).toMatchObject([{ decidedBy: "error", judged: false, diagnostics: [expect.stringContaining("TypeError")] }]);
    // a store that fails under the Stop block cap
    const broken = new Proxy({} as StateStore, {
      get: () => () => {
        throw new Error("store unavailable");
      },
    });
    fake.enqueue({ verdict: { ok: false, reason: "not yet" } });
    const [stopped] = await call(create({ hooks: ["stop-complete"], store: broken, onAnswer: () => {
      throw new Error("an observer that throws changes nothing");
    } }), stop("All done."));
    expect(stopped).toMatchObject({ systemMessage: expect.stringContaining("store unavailable") });
  });

  it("the SDK's signal ends the judgment: the model call is aborted and the failure policy answers", async () => {
    const hook = join(project, "slow-stop.md");
    writeFileSync(hook, "---\nevents: [Stop]\ntimeout: 600\n---\nHas the agent finished? $LAST_ASSISTANT_MESSAGE\n");
    fake.enqueue({ hang: true });
    const controller = new AbortController();
    const pending = call(create({ hooks: [hook] }), stop("All done."), controller.signal);
    await vi.waitFor(() => expect(fake.requests).toHaveLength(1));
    controller.abort();
    const [output] = await pending;
    expect(output).toEqual({ systemMessage: expect.stringMatching(/slow-stop/) });
    await vi.waitFor(() => expect(fake.abortedRequests()).toBe(1));
  });

  it("a process hookjudge itself started judges nothing", async () => {
    const hooks = createAgentSdkHooks({ env: { ...env, HOOKJUDGE_ACTIVE: "1" }, cwd: project, reviewCommands: true });
    expect(await call(hooks, bash("rm -rf ~"))).toEqual([{}]);
  });
});
