import { mkdirSync, readFileSync, writeFileSync, existsSync } from "node:fs";
import { request as httpRequest } from "node:http";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signBody } from "../../src/serve/auth.js";
import { runCli, stateFolder, temporaryDirectory } from "../helpers/cli.js";
import { startFakeModel, type FakeModel } from "../helpers/fake-model.js";
import { sendHttp, startServeProcess, type ServeProcess } from "../helpers/serve.js";

type Served = ServeProcess;
const serve = (args: string[], env: Record<string, string>) => startServeProcess(args, env);
const post = (url: string, body: string, headers: Record<string, string> = {}) => sendHttp("POST", url, body, headers);
const send = sendHttp;

const stopEvent = (cwd: string, message = "All done: the flag is added and the tests pass.") =>
  JSON.stringify({ session_id: "serve-session", cwd, hook_event_name: "Stop", stop_hook_active: false, last_assistant_message: message });
const bashEvent = (cwd: string, command: string) => JSON.stringify({ session_id: "serve-session", cwd, hook_event_name: "PreToolUse", tool_name: "Bash", tool_input: { command } });

async function until(check: () => boolean, what: string): Promise<void> {
  for (let attempt = 0; attempt < 500; attempt++) {
    if (check()) return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error(`gave up waiting for ${what}`);
}

describe("hookjudge serve", () => {
  let fake: FakeModel;
  let home: string;
  let project: string;
  let hooks: string;
  let server: Served;
  let env: Record<string, string>;

  beforeAll(async () => {
    fake = await startFakeModel({ fallback: { verdict: { ok: true, reason: "fine" } } });
    home = temporaryDirectory("hookjudge-serve-home-");
    project = temporaryDirectory("hookjudge-serve-project-");
    hooks = join(temporaryDirectory("hookjudge-serve-hooks-"), "hooks");
    mkdirSync(hooks);
    writeFileSync(join(hooks, "tidy.md"), "---\nevents: [Stop]\n---\nversion one: is the work tidy? $LAST_ASSISTANT_MESSAGE\n");
    env = { ANTHROPIC_API_KEY: "test-key", ANTHROPIC_BASE_URL: fake.url, HOOKJUDGE_HOME: home };
    server = await serve(["--hooks", hooks], env);
  });

  afterAll(async () => {
    server?.child.kill("SIGTERM");
    await server?.exited;
    await fake?.close();
  });

  it("answers a hook with exactly what `hookjudge run` prints, and a pass with an empty 200", async () => {
    fake.reset();
    fake.enqueue({ verdict: { ok: false, reason: "the tests were never run" } }, { verdict: { ok: false, reason: "the tests were never run" } });
    const over = await post(`${server.url}/hooks/stop-complete`, stopEvent(project));
    const cli = await runCli(["run", "stop-complete"], { input: stopEvent(project), env });
    expect(over.status).toBe(200);
    expect(over.headers["content-type"]).toBe("application/json");
    expect(JSON.parse(over.body)).toEqual({ decision: "block", reason: expect.stringContaining("the tests were never run") });
    expect(over.body).toBe(cli.stdout.trim());

    fake.enqueue({ verdict: { ok: true, reason: "done" } });
    const pass = await post(`${server.url}/hooks/stop-complete`, stopEvent(project));
    expect(pass).toMatchObject({ status: 200, body: "" });
    expect(fake.requests).toHaveLength(3);
    // the same audit log as the CLI: one line per decision, the server's two after the CLI's one
    const audit = readFileSync(join(stateFolder(project, { HOOKJUDGE_HOME: home }), "audit.jsonl"), "utf8").trim().split("\n").map((line) => JSON.parse(line) as { hook: string; outcome: string });
    expect(audit.map((entry) => entry.hook)).toEqual(["stop-complete", "stop-complete", "stop-complete"]);
  });

  it("reviews commands by the rules without a model, and runs the loop's Stop hook", async () => {
    fake.reset();
    const denied = await post(`${server.url}/review-command`, bashEvent(project, "rm -rf ~"));
    expect(JSON.parse(denied.body).hookSpecificOutput).toMatchObject({ permissionDecision: "deny", permissionDecisionReason: expect.stringContaining("destructive-delete") });
    const listed = await post(`${server.url}/review-command`, bashEvent(project, "ls -la"));
    expect(listed).toMatchObject({ status: 200, body: "" });
    const loop = await post(`${server.url}/loop/stop-hook`, stopEvent(project));
    expect(loop).toMatchObject({ status: 200, body: "" });
    expect(fake.requests).toHaveLength(0);
  });

  it("passes at once for an agent that hookjudge itself started (X-Hookjudge-Active: 1), as the CLI does", async () => {
    fake.reset();
    fake.enqueue({ verdict: { ok: false, reason: "would block" } });
    const nested = await post(`${server.url}/hooks/stop-complete`, stopEvent(project), { "x-hookjudge-active": "1" });
    expect(nested).toMatchObject({ status: 200, body: "" });
    expect(fake.requests).toHaveLength(0);
    // an empty value (the variable unset where Claude Code runs) judges as usual
    const outer = await post(`${server.url}/hooks/stop-complete`, stopEvent(project), { "x-hookjudge-active": "" });
    expect(JSON.parse(outer.body)).toMatchObject({ decision: "block" });
    expect(fake.requests).toHaveLength(1);
  });

  it("refuses what is not a hook event with 400, an unknown hook with 404, a wrong method with 405 — never a decision", async () => {
    fake.reset();
    const notJson = await post(`${server.url}/hooks/stop-complete`, "{not json");
    expect(notJson.status).toBe(400);
    expect(JSON.parse(notJson.body).error).toMatch(/not JSON/);
    expect((await post(`${server.url}/hooks/stop-complete`, "[1,2]")).status).toBe(400);
    expect((await post(`${server.url}/hooks/stop-complete`, '{"cwd":"/tmp"}')).status).toBe(400);
    const unknown = await post(`${server.url}/hooks/no-such-hook`, stopEvent(project));
    expect(unknown.status).toBe(404);
    expect(JSON.parse(unknown.body).error).toMatch(/no hook named "no-such-hook"/);
    expect((await post(`${server.url}/hooks/..%2Fetc`, stopEvent(project))).status).toBe(404);
    const wrongMethod = await send("GET", `${server.url}/hooks/stop-complete`);
    expect(wrongMethod.status).toBe(405);
    expect(wrongMethod.headers["allow"]).toBe("POST");
    expect(fake.requests).toHaveLength(0);
  });

  it("reads an edited hook file on the next request, without a restart", async () => {
    fake.reset();
    await post(`${server.url}/hooks/tidy`, stopEvent(project));
    writeFileSync(join(hooks, "tidy.md"), "---\nevents: [Stop]\n---\nversion two, longer than before: is the work tidy? $LAST_ASSISTANT_MESSAGE\n");
    await post(`${server.url}/hooks/tidy`, stopEvent(project));
    const prompts = fake.requests.map((request) => JSON.stringify(request.body.messages));
    expect(prompts[0]).toContain("version one");
    expect(prompts[1]).toContain("version two");
  });

  it("cancels the model call when the client goes away", async () => {
    fake.reset();
    fake.enqueue({ hang: true });
    const before = fake.abortedRequests();
    const request = httpRequest(`${server.url}/hooks/stop-complete`, { method: "POST", headers: { "content-type": "application/json" } });
    request.on("error", () => {});
    request.end(stopEvent(project));
    await until(() => fake.requests.length === 1, "the model request");
    request.destroy();
    await until(() => fake.abortedRequests() > before, "the model request to be cancelled");
    expect(fake.abortedRequests()).toBe(before + 1);
  });

  it("exposes health and Prometheus metrics", async () => {
    const health = await send("GET", `${server.url}/healthz`);
    expect(health.status).toBe(200);
    expect(JSON.parse(health.body)).toMatchObject({ ok: true });
    const metrics = await send("GET", `${server.url}/metrics`);
    expect(metrics.headers["content-type"]).toMatch(/^text\/plain; version=0\.0\.4/);
    expect(metrics.body).toContain('hookjudge_requests_total{route="hooks",hook="stop-complete",event="Stop",outcome="block"} 2');
    expect(metrics.body).toContain('hookjudge_requests_total{route="review-command",hook="review-command",event="PreToolUse",outcome="block"} 1');
    expect(metrics.body).toContain('hookjudge_requests_total{route="hooks",hook="stop-complete",event="Stop",outcome="bad-json"} 3');
    expect(metrics.body).toMatch(/hookjudge_decisions_total\{by="rule"\} 2\n/);
    // 120 input tokens per scripted reply, as the fake model reports them
    expect(metrics.body).toMatch(/hookjudge_model_tokens_total\{direction="input"\} \d+\n/);
    expect(Number(/hookjudge_model_tokens_total\{direction="input"\} (\d+)/.exec(metrics.body)![1])).toBeGreaterThanOrEqual(4 * 120);
    expect(metrics.body).toMatch(/hookjudge_request_duration_seconds_count\{route="hooks"\} \d+/);
    expect(metrics.body).toContain("hookjudge_in_flight 0\n");
  });
});

describe("hookjudge serve: limits, authentication and shutdown", () => {
  let fake: FakeModel;
  let project: string;
  let env: Record<string, string>;

  beforeAll(async () => {
    fake = await startFakeModel({ fallback: { verdict: { ok: true, reason: "fine" } } });
    project = temporaryDirectory("hookjudge-serve-project-");
    env = { ANTHROPIC_API_KEY: "test-key", ANTHROPIC_BASE_URL: fake.url, HOOKJUDGE_HOME: temporaryDirectory("hookjudge-serve-home-") };
  });
  afterAll(async () => {
    await fake?.close();
  });

  it("with a token: a missing or wrong bearer token gets 401 and no judgment", async () => {
    const server = await serve(["--token-env", "HJ_TOKEN"], { ...env, HJ_TOKEN: "s3cret-token" });
    try {
      fake.reset();
      const missing = await post(`${server.url}/hooks/stop-complete`, stopEvent(project));
      const wrong = await post(`${server.url}/hooks/stop-complete`, stopEvent(project), { authorization: "Bearer s3cret-tokem" });
      const metrics = await send("GET", `${server.url}/metrics`);
      expect([missing.status, wrong.status, metrics.status]).toEqual([401, 401, 401]);
      expect(missing.headers["www-authenticate"]).toMatch(/^Bearer/);
      expect(fake.requests).toHaveLength(0);
      const right = await post(`${server.url}/hooks/stop-complete`, stopEvent(project), { authorization: "Bearer s3cret-token" });
      expect(right).toMatchObject({ status: 200, body: "" });
      expect(fake.requests).toHaveLength(1);
      // health checks from a load balancer need no token
      expect((await send("GET", `${server.url}/healthz`)).status).toBe(200);
    } finally {
      server.child.kill("SIGTERM");
      await server.exited;
    }
  });

  it("with an HMAC secret: a good signature passes once; a bad, stale or replayed one gets 401", async () => {
    const server = await serve(["--hmac-secret-env", "HJ_HMAC"], { ...env, HJ_HMAC: "hmac-secret" });
    try {
      fake.reset();
      const body = stopEvent(project);
      const now = String(Math.floor(Date.now() / 1000));
      const signed = (timestamp: string, secret = "hmac-secret", text = body) => ({ "x-hookjudge-timestamp": timestamp, "x-hookjudge-signature": signBody(secret, timestamp, text) });
      expect((await post(`${server.url}/hooks/stop-complete`, body, signed(now))).status).toBe(200);
      const replay = await post(`${server.url}/hooks/stop-complete`, body, signed(now));
      expect(replay.status).toBe(401);
      expect(JSON.parse(replay.body).error).toMatch(/replay/);
      const wrongSecret = await post(`${server.url}/hooks/stop-complete`, body, signed(String(Number(now) + 1), "other"));
      expect(JSON.parse(wrongSecret.body).error).toMatch(/does not match/);
      const stale = await post(`${server.url}/hooks/stop-complete`, body, signed(String(Number(now) - 3600)));
      expect(JSON.parse(stale.body).error).toMatch(/window/);
      const unsigned = await post(`${server.url}/hooks/stop-complete`, body);
      expect([wrongSecret.status, stale.status, unsigned.status]).toEqual([401, 401, 401]);
      // a body changed after signing does not match
      const tampered = await post(`${server.url}/hooks/stop-complete`, stopEvent(project, "changed"), signed(String(Number(now) + 2)));
      expect(tampered.status).toBe(401);
      expect(fake.requests).toHaveLength(1);
    } finally {
      server.child.kill("SIGTERM");
      await server.exited;
    }
  });

  it("answers 413 to a body over --max-body and 503 when the queue is full", async () => {
    const server = await serve(["--max-body", "2000", "--concurrency", "1", "--queue", "0"], env);
    try {
      fake.reset();
      const large = await post(`${server.url}/hooks/stop-complete`, stopEvent(project, "x".repeat(3000)));
      expect(large.status).toBe(413);
      fake.enqueue({ delayMs: 1500, verdict: { ok: true, reason: "slow but fine" } });
      const first = post(`${server.url}/hooks/stop-complete`, stopEvent(project));
      await until(() => fake.requests.length === 1, "the first judgment to reach the model");
      const second = await post(`${server.url}/hooks/stop-complete`, stopEvent(project));
      expect(second.status).toBe(503);
      expect(second.headers["retry-after"]).toBe("1");
      expect((await first).status).toBe(200);
      const metrics = await send("GET", `${server.url}/metrics`);
      expect(metrics.body).toContain('outcome="queue-full"} 1');
      expect(metrics.body).toContain('outcome="too-large"} 1');
      expect(fake.requests).toHaveLength(1);
    } finally {
      server.child.kill("SIGTERM");
      await server.exited;
    }
  });

  it("a Bash gate that cannot judge asks, never lets the command through: a full queue or a body too large answer ask", async () => {
    const server = await serve(["--max-body", "2000", "--concurrency", "1", "--queue", "0"], env);
    try {
      fake.reset();
      fake.enqueue({ hang: true });
      const ambiguous = bashEvent(project, "./scripts/deploy.sh --env staging");
      const first = post(`${server.url}/review-command`, ambiguous).catch(() => undefined);
      await until(() => fake.requests.length === 1, "the first review to reach the model");
      const busy = await post(`${server.url}/review-command`, bashEvent(project, "./scripts/migrate.sh"));
      expect(busy.status).toBe(200);
      expect(JSON.parse(busy.body).hookSpecificOutput).toMatchObject({ hookEventName: "PreToolUse", permissionDecision: "ask" });
      expect(JSON.parse(busy.body).systemMessage).toMatch(/busy/);
      const large = await post(`${server.url}/review-command`, bashEvent(project, `echo ${"x".repeat(3000)}`));
      expect(large.status).toBe(200);
      expect(JSON.parse(large.body).hookSpecificOutput.permissionDecision).toBe("ask");
      // a Stop hook's failure policy lets the agent stop: there the status code says so
      const stopLarge = await post(`${server.url}/hooks/stop-complete`, stopEvent(project, "y".repeat(3000)));
      expect(stopLarge.status).toBe(413);
      expect(fake.requests).toHaveLength(1);
      void first;
    } finally {
      server.child.kill("SIGTERM");
      await server.exited;
    }
  });

  it("without a token, answers only this machine's own clients: another Host name or a body not sent as JSON gets 403", async () => {
    const server = await serve([], env);
    try {
      fake.reset();
      const rebound = await post(`${server.url}/hooks/stop-complete`, stopEvent(project), { host: "attacker.example:8787" });
      expect(rebound.status).toBe(403);
      expect(JSON.parse(rebound.body).error).toMatch(/Host header must name this machine/);
      const plain = await post(`${server.url}/review-command`, bashEvent(project, "./scripts/deploy.sh"), { "content-type": "text/plain" });
      expect(plain.status).toBe(403);
      expect(JSON.parse(plain.body).error).toMatch(/Content-Type: application\/json/);
      expect(fake.requests).toHaveLength(0);
      const local = await post(`${server.url}/hooks/stop-complete`, stopEvent(project), { host: "localhost" });
      expect(local).toMatchObject({ status: 200, body: "" });
    } finally {
      server.child.kill("SIGTERM");
      await server.exited;
    }
  });

  it("on SIGTERM finishes the requests in flight, refuses new connections and exits 0", async () => {
    const server = await serve([], env);
    fake.reset();
    fake.enqueue({ delayMs: 800, verdict: { ok: false, reason: "still missing the docs" } });
    const inFlight = post(`${server.url}/hooks/stop-complete`, stopEvent(project));
    await until(() => fake.requests.length === 1, "the judgment to reach the model");
    server.child.kill("SIGTERM");
    const answer = await inFlight;
    expect(answer.status).toBe(200);
    expect(JSON.parse(answer.body)).toMatchObject({ decision: "block", reason: expect.stringContaining("still missing the docs") });
    expect(await server.exited).toBe(0);
    expect(server.stderr()).toMatch(/SIGTERM: no new connections/);
    await expect(post(`${server.url}/hooks/stop-complete`, stopEvent(project))).rejects.toThrow(/ECONNREFUSED/);
  });

  it("refuses to listen beyond loopback without a token, and prints a settings snippet", async () => {
    const open = await runCli(["serve", "--host", "0.0.0.0", "--port", "0"], { env });
    expect(open.code).toBe(1);
    expect(open.stderr).toMatch(/refusing to listen on 0\.0\.0\.0 without a token/);

    const folder = temporaryDirectory("hookjudge-serve-print-");
    writeFileSync(join(folder, "bash-gate.md"), "---\nevents: [PreToolUse]\nmatcher: Bash\ntimeout: 20\n---\nIs $TOOL_INPUT safe?\n");
    const printed = await runCli(["serve", "--print-settings", "--hooks", folder, "--token-env", "HJ_TOKEN", "--port", "9999"], { env: { ...env, HJ_TOKEN: "t" } });
    expect(printed.code).toBe(0);
    const snippet = JSON.parse(printed.stdout) as { hooks: Record<string, Array<{ matcher?: string; hooks: Array<Record<string, unknown>> }>> };
    const auth = { headers: { "X-Hookjudge-Active": "$HOOKJUDGE_ACTIVE", Authorization: "Bearer $HJ_TOKEN" }, allowedEnvVars: ["HOOKJUDGE_ACTIVE", "HJ_TOKEN"] };
    expect(snippet.hooks["PreToolUse"]).toEqual([
      { matcher: "Bash", hooks: [{ type: "http", url: "http://127.0.0.1:9999/hooks/bash-gate", timeout: 25, ...auth }] },
      { matcher: "Bash", hooks: [{ type: "http", url: "http://127.0.0.1:9999/review-command", timeout: 35, ...auth }] },
    ]);
    expect(snippet.hooks["Stop"]?.[0]?.hooks[0]).toMatchObject({ type: "http", url: "http://127.0.0.1:9999/loop/stop-hook", timeout: 185 });
    expect(existsSync(join(folder, ".hookjudge"))).toBe(false);
  });
});

describe("hookjudge serve: slow clients", () => {
  it("answers 408 to a client that never finishes its headers, or its body, and judges nothing", async () => {
    const { startServer } = await import("../../src/serve/server.js");
    const fake = await startFakeModel({ fallback: { verdict: { ok: true, reason: "fine" } } });
    const server = await startServer({
      port: 0,
      headersTimeoutMs: 300,
      requestTimeoutMs: 600,
      env: { ANTHROPIC_API_KEY: "test-key", ANTHROPIC_BASE_URL: fake.url, HOOKJUDGE_HOME: temporaryDirectory("hookjudge-serve-home-") },
    });
    const { connect } = await import("node:net");
    const slow = (text: string) =>
      new Promise<string>((resolve) => {
        const socket = connect(server.port, "127.0.0.1", () => socket.write(text));
        let answer = "";
        socket.setEncoding("utf8").on("data", (chunk: string) => (answer += chunk));
        socket.on("close", () => resolve(answer));
        socket.on("error", () => resolve(answer));
      });
    try {
      const headersNeverEnd = await slow("POST /hooks/stop-complete HTTP/1.1\r\nHost: x\r\n");
      const bodyNeverEnds = await slow("POST /hooks/stop-complete HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 500\r\n\r\n{\"hook_event_name\":");
      expect(headersNeverEnd).toMatch(/^HTTP\/1\.1 408 /);
      expect(bodyNeverEnds).toMatch(/^HTTP\/1\.1 408 /);
      expect(fake.requests).toHaveLength(0);
    } finally {
      await server.close(100);
      await fake.close();
    }
  });
});
