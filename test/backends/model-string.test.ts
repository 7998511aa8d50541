import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createBackend, parseModelString, PROVIDERS } from "../../src/backends/index.js";
import { buildJudgeRequest, judgePrompt } from "../../src/judge/prompt-judge.js";
import { runCli, temporaryDirectory } from "../helpers/cli.js";
import { startFakeModel, type FakeModel } from "../helpers/fake-model.js";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";

describe("model strings", () => {
  it("splits provider:model at the first colon; a bare id is Anthropic", () => {
    expect(parseModelString("claude-haiku-4-5")).toEqual({ provider: "anthropic", id: "claude-haiku-4-5" });
    expect(parseModelString("anthropic:claude-sonnet-4-5")).toEqual({ provider: "anthropic", id: "claude-sonnet-4-5" });
    expect(parseModelString("openai:gpt-4o-mini")).toEqual({ provider: "openai", id: "gpt-4o-mini" });
    expect(parseModelString("ollama:qwen3:4b")).toEqual({ provider: "ollama", id: "qwen3:4b" });
    expect(parseModelString("bedrock:us.anthropic.claude-haiku-4-5-20251001-v1:0")).toEqual({ provider: "bedrock", id: "us.anthropic.claude-haiku-4-5-20251001-v1:0" });
    expect(parseModelString("vertex:claude-haiku-4-5@20251001")).toEqual({ provider: "vertex", id: "claude-haiku-4-5@20251001" });
    expect(parseModelString("claude-code:claude-haiku-4-5")).toEqual({ provider: "claude-code", id: "claude-haiku-4-5" });
    expect(parseModelString("gguf:./judge.gguf")).toEqual({ provider: "gguf", id: "./judge.gguf" });
  });

  it("an unknown provider is a config error that names the known ones", () => {
    expect(() => parseModelString("mistral:large")).toThrow(expect.objectContaining({ code: "config", message: expect.stringContaining(PROVIDERS.map((name) => `${name}:`).join(", ")) }));
    // a Bedrock id written bare (as Claude Code's own variables may hold it) gets a hint
    expect(() => parseModelString("us.anthropic.claude-haiku-4-5-20251001-v1:0")).toThrow(/bedrock:us\.anthropic\.claude-haiku-4-5-20251001-v1:0/);
    expect(() => parseModelString("openai:")).toThrow(expect.objectContaining({ code: "config", message: expect.stringContaining("openai:gpt-4o-mini") }));
  });

  it("providers of a later stage are a config error, not a crash", () => {
    expect(() => createBackend({ model: "gguf:./judge.gguf", env: {} })).toThrow(expect.objectContaining({ code: "config" }));
  });

  it("lint reports an unknown provider in a hook's front matter with its file and line", async () => {
    const dir = temporaryDirectory();
    const file = join(dir, "judge.md");
    writeFileSync(file, "---\nname: judge\nmodel: mistral:large\n---\nIs it done? $LAST_ASSISTANT_MESSAGE\n");
    const result = await runCli(["lint", file], { cwd: dir });
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/judge\.md:3: .*unknown model provider "mistral"/);
    writeFileSync(file, "---\nname: judge\nmodel: ollama:qwen3:4b\n---\nIs it done? $LAST_ASSISTANT_MESSAGE\n");
    expect((await runCli(["lint", file], { cwd: dir })).stdout).toContain("no problems");
  });
});

describe("Anthropic keys", () => {
  let fake: FakeModel;
  beforeAll(async () => {
    fake = await startFakeModel();
  });
  afterAll(() => fake.close());
  beforeEach(() => fake.reset());
  const request = buildJudgeRequest("system", "Is it done?", "Stop");

  it("HOOKJUDGE_ANTHROPIC_API_KEY wins over ANTHROPIC_API_KEY, for a bare id and anthropic:", async () => {
    for (const model of ["claude-haiku-4-5", "anthropic:claude-haiku-4-5"]) {
      const backend = createBackend({ model, env: { HOOKJUDGE_ANTHROPIC_API_KEY: "hookjudge-only", ANTHROPIC_API_KEY: "shared", ANTHROPIC_BASE_URL: fake.url } });
      expect(backend).toMatchObject({ id: "anthropic", modelId: "claude-haiku-4-5" });
      await judgePrompt({ backend, request, signal: new AbortController().signal });
    }
    expect(fake.requests.map((sent) => sent.headers.authorization)).toEqual(["Bearer hookjudge-only", "Bearer hookjudge-only"]);
    expect(fake.requests[0]!.body.model).toBe("claude-haiku-4-5");
  });

  it("ANTHROPIC_API_KEY alone still works", async () => {
    const backend = createBackend({ model: "claude-haiku-4-5", env: { ANTHROPIC_API_KEY: "shared", ANTHROPIC_BASE_URL: fake.url } });
    await judgePrompt({ backend, request, signal: new AbortController().signal });
    expect(fake.requests[0]!.headers.authorization).toBe("Bearer shared");
  });

  it("no key: the config error names both variables and the billing switch", () => {
    expect(() => createBackend({ model: "claude-haiku-4-5", env: {} })).toThrow(
      expect.objectContaining({ code: "config", message: expect.stringMatching(/HOOKJUDGE_ANTHROPIC_API_KEY.*ANTHROPIC_API_KEY.*Claude Code itself .*API billing/) }),
    );
  });

  it("the CLI's --model reaches the provider: ollama: with a dry run prints a chat completions body", async () => {
    const dir = temporaryDirectory();
    mkdirSync(join(dir, ".git"));
    const input = JSON.stringify({ hook_event_name: "Stop", session_id: "s", cwd: dir, stop_hook_active: false, last_assistant_message: "done" });
    const result = await runCli(["run", "stop-complete", "--dry-run", "--model", "ollama:qwen3:4b"], { input, cwd: dir, env: { HOOKJUDGE_HOME: join(dir, "state") } });
    expect(result.code).toBe(0);
    const printed = JSON.parse(result.stdout) as { requests: Array<{ request: { model: string; messages: Array<{ role: string }>; tool_choice: unknown } }> };
    expect(printed.requests[0]!.request).toMatchObject({ model: "qwen3:4b", tool_choice: { type: "function", function: { name: "verdict" } } });
    expect(printed.requests[0]!.request.messages[0]!.role).toBe("system");
  });
});
