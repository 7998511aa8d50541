import { hostname } from "node:os";
import { existsSync, mkdirSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { fixturePath, runCli, stateFolder, temporaryDirectory, type CliResult } from "../helpers/cli.js";
import { readFileSync } from "node:fs";
import { startFakeModel, type FakeModel } from "../helpers/fake-model.js";

let fake: FakeModel;
let project: string;
beforeAll(async () => {
  fake = await startFakeModel();
});
afterAll(() => fake.close());
beforeEach(() => {
  fake.reset();
  project = temporaryDirectory();
});

const env = (extra: Record<string, string> = {}) => ({ ANTHROPIC_API_KEY: "test", ANTHROPIC_BASE_URL: fake.url, ...extra });
const loop = (args: string[], extra: Record<string, string> = {}) => runCli(["loop", ...args], { cwd: project, env: env(extra) });
const TASK = "Make the parser handle empty input.";
/** One Stop event of `session`, whose agent ended with `message`. */
const stop = (session: string, message: string, stopHookActive = true): Promise<CliResult> =>
  runCli(["loop", "stop-hook"], {
    cwd: project,
    env: env(),
    input: JSON.stringify({ hook_event_name: "Stop", session_id: session, cwd: project, stop_hook_active: stopHookActive, last_assistant_message: message }),
  });
const decision = (result: CliResult) => (result.stdout === "" ? null : (JSON.parse(result.stdout) as { decision?: string; reason?: string; systemMessage?: string }));
const status = async () => (await loop(["status", "--json"])).stdout.trim().split("\n").filter(Boolean).map((line) => JSON.parse(line));

describe("hookjudge loop start", () => {
  it("arms a loop with a finite default cap and prints what it armed", async () => {
    const result = await loop(["start", TASK, "--session-id", "s1"]);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("iterations:  at most 20");
    expect(result.stdout).toContain("promise:     <promise>DONE</promise>");
    expect(await status()).toMatchObject([{ task: TASK, sessionId: "s1", maxIterations: 20, iteration: 0, completionPromise: "DONE", verify: null }]);
  });

  it("parses --flag=N and --flag N alike, decimal, and 0 means no limit only when asked", async () => {
    await loop(["start", TASK, "--max-iterations=3", "--session-id=a"]);
    await loop(["start", TASK, "--max-iterations", "08", "--session-id", "b"]);
    await loop(["start", TASK, "--max-iterations", "0", "--session-id", "c"]);
    expect((await status()).map((state: { maxIterations: number }) => state.maxIterations).sort()).toEqual([0, 3, 8]);
  });

  it("refuses an unknown flag instead of taking it as prompt text, and arms nothing", async () => {
    const result = await loop(["start", TASK, "--max-iteration=3"]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("Unknown option '--max-iteration'");
    expect(await status()).toEqual([]);
    const split = await loop(["start", "make", "it", "work"]);
    expect(split.stderr).toContain("give the task as one quoted argument");
  });

  it("refuses a second loop for the same session and a verifier that does not load", async () => {
    await loop(["start", TASK, "--session-id", "s1"]);
    expect((await loop(["start", TASK, "--session-id", "s1"])).stderr).toContain("already has loop");
    const bad = await loop(["start", TASK, "--session-id", "s2", "--verify", fixturePath("hooks", "bad-variable.md")]);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain("unknown variable $TOOL_OUTPUT");
  });
});

// the Stop logic itself (promise, budgets, stagnation, verifier errors) is tested in process:
// test/answer/loop-stop.test.ts
describe("hookjudge loop stop-hook", () => {
  it("feeds the task back until the promise, which ends the loop (no verifier)", async () => {
    await loop(["start", TASK, "--session-id", "s1"]);
    const first = decision(await stop("s1", "I started on the parser.", false));
    expect(first).toMatchObject({ decision: "block", systemMessage: "hookjudge loop " + (await status())[0].id + ": iteration 1 of 20" });
    expect(first!.reason).toContain(TASK);
    expect(first!.reason).toContain("iteration 1 of 20");
    expect(first!.reason).toContain("<promise>DONE</promise>");
    expect(decision(await stop("s1", "Handled most cases."))!.decision).toBe("block");
    const third = decision(await stop("s1", "All cases handled and tested.\n\n<promise>DONE</promise>\n"));
    expect(third).toEqual({ systemMessage: expect.stringMatching(/done after 2 iterations, .* <promise>DONE<\/promise> promised \(no verifier configured\)/) });
    expect(await status()).toEqual([]);
    expect(await stop("s1", "anything")).toEqual({ code: 0, stdout: "", stderr: "" });
  });

  it("with --verify: a rejection feeds the reason back, a confirmation ends the loop", async () => {
    await loop(["start", TASK, "--session-id", "s1", "--verify", fixturePath("hooks", "loop-verify.md")]);
    fake.enqueue({ verdict: { ok: false, reason: "parse('') still throws (test/parse.test.ts:12)." } }, { verdict: { ok: true, reason: "test/parse.test.ts passes." } });
    const rejected = decision(await stop("s1", "Done.\n<promise>DONE</promise>"));
    expect(rejected!.decision).toBe("block");
    expect(rejected!.reason).toContain(TASK);
    expect(rejected!.reason).toContain("not confirmed: parse('') still throws (test/parse.test.ts:12).");
    const prompt = String(fake.requests[0]!.body.messages[0]!.content);
    expect(prompt).toContain(TASK);
    expect(prompt).toMatch(/iteration \n<data-\w+>\n0\n/);
    const confirmed = decision(await stop("s1", "Fixed.\n<promise>DONE</promise>"));
    expect(confirmed).toEqual({ systemMessage: expect.stringContaining("done after 1 iteration") });
    expect(confirmed!.systemMessage).toContain("confirmed by");
    expect(fake.requests).toHaveLength(2);
  });

  it("keeps two sessions' loops apart, and ignores sessions without a loop", async () => {
    await loop(["start", "Task A", "--session-id", "A"]);
    await loop(["start", "Task B", "--session-id", "B"]);
    expect(decision(await stop("A", "a1"))!.reason).toContain("Task A");
    expect(decision(await stop("B", "b1"))!.reason).toContain("Task B");
    expect(decision(await stop("A", "a2"))!.reason).toContain("iteration 2 of 20");
    expect(await stop("C", "c1")).toEqual({ code: 0, stdout: "", stderr: "" });
    const states = await status();
    expect(Object.fromEntries(states.map((state: { sessionId: string; iteration: number }) => [state.sessionId, state.iteration]))).toEqual({ A: 2, B: 1 });
  });

  it("a loop armed without a session is claimed by the first session that stops, and ignored by others", async () => {
    await loop(["start", TASK]);
    expect((await status())[0].sessionId).toBeNull();
    expect(decision(await stop("first", "w"))!.decision).toBe("block");
    expect(await stop("second", "w")).toEqual({ code: 0, stdout: "", stderr: "" });
    expect((await status())[0]).toMatchObject({ sessionId: "first", iteration: 1 });
  });

  it("counts exactly under 20 concurrent Stop hooks", async () => {
    await loop(["start", TASK, "--session-id", "s1", "--max-iterations", "50"]);
    const results = await Promise.all(Array.from({ length: 20 }, () => stop("s1", "working")));
    expect(results.every((result) => decision(result)!.decision === "block")).toBe(true);
    expect((await status())[0].iteration).toBe(20);
  });

  it("sets a corrupt state file aside with a clear message and lets the agent stop", async () => {
    await loop(["start", TASK, "--session-id", "s1"]);
    const dir = join(stateFolder(project), "loops");
    const file = readdirSync(dir).find((name) => name.endsWith(".json"))!;
    writeFileSync(join(dir, file), '{"version": 1, "task": ');
    const result = decision(await stop("s1", "working"));
    expect(result).toEqual({ systemMessage: expect.stringContaining("was corrupt") });
    expect(readdirSync(dir).some((name) => name.includes(".corrupt-"))).toBe(true);
    expect(await stop("s1", "working")).toEqual({ code: 0, stdout: "", stderr: "" });
  });
});

describe("hookjudge loop in the audit log", () => {
  it("a loop's start and every Stop it answers are audit lines, so hookjudge log shows its blocks and its end", async () => {
    await loop(["start", TASK, "--session-id", "s1", "--max-iterations", "1"]);
    await stop("s1", "working on it", false);
    await stop("s1", "still working");
    await stop("other-session", "no loop here");
    const log = await runCli(["log", "--json"], { cwd: project, env: env() });
    const lines = log.stdout.trim().split("\n").map((line) => JSON.parse(line));
    expect(lines).toMatchObject([
      { event: "loop start", hook: "loop", session: "s1", decision: "start", reason: expect.stringMatching(/^loop \S+ armed: Make the parser handle empty input\. \(at most 1 iterations, promise <promise>DONE<\/promise>\)$/) },
      { event: "Stop", hook: "loop", session: "s1", decision: "block", outcome: "loop", decidedBy: "loop", reason: expect.stringMatching(/^\[hookjudge loop \S+ · iteration 1 of 1/) },
      { hook: "loop", session: "s1", decision: "pass", reason: expect.stringContaining("the iteration budget (1) is spent") },
    ]);
    expect(lines).toHaveLength(3);
  });
});

describe("hookjudge loop status and cancel", () => {
  // loop commands with a state folder of the test's own (start, status and cancel only)
  const isolated = () => {
    const home = temporaryDirectory();
    const inHome = (args: string[], extra: Record<string, string> = {}) => loop(args, { HOOKJUDGE_HOME: home, ...extra });
    const inHomeStatus = async () => (await inHome(["status", "--json"])).stdout.trim().split("\n").filter(Boolean).map((line) => JSON.parse(line));
    return { loop: inHome, status: inHomeStatus };
  };

  it("shows a table and cancels by session, by id, or all", async () => {
    await loop(["start", "Task A", "--session-id", "A"]);
    await loop(["start", "Task B", "--session-id", "B", "--max-iterations", "0"]);
    await stop("A", "w");
    const table = (await loop(["status"])).stdout;
    expect(table.split("\n")[0]).toMatch(/^loop\s+session\s+iteration\s+elapsed\s+verifier\s+last verifier reason$/);
    expect(table).toMatch(/A\s+1\/20/);
    expect(table).toMatch(/B\s+0\/∞/);
    expect((await loop(["cancel"])).stderr).toContain("2 loops are active");
    expect((await loop(["cancel"], { CLAUDE_CODE_SESSION_ID: "A" })).stdout).toMatch(/^cancelled loop \S+ \(A, iteration 1\)/);
    expect((await loop(["cancel", "--all"])).stdout).toMatch(/cancelled loop \S+ \(B, iteration 0\)/);
    expect((await loop(["status"])).stdout).toBe("no active loops\n");
  });

  it("a session with no loop cancels nothing, even when another session's loop is the only one, and names what is active", async () => {
    const { loop, status } = isolated();
    await loop(["start", "Task B", "--session-id", "B"]);
    const id = (await status())[0].id as string;
    for (const [args, caller] of [[["cancel"], { CLAUDE_CODE_SESSION_ID: "A" }], [["cancel", "--session-id", "A"], {}]] as const) {
      const refused = await loop([...args], caller);
      expect(refused.code).toBe(1);
      expect(refused.stdout).toBe("");
      expect(refused.stderr).toBe(
        `hookjudge: session A has no loop; nothing cancelled. Active: ${id} (session B, iteration 0); cancel one with hookjudge loop cancel <id>, or every one with hookjudge loop cancel --all\n`,
      );
    }
    expect(await status()).toHaveLength(1);
    // the session's own loop, by the environment or --session-id; an explicit id from anywhere
    expect((await loop(["cancel"], { CLAUDE_CODE_SESSION_ID: "B" })).stdout).toBe(`cancelled loop ${id} (B, iteration 0)\n`);
    await loop(["start", "Task B", "--session-id", "B"]);
    const again = (await status())[0].id as string;
    expect((await loop(["cancel", again], { CLAUDE_CODE_SESSION_ID: "A" })).stdout).toBe(`cancelled loop ${again} (B, iteration 0)\n`);
    expect(await loop(["cancel", again])).toMatchObject({ code: 1, stderr: `hookjudge: no loop ${again}; hookjudge loop status lists them\n` });
  });

  it("without a session and with several loops, cancels nothing and lists them; with none, says so", async () => {
    const { loop, status } = isolated();
    const none = await loop(["cancel"]);
    expect(none).toMatchObject({ code: 1, stdout: "", stderr: "hookjudge: no active loops\n" });
    await loop(["start", "Task A", "--session-id", "A"]);
    await loop(["start", "Task U"]);
    const refused = await loop(["cancel"]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/^hookjudge: no session is known \(CLAUDE_CODE_SESSION_ID or --session-id\) and 2 loops are active: /);
    expect(refused.stderr).toContain("(session A, iteration 0)");
    expect(refused.stderr).toContain("(unclaimed, iteration 0)");
    expect(refused.stderr).toContain("hookjudge loop cancel <id>, or every one with hookjudge loop cancel --all");
    expect(await status()).toHaveLength(2);
    expect((await loop(["cancel", "--all"], { CLAUDE_CODE_SESSION_ID: "A" })).stdout.trim().split("\n")).toHaveLength(2);
  });
});

describe("hookjudge loop: the edges", () => {
  const stopIn = (session: string, message: string | undefined, extra: Record<string, unknown> = {}, envExtra: Record<string, string> = {}) =>
    runCli(["loop", "stop-hook"], {
      cwd: project,
      env: env(envExtra),
      input: JSON.stringify({ hook_event_name: "Stop", session_id: session, cwd: project, stop_hook_active: true, ...(message === undefined ? {} : { last_assistant_message: message }), ...extra }),
    });

  it("follows the agent into a subfolder of the project (the nearest folder up with .git, or CLAUDE_PROJECT_DIR)", async () => {
    mkdirSync(join(project, ".git"));
    await loop(["start", TASK, "--session-id", "s1"]);
    mkdirSync(join(project, "packages", "core"), { recursive: true });
    expect(decision(await stopIn("s1", "working", { cwd: join(project, "packages", "core") }))!.decision).toBe("block");
    const other = temporaryDirectory();
    await loop(["start", TASK, "--session-id", "s2"], { CLAUDE_PROJECT_DIR: other });
    mkdirSync(join(other, "deep"));
    expect(decision(await stopIn("s2", "working", { cwd: join(other, "deep") }, { CLAUDE_PROJECT_DIR: other }))!.decision).toBe("block");
  });

  it("with a shared HOOKJUDGE_HOME, an unclaimed loop is never claimed from another project", async () => {
    const home = temporaryDirectory();
    const other = temporaryDirectory();
    await loop(["start", TASK], { HOOKJUDGE_HOME: home });
    const elsewhere = await runCli(["loop", "stop-hook"], {
      cwd: other,
      env: env({ HOOKJUDGE_HOME: home }),
      input: JSON.stringify({ hook_event_name: "Stop", session_id: "B", cwd: other, last_assistant_message: "w" }),
    });
    expect(elsewhere).toEqual({ code: 0, stdout: "", stderr: "" });
    expect(decision(await stopIn("A", "w", {}, { HOOKJUDGE_HOME: home }))!.decision).toBe("block");
  });

  it("an empty or \"null\" session never claims a loop; CLAUDE_CODE_SESSION_ID binds one at start", async () => {
    await loop(["start", TASK]);
    expect(await stopIn("", "w")).toEqual({ code: 0, stdout: "", stderr: "" });
    expect(await stopIn("null", "w")).toEqual({ code: 0, stdout: "", stderr: "" });
    expect((await status())[0].sessionId).toBeNull();
    await loop(["cancel"]);
    await loop(["start", TASK], { CLAUDE_CODE_SESSION_ID: "from-env" });
    expect((await status())[0].sessionId).toBe("from-env");
  });

  it("answers only Stop events", async () => {
    await loop(["start", TASK, "--session-id", "s1"]);
    expect(await stopIn("s1", "w", { hook_event_name: "SubagentStop" })).toEqual({ code: 0, stdout: "", stderr: "" });
    expect((await status())[0].iteration).toBe(0);
  });

  it("reads the promise from the transcript only when the event has no message, and only from the last turn", async () => {
    await loop(["start", TASK, "--session-id", "s1"]);
    const transcript = join(project, "t.jsonl");
    const line = (type: string, content: unknown, extra: Record<string, unknown> = {}) =>
      JSON.stringify({ type, ...extra, message: { id: `m${Math.random()}`, role: type, content } });
    // an old promise, then the hook's feedback, then a turn of tool calls only
    writeFileSync(transcript, [line("assistant", [{ type: "text", text: "Done.\n<promise>DONE</promise>" }]), line("user", "Stop hook feedback: keep going", { isMeta: true }), line("assistant", [{ type: "tool_use", id: "t", name: "Bash", input: {} }])].join("\n"));
    expect(decision(await stopIn("s1", undefined, { transcript_path: transcript }))!.decision).toBe("block");
    writeFileSync(transcript, [line("user", "go"), line("assistant", [{ type: "text", text: "All done.\n<promise>DONE</promise>" }])].join("\n"));
    expect(decision(await stopIn("s1", undefined, { transcript_path: transcript }))!.systemMessage).toContain("done after 1 iteration");
  });

  it("refuses a verifier that does not judge Stop events, and a zero token budget", async () => {
    const preTool = join(project, "pre.md");
    writeFileSync(preTool, "---\nevents: [PreToolUse]\n---\nSafe? $TOOL_INPUT\n");
    expect((await loop(["start", TASK, "--verify", preTool])).stderr).toContain("does not judge Stop events");
    expect((await loop(["start", TASK, "--max-judge-tokens", "0"])).code).toBe(1);
    expect((await loop(["start", TASK, "--max-iterations", "99999999999999999999"])).stderr).toContain("expects a whole number");
  });

  it("sets aside a state file of the wrong shape, naming the field", async () => {
    await loop(["start", TASK, "--session-id", "s1"]);
    const dir = join(stateFolder(project), "loops");
    const file = join(dir, readdirSync(dir).find((name) => name.endsWith(".json"))!);
    const state = JSON.parse(readFileSync(file, "utf8"));
    writeFileSync(file, JSON.stringify({ ...state, iteration: -1 }));
    expect(decision(await stopIn("s1", "w"))!.systemMessage).toMatch(/corrupt \(iteration: Too small/);
  });

  it("breaks a lock left by a process that died", async () => {
    await loop(["start", TASK, "--session-id", "s1"]);
    // host:pid:token, with a pid no process has on this host
    writeFileSync(join(stateFolder(project), "loops", ".lock"), `${hostname()}:999999:left-behind`);
    expect(decision(await stopIn("s1", "w"))!.decision).toBe("block");
    expect(existsSync(join(stateFolder(project), "loops", ".lock"))).toBe(false);
  });

  it("cancels the only loop when no session is known; normalises the promise; takes the task from stdin", async () => {
    await loop(["start", TASK]);
    expect((await loop(["cancel"])).stdout).toMatch(/^cancelled loop \S+ \(unclaimed, iteration 0\)\n$/);
    await loop(["start", TASK, "--session-id", "s1", "--completion-promise", "ALL   DONE"]);
    expect(decision(await stopIn("s1", "ok\n<promise>ALL DONE</promise>"))!.systemMessage).toContain("done after 0 iterations");
    const quoted = 'Fix the "empty input" case; don\'t touch $HOME or `ls`.';
    const armed = await runCli(["loop", "start", "--task-stdin", "--session-id", "s3"], { cwd: project, env: env(), input: quoted + "\n" });
    expect(armed.code).toBe(0);
    expect((await status()).find((state: { sessionId: string }) => state.sessionId === "s3").task).toBe(quoted);
  });
});
