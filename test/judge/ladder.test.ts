import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createAnthropicBackend } from "../../src/backends/anthropic.js";
import { climbLadder, escalates, type Rung } from "../../src/judge/ladder.js";
import { emptyStats, type Outcome } from "../../src/judge/outcome.js";
import { buildJudgeRequest, judgePrompt } from "../../src/judge/prompt-judge.js";
import { judgeByVotes } from "../../src/judge/votes.js";
import { startFakeModel, type FakeModel } from "../helpers/fake-model.js";

let fake: FakeModel;
beforeAll(async () => {
  fake = await startFakeModel();
});
afterAll(() => fake.close());
beforeEach(() => fake.reset());

const request = buildJudgeRequest("system text", "Is the task done?", "Stop");
/** A rung that asks `model` once through the real SDK. */
const modelRung = (model: string): Rung => ({
  name: model,
  judge: (signal) => judgePrompt({ backend: createAnthropicBackend({ model, apiKey: "k", baseURL: fake.url, maxRetries: 0 }), request, signal }),
});
/** A rung that takes `votes` votes of `model`. */
const votingRung = (model: string, votes: number): Rung => ({
  name: `${model} ×${votes}`,
  judge: (signal) => judgeByVotes((inner) => judgePrompt({ backend: createAnthropicBackend({ model, apiKey: "k", baseURL: fake.url, maxRetries: 0 }), request, signal: inner }), { votes, canAsk: false, signal }),
});
const climb = (rungs: Rung[], timeoutMs = 30_000) => climbLadder(rungs, { signal: new AbortController().signal, timeoutMs });

describe("an escalation ladder", () => {
  it("a sure first rung decides alone", async () => {
    fake.enqueue({ verdict: { ok: false, reason: "tests were not run" } });
    const outcome = await climb([modelRung("claude-haiku-4-5"), modelRung("claude-sonnet-4-5")]);
    expect(outcome).toMatchObject({ kind: "verdict", verdict: { ok: false }, decidedBy: "claude-haiku-4-5" });
    expect(fake.requests.map((each) => each.body.model)).toEqual(["claude-haiku-4-5"]);
  });

  it("an unsure first rung sends the event to the next model, whose verdict decides", async () => {
    fake.enqueue({ verdict: { ok: true, reason: "cannot tell", unsure: true } }, { verdict: { ok: false, reason: "the build fails" } });
    const outcome = await climb([modelRung("claude-haiku-4-5"), modelRung("claude-sonnet-4-5")]);
    expect(fake.requests.map((each) => each.body.model)).toEqual(["claude-haiku-4-5", "claude-sonnet-4-5"]);
    expect(outcome).toMatchObject({ kind: "verdict", verdict: { ok: false, reason: "the build fails" }, decidedBy: "claude-sonnet-4-5", model: "claude-sonnet-4-5", turns: 2 });
    expect(outcome.usage.inputTokens).toBe(240);
    expect(outcome.rungs.map((rung) => rung.name)).toEqual(["claude-haiku-4-5", "claude-sonnet-4-5"]);
  });

  it("split votes climb; unanimous votes do not", async () => {
    fake.enqueue({ verdict: { ok: true, reason: "done" } }, { verdict: { ok: false, reason: "not done" } }, { verdict: { ok: true, reason: "done" } }, { verdict: { ok: false, reason: "a test fails" } });
    const split = await climb([votingRung("claude-haiku-4-5", 3), modelRung("claude-sonnet-4-5")]);
    expect(split).toMatchObject({ decidedBy: "claude-sonnet-4-5", verdict: { ok: false, reason: "a test fails" } });
    expect(fake.requests).toHaveLength(4);
    fake.reset();
    fake.enqueue({ verdict: { ok: true, reason: "done" } }, { verdict: { ok: true, reason: "done" } });
    const agreed = await climb([votingRung("claude-haiku-4-5", 3), modelRung("claude-sonnet-4-5")]);
    expect(agreed).toMatchObject({ decidedBy: "claude-haiku-4-5 ×3", verdict: { ok: true } });
    expect(fake.requests).toHaveLength(2);
  });

  it("the last rung's verdict stands even when it is unsure", async () => {
    const unsure = { verdict: { ok: true, reason: "cannot tell", unsure: true } };
    fake.enqueue(unsure, unsure);
    const outcome = await climb([modelRung("claude-haiku-4-5"), modelRung("claude-sonnet-4-5")]);
    expect(outcome).toMatchObject({ decidedBy: "claude-sonnet-4-5", verdict: { unsure: true } });
  });

  it("a judge error ends the climb and goes to the failure policy", async () => {
    fake.enqueue({ status: 400, errorMessage: "bad request" });
    const outcome = await climb([modelRung("claude-haiku-4-5"), modelRung("claude-sonnet-4-5")]);
    expect(outcome).toMatchObject({ kind: "error", code: "api", decidedBy: "claude-haiku-4-5" });
    expect(fake.requests).toHaveLength(1);
  });

  it("stays inside one deadline: a hanging rung is cut at its share, and the climb ends", async () => {
    fake.enqueue({ hang: true });
    const outcome = await climb([modelRung("claude-haiku-4-5"), modelRung("claude-sonnet-4-5")], 400);
    expect(outcome.kind).toBe("error");
    expect(outcome).toMatchObject({ code: "timeout" });
    expect(outcome.rungs).toHaveLength(1);
  });

  it("gives each rung its share of what is left: 1/n with n rungs to go", async () => {
    let clock = 0;
    const budgets: number[] = [];
    const unsure: Outcome = { ...emptyStats(), kind: "verdict", verdict: { ok: true, reason: "?", unsure: true } };
    const rung = (spend: number): Rung => ({
      name: `spends ${spend}`,
      judge: async (_signal, budgetMs) => {
        budgets.push(budgetMs);
        clock += spend;
        return unsure;
      },
    });
    await climbLadder([rung(1_000), rung(100), rung(0)], { signal: new AbortController().signal, timeoutMs: 30_000, now: () => clock });
    expect(budgets).toEqual([10_000, 14_500, 28_900]);
  });

  it("escalates on unsure or a split, never on a sure verdict or an error", () => {
    const verdict = (extra: object): Outcome & { unanimous?: boolean } => ({ ...emptyStats(), kind: "verdict", verdict: { ok: true, reason: "" }, ...extra });
    expect(escalates(verdict({}))).toBe(false);
    expect(escalates(verdict({ verdict: { ok: false, reason: "", unsure: true } }))).toBe(true);
    expect(escalates(verdict({ unanimous: false }))).toBe(true);
    expect(escalates(verdict({ unanimous: true }))).toBe(false);
    expect(escalates({ ...emptyStats(), kind: "error", code: "timeout", message: "" })).toBe(false);
  });
});
