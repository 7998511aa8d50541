import { mkdirSync, realpathSync, writeFileSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli, temporaryDirectory } from "../helpers/cli.js";
import { startFakeModel, type FakeModel } from "../helpers/fake-model.js";

// doctor through the built CLI on projects that init set up (or that a user broke), with the model
// a loopback Messages API

let model: FakeModel;
beforeAll(async () => {
  model = await startFakeModel({ fallback: { text: "ok" } });
});
afterAll(() => model.close());

async function initialised(): Promise<string> {
  const cwd = realpathSync(temporaryDirectory("hookjudge-doctor-"));
  mkdirSync(join(cwd, ".git"));
  const init = await runCli(["init", "--yes"], { cwd });
  expect(init.code).toBe(0);
  return cwd;
}

const withModel = () => ({ HOOKJUDGE_ANTHROPIC_API_KEY: "test-key", ANTHROPIC_BASE_URL: model.url });

describe("hookjudge doctor", () => {
  it("all set after init --yes with a model that answers: one tiny real call, every line ✓, exit 0", async () => {
    const cwd = await initialised();
    model.reset();
    const result = await runCli(["doctor"], { cwd, env: withModel() });
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("✓ key variables set: HOOKJUDGE_ANTHROPIC_API_KEY\n");
    expect(result.stdout).toMatch(/✓ model claude-haiku-4-5 answers \(\d+\.\d s, 150 tokens\)\n/);
    expect(result.stdout).toContain(`✓ ${join(cwd, ".claude", "settings.json")}: 4 hookjudge command hooks lint clean\n`);
    expect(result.stdout).toMatch(/✓ state folder writable, outside the project: /);
    expect(result.stdout).not.toMatch(/^[✗!]/m);
    expect(result.stdout.endsWith("all set\n")).toBe(true);
    expect(model.requests).toHaveLength(1);
    expect(model.requests[0]!.body.max_tokens).toBe(16);
  });

  it("--offline makes no call", async () => {
    const cwd = await initialised();
    model.reset();
    const result = await runCli(["doctor", "--offline"], { cwd, env: withModel() });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("✓ model claude-haiku-4-5 configured (not called: --offline)\n");
    expect(model.requests).toHaveLength(0);
  });

  it("without a model: ✗ with every way to configure one, exit 1", async () => {
    const cwd = await initialised();
    const result = await runCli(["doctor"], { cwd });
    expect(result.code).toBe(1);
    expect(result.stdout).toContain("! no key variable set\n");
    expect(result.stdout).toContain("✗ no model configured for claude-haiku-4-5: no Anthropic API key\n");
    for (const way of ["export HOOKJUDGE_ANTHROPIC_API_KEY=", "HOOKJUDGE_MODEL=openai:", "HOOKJUDGE_MODEL=ollama:", "HOOKJUDGE_MODEL=bedrock:", "HOOKJUDGE_MODEL=vertex:", "HOOKJUDGE_MODEL=claude-code:"]) expect(result.stdout).toContain(way);
    expect(result.stdout.endsWith("1 check failed\n")).toBe(true);
  });

  it("a model that fails: ✗ with the API's message, exit 1", async () => {
    const cwd = await initialised();
    model.enqueue({ status: 401, errorMessage: "invalid x-api-key" });
    const result = await runCli(["doctor"], { cwd, env: withModel() });
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/✗ model claude-haiku-4-5 did not answer: .*invalid x-api-key/);
  });

  it("ANTHROPIC_API_KEY alone: a warning that Claude Code would bill it, with HOOKJUDGE_ANTHROPIC_API_KEY as the fix", async () => {
    const cwd = await initialised();
    const result = await runCli(["doctor"], { cwd, env: { ANTHROPIC_API_KEY: "test-key", ANTHROPIC_BASE_URL: model.url } });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("! ANTHROPIC_API_KEY is set: Claude Code itself bills that key instead of your subscription when it sees it\n    export HOOKJUDGE_ANTHROPIC_API_KEY=<the key> instead");
  });

  it("a broken setting: a misspelled built-in, a timeout below the hook's own, a program that does not exist, npx that would fetch; exit 1", async () => {
    const cwd = realpathSync(temporaryDirectory("hookjudge-doctor-"));
    mkdirSync(join(cwd, ".claude"), { recursive: true });
    const file = join(cwd, ".claude", "settings.json");
    const hooks = [
      { type: "command", command: "node /nowhere/hookjudge/dist/cli.js run stop-complet", timeout: 60 },
      { type: "command", command: "npx hookjudge loop stop-hook", timeout: 20 },
    ];
    writeFileSync(file, JSON.stringify({ hooks: { Stop: [{ hooks }] } }, null, 2));
    const result = await runCli(["doctor", "--offline"], { cwd, env: withModel() });
    expect(result.code).toBe(1);
    expect(result.stdout).toContain(`✗ ${file}: 2 problems (hookjudge lint ${file})\n`);
    expect(result.stdout).toMatch(/line \d+: Stop\[0\]\.hooks\[0\]: no built-in hook named stop-complet; built-ins: /);
    expect(result.stdout).toMatch(/line \d+: Stop\[0\]\.hooks\[1\]: the entry's timeout \(20 s\) is not above the hook's own \(60 s\)/);
    expect(result.stdout).toContain(`✗ ${file}: /nowhere/hookjudge/dist/cli.js does not exist`);
    expect(result.stdout).toContain(`✗ ${file}: "npx hookjudge loop stop-hook" uses npx without --no-install: where hookjudge is not installed, every event fetches from the registry`);
    expect(result.stdout.endsWith("3 checks failed\n")).toBe(true);
  });

  it("a settings file that is not JSON: ✗, exit 1", async () => {
    const cwd = realpathSync(temporaryDirectory("hookjudge-doctor-"));
    mkdirSync(join(cwd, ".claude"), { recursive: true });
    writeFileSync(join(cwd, ".claude", "settings.json"), "{ hooks: }");
    const result = await runCli(["doctor", "--offline"], { cwd, env: withModel() });
    expect(result.code).toBe(1);
    expect(result.stdout).toContain(`✗ ${join(cwd, ".claude", "settings.json")} cannot be read:`);
  });

  it("HTTP hooks: the server they call must answer /healthz", async () => {
    const cwd = realpathSync(temporaryDirectory("hookjudge-doctor-"));
    mkdirSync(join(cwd, ".git"));
    const server = createServer((request, response) => response.writeHead(request.url === "/healthz" ? 200 : 404).end("{}"));
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const port = (server.address() as AddressInfo).port;
    try {
      expect((await runCli(["init", "--yes", "--serve", "--url", `http://127.0.0.1:${port}`], { cwd })).code).toBe(0);
      const up = await runCli(["doctor", "--offline"], { cwd, env: withModel() });
      expect(up.stdout).toContain(`✓ hookjudge serve answers at http://127.0.0.1:${port}\n`);
      expect(up.code).toBe(0);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
    const down = await runCli(["doctor", "--offline"], { cwd, env: withModel() });
    expect(down.code).toBe(1);
    expect(down.stdout).toContain(`✗ the settings send hooks to http://127.0.0.1:${port}, and nothing answers there`);
  });

  it("a state folder inside the project: ✗ with HOOKJUDGE_HOME as the fix", async () => {
    const cwd = await initialised();
    const result = await runCli(["doctor", "--offline"], { cwd, env: { ...withModel(), HOOKJUDGE_HOME: join(cwd, "state") } });
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/✗ the state folder .* is inside the project, where the agent can edit its counters and loops\n {4}set HOOKJUDGE_HOME to a folder outside the project/);
  });
});
