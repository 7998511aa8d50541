import { createHash } from "node:crypto";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createBackend } from "../../src/backends/index.js";
import { buildJudgeRequest, judgePrompt } from "../../src/judge/prompt-judge.js";
import { fixturePath, runCli, temporaryDirectory } from "../helpers/cli.js";
import { fixtureProject } from "../helpers/project.js";
import { runHook } from "../../src/executor/run-hooks.js";
import { loadHook } from "../../src/hook/load.js";
import { startFakeModel, type FakeModel } from "../helpers/fake-model.js";
import { mkdirSync } from "node:fs";
import { join } from "node:path";

// Bedrock and Vertex answer the Messages API's JSON at their own paths: one loopback fake serves both

let fake: FakeModel;
beforeAll(async () => {
  fake = await startFakeModel();
});
afterAll(() => fake.close());
beforeEach(() => fake.reset());

const request = buildJudgeRequest("system text", "Is it done?", "Stop");
const signal = () => new AbortController().signal;
const BEDROCK_ID = "us.anthropic.claude-haiku-4-5-20251001-v1:0";
// the ambient AWS chain (IMDS, profiles) must never be reached from a test
const awsOff = { AWS_EC2_METADATA_DISABLED: "true" };

describe("Bedrock on the real @anthropic-ai/bedrock-sdk", () => {
  it("posts to /model/<id>/invoke, signed with SigV4 from static keys", async () => {
    fake.enqueue({ verdict: { ok: true, reason: "signed" } });
    const backend = createBackend({
      model: `bedrock:${BEDROCK_ID}`,
      env: { ...awsOff, AWS_ACCESS_KEY_ID: "AKIDEXAMPLE", AWS_SECRET_ACCESS_KEY: "secret-example", AWS_SESSION_TOKEN: "session-example", AWS_REGION: "eu-west-3", ANTHROPIC_BEDROCK_BASE_URL: fake.url },
    });
    const outcome = await judgePrompt({ backend, request, signal: signal() });
    expect(outcome).toMatchObject({ kind: "verdict", verdict: { reason: "signed" }, model: BEDROCK_ID });
    // Bedrock lists Anthropic's prices for Haiku 4.5: $1 / $5 per million tokens
    expect(outcome.usage).toEqual({ inputTokens: 120, outputTokens: 30, costUsd: 0.00027 });
    const sent = fake.requests[0]!;
    expect(sent.path).toBe(`/model/${BEDROCK_ID}/invoke`);
    const date = String(sent.headers["x-amz-date"]);
    expect(date).toMatch(/^\d{8}T\d{6}Z$/);
    expect(sent.headers.authorization).toMatch(new RegExp(`^AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/${date.slice(0, 8)}/eu-west-3/bedrock/aws4_request, SignedHeaders=[^,]*host[^,]*, Signature=[0-9a-f]{64}$`));
    expect(sent.headers["x-amz-security-token"]).toBe("session-example");
    expect(sent.headers["user-agent"]).toMatch(/^AnthropicBedrock\/JS /);
    // the model moves into the path; the API version joins the body
    expect(sent.body).not.toHaveProperty("model");
    expect(sent.body).toMatchObject({ anthropic_version: expect.stringMatching(/\d{4}-\d{2}-\d{2}/), tool_choice: { type: "tool", name: "verdict" }, max_tokens: 1024 });
    expect(sent.headers["anthropic-version"]).toBeUndefined();
  });

  it("signs the body it sends: x-amz-content-sha256, when present, is the body's hash", async () => {
    fake.enqueue({ verdict: { ok: true, reason: "hash" } });
    const backend = createBackend({ model: `bedrock:${BEDROCK_ID}`, env: { ...awsOff, AWS_ACCESS_KEY_ID: "AKIDEXAMPLE", AWS_SECRET_ACCESS_KEY: "secret-example", ANTHROPIC_BEDROCK_BASE_URL: fake.url } });
    await judgePrompt({ backend, request, signal: signal() });
    const sent = fake.requests[0]!;
    // the region defaults to us-east-1
    expect(sent.headers.authorization).toContain("/us-east-1/bedrock/aws4_request");
    const hash = sent.headers["x-amz-content-sha256"];
    if (hash !== undefined) expect(hash).toBe(createHash("sha256").update(JSON.stringify(sent.body)).digest("hex"));
  });

  it("sends AWS_BEARER_TOKEN_BEDROCK as a bearer token instead of signing", async () => {
    fake.enqueue({ verdict: { ok: false, reason: "bearer" } });
    const backend = createBackend({ model: `bedrock:${BEDROCK_ID}`, env: { ...awsOff, AWS_BEARER_TOKEN_BEDROCK: "bedrock-api-key", AWS_ACCESS_KEY_ID: "AKIDIGNORED", AWS_SECRET_ACCESS_KEY: "ignored", ANTHROPIC_BEDROCK_BASE_URL: fake.url } });
    expect(await judgePrompt({ backend, request, signal: signal() })).toMatchObject({ kind: "verdict", verdict: { reason: "bearer" } });
    const sent = fake.requests[0]!;
    expect(sent.headers.authorization).toBe("Bearer bedrock-api-key");
    expect(sent.headers["x-amz-date"]).toBeUndefined();
    expect(sent.path).toBe(`/model/${BEDROCK_ID}/invoke`);
  });

  it("never sends an Anthropic key to Bedrock", async () => {
    fake.enqueue({ verdict: { ok: true, reason: "no anthropic key" } });
    const backend = createBackend({ model: `bedrock:${BEDROCK_ID}`, env: { ...awsOff, ANTHROPIC_API_KEY: "sk-ant-not-for-bedrock", AWS_BEARER_TOKEN_BEDROCK: "bedrock-api-key", ANTHROPIC_BEDROCK_BASE_URL: fake.url } });
    await judgePrompt({ backend, request, signal: signal() });
    expect(JSON.stringify(fake.requests[0]!.headers)).not.toContain("sk-ant-not-for-bedrock");
  });

  it("the built CLI loads the installed peer and judges through it", async () => {
    fake.enqueue({ verdict: { ok: false, reason: "from bedrock" } });
    const dir = temporaryDirectory();
    mkdirSync(join(dir, ".git"));
    const input = JSON.stringify({ hook_event_name: "Stop", session_id: "cli-bedrock", cwd: dir, stop_hook_active: false, last_assistant_message: "done" });
    const env = { ...awsOff, AWS_ACCESS_KEY_ID: "AKIDEXAMPLE", AWS_SECRET_ACCESS_KEY: "secret-example", ANTHROPIC_BEDROCK_BASE_URL: fake.url, HOOKJUDGE_HOME: join(dir, "state") };
    const result = await runCli(["run", "stop-complete", "--model", `bedrock:${BEDROCK_ID}`], { input, cwd: dir, env });
    expect(result.stderr).toBe("");
    expect(JSON.parse(result.stdout)).toMatchObject({ decision: "block", reason: expect.stringContaining("from bedrock") });
    expect(fake.requests[0]!.path).toBe(`/model/${BEDROCK_ID}/invoke`);
  });

  it("runs the verifier's tools through Bedrock's tool_use: Read, then a verdict", async () => {
    const { root } = fixtureProject();
    fake.enqueue({ content: [{ type: "tool_use", id: "toolu_read", name: "Read", input: { file_path: "src/flags.ts", offset: 9, limit: 1 } }], stopReason: "tool_use" }, { verdict: { ok: true, reason: "src/flags.ts:9 has it" } });
    const backend = createBackend({ model: `bedrock:${BEDROCK_ID}`, env: { ...awsOff, AWS_BEARER_TOKEN_BEDROCK: "k", ANTHROPIC_BEDROCK_BASE_URL: fake.url } });
    const input = { hook_event_name: "Stop", session_id: "bedrock-agent", cwd: root, stop_hook_active: false, last_assistant_message: "I added --verbose." } as const;
    const result = await runHook(loadHook(fixturePath("hooks", "verify-flags.md")), input, { backend, stateDir: false });
    expect(result.results[0]!.outcome).toMatchObject({ kind: "verdict", verdict: { ok: true }, turns: 2, toolCalls: 1 });
    const results = fake.requests[1]!.body.messages.at(-1)!.content as Array<{ type: string; tool_use_id: string; content: string }>;
    expect(results[0]).toMatchObject({ type: "tool_result", tool_use_id: "toolu_read", content: expect.stringContaining('if (argument === "--verbose")') });
    expect(fake.requests.every((sent) => sent.path === `/model/${BEDROCK_ID}/invoke`)).toBe(true);
  });

  it("reports an HTTP error under hookjudge's name", async () => {
    fake.enqueue({ status: 400, errorMessage: "The provided model identifier is invalid." });
    const backend = createBackend({ model: "bedrock:nope", env: { ...awsOff, AWS_BEARER_TOKEN_BEDROCK: "k", ANTHROPIC_BEDROCK_BASE_URL: fake.url } });
    expect(await judgePrompt({ backend, request, signal: signal() })).toMatchObject({ kind: "error", code: "api", message: expect.stringContaining("HTTP 400") });
  });
});

describe("Vertex on the real @anthropic-ai/vertex-sdk, with an injected auth client", () => {
  const authClient = { getRequestHeaders: async () => new Headers({ authorization: "Bearer ya29.test-token" }) };
  const vertexEnv = () => ({ CLOUD_ML_REGION: "us-east5", ANTHROPIC_VERTEX_PROJECT_ID: "judge-project", ANTHROPIC_VERTEX_BASE_URL: fake.url, METADATA_SERVER_DETECTION: "none" });

  it("posts to the region's rawPredict path with the auth client's bearer token", async () => {
    fake.enqueue({ verdict: { ok: true, reason: "vertex" } });
    const backend = createBackend({ model: "vertex:claude-haiku-4-5@20251001", env: vertexEnv(), vertexAuthClient: authClient });
    const outcome = await judgePrompt({ backend, request, signal: signal() });
    expect(outcome).toMatchObject({ kind: "verdict", verdict: { reason: "vertex" } });
    expect(outcome.usage.costUsd).toBe(0.00027);
    const sent = fake.requests[0]!;
    expect(sent.path).toBe("/projects/judge-project/locations/us-east5/publishers/anthropic/models/claude-haiku-4-5@20251001:rawPredict");
    expect(sent.headers.authorization).toBe("Bearer ya29.test-token");
    expect(sent.headers["user-agent"]).toMatch(/^AnthropicVertex\/JS /);
    expect(sent.headers["anthropic-version"]).toBeUndefined();
    expect(sent.body).not.toHaveProperty("model");
    // the SDK moves its API version from the header into the body
    expect(sent.body).toMatchObject({ anthropic_version: expect.stringMatching(/\d{4}-\d{2}-\d{2}/), tool_choice: { type: "tool", name: "verdict" } });
  });

  it("a missing region is a config error naming CLOUD_ML_REGION", () => {
    expect(() => createBackend({ model: "vertex:claude-haiku-4-5@20251001", env: {}, vertexAuthClient: authClient })).toThrow(expect.objectContaining({ code: "config", message: expect.stringContaining("CLOUD_ML_REGION") }));
  });
});
