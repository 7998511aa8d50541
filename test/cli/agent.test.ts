import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { fixturePath, runCli, stateFolder, temporaryDirectory } from "../helpers/cli.js";
import { startFakeModel, type FakeModel } from "../helpers/fake-model.js";
import { fixtureProject } from "../helpers/project.js";

let fake: FakeModel;
beforeAll(async () => {
  fake = await startFakeModel();
});
afterAll(() => fake.close());
beforeEach(() => fake.reset());

const stop = (root: string) =>
  JSON.stringify({ hook_event_name: "Stop", session_id: "s-agent", cwd: root, stop_hook_active: false, last_assistant_message: "Added --verbose." });

describe("hookjudge run with agent hooks", () => {
  it("runs a verifier end to end and blocks with its cited reason", async () => {
    const { root } = fixtureProject();
    const home = temporaryDirectory();
    fake.enqueue(
      { content: [{ type: "tool_use", id: "toolu_r1", name: "Grep", input: { pattern: "TODO", output_mode: "content" } }], stopReason: "tool_use" },
      { verdict: { ok: false, reason: "src/report.ts:5 still has a TODO: flags.output is ignored." } },
    );
    const result = await runCli(["run", fixturePath("hooks", "verify-flags.md")], {
      input: stop(root),
      env: { ANTHROPIC_API_KEY: "test", ANTHROPIC_BASE_URL: fake.url, HOOKJUDGE_HOME: home },
    });
    expect(result).toEqual({ code: 0, stdout: '{"decision":"block","reason":"src/report.ts:5 still has a TODO: flags.output is ignored."}\n', stderr: "" });
    const results = fake.requests[1]!.body.messages.at(-1)!.content as Array<{ content: string }>;
    expect(results[0]!.content).toBe("src/report.ts:5:  // TODO: honour flags.output");
    const audit = JSON.parse(readFileSync(join(stateFolder(root, { HOOKJUDGE_HOME: home }), "audit.jsonl"), "utf8").trim());
    expect(audit).toMatchObject({ hook: "verify-flags", turns: 2, endReason: "verdict", toolCalls: [{ name: "Grep", summary: "/TODO/" }] });
  });

  it("marks the commands it starts with HOOKJUDGE_ACTIVE=1, so a nested hookjudge passes at once", async () => {
    const { root } = fixtureProject();
    const nested = `node -e 'console.log("marked:", process.env.HOOKJUDGE_ACTIVE)'`;
    fake.enqueue(
      { content: [{ type: "tool_use", id: "toolu_n", name: "Bash", input: { command: nested } }], stopReason: "tool_use" },
      { verdict: { ok: true, reason: "checked" } },
    );
    const result = await runCli(["run", fixturePath("hooks", "verify-flags.md")], {
      input: stop(root),
      env: { ANTHROPIC_API_KEY: "test", ANTHROPIC_BASE_URL: fake.url, HOOKJUDGE_HOME: temporaryDirectory() },
    });
    expect(result.code).toBe(0);
    const results = fake.requests[1]!.body.messages.at(-1)!.content as Array<{ content: string }>;
    expect(results[0]!.content).toContain("exit code 0\nmarked: 1");
  });

  it("--dry-run shows the first request with the tool definitions", async () => {
    const { root } = fixtureProject();
    const result = await runCli(["run", "stop-verify", "--dry-run"], { input: stop(root), env: { HOOKJUDGE_HOME: temporaryDirectory() } });
    expect(result.code).toBe(0);
    const request = JSON.parse(result.stdout).requests[0];
    expect(request).toMatchObject({ hook: "stop-verify", timeoutSeconds: 120, request: { tool_choice: { type: "auto" } } });
    expect(request.request.tools.map((tool: { name: string }) => tool.name)).toEqual(["Read", "Grep", "Glob", "verdict"]);
    expect(request.request.tools[0].input_schema).toMatchObject({ type: "object", required: ["file_path"], additionalProperties: false });
    expect(request.request.system).toContain("cite the evidence");
    expect(fake.requests).toHaveLength(0);
  });

  it("runs type: agent entries of a settings file", async () => {
    const { root } = fixtureProject();
    const settings = join(temporaryDirectory(), "settings.json");
    writeFileSync(settings, JSON.stringify({ hooks: { Stop: [{ hooks: [{ type: "agent", prompt: "Verify: $LAST_ASSISTANT_MESSAGE", timeout: 30 }] }] } }));
    fake.enqueue({ verdict: { ok: true, reason: "src/flags.ts:9 handles it." } });
    const result = await runCli(["run", "--settings", settings], {
      input: stop(root),
      env: { ANTHROPIC_API_KEY: "test", ANTHROPIC_BASE_URL: fake.url, HOOKJUDGE_HOME: temporaryDirectory() },
    });
    expect(result).toEqual({ code: 0, stdout: "", stderr: "" });
    expect(fake.requests[0]!.body.tools!.map((tool) => tool.name)).toEqual(["Read", "Grep", "Glob", "verdict"]);
  });

  it("lints agent hooks with their own keys", async () => {
    const result = await runCli(["lint", "stop-verify", fixturePath("hooks", "verify-flags.md")]);
    expect(result).toEqual({ code: 0, stdout: "2 hooks checked, no problems\n", stderr: "" });
  });
});
