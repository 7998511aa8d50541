import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createAnthropicBackend } from "../../src/backends/anthropic.js";
import { buildJudgeRequest, judgePrompt } from "../../src/judge/prompt-judge.js";
import { judgeByVotes } from "../../src/judge/votes.js";
import { startFakeModel, type FakeModel } from "../helpers/fake-model.js";

// Votes through the real SDK and a loopback Messages API: each judgment is one real request.
let fake: FakeModel;
beforeAll(async () => {
  fake = await startFakeModel();
});
afterAll(() => fake.close());
beforeEach(() => fake.reset());

const request = buildJudgeRequest("system text", "Is it safe?", "PreToolUse");
const vote = (votes: number, canAsk = false) => {
  const judged = createAnthropicBackend({ model: "claude-haiku-4-5", apiKey: "test-key", baseURL: fake.url, maxRetries: 0 });
  return judgeByVotes((signal) => judgePrompt({ backend: judged, request, signal }), { votes, canAsk, signal: new AbortController().signal });
};

describe("votes with early exit", () => {
  it("one vote is one request", async () => {
    fake.enqueue({ verdict: { ok: false, reason: "deletes the home folder" } });
    const outcome = await vote(1);
    expect(outcome).toMatchObject({ kind: "verdict", verdict: { ok: false, reason: "deletes the home folder" }, unanimous: true, sides: ["block"] });
    expect(fake.requests).toHaveLength(1);
  });

  it("two agreeing votes end a votes: 3 judgment after exactly two requests, their reasons joined once", async () => {
    fake.enqueue({ verdict: { ok: true, reason: "reads only" } }, { verdict: { ok: true, reason: "reads only" } }, { verdict: { ok: false, reason: "never asked" } });
    const outcome = await vote(3);
    expect(outcome).toMatchObject({ kind: "verdict", verdict: { ok: true, reason: "reads only" }, unanimous: true, sides: ["ok", "ok"] });
    expect(fake.requests).toHaveLength(2);
    expect(outcome.usage.inputTokens).toBe(240);
    expect(outcome.turns).toBe(2);
  });

  it("a split goes to the third judgment, whose side wins", async () => {
    fake.enqueue({ verdict: { ok: true, reason: "fine" } }, { verdict: { ok: false, reason: "writes /etc" } }, { verdict: { ok: false, reason: "changes system files" } });
    const outcome = await vote(3);
    expect(fake.requests).toHaveLength(3);
    expect(outcome).toMatchObject({ kind: "verdict", verdict: { ok: false, reason: "writes /etc · changes system files" }, unanimous: false });
    expect(outcome.sides.sort()).toEqual(["block", "block", "ok"]);
  });

  it("an error is not a vote: another judgment takes its place", async () => {
    fake.enqueue({ status: 400, errorMessage: "bad request" }, { verdict: { ok: true, reason: "fine" } }, { verdict: { ok: true, reason: "fine too" } });
    const outcome = await vote(3);
    expect(fake.requests).toHaveLength(3);
    expect(outcome).toMatchObject({ kind: "verdict", verdict: { ok: true }, sides: ["ok", "ok"] });
    expect(outcome.votes.map((each) => each.kind).sort()).toEqual(["error", "verdict", "verdict"]);
  });

  it("too many errors is a judge error, named by the first failure", async () => {
    fake.enqueue({ status: 400, errorMessage: "bad request" }, { status: 400, errorMessage: "bad request" }, { verdict: { ok: true, reason: "never asked" } });
    const outcome = await vote(3);
    expect(outcome.kind).toBe("error");
    expect(outcome).toMatchObject({ code: "api" });
    expect(outcome.kind === "error" && outcome.message).toMatch(/2 of 3 judgments failed/);
    expect(fake.requests).toHaveLength(2);
  });

  it("a split after an error, with nothing left to ask, is a judge error", async () => {
    fake.enqueue({ verdict: { ok: true, reason: "fine" } }, { verdict: { ok: false, reason: "no" } }, { status: 400, errorMessage: "bad request" });
    const outcome = await vote(3);
    expect(outcome.kind).toBe("error");
    expect(outcome.kind === "error" && outcome.message).toMatch(/split \(1 ok, 1 block\) after 1 failed judgment/);
  });

  it("unsure votes count toward ask on events that can ask, and are ignored on others", async () => {
    const unsure = { verdict: { ok: true, reason: "cannot tell", unsure: true } };
    fake.enqueue(unsure, unsure);
    const asked = await vote(3, true);
    expect(asked).toMatchObject({ kind: "verdict", verdict: { unsure: true, reason: "cannot tell" }, sides: ["ask", "ask"] });
    fake.reset();
    fake.enqueue(unsure, unsure);
    const stop = await vote(3, false);
    expect(stop).toMatchObject({ kind: "verdict", verdict: { ok: true }, sides: ["ok", "ok"] });
  });

  it("three sides and no majority ask a person", async () => {
    fake.enqueue({ verdict: { ok: true, reason: "fine" } }, { verdict: { ok: false, reason: "no" } }, { verdict: { ok: true, reason: "maybe", unsure: true } });
    const outcome = await vote(3, true);
    expect(fake.requests).toHaveLength(3);
    expect(outcome).toMatchObject({ kind: "verdict", verdict: { unsure: true }, unanimous: false });
    expect(outcome.kind === "verdict" && outcome.verdict.reason).toMatch(/the judges split \(1 ok, 1 block, 1 ask\)/);
  });

  it("refuses an even or non-positive number of votes", async () => {
    await expect(vote(2)).rejects.toThrow(/odd whole number/);
    await expect(vote(0)).rejects.toThrow(/odd whole number/);
  });

  it("the vote's deadline reaches every judgment in flight", async () => {
    fake.enqueue({ hang: true }, { hang: true });
    const deadline = new AbortController();
    const judged = createAnthropicBackend({ model: "claude-haiku-4-5", apiKey: "test-key", baseURL: fake.url, maxRetries: 0 });
    const pending = judgeByVotes((signal) => judgePrompt({ backend: judged, request, signal }), { votes: 3, canAsk: false, signal: deadline.signal });
    while (fake.requests.length < 2) await new Promise((resolve) => setTimeout(resolve, 10));
    deadline.abort(new Error("deadline"));
    const outcome = await pending;
    expect(outcome.kind).toBe("error");
    expect(outcome.votes).toHaveLength(2);
    expect(fake.requests).toHaveLength(2);
  });
});
