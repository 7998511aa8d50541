import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli, temporaryDirectory } from "../helpers/cli.js";
import { startFakeModel, type FakeModel } from "../helpers/fake-model.js";
import { sendHttp, startServeProcess, type ServeProcess } from "../helpers/serve.js";
import { hostEvent } from "../runtimes/_fixtures.js";

// one server answering every host: a `/<runtime>` prefix or X-Hookjudge-Runtime picks the protocol
describe("hookjudge serve for other hosts", () => {
  let fake: FakeModel;
  let server: ServeProcess;
  let env: Record<string, string>;
  let project: string;

  beforeAll(async () => {
    fake = await startFakeModel({ fallback: { verdict: { ok: true, reason: "fine" } } });
    project = temporaryDirectory("hookjudge-serve-project-");
    env = { ANTHROPIC_API_KEY: "test-key", ANTHROPIC_BASE_URL: fake.url, HOOKJUDGE_HOME: temporaryDirectory("hookjudge-serve-home-") };
    server = await startServeProcess([], env);
  });

  afterAll(async () => {
    server?.child.kill("SIGTERM");
    await server?.exited;
    await fake?.close();
  });

  const post = (path: string, body: string, headers: Record<string, string> = {}) => sendHttp("POST", `${server.url}${path}`, body, headers);

  it("answers each host's Bash gate in its own shape, by prefix or by header", async () => {
    const codex = await post("/codex/review-command", hostEvent("codex", "pre-tool-use", { cwd: project, tool_input: { command: "rm -rf ~" } }));
    expect(codex.status).toBe(200);
    expect(JSON.parse(codex.body).hookSpecificOutput.permissionDecision).toBe("deny");
    const gemini = await post("/review-command", hostEvent("gemini-cli", "before-tool", { cwd: project, tool_input: { command: "rm -rf ~" } }), { "x-hookjudge-runtime": "gemini-cli" });
    expect(JSON.parse(gemini.body)).toMatchObject({ decision: "deny" });
    const pydantic = await post("/pydantic-deep/review-command", hostEvent("pydantic-deep", "pre-tool-use", { tool_input: { command: "rm -rf ~" } }));
    expect(JSON.parse(pydantic.body)).toMatchObject({ allow: false, reason: expect.stringContaining("rm -rf ~") });
    expect(fake.requests).toHaveLength(0);
  });

  it("denies a destructive command on every host's /<runtime>/review-command, in that host's shape", async () => {
    const events: Record<string, string> = {
      "qwen-code": hostEvent("qwen-code", "pre-tool-use", { cwd: project, tool_input: { command: "rm -rf ~" } }),
      copilot: hostEvent("copilot", "camel-pre-tool-use", { cwd: project, toolArgs: { command: "rm -rf ~" } }),
      cursor: hostEvent("cursor", "before-shell-execution", { cwd: project, command: "rm -rf ~" }),
    };
    const bodies = Object.fromEntries(await Promise.all(Object.entries(events).map(async ([runtime, body]) => [runtime, JSON.parse((await post(`/${runtime}/review-command`, body)).body)] as const)));
    expect(bodies["qwen-code"].hookSpecificOutput.permissionDecision).toBe("deny");
    expect(bodies["copilot"]).toMatchObject({ permissionDecision: "deny" });
    expect(bodies["cursor"]).toMatchObject({ permission: "deny" });
  });

  it("judges a Gemini AfterAgent on /gemini-cli/hooks/<name> and answers in Gemini's form", async () => {
    fake.enqueue({ verdict: { ok: false, reason: "the tests were never run" } });
    const stop = await post("/gemini-cli/hooks/stop-complete", hostEvent("gemini-cli", "after-agent", { cwd: project }));
    expect(stop.status).toBe(200);
    expect(JSON.parse(stop.body)).toMatchObject({ decision: "deny", reason: expect.stringContaining("the tests were never run") });
  });

  it("a broken body on a host's gate is answered by the failure policy in that host's shape", async () => {
    const broken = await post("/codex/review-command", '{"hook_event_name":"PreToolUse","turn_id":"t","tool_name":"Bash","tool_input":{"command":"rm -rf ~"');
    expect(broken.status).toBe(200);
    expect(JSON.parse(broken.body).hookSpecificOutput.permissionDecision).toBe("deny");
  });

  it("refuses a header that names no host", async () => {
    const wrong = await post("/review-command", hostEvent("codex", "pre-tool-use"), { "x-hookjudge-runtime": "nonesuch" });
    expect(wrong.status).toBe(400);
  });
});

describe("serve --print-settings --runtime", () => {
  it("gives each host its file, its events and its timeout unit", async () => {
    const print = async (runtime: string) => JSON.parse((await runCli(["serve", "--print-settings", "--runtime", runtime], { env: {} })).stdout) as { file: string; timeoutUnit: string; settings?: { hooks: Record<string, unknown> } };
    const gemini = await print("gemini-cli");
    expect(gemini).toMatchObject({ file: expect.stringContaining(".gemini/settings.json"), timeoutUnit: "milliseconds" });
    expect(Object.keys(gemini.settings!.hooks)).toContain("AfterAgent");
    expect(await print("codex")).toMatchObject({ file: expect.stringContaining(".codex/hooks.json"), timeoutUnit: "seconds" });
    expect(await print("pydantic-deep")).toMatchObject({ timeoutUnit: "seconds" });
  });
});
