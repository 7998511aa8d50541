import { describe, expect, it } from "vitest";
import { HookJudgeError } from "../../src/errors.js";
import { planRequests, runHook, runHooks } from "../../src/executor/run-hooks.js";
import { loadHook } from "../../src/hook/load.js";
import { MockBackend } from "../../src/testing/index.js";
import { fixtureInput, temporaryDirectory } from "../helpers/cli.js";

const cwd = temporaryDirectory();
const stop = () => fixtureInput("stop", { cwd });

describe("runHook with a MockBackend", () => {
  it("records the request and returns the decision", async () => {
    const backend = new MockBackend([{ verdict: { ok: false, reason: "no tests" } }]);
    const result = await runHook(loadHook("stop-complete"), stop(), { backend, stateDir: false });
    expect(result.decision).toEqual({ kind: "block", reason: "no tests", source: "verdict" });
    expect(backend.requests).toHaveLength(1);
    expect(backend.requests[0]!.toolChoice).toEqual({ type: "tool", name: "verdict" });
    expect(result.results[0]!.outcome).toMatchObject({ kind: "verdict", model: "mock-model", usage: { costUsd: null } });
  });

  it("turns a backend error into an error outcome and the failure policy", async () => {
    const backend = new MockBackend([{ error: new HookJudgeError("api", "HTTP 500: overloaded") }]);
    const result = await runHook(loadHook("edit-review"), fixtureInput("pre-tool-use-edit", { cwd }), { backend, stateDir: false });
    expect(result.results[0]!.outcome).toMatchObject({ kind: "error", code: "api" });
    expect(result.decision.kind).toBe("ask");
  });

  it("a backend that ignores the signal is still cut by the outer guard", async () => {
    const backend = { specificationVersion: "v1" as const, id: "stuck", modelId: "stuck", complete: () => new Promise<never>(() => {}) };
    const result = await runHook(loadHook("stop-complete"), stop(), { backend, stateDir: false, timeout: 0.2 });
    expect(result.results[0]!.outcome).toMatchObject({ kind: "error", code: "timeout" });
  });

  it("runs type: agent hooks through the verifier loop and reports its steps", async () => {
    const events: string[] = [];
    const backend = new MockBackend([
      { response: { content: [{ type: "tool_use", id: "t1", name: "Glob", input: { pattern: "*.none" } }], stopReason: "tool_use", usage: { inputTokens: 1, outputTokens: 1 } } },
      { verdict: { ok: false, reason: "nothing there" } },
    ]);
    const result = await runHook(loadHook("stop-verify"), stop(), {
      backend,
      stateDir: false,
      onAgentEvent: (hook, event) => events.push(`${hook}:${event.type}${"name" in event ? `:${event.name}` : ""}`),
    });
    expect(result.decision).toMatchObject({ kind: "block", reason: "nothing there" });
    expect(events).toEqual([
      "stop-verify:turn-start",
      "stop-verify:turn-end",
      "stop-verify:tool-call:Glob",
      "stop-verify:tool-result:Glob",
      "stop-verify:turn-start",
      "stop-verify:turn-end",
    ]);
  });

  it("an aborted caller signal ends the judgment as an error, not a verdict", async () => {
    const controller = new AbortController();
    const backend = new MockBackend([{ verdict: { ok: true, reason: "late" }, delayMs: 5_000 }]);
    const pending = runHook(loadHook("stop-complete"), stop(), { backend, stateDir: false, signal: controller.signal });
    controller.abort(new HookJudgeError("timeout", "caller gave up"));
    const result = await pending;
    expect(result.results[0]!.outcome).toMatchObject({ kind: "error", code: "timeout", message: "caller gave up" });
  });
});

describe("runHooks", () => {
  it("runs only the hooks that apply, at most `concurrency` at once", async () => {
    let running = 0;
    let peak = 0;
    const backend = new MockBackend(
      [
        async () => {
          running++;
          peak = Math.max(peak, running);
          await new Promise((resolve) => setTimeout(resolve, 20));
          running--;
          return { content: [{ type: "tool_use", id: "t", name: "verdict", input: { ok: true, reason: "ok" } }], stopReason: "tool_use", usage: { inputTokens: 1, outputTokens: 1 } };
        },
      ],
      { repeatLast: true },
    );
    const base = loadHook("stop-complete");
    const hooks = [...Array.from({ length: 10 }, (_, index) => ({ ...base, name: `h${index}` })), loadHook("edit-review")];
    const result = await runHooks(hooks, stop(), { backend, stateDir: false, concurrency: 3 });
    expect(result.results).toHaveLength(10);
    expect(peak).toBe(3);
    expect(result.decision).toEqual({ kind: "pass", source: "verdict" });
  });

  it("planRequests builds the requests without calling anything", () => {
    const plans = planRequests([loadHook("stop-complete"), loadHook("edit-review")], stop(), { model: "m" });
    expect(plans.map((plan) => [plan.hook, plan.model, plan.timeoutSeconds])).toEqual([["stop-complete", "m", 30]]);
  });
});
