import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createBackend } from "../../src/backends/index.js";
import { createOpenAIBackend, ollamaHost } from "../../src/backends/openai.js";
import { runHook } from "../../src/executor/run-hooks.js";
import { loadHook } from "../../src/hook/load.js";
import { buildJudgeRequest, judgePrompt } from "../../src/judge/prompt-judge.js";
import { fixtureInput, fixturePath, runCli, temporaryDirectory } from "../helpers/cli.js";
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { startFakeChatModel, type FakeChatModel } from "../helpers/fake-openai.js";
import { fixtureProject } from "../helpers/project.js";

let fake: FakeChatModel;
beforeAll(async () => {
  fake = await startFakeChatModel();
});
afterAll(() => fake.close());
beforeEach(() => fake.reset());

const env = () => ({ HOOKJUDGE_OPENAI_API_KEY: "test-key", OPENAI_BASE_URL: fake.url });
const backend = (model = "openai:gpt-4o-mini") => createBackend({ model, env: env() });
const request = buildJudgeRequest("system text", "Is it done?", "Stop");
const judge = () => judgePrompt({ backend: backend(), request, signal: new AbortController().signal });
const hook = loadHook("stop-complete");
const stopInput = () => fixtureInput("stop", { cwd: temporaryDirectory() });

describe("OpenAI-compatible backend on the real openai SDK, against a loopback chat completions API", () => {
  it("forces the verdict as a function call and reads its JSON arguments", async () => {
    fake.enqueue({ verdict: { ok: true, reason: "done" } });
    const outcome = await judge();
    expect(outcome).toMatchObject({ kind: "verdict", verdict: { ok: true, reason: "done" }, turns: 1, model: "gpt-4o-mini" });
    // gpt-4o-mini at $0.15 / $0.60 per million tokens
    expect(outcome.usage).toEqual({ inputTokens: 200, outputTokens: 40, costUsd: 0.000054 });
    const sent = fake.requests[0]!;
    expect(sent.method).toBe("POST");
    expect(sent.path).toBe("/v1/chat/completions");
    expect(sent.headers.authorization).toBe("Bearer test-key");
    expect(sent.body).toMatchObject({
      model: "gpt-4o-mini",
      temperature: 0,
      max_tokens: 1024,
      tool_choice: { type: "function", function: { name: "verdict" } },
      messages: [
        { role: "system", content: "system text" },
        { role: "user", content: "Is it done?" },
      ],
    });
    expect(sent.body.stream).toBeUndefined();
    expect(sent.body.tools).toEqual([{ type: "function", function: { name: "verdict", description: expect.any(String), parameters: expect.objectContaining({ required: ["ok", "reason"] }) } }]);
  });

  it("falls back to the strict text rule when the reply carries no tool call", async () => {
    fake.enqueue({ text: '{"ok": false, "reason": "README not updated"}' });
    expect(await judge()).toMatchObject({ kind: "verdict", verdict: { ok: false, reason: "README not updated" }, turns: 1 });
  });

  it("accepts arguments sent as an object by a server that does not stringify them", async () => {
    fake.enqueue({ toolCalls: [{ name: "verdict", arguments: { ok: true, reason: "object arguments" } }] });
    expect(await judge()).toMatchObject({ kind: "verdict", verdict: { reason: "object arguments" } });
  });

  it("answers an invalid function call with a role:tool message in the one repair request", async () => {
    fake.enqueue({ toolCalls: [{ name: "verdict", arguments: '{"ok": false}', id: "call_bad" }] }, { verdict: { ok: false, reason: "now with a reason" } });
    expect(await judge()).toMatchObject({ kind: "verdict", verdict: { ok: false, reason: "now with a reason" }, turns: 2 });
    const messages = fake.requests[1]!.body.messages;
    expect(messages.map((message) => message.role)).toEqual(["system", "user", "assistant", "tool", "user"]);
    expect(messages[2]).toEqual({ role: "assistant", content: null, tool_calls: [{ id: "call_bad", type: "function", function: { name: "verdict", arguments: '{"ok":false}' } }] });
    expect(messages[3]).toMatchObject({ role: "tool", tool_call_id: "call_bad", content: expect.stringContaining("ok:false needs a non-empty reason") });
    expect(String(messages[4]!.content)).toContain("could not be read as a verdict");
  });

  it("gives a malformed error after prose, one repair request, and prose again", async () => {
    fake.enqueue({ text: 'I think {"ok": true, "reason": "x"} fits.' }, { text: "Still prose." });
    const outcome = await judge();
    expect(outcome).toMatchObject({ kind: "error", code: "malformed", turns: 2 });
    expect(fake.requests).toHaveLength(2);
    expect(fake.requests[1]!.body.messages.slice(2)).toEqual([
      { role: "assistant", content: 'I think {"ok": true, "reason": "x"} fits.' },
      { role: "user", content: expect.stringContaining("JSON inside prose is not accepted") },
    ]);
  });

  it("treats a reply cut at the token limit as malformed without a repair", async () => {
    fake.enqueue({ text: '{"ok": tr', finishReason: "length" });
    expect(await judge()).toMatchObject({ kind: "error", code: "malformed", message: expect.stringContaining("max_tokens") });
    expect(fake.requests).toHaveLength(1);
  });

  it("cuts a hung server at the hook's timeout: a timeout error and the connection closed", async () => {
    fake.enqueue({ hang: true });
    const abortedBefore = fake.abortedRequests();
    const result = await runHook(hook, stopInput(), { backend: backend(), stateDir: false, timeout: 0.5 });
    expect(result.results[0]!.outcome).toMatchObject({ kind: "error", code: "timeout", message: expect.stringContaining("0.5 s") });
    expect(result.decision).toMatchObject({ kind: "pass", source: "error" });
    await expect.poll(() => fake.abortedRequests()).toBe(abortedBefore + 1);
  });

  it("reports an HTTP error as an api error with its status, never as a verdict", async () => {
    fake.enqueue({ status: 400, errorMessage: "model not found" });
    expect(await judge()).toMatchObject({ kind: "error", code: "api", message: expect.stringMatching(/HTTP 400.*model not found/) });
  });

  it("drops temperature for a model that refuses it, and keeps it dropped", async () => {
    const shared = backend("openai:o4-mini");
    fake.enqueue({ status: 400, errorMessage: "Unsupported value: 'temperature' does not support 0 with this model." }, { verdict: { ok: true, reason: "a" } }, { verdict: { ok: true, reason: "b" } });
    const signal = new AbortController().signal;
    expect(await judgePrompt({ backend: shared, request, signal })).toMatchObject({ kind: "verdict" });
    expect(await judgePrompt({ backend: shared, request, signal })).toMatchObject({ kind: "verdict" });
    expect(fake.requests.map((sent) => "temperature" in sent.body)).toEqual([true, false, false]);
  });

  it("runs the verifier's tools through function calls: Read, then a verdict", async () => {
    const { root } = fixtureProject();
    fake.enqueue(
      { toolCalls: [{ name: "Read", arguments: JSON.stringify({ file_path: "src/flags.ts", offset: 9, limit: 1 }), id: "call_read" }] },
      { verdict: { ok: true, reason: 'src/flags.ts:9 sets flags.verbose on "--verbose".' } },
    );
    const agentHook = loadHook(fixturePath("hooks", "verify-flags.md"));
    const input = { hook_event_name: "Stop", session_id: "openai-agent", cwd: root, stop_hook_active: false, last_assistant_message: "I added --verbose." } as const;
    const result = await runHook(agentHook, input, { backend: backend(), stateDir: false });
    expect(result.results[0]!.outcome).toMatchObject({ kind: "verdict", verdict: { ok: true }, turns: 2, toolCalls: 1, trace: { endReason: "verdict" } });
    const first = fake.requests[0]!.body;
    expect(first.tools!.map((tool) => tool.function.name)).toEqual(["Read", "Grep", "Glob", "Bash", "verdict"]);
    expect(first.tool_choice).toBe("auto");
    const second = fake.requests[1]!.body.messages;
    expect(second.at(-2)).toEqual({ role: "assistant", content: null, tool_calls: [{ id: "call_read", type: "function", function: { name: "Read", arguments: '{"file_path":"src/flags.ts","offset":9,"limit":1}' } }] });
    expect(second.at(-1)).toEqual({ role: "tool", tool_call_id: "call_read", content: '     9\t    if (argument === "--verbose") flags.verbose = true;\n[4 more lines: read on with offset 10]' });
  });

  it("the built CLI judges through its bundled OpenAI client", async () => {
    fake.enqueue({ verdict: { ok: false, reason: "from the CLI" } });
    const dir = temporaryDirectory();
    mkdirSync(join(dir, ".git"));
    const input = JSON.stringify({ hook_event_name: "Stop", session_id: "cli-openai", cwd: dir, stop_hook_active: false, last_assistant_message: "done" });
    const result = await runCli(["run", "stop-complete", "--output", "json"], { input, cwd: dir, env: { ...env(), HOOKJUDGE_MODEL: "openai:gpt-4o-mini", HOOKJUDGE_HOME: join(dir, "state") } });
    expect(result.stderr).toBe("");
    expect(result.stdout).toContain("from the CLI");
    expect(fake.requests[0]!.body.model).toBe("gpt-4o-mini");
  });

  it("sends max_completion_tokens to OpenAI's own API, max_tokens elsewhere", async () => {
    const sent: string[] = [];
    const recording = (async (_input: unknown, init?: RequestInit) => {
      sent.push(String(init?.body));
      throw new Error("stop here");
    }) as typeof fetch;
    const official = createOpenAIBackend({ model: "gpt-5-mini", apiKey: "k", baseURL: "https://api.openai.com/v1", fetch: recording, maxRetries: 0 });
    await expect(official.complete(request, { signal: new AbortController().signal })).rejects.toMatchObject({ code: "api" });
    expect(JSON.parse(sent[0]!)).toMatchObject({ max_completion_tokens: 1024 });
    expect(JSON.parse(sent[0]!)).not.toHaveProperty("max_tokens");
  });
});

describe("keys", () => {
  it("prefers HOOKJUDGE_OPENAI_API_KEY over OPENAI_API_KEY", async () => {
    fake.enqueue({ verdict: { ok: true, reason: "k" } });
    const both = createBackend({ model: "openai:gpt-4o-mini", env: { HOOKJUDGE_OPENAI_API_KEY: "hookjudge-only", OPENAI_API_KEY: "shared", OPENAI_BASE_URL: fake.url } });
    await judgePrompt({ backend: both, request, signal: new AbortController().signal });
    expect(fake.requests[0]!.headers.authorization).toBe("Bearer hookjudge-only");
    fake.enqueue({ verdict: { ok: true, reason: "k" } });
    const shared = createBackend({ model: "openai:gpt-4o-mini", env: { OPENAI_API_KEY: "shared", OPENAI_BASE_URL: fake.url } });
    await judgePrompt({ backend: shared, request, signal: new AbortController().signal });
    expect(fake.requests[1]!.headers.authorization).toBe("Bearer shared");
  });

  it("names both variables when no OpenAI key is set", () => {
    expect(() => createBackend({ model: "openai:gpt-4o-mini", env: {} })).toThrow(expect.objectContaining({ code: "config", message: expect.stringMatching(/HOOKJUDGE_OPENAI_API_KEY.*OPENAI_API_KEY/) }));
  });

  it("a missing key is a config outcome of the run, not a crash", async () => {
    const result = await runHook(hook, stopInput(), { model: "openai:gpt-4o-mini", env: {}, stateDir: false });
    expect(result.results[0]!.outcome).toMatchObject({ kind: "error", code: "config", message: expect.stringContaining("HOOKJUDGE_OPENAI_API_KEY") });
  });
});

describe("Ollama", () => {
  it("reaches OLLAMA_HOST + /v1 with no key, the model id keeping its colons", async () => {
    fake.enqueue({ verdict: { ok: false, reason: "tests fail" } });
    const ollama = createBackend({ model: "ollama:qwen3:4b", env: { OLLAMA_HOST: fake.hostPort } });
    const outcome = await judgePrompt({ backend: ollama, request, signal: new AbortController().signal });
    expect(outcome).toMatchObject({ kind: "verdict", verdict: { ok: false, reason: "tests fail" }, model: "qwen3:4b" });
    // a local model costs nothing per token
    expect(outcome.usage.costUsd).toBe(0);
    expect(fake.requests[0]!.path).toBe("/v1/chat/completions");
    expect(fake.requests[0]!.body.model).toBe("qwen3:4b");
    expect(ollama).toMatchObject({ id: "ollama", modelId: "qwen3:4b" });
  });

  it("reads OLLAMA_HOST the way Ollama does", () => {
    expect(ollamaHost(undefined)).toBe("http://127.0.0.1:11434");
    expect(ollamaHost("0.0.0.0")).toBe("http://0.0.0.0:11434");
    expect(ollamaHost("127.0.0.1:8080")).toBe("http://127.0.0.1:8080");
    expect(ollamaHost("http://gpu-box:11434/")).toBe("http://gpu-box:11434");
    expect(ollamaHost("https://ollama.example.com")).toBe("https://ollama.example.com");
  });
});
