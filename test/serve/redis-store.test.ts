import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { mkdirSync, realpathSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli, temporaryDirectory } from "../helpers/cli.js";
import { startFakeModel, type FakeModel } from "../helpers/fake-model.js";
import { sendHttp, startServeProcess } from "../helpers/serve.js";

// A real Redis server (Debian's redis-server; .ci/run installs it when missing) and two
// `hookjudge serve` processes sharing it, as two instances behind a load balancer would.

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

async function startRedis(): Promise<{ url: string; process: ChildProcess }> {
  const found = spawnSync("redis-server", ["--version"], { encoding: "utf8" });
  if (found.error) throw new Error("redis-server is not installed: install Debian's redis-server package (.ci/run does) to run the shared-store tests");
  const port = await freePort();
  const child = spawn("redis-server", ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"], { stdio: ["ignore", "pipe", "pipe"] });
  await new Promise<void>((resolve, reject) => {
    let output = "";
    child.stdout!.setEncoding("utf8").on("data", (chunk: string) => {
      output += chunk;
      if (/Ready to accept connections/.test(output)) resolve();
    });
    child.on("close", (code) => reject(new Error(`redis-server exited with ${code}: ${output}`)));
  });
  return { url: `redis://127.0.0.1:${port}`, process: child };
}

const serve = (args: string[], env: Record<string, string>) => startServeProcess(args, env);

async function post(url: string, body: unknown): Promise<{ status: number; body: string }> {
  return sendHttp("POST", url, JSON.stringify(body));
}

describe("two hookjudge serve instances sharing one Redis store", () => {
  let redis: { url: string; process: ChildProcess };
  let fake: FakeModel;
  let project: string;
  let env: Record<string, string>;
  let a: Awaited<ReturnType<typeof serve>>;
  let b: Awaited<ReturnType<typeof serve>>;

  beforeAll(async () => {
    redis = await startRedis();
    fake = await startFakeModel({ fallback: { verdict: { ok: true, reason: "fine" } } });
    project = realpathSync(temporaryDirectory("hookjudge-redis-project-"));
    const hooks = join(project, "hooks");
    mkdirSync(hooks);
    writeFileSync(join(hooks, "strict.md"), "---\nevents: [Stop]\nmax-blocks: 3\n---\nIs the work finished? $LAST_ASSISTANT_MESSAGE\n");
    // each instance has a state folder of its own: only the store is shared
    env = { ANTHROPIC_API_KEY: "test-key", ANTHROPIC_BASE_URL: fake.url };
    a = await serve(["--store", redis.url, "--hooks", hooks], { ...env, HOOKJUDGE_HOME: temporaryDirectory("hookjudge-redis-a-") });
    b = await serve(["--store", redis.url, "--hooks", hooks], { ...env, HOOKJUDGE_HOME: temporaryDirectory("hookjudge-redis-b-") });
  });

  afterAll(async () => {
    for (const server of [a, b]) server?.child.kill("SIGTERM");
    expect(await a?.exited).toBe(0);
    expect(await b?.exited).toBe(0);
    redis?.process.kill("SIGTERM");
    await fake?.close();
  });

  const stop = (session: string, message: string) => ({ session_id: session, cwd: project, hook_event_name: "Stop", stop_hook_active: true, last_assistant_message: message });

  it("a loop advanced through both instances keeps one exact iteration count, even under concurrent Stops", async () => {
    const started = await runCli(["loop", "start", "Make the parser handle empty input", "--max-iterations", "20", "--session-id", "shared-1", "--store", redis.url], { cwd: project, env });
    expect(started.code).toBe(0);
    expect(started.stdout).toContain(`state:       ${redis.url}/loops/`);

    const iterations: number[] = [];
    for (const server of [a, b, a, b]) {
      const answer = JSON.parse((await post(`${server.url}/loop/stop-hook`, stop("shared-1", "Still working on it."))).body) as { decision: string; reason: string };
      expect(answer.decision).toBe("block");
      iterations.push(Number(/iteration (\d+) of 20/.exec(answer.reason)![1]));
    }
    expect(iterations).toEqual([1, 2, 3, 4]);

    // ten Stops at once, five through each instance: each one counts, exactly once
    const parallel = await Promise.all(Array.from({ length: 10 }, (_, index) => post(`${(index % 2 ? a : b).url}/loop/stop-hook`, stop("shared-1", "Still working."))));
    const seen = parallel.map((answer) => Number(/iteration (\d+) of 20/.exec((JSON.parse(answer.body) as { reason: string }).reason)![1])).sort((x, y) => x - y);
    expect(seen).toEqual([5, 6, 7, 8, 9, 10, 11, 12, 13, 14]);

    const status = await runCli(["loop", "status", "--json", "--store", redis.url], { cwd: project, env });
    expect(JSON.parse(status.stdout.trim()) as { iteration: number; sessionId: string }).toMatchObject({ iteration: 14, sessionId: "shared-1" });

    const done = await post(`${b.url}/loop/stop-hook`, stop("shared-1", "Parser fixed and tested.\n<promise>DONE</promise>"));
    expect(JSON.parse(done.body).systemMessage).toMatch(/done after 14 iterations/);
    const after = await runCli(["loop", "status", "--json", "--store", redis.url], { cwd: project, env });
    expect(after.stdout.trim()).toBe("");
  });

  it("a verdict cached by one instance is a hit on the other", async () => {
    fake.reset();
    const event = { session_id: "shared-2", cwd: project, hook_event_name: "PreToolUse", tool_name: "Bash", tool_input: { command: "./scripts/deploy.sh --env staging" } };
    fake.enqueue({ verdict: { ok: false, reason: "deploys to a shared environment", unsure: true } });
    const first = await post(`${a.url}/review-command`, event);
    const second = await post(`${b.url}/review-command`, event);
    expect(JSON.parse(first.body).hookSpecificOutput.permissionDecision).toBe("ask");
    expect(second.body).toBe(first.body);
    expect(fake.requests).toHaveLength(1);
    const metrics = (await sendHttp("GET", `${b.url}/metrics`)).body;
    expect(metrics).toContain("hookjudge_cache_hits_total 1\n");
  });

  it("the Stop block cap counts blocks made through either instance", async () => {
    fake.reset();
    const reasons: string[] = [];
    for (const server of [a, b, a, b]) {
      fake.enqueue({ verdict: { ok: false, reason: "the docs are missing" } });
      reasons.push((await post(`${server.url}/hooks/strict`, stop("shared-3", "Done."))).body);
    }
    // max-blocks 3: three blocks, then the fourth is let through, announced
    for (const body of reasons.slice(0, 3)) expect(JSON.parse(body)).toMatchObject({ decision: "block" });
    expect(JSON.parse(reasons[3]!).decision).toBeUndefined();
    expect(JSON.parse(reasons[3]!).systemMessage).toMatch(/this would be block 4 in a row, past the cap \(max-blocks 3\)/);
  });

  it("when Redis goes away, nothing waits for it: the loop's Stop hook lets the agent stop and says why", async () => {
    const started = await runCli(["loop", "start", "Finish the docs", "--session-id", "shared-4", "--store", redis.url], { cwd: project, env });
    expect(started.code).toBe(0);
    redis.process.kill("SIGKILL");
    await new Promise((resolve) => redis.process.once("close", resolve));
    const answer = await post(`${a.url}/loop/stop-hook`, stop("shared-4", "Still working."));
    expect(answer.status).toBe(200);
    const body = JSON.parse(answer.body) as { decision?: string; systemMessage: string };
    expect(body.decision).toBeUndefined();
    expect(body.systemMessage).toMatch(/hookjudge loop could not run/);
  });

  it("a store that cannot be reached stops serve from starting, with a clear message", async () => {
    const port = await freePort();
    const failed = await runCli(["serve", "--port", "0", "--store", `redis://127.0.0.1:${port}`], { env });
    expect(failed.code).toBe(1);
    expect(failed.stderr).toMatch(/cannot connect to the store at redis:\/\/127\.0\.0\.1:\d+/);
    const wrong = await runCli(["serve", "--port", "0", "--store", "memcached://x"], { env });
    expect(wrong.stderr).toMatch(/--store expects redis:\/\/host:port/);
  });
});
