import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createAnthropicBackend } from "../../src/backends/anthropic.js";
import { runHook } from "../../src/executor/run-hooks.js";
import { loadHook } from "../../src/hook/load.js";
import { buildJudgeRequest, judgePrompt } from "../../src/judge/prompt-judge.js";
import { fixtureInput, temporaryDirectory } from "../helpers/cli.js";
import { startFakeModel, type FakeModel } from "../helpers/fake-model.js";

let fake: FakeModel;
beforeAll(async () => {
  fake = await startFakeModel();
});
afterAll(() => fake.close());
beforeEach(() => fake.reset());

const backend = (model = "claude-haiku-4-5") => createAnthropicBackend({ model, apiKey: "test-key", baseURL: fake.url });
const request = buildJudgeRequest("system text", "Is it done?", "Stop");
const judge = (signal = new AbortController().signal) => judgePrompt({ backend: backend(), request, signal });
const hook = loadHook("stop-complete");
const stopInput = () => fixtureInput("stop", { cwd: temporaryDirectory() });

describe("Anthropic backend on the real SDK, against a loopback Messages API", () => {
  it("sends one forced verdict tool call at temperature 0 with thinking off", async () => {
    fake.enqueue({ verdict: { ok: true, reason: "done" } });
    const outcome = await judge();
    expect(outcome).toMatchObject({ kind: "verdict", verdict: { ok: true, reason: "done" }, turns: 1, model: "claude-haiku-4-5" });
    expect(outcome.usage).toEqual({ inputTokens: 120, outputTokens: 30, costUsd: 0.00027 });
    const sent = fake.requests[0]!;
    expect(sent.path).toBe("/v1/messages");
    // SDK 1.x sends the key as a bearer token
    expect(sent.headers.authorization).toBe("Bearer test-key");
    expect(sent.body).toMatchObject({
      model: "claude-haiku-4-5",
      max_tokens: 1024,
      temperature: 0,
      thinking: { type: "disabled" },
      system: "system text",
      tool_choice: { type: "tool", name: "verdict" },
      messages: [{ role: "user", content: "Is it done?" }],
    });
    expect(sent.body.tools!.map((tool) => tool.name)).toEqual(["verdict"]);
  });

  it("accepts a text reply that is exactly one JSON object when the tool was ignored", async () => {
    fake.enqueue({ text: '{"ok": false, "reason": "README not updated"}' });
    expect(await judge()).toMatchObject({ kind: "verdict", verdict: { ok: false, reason: "README not updated" } });
  });

  it("sends one repair request carrying the parse error, then accepts the repaired verdict", async () => {
    fake.enqueue({ text: 'I think {"ok": true, "reason": "x"} fits.' }, { verdict: { ok: false, reason: "tests missing" } });
    const outcome = await judge();
    expect(outcome).toMatchObject({ kind: "verdict", verdict: { ok: false, reason: "tests missing" }, turns: 2 });
    const repair = fake.requests[1]!.body.messages;
    expect(repair).toHaveLength(3);
    expect(repair[1]).toEqual({ role: "assistant", content: [{ type: "text", text: 'I think {"ok": true, "reason": "x"} fits.' }] });
    expect(JSON.stringify(repair[2])).toContain("JSON inside prose is not accepted");
  });

  it("answers an invalid tool call with an is_error tool_result in the repair request", async () => {
    fake.enqueue({ verdict: { ok: false } }, { verdict: { ok: false, reason: "now with a reason" } });
    expect(await judge()).toMatchObject({ kind: "verdict", verdict: { reason: "now with a reason" } });
    const content = fake.requests[1]!.body.messages[2]!.content as Array<Record<string, unknown>>;
    expect(content[0]).toMatchObject({ type: "tool_result", tool_use_id: expect.stringMatching(/^toolu_fake_/), is_error: true });
    expect(String(content[0]!["content"])).toContain("ok:false needs a non-empty reason");
  });

  it("asks again when the reply calls the verdict tool twice", async () => {
    fake.enqueue(
      { content: [{ type: "tool_use", id: "toolu_a", name: "verdict", input: { ok: true, reason: "a" } }, { type: "tool_use", id: "toolu_b", name: "verdict", input: { ok: false, reason: "b" } }], stopReason: "tool_use" },
      { verdict: { ok: false, reason: "once" } },
    );
    expect(await judge()).toMatchObject({ kind: "verdict", verdict: { reason: "once" }, turns: 2 });
    expect(JSON.stringify(fake.requests[1]!.body.messages[2])).toContain("called the verdict tool 2 times");
  });

  it("gives a malformed error after the one repair fails", async () => {
    fake.enqueue({ text: "Looks fine to me." }, { text: "Still prose." });
    const outcome = await judge();
    expect(outcome).toMatchObject({ kind: "error", code: "malformed", turns: 2 });
    expect(fake.requests).toHaveLength(2);
  });

  it("treats a reply cut at max_tokens as an error without a repair", async () => {
    fake.enqueue({ content: [{ type: "text", text: '{"ok": tr' }], stopReason: "max_tokens" });
    expect(await judge()).toMatchObject({ kind: "error", code: "malformed", message: expect.stringContaining("max_tokens") });
    expect(fake.requests).toHaveLength(1);
  });

  it("retries a 529 inside the deadline and then succeeds", async () => {
    fake.enqueue({ status: 529, headers: { "retry-after-ms": "20" } }, { verdict: { ok: true, reason: "after retry" } });
    const result = await runHook(hook, stopInput(), { backend: backend(), stateDir: false, timeout: 5 });
    expect(result.results[0]!.outcome).toMatchObject({ kind: "verdict", verdict: { reason: "after retry" } });
    expect(fake.requests).toHaveLength(2);
  });

  it("cuts a hung server at the timeout: a timeout error, the connection closed, no verdict", async () => {
    fake.enqueue({ hang: true });
    const abortedBefore = fake.abortedRequests();
    const result = await runHook(hook, stopInput(), { backend: backend(), stateDir: false, timeout: 0.5 });
    expect(result.results[0]!.outcome).toMatchObject({ kind: "error", code: "timeout", message: expect.stringContaining("0.5 s") });
    expect(result.decision).toMatchObject({ kind: "pass", source: "error" });
    await expect.poll(() => fake.abortedRequests()).toBe(abortedBefore + 1);
  });

  it("does not wait out a long retry-after past the deadline", async () => {
    fake.enqueue({ status: 429, headers: { "retry-after": "60" } }, { verdict: { ok: true, reason: "too late" } });
    const result = await runHook(hook, stopInput(), { backend: backend(), stateDir: false, timeout: 0.5 });
    expect(result.results[0]!.outcome).toMatchObject({ kind: "error", code: "timeout" });
    expect(fake.requests).toHaveLength(1);
  });

  it("reports an API error with its status, never as a verdict", async () => {
    fake.enqueue({ status: 400, errorMessage: "messages: bad request" });
    expect(await judge()).toMatchObject({ kind: "error", code: "api", message: expect.stringContaining("HTTP 400") });
  });

  it("drops temperature for a model that refuses it, and keeps it dropped", async () => {
    const shared = backend("claude-opus-4-7");
    fake.enqueue({ status: 400, errorMessage: "`temperature` is deprecated for this model." }, { verdict: { ok: true, reason: "a" } }, { verdict: { ok: true, reason: "b" } });
    const signal = new AbortController().signal;
    expect(await judgePrompt({ backend: shared, request, signal })).toMatchObject({ kind: "verdict" });
    expect(await judgePrompt({ backend: shared, request, signal })).toMatchObject({ kind: "verdict" });
    expect(fake.requests.map((sent) => "temperature" in sent.body)).toEqual([true, false, false]);
  });

  it("names ANTHROPIC_API_KEY when no key is set", () => {
    const saved = { key: process.env["ANTHROPIC_API_KEY"], token: process.env["ANTHROPIC_AUTH_TOKEN"] };
    delete process.env["ANTHROPIC_API_KEY"];
    delete process.env["ANTHROPIC_AUTH_TOKEN"];
    try {
      expect(() => createAnthropicBackend({ model: "m" })).toThrow(/ANTHROPIC_API_KEY/);
    } finally {
      if (saved.key !== undefined) process.env["ANTHROPIC_API_KEY"] = saved.key;
      if (saved.token !== undefined) process.env["ANTHROPIC_AUTH_TOKEN"] = saved.token;
    }
  });
});
