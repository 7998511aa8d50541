import { describe, expect, it } from "vitest";
import { loadHook } from "../../src/hook/load.js";
import { emptyStats, type Outcome } from "../../src/judge/outcome.js";
import { decide } from "../../src/policy/failure.js";
import { mergeDecisions } from "../../src/policy/merge.js";

const hook = loadHook("stop-complete");
const verdict = (ok: boolean, extra: object = {}): Outcome => ({ ...emptyStats(), kind: "verdict", verdict: { ok, reason: ok ? "fine" : "missing docs", ...extra } });
const error: Outcome = { ...emptyStats(), kind: "error", code: "timeout", message: "no verdict within 30 s" };

describe("decide", () => {
  it("turns verdicts into pass or block", () => {
    expect(decide(hook, "Stop", verdict(true))).toEqual({ kind: "pass", allow: false, source: "verdict" });
    expect(decide(hook, "Stop", verdict(false))).toEqual({ kind: "block", reason: "missing docs", source: "verdict" });
  });

  it("asks on unsure where the event can ask, and ignores unsure elsewhere", () => {
    expect(decide(hook, "PreToolUse", verdict(true, { unsure: true })).kind).toBe("ask");
    expect(decide(hook, "PermissionRequest", verdict(false, { unsure: true })).kind).toBe("ask");
    expect(decide(hook, "Stop", verdict(false, { unsure: true })).kind).toBe("block");
  });

  it("lets a Stop through on impossible, with a message for the user", () => {
    const decision = decide(hook, "Stop", verdict(false, { impossible: true }));
    expect(decision.kind).toBe("pass");
    expect(decision.systemMessage).toContain("cannot be done in this session");
    expect(decide(hook, "PreToolUse", verdict(false, { impossible: true })).kind).toBe("block");
  });

  it("applies the per-event defaults to errors, always with a systemMessage naming the error class", () => {
    const stop = decide(hook, "Stop", error);
    expect(stop).toMatchObject({ kind: "pass", source: "error" });
    expect(stop.systemMessage).toContain("could not judge (timeout)");
    expect(decide(hook, "PreToolUse", error)).toMatchObject({ kind: "ask", source: "error" });
    expect(decide(hook, "PermissionRequest", error)).toMatchObject({ kind: "pass", source: "error" });
    expect(decide(hook, "PermissionRequest", error).systemMessage).toContain("left to your permission settings");
    expect(decide(hook, "UserPromptSubmit", error).kind).toBe("pass");
    expect(decide(hook, "PostToolUse", error).kind).toBe("pass");
  });

  it("never dresses an error as the judge's answer when on-error blocks", () => {
    const decision = decide({ ...hook, onError: "block" }, "Stop", error);
    expect(decision.kind).toBe("block");
    if (decision.kind !== "block") throw new Error("unreachable");
    expect(decision.reason).toContain("could not run (timeout)");
    expect(decision.reason).toContain("This is not a judgment of your work");
  });

  it("lets the command line's --on-error win over the hook's", () => {
    expect(decide({ ...hook, onError: "block" }, "Stop", error, "allow").kind).toBe("pass");
  });
});

describe("mergeDecisions", () => {
  it("block beats ask beats allow beats no decision, reasons named by hook", () => {
    const merged = mergeDecisions([
      { hook: "a", decision: { kind: "pass", allow: true, source: "verdict" } },
      { hook: "b", decision: { kind: "ask", reason: "unsure", source: "verdict" } },
      { hook: "c", decision: { kind: "block", reason: "no tests", source: "verdict" } },
      { hook: "d", decision: { kind: "block", reason: "no docs", source: "verdict", systemMessage: "note" } },
    ]);
    expect(merged).toEqual({ kind: "block", reason: "[c] no tests\n\n[d] no docs", source: "verdict", systemMessage: "note" });
    expect(
      mergeDecisions([
        { hook: "a", decision: { kind: "pass", allow: true, source: "verdict" } },
        { hook: "b", decision: { kind: "ask", reason: "unsure", source: "verdict" } },
      ]),
    ).toMatchObject({ kind: "ask", reason: "unsure" });
    expect(
      mergeDecisions([
        { hook: "a", decision: { kind: "pass", source: "verdict" } },
        { hook: "b", decision: { kind: "pass", allow: true, source: "verdict" } },
      ]),
    ).toMatchObject({ kind: "pass", allow: true });
  });
});
