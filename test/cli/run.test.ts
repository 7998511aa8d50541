import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { fixturePath, runCli, stateFolder, temporaryDirectory, testHome } from "../helpers/cli.js";
import { useCliSuite } from "../helpers/cli-suite.js";

const suite = useCliSuite();
const { env, input } = suite;
const run = suite.run;
const auditLines = () =>
  readFileSync(join(suite.state, "audit.jsonl"), "utf8")
    .trim()
    .split("\n")
    .map((line) => JSON.parse(line) as Record<string, unknown>);

describe("hookjudge run: each event's stdout and exit code", () => {
  it("Stop: a block is decision:block with the judge's reason", async () => {
    suite.fake.enqueue({ verdict: { ok: false, reason: "The README does not mention --verbose." } });
    const result = await run(["run", "stop-complete"], "stop");
    expect(result).toEqual({ code: 0, stdout: '{"decision":"block","reason":"The README does not mention --verbose."}\n', stderr: "" });
    const body = suite.fake.requests[0]!.body;
    const prompt = String(body.messages[0]!.content);
    expect(prompt).toContain("All done: I added the --verbose flag and the tests pass.");
    expect(prompt).toMatch(/\[turn \d+: user\]\n<turn-[0-9a-f]{12}>\nAdd a --verbose flag to the CLI/);
    expect(body.model).toBe("claude-haiku-4-5");
  });

  it("Stop: a pass prints nothing", async () => {
    suite.fake.enqueue({ verdict: { ok: true, reason: "Done." } });
    expect(await run(["run", "stop-complete"], "stop")).toEqual({ code: 0, stdout: "", stderr: "" });
  });

  it("Stop: impossible lets the agent stop with a message for the user", async () => {
    suite.fake.enqueue({ verdict: { ok: false, reason: "It needs production credentials.", impossible: true } });
    const result = await run(["run", "stop-complete"], "stop");
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual({
      systemMessage: expect.stringContaining("cannot be done in this session, so the agent may stop: It needs production credentials."),
    });
  });

  it("SubagentStop: a block keeps the subagent working", async () => {
    suite.fake.enqueue({ verdict: { ok: false, reason: "List the call sites' callers too." } });
    const result = await run(["run", "subagent-complete"], "subagent-stop");
    expect(JSON.parse(result.stdout)).toEqual({ decision: "block", reason: "List the call sites' callers too." });
    expect(String(suite.fake.requests[0]!.body.messages[0]!.content)).toContain("type: \n<data-");
  });

  it("PreToolUse: a deny carries the reason and never the hook's prompt", async () => {
    suite.fake.enqueue({ verdict: { ok: false, reason: "src/config.ts: the edit hard-codes an API key." } });
    const result = await run(["run", "edit-review"], "pre-tool-use-edit");
    expect(result.code).toBe(0);
    const output = JSON.parse(result.stdout);
    expect(output).toEqual({
      hookSpecificOutput: {
        hookEventName: "PreToolUse",
        permissionDecision: "deny",
        permissionDecisionReason: "src/config.ts: the edit hard-codes an API key.",
      },
    });
    expect(result.stdout).not.toContain("Review the change before it is made");
  });

  it("PreToolUse: a pass is no decision, unsure is ask, and pass-decision: allow answers allow", async () => {
    suite.fake.enqueue({ verdict: { ok: true, reason: "fine" } }, { verdict: { ok: true, reason: "cannot tell", unsure: true } }, { verdict: { ok: true, reason: "safe" } });
    expect((await run(["run", "edit-review"], "pre-tool-use-edit")).stdout).toBe("");
    expect(JSON.parse((await run(["run", "edit-review"], "pre-tool-use-edit")).stdout).hookSpecificOutput).toEqual({
      hookEventName: "PreToolUse",
      permissionDecision: "ask",
      permissionDecisionReason: "cannot tell",
    });
    expect(JSON.parse((await run(["run", fixturePath("hooks", "bash-allow.md")], "pre-tool-use-bash")).stdout)).toEqual({
      hookSpecificOutput: { hookEventName: "PreToolUse", permissionDecision: "allow" },
    });
  });

  it("PreToolUse: a hook whose matcher does not match prints nothing and calls no model", async () => {
    expect(await run(["run", "edit-review"], "pre-tool-use-bash")).toEqual({ code: 0, stdout: "", stderr: "" });
    expect(suite.fake.requests).toHaveLength(0);
  });

  it("PermissionRequest: deny as decision.behavior", async () => {
    suite.fake.enqueue({ verdict: { ok: false, reason: "Force-pushing main rewrites shared history." } });
    const result = await run(["run", fixturePath("hooks", "bash-allow.md")], "permission-request");
    expect(JSON.parse(result.stdout)).toEqual({
      hookSpecificOutput: { hookEventName: "PermissionRequest", decision: { behavior: "deny", message: "Force-pushing main rewrites shared history." } },
    });
  });

  it.each([
    ["UserPromptSubmit", "user-prompt-submit"],
    ["PostToolUse", "post-tool-use"],
  ])("%s: a block is decision:block", async (_event, fixture) => {
    suite.fake.enqueue({ verdict: { ok: false, reason: "No." } });
    const result = await run(["run", fixturePath("hooks", "any-event.md")], fixture);
    expect(result).toEqual({ code: 0, stdout: '{"decision":"block","reason":"No."}\n', stderr: "" });
  });

  it.each(["task-completed", "task-created", "teammate-idle", "post-tool-use-failure"])("%s: a block is exit 2 with the reason on stderr", async (fixture) => {
    suite.fake.enqueue({ verdict: { ok: false, reason: "The task is not finished: no tests." } });
    const result = await run(["run", fixturePath("hooks", "any-event.md")], fixture);
    expect(result).toEqual({ code: 2, stdout: "", stderr: "The task is not finished: no tests.\n" });
  });

  it("--output json prints the whole outcome for scripts", async () => {
    suite.fake.enqueue({ verdict: { ok: false, reason: "Not done." } });
    const result = await run(["run", "stop-complete", "--output", "json"], "stop");
    const output = JSON.parse(result.stdout);
    expect(output).toMatchObject({
      event: "Stop",
      decision: { kind: "block", reason: "Not done.", source: "verdict" },
      results: [{ hook: "stop-complete", outcome: { kind: "verdict", verdict: { ok: false, reason: "Not done." }, turns: 1, usage: { inputTokens: 120, outputTokens: 30 } } }],
    });
  });
});

describe("hookjudge run: failures are visible and never a verdict", () => {
  it("a hung model is cut at --timeout and the Stop goes ahead with the error named", async () => {
    suite.fake.enqueue({ hang: true });
    const result = await run(["run", "stop-complete", "--timeout=0.5"], "stop");
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual({ systemMessage: expect.stringMatching(/could not judge \(timeout\): no verdict within 0\.5 s.*letting it proceed/) });
    expect(result.stderr).toContain("timeout error");
  });

  it("a hung model on PreToolUse asks the user by default", async () => {
    suite.fake.enqueue({ hang: true });
    const result = await run(["run", "edit-review", "--timeout", "0.5"], "pre-tool-use-edit");
    const output = JSON.parse(result.stdout);
    expect(output.hookSpecificOutput.permissionDecision).toBe("ask");
    expect(output.systemMessage).toContain("(timeout)");
  });

  it("on-error: block blocks a Stop with a reason that says it is not a judgment", async () => {
    suite.fake.enqueue({ status: 500 }, { status: 500 }, { status: 500 });
    const result = await run(["run", fixturePath("hooks", "strict-stop.md")], "stop");
    const output = JSON.parse(result.stdout);
    expect(output.decision).toBe("block");
    expect(output.reason).toContain("could not run (api)");
    expect(output.reason).toContain("not a judgment of your work");
    expect(output.systemMessage).toContain("blocking (on-error: block)");
    expect(suite.fake.requests).toHaveLength(3);
  });

  it("stdin that is not JSON: the event's policy answers when the event can be told, with the input quoted", async () => {
    const result = await runCli(["run", "stop-complete"], { input: '{"hook_event_name":"Stop", "session_id": oops}', env: env() });
    expect(result.code).toBe(0);
    const output = JSON.parse(result.stdout);
    expect(output.systemMessage).toContain("could not judge (input)");
    expect(output.systemMessage).toContain("not valid JSON");
    expect(output.systemMessage).toContain("session_id\\\": oops");
    expect(suite.fake.requests).toHaveLength(0);
  });

  it("stdin that is not a hook event at all: exit 1 with a message on stderr and in systemMessage", async () => {
    const result = await runCli(["run", "stop-complete"], { input: "hello", env: env() });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("input error: the hook input on stdin is not valid JSON");
    expect(JSON.parse(result.stdout).systemMessage).toContain("could not run (input error)");
    const empty = await runCli(["run", "stop-complete"], { input: "", env: env() });
    expect(empty.code).toBe(1);
    expect(empty.stderr).toContain("received nothing");
  });

  it("a hook with an unknown variable is a config error naming file and line; no model is called", async () => {
    const result = await run(["run", fixturePath("hooks", "bad-variable.md")], "pre-tool-use-bash");
    const output = JSON.parse(result.stdout);
    expect(output.hookSpecificOutput.permissionDecision).toBe("ask");
    expect(output.systemMessage).toContain("could not judge (config)");
    expect(output.systemMessage).toContain("bad-variable.md:8: unknown variable $TOOL_OUTPUT");
    expect(suite.fake.requests).toHaveLength(0);
  });

  it("a missing API key is a clear config error naming ANTHROPIC_API_KEY", async () => {
    const result = await runCli(["run", "stop-complete"], { input: input("stop"), env: { ANTHROPIC_BASE_URL: suite.fake.url, HOOKJUDGE_HOME: suite.home } });
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout).systemMessage).toContain("(config): no Anthropic API key: set HOOKJUDGE_ANTHROPIC_API_KEY");
    expect(result.stderr).toContain("ANTHROPIC_API_KEY");
  });

  it("an unknown flag is an error named to the user, never prompt text", async () => {
    const result = await run(["run", "stop-complete", "--max-tokens=5"], "stop");
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout).systemMessage).toContain("could not judge (config): hookjudge run: Unknown option '--max-tokens'");
    expect(suite.fake.requests).toHaveLength(0);
    const interactive = await runCli(["run", "stop-complete", "--max-tokens=5"], { env: env() });
    expect(interactive.code).toBe(1);
    expect(interactive.stderr).toContain("Unknown option '--max-tokens'");
  });
});

// the block cap, several hooks and the stop_hook_active guard are tested in process:
// test/answer/judge-event.test.ts
describe("hookjudge run: bounds, several hooks, state", () => {
  it("sets a corrupt block-count file aside and says so", async () => {
    suite.fake.enqueue({ verdict: { ok: false, reason: "Not done." } }, { verdict: { ok: false, reason: "Not done." } });
    await run(["run", "stop-complete"], "stop", { patch: { stop_hook_active: false } });
    const files = readdirSync(join(suite.state, "sessions"));
    expect(files).toHaveLength(1);
    writeFileSync(join(suite.state, "sessions", files[0]!), "{not json");
    const result = await run(["run", "stop-complete"], "stop", { patch: { stop_hook_active: true } });
    const output = JSON.parse(result.stdout);
    expect(output.decision).toBe("block");
    expect(output.systemMessage).toContain("block count was corrupt");
    expect(readdirSync(join(suite.state, "sessions")).some((name) => name.includes(".corrupt-"))).toBe(true);
  });

  it("writes one audit line per decision and shows it with hookjudge log", async () => {
    suite.fake.enqueue({ verdict: { ok: false, reason: "Docs missing." } });
    await run(["run", "stop-complete"], "stop");
    const [line] = auditLines();
    expect(line).toMatchObject({
      session: "e8279a3e-dd78-4510-8e15-64cef0995b4c",
      event: "Stop",
      hook: "stop-complete",
      promptHash: expect.stringMatching(/^[0-9a-f]{16}$/),
      model: "claude-haiku-4-5",
      outcome: "verdict",
      ok: false,
      decision: "block",
      source: "verdict",
      reason: "Docs missing.",
      inputTokens: 120,
      outputTokens: 30,
      costUsd: 0.00027,
    });
    expect(typeof line!["latencyMs"]).toBe("number");
    expect(Date.parse(String(line!["time"]))).not.toBeNaN();
    const log = await runCli(["log"], { cwd: suite.project, env: { HOOKJUDGE_HOME: suite.home } });
    expect(log.code).toBe(0);
    expect(log.stdout.split("\n")[0]).toMatch(/^time\s+event\s+hook\s+decision\s+outcome\s+ms\s+tokens\s+reason$/);
    expect(log.stdout).toMatch(/Stop\s+stop-complete\s+block\s+verdict\s+\d+\s+150\s+Docs missing\./);
    const json = await runCli(["log", "--json", "--limit", "1"], { cwd: suite.project, env: { HOOKJUDGE_HOME: suite.home } });
    expect(JSON.parse(json.stdout).reason).toBe("Docs missing.");
  });

  it("keeps state under $XDG_STATE_HOME/hookjudge, else ~/.local/state/hookjudge, never in the project", async () => {
    const xdg = temporaryDirectory();
    suite.fake.enqueue({ verdict: { ok: true, reason: "Done." } }, { verdict: { ok: true, reason: "Done." } });
    await runCli(["run", "stop-complete"], { input: input("stop"), env: { ANTHROPIC_API_KEY: "test", ANTHROPIC_BASE_URL: suite.fake.url, XDG_STATE_HOME: xdg } });
    expect(existsSync(join(stateFolder(suite.project, { XDG_STATE_HOME: xdg }), "audit.jsonl"))).toBe(true);
    expect(stateFolder(suite.project, { XDG_STATE_HOME: xdg }).startsWith(join(xdg, "hookjudge", "projects") + "/")).toBe(true);
    await runCli(["run", "stop-complete"], { input: input("stop"), env: { ANTHROPIC_API_KEY: "test", ANTHROPIC_BASE_URL: suite.fake.url } });
    expect(existsSync(join(testHome(), ".local", "state", "hookjudge", "projects"))).toBe(true);
    expect(existsSync(join(stateFolder(suite.project), "audit.jsonl"))).toBe(true);
    expect(existsSync(join(suite.project, ".hookjudge"))).toBe(false);
  });

  it("from a subfolder (the agent cd-ed), finds a relative hook path, the config and the state folder of the project", async () => {
    mkdirSync(join(suite.project, ".git"));
    mkdirSync(join(suite.project, "hooks"));
    mkdirSync(join(suite.project, ".hookjudge"));
    writeFileSync(join(suite.project, ".hookjudge", "config.json"), JSON.stringify({ audit: { inputs: true } }));
    writeFileSync(join(suite.project, "hooks", "done.md"), readFileSync(fixturePath("hooks", "strict-stop.md"), "utf8"));
    const sub = join(suite.project, "src", "lib");
    mkdirSync(sub, { recursive: true });
    suite.fake.enqueue({ verdict: { ok: false, reason: "Not yet." } });
    const result = await runCli(["run", "hooks/done.md"], { cwd: sub, input: suite.input("stop", { cwd: sub }), env: suite.env() });
    expect(JSON.parse(result.stdout)).toEqual({ decision: "block", reason: "Not yet." });
    const line = JSON.parse(readFileSync(join(suite.state, "audit.jsonl"), "utf8").trim()) as { input?: { cwd: string } };
    expect(line.input?.cwd).toBe(sub);
    expect(readdirSync(join(suite.project, ".hookjudge"))).toEqual(["config.json"]);
  });

  it("--settings runs the prompt hooks whose event and matcher fit", async () => {
    suite.fake.enqueue({ verdict: { ok: false, reason: "Deletes the build folder." } });
    const result = await run(["run", "--settings", fixturePath("settings", "settings.json")], "pre-tool-use-bash");
    expect(JSON.parse(result.stdout).hookSpecificOutput.permissionDecisionReason).toBe("Deletes the build folder.");
    expect(suite.fake.requests).toHaveLength(1);
    expect(String(suite.fake.requests[0]!.body.messages[0]!.content)).toContain("Is this command safe? \n<data-");
  });

  it("a nested invocation (HOOKJUDGE_ACTIVE=1) passes at once", async () => {
    expect(await run(["run", "stop-complete"], "stop", { env: { HOOKJUDGE_ACTIVE: "1" } })).toEqual({ code: 0, stdout: "", stderr: "" });
    expect(suite.fake.requests).toHaveLength(0);
  });

  it("chooses the model: --model, then the hook's, then HOOKJUDGE_MODEL, then ANTHROPIC_DEFAULT_HAIKU_MODEL", async () => {
    const models = async (args: string[], extra: Record<string, string>) => {
      suite.fake.reset();
      await run(["run", ...args], "pre-tool-use-bash", { env: extra });
      return suite.fake.requests[0]!.body.model;
    };
    const settings = ["--settings", fixturePath("settings", "settings.json")];
    const any = [fixturePath("hooks", "any-event.md")];
    expect(await models([...any, "--model", "m-flag"], { HOOKJUDGE_MODEL: "m-env" })).toBe("m-flag");
    expect(await models(settings, { HOOKJUDGE_MODEL: "m-env" })).toBe("claude-haiku-4-5");
    expect(await models(any, { HOOKJUDGE_MODEL: "m-env", ANTHROPIC_DEFAULT_HAIKU_MODEL: "m-haiku" })).toBe("m-env");
    expect(await models(any, { ANTHROPIC_DEFAULT_HAIKU_MODEL: "m-haiku" })).toBe("m-haiku");
  });
});

describe("hookjudge run --dry-run", () => {
  it("prints the exact request and calls nothing, without a key", async () => {
    const result = await runCli(["run", "stop-complete", "--dry-run"], { input: input("stop"), env: { HOOKJUDGE_HOME: suite.home } });
    expect(result.code).toBe(0);
    const output = JSON.parse(result.stdout);
    expect(output.requests).toHaveLength(1);
    expect(output.requests[0]).toMatchObject({
      hook: "stop-complete",
      timeoutSeconds: 30,
      request: { model: "claude-haiku-4-5", max_tokens: 1024, temperature: 0, tool_choice: { type: "tool", name: "verdict" } },
    });
    expect(output.requests[0].request.messages[0].content).toContain("All done: I added the --verbose flag");
    expect(suite.fake.requests).toHaveLength(0);
    expect(existsSync(join(suite.state, "audit.jsonl"))).toBe(false);
  });
});
