import { spawn } from "node:child_process";
import { existsSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { CLI, fixturePath, runCli, stateFolder, temporaryDirectory, testHome } from "../helpers/cli.js";
import { bashEvent, threeCases as threeCasesIn, writeCases as writeCasesIn } from "../helpers/eval-cases.js";
import { startFakeBatches, type FakeBatches, type FakeBatchReply, type FakeBatchRequest } from "../helpers/fake-batches.js";

const hook = fixturePath("hooks", "bash-allow.md");
// one reply at the fake's usage (120 in, 30 out) on claude-haiku-4-5: $0.00027 at list price
const HALF_PRICE = 0.00027 / 2;

/** The prompt of a batch request, to answer by what the case is about. */
const promptOf = (request: FakeBatchRequest) => JSON.stringify(request.params.messages[0]!.content);
let replyFor: (request: FakeBatchRequest, index: number) => FakeBatchReply = () => ({ verdict: { ok: true, reason: "fine" } });
const byCommand = (request: FakeBatchRequest): FakeBatchReply =>
  promptOf(request).includes("rm -rf") ? { verdict: { ok: false, reason: "destroys data" } } : promptOf(request).includes("deploy") ? { verdict: { ok: true, reason: "depends", unsure: true } } : { verdict: { ok: true, reason: "fine" } };

let fake: FakeBatches;
let home = "";
let project = "";
beforeAll(async () => {
  fake = await startFakeBatches((request, index) => replyFor(request, index));
});
afterAll(() => fake.close());
beforeEach(() => {
  fake.reset();
  replyFor = byCommand;
  home = temporaryDirectory();
  project = temporaryDirectory();
});

const env = () => ({ ANTHROPIC_API_KEY: "test", ANTHROPIC_BASE_URL: fake.url, HOOKJUDGE_HOME: home });
const evaluate = (args: string[]) => runCli(["eval", ...args], { cwd: project, env: env() });
const batchFolder = () => join(stateFolder(project, { HOOKJUDGE_HOME: home }), "eval-batches");
const savedBatches = () => (existsSync(batchFolder()) ? readdirSync(batchFolder()) : []);
const writeCases = (cases: unknown[]) => writeCasesIn(project, cases);
const threeCases = () => threeCasesIn(project);
const FAST = ["--poll-interval", "0.05"];

describe("hookjudge eval --batch", () => {
  it("submits every case × run as one batch, polls it to its end, and reports at half price", async () => {
    const result = await evaluate([hook, "--cases", threeCases(), "--repeat", "2", "--batch", ...FAST, "--json"]);
    expect(result.code).toBe(0);
    expect(fake.creates).toHaveLength(1);
    const requests = fake.creates[0]!;
    expect(requests).toHaveLength(6);
    expect(new Set(requests.map((request) => request.custom_id)).size).toBe(6);
    for (const request of requests) {
      expect(request.custom_id).toMatch(/^[0-9a-f]{64}$/);
      expect(request.params).toMatchObject({ model: "claude-haiku-4-5", max_tokens: 1024, tool_choice: { type: "tool", name: "verdict" } });
    }
    // in progress at its creation and first poll, then ended: results downloaded once
    expect(fake.retrieves).toBeGreaterThanOrEqual(3);
    expect(fake.downloads).toBe(1);
    expect(fake.messages).toBe(0);
    expect(result.stderr).toContain("batch msgbatch_fake_1: 6 requests submitted");
    expect(result.stderr).toContain("0/6 done (0 succeeded, 0 errored, 0 expired, 0 canceled; 6 processing) · in_progress");
    expect(result.stderr).toContain("6/6 done (6 succeeded, 0 errored, 0 expired, 0 canceled; 0 processing) · ended");

    const output = JSON.parse(result.stdout);
    expect(output.batch).toEqual({ id: "msgbatch_fake_1", requests: 6, counts: { processing: 0, succeeded: 6, errored: 0, canceled: 0, expired: 0 } });
    const [report] = output.reports;
    expect(report.summary).toMatchObject({ cases: 3, accuracy: 1, flipRate: 0, errors: 0, callsPerCase: 1, tokens: 6 * 150 });
    expect(report.summary.costUsd).toBeCloseTo(6 * HALF_PRICE, 10);
    expect(report.summary.costPerCase).toBeCloseTo(HALF_PRICE, 10);
    expect(report.cases.map((entry: { majority: string }) => entry.majority)).toEqual(["pass", "block", "ask"]);
    expect(report.cases[0].runs[0]).toMatchObject({ verdict: "pass", cached: false, batch: true, calls: 1, latencyMs: 0 });
    expect(report.cases[0].runs[0].costUsd).toBeCloseTo(HALF_PRICE, 10);
    // the results are stored: nothing is left to resume
    expect(savedBatches()).toEqual([]);
  });

  it("fills the eval cache: the same suite without --batch sends no request", async () => {
    const file = threeCases();
    expect((await evaluate([hook, "--cases", file, "--repeat", "2", "--batch", ...FAST, "--json"])).code).toBe(0);
    const again = await evaluate([hook, "--cases", file, "--repeat", "2", "--json"]);
    expect(again.code).toBe(0);
    expect(fake.messages).toBe(0);
    const [report] = JSON.parse(again.stdout).reports;
    expect(report.summary).toMatchObject({ accuracy: 1, costUsd: 0 });
    expect(report.cases.flatMap((entry: { runs: Array<{ cached: boolean }> }) => entry.runs.map((run) => run.cached))).toEqual(Array(6).fill(true));
    // and a batch re-run finds nothing to submit
    const batchAgain = await evaluate([hook, "--cases", file, "--repeat", "2", "--batch", ...FAST]);
    expect(batchAgain.code).toBe(0);
    expect(fake.creates).toHaveLength(1);
    expect(batchAgain.stderr).toContain("nothing to submit");
  });

  it("submits all N judgments of a vote; the vote settles on what it needs, and a normal re-run is answered from the cache", async () => {
    const file = writeCases([{ name: "safe", input: bashEvent("ls"), expect: "pass" }]);
    const result = await evaluate([hook, "--cases", file, "--repeat", "2", "--votes", "3", "--batch", ...FAST, "--json"]);
    expect(result.code).toBe(0);
    expect(fake.creates[0]).toHaveLength(6);
    const [report] = JSON.parse(result.stdout).reports;
    // two agreeing judgments settle a vote of three
    expect(report.cases[0]).toMatchObject({ majority: "pass", callsPerRun: 2 });
    const again = await evaluate([hook, "--cases", file, "--repeat", "2", "--votes", "3", "--json"]);
    expect(again.code).toBe(0);
    expect(fake.messages).toBe(0);
  });

  it("an errored, an expired or a malformed item is a judge error, never a verdict (and is not cached)", async () => {
    replyFor = (request) =>
      promptOf(request).includes("rm -rf") ? { errored: "prompt is too long" } : promptOf(request).includes("deploy") ? { expired: true } : { text: "I think it is fine." };
    const file = threeCases();
    const result = await evaluate([hook, "--cases", file, "--repeat", "1", "--batch", ...FAST, "--json"]);
    expect(result.code).toBe(1);
    const output = JSON.parse(result.stdout);
    expect(output.batch.counts).toMatchObject({ succeeded: 1, errored: 1, expired: 1 });
    const [report] = output.reports;
    expect(report.summary).toMatchObject({ errors: 3, accuracy: 0 });
    const errors = report.cases.map((entry: { runs: Array<{ verdict: string; error: string }> }) => [entry.runs[0]!.verdict, entry.runs[0]!.error]);
    expect(errors[0]).toEqual(["error", expect.stringMatching(/^malformed: .*\(no repair request: batch mode\)$/)]);
    expect(errors[1]).toEqual(["error", "api: the batch request errored: invalid_request_error: prompt is too long"]);
    expect(errors[2]).toEqual(["error", expect.stringMatching(/^timeout: the batch request expired/)]);
    expect(fake.messages).toBe(0);
    // no verdict was cached: a normal run asks the model for all three
    await evaluate([hook, "--cases", file, "--repeat", "1", "--json"]);
    expect(fake.messages).toBe(3);
  });

  it("asks again without temperature, in a second batch, what a model refused for its temperature", async () => {
    replyFor = (request) => ("temperature" in request.params ? { errored: "`temperature` is deprecated for this model." } : byCommand(request));
    const result = await evaluate([hook, "--cases", threeCases(), "--repeat", "1", "--batch", ...FAST, "--json"]);
    expect(result.code).toBe(0);
    expect(fake.creates.map((requests) => requests.map((request) => "temperature" in request.params))).toEqual([[true, true, true], [false, false, false]]);
    expect(result.stderr).toContain("batch msgbatch_fake_1: 3 requests refused temperature; asking them again without it");
    const output = JSON.parse(result.stdout);
    expect(output.batch).toEqual({ id: "msgbatch_fake_1+msgbatch_fake_2", requests: 6, counts: { processing: 0, succeeded: 3, errored: 0, canceled: 0, expired: 0 } });
    expect(output.reports[0].summary).toMatchObject({ accuracy: 1, errors: 0 });
    expect(savedBatches()).toEqual([]);
  });

  it("resumes an interrupted run from the state folder: no second batch is created", async () => {
    fake.hold();
    const file = threeCases();
    const args = ["eval", hook, "--cases", file, "--repeat", "1", "--batch", ...FAST, "--json"];
    const child = spawn(process.execPath, [CLI, ...args], { cwd: project, env: { PATH: process.env["PATH"] ?? "", HOME: testHome(), ...env() }, stdio: "ignore" });
    let exited = false;
    const closed = new Promise((resolve) => child.on("close", resolve)).then(() => (exited = true));
    // wait until the batch exists, is saved and is being polled, then kill the process
    while ((fake.retrieves < 2 || savedBatches().length === 0) && !exited) await new Promise((resolve) => setTimeout(resolve, 20));
    expect(exited).toBe(false);
    child.kill("SIGKILL");
    await closed;
    expect(fake.creates).toHaveLength(1);
    expect(savedBatches()).toHaveLength(1);

    fake.release();
    const resumed = await runCli(args, { cwd: project, env: env() });
    expect(resumed.code).toBe(0);
    expect(resumed.stderr).toContain("batch msgbatch_fake_1: resumed");
    expect(fake.creates).toHaveLength(1);
    const [report] = JSON.parse(resumed.stdout).reports;
    expect(report.summary).toMatchObject({ accuracy: 1, errors: 0 });
    expect(report.summary.costUsd).toBeCloseTo(3 * HALF_PRICE, 10);
    expect(savedBatches()).toEqual([]);
  });

  it("stops waiting at --batch-wait and keeps the batch to resume", async () => {
    fake.hold();
    const result = await evaluate([hook, "--cases", threeCases(), "--repeat", "1", "--batch", ...FAST, "--batch-wait", "0.3"]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("run the same command again to resume");
    expect(savedBatches()).toHaveLength(1);
  });

  it("refuses an agent hook, an escalating hook and a provider without batches", async () => {
    const stop = writeCases([{ name: "done", input: { hook_event_name: "Stop", session_id: "s", cwd: project, stop_hook_active: false }, expect: "pass" }]);
    const agent = await evaluate(["stop-verify", "--cases", stop, "--batch"]);
    expect(agent.code).toBe(1);
    expect(agent.stderr).toContain("--batch cannot run stop-verify: it is an agent hook");

    const ladder = join(project, "ladder.md");
    writeFileSync(ladder, "---\nname: ladder\nevents: [PreToolUse]\nmatcher: Bash\nescalate: [claude-sonnet-4-5]\n---\nSafe? $TOOL_INPUT\n");
    const escalating = await evaluate([ladder, "--cases", threeCases(), "--batch"]);
    expect(escalating.code).toBe(1);
    expect(escalating.stderr).toContain("--batch cannot run ladder: it escalates");

    for (const model of ["openai:gpt-4o-mini", "bedrock:us.anthropic.claude-haiku-4-5-20251001-v1:0"]) {
      const other = await evaluate([hook, "--cases", threeCases(), "--model", model, "--batch"]);
      expect(other.code).toBe(1);
      expect(other.stderr).toContain("--batch needs the Anthropic API's Message Batches");
    }
    expect(fake.creates).toHaveLength(0);
    expect(fake.messages).toBe(0);
  });
});
