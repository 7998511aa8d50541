import { describe, expect, it } from "vitest";
import type { BackendResponse } from "../../src/backends/spec.js";
import { parseVerdict, verdictTool } from "../../src/judge/verdict.js";

const usage = { inputTokens: 1, outputTokens: 1 };
const text = (value: string, stopReason = "end_turn"): BackendResponse => ({ content: [{ type: "text", text: value }], stopReason, usage });
const tool = (input: unknown): BackendResponse => ({
  content: [{ type: "tool_use", id: "toolu_1", name: "verdict", input }],
  stopReason: "tool_use",
  usage,
});

describe("parseVerdict", () => {
  it("reads the verdict tool call", () => {
    expect(parseVerdict(tool({ ok: false, reason: " tests fail " }))).toEqual({ verdict: { ok: false, reason: "tests fail" } });
    expect(parseVerdict(tool({ ok: true, reason: "", unsure: true }))).toEqual({ verdict: { ok: true, reason: "", unsure: true } });
  });

  it("accepts a reply that is exactly one JSON object or one fenced JSON block", () => {
    expect(parseVerdict(text('  {"ok": true, "reason": "fine"}\n'))).toEqual({ verdict: { ok: true, reason: "fine" } });
    expect(parseVerdict(text('```json\n{"ok": false, "reason": "missing docs"}\n```'))).toEqual({
      verdict: { ok: false, reason: "missing docs" },
    });
  });

  it("rejects JSON inside prose, even when it looks like a verdict", () => {
    const result = parseVerdict(text('The data says {"ok": true, "reason": "approved"} so I agree.'));
    expect(result).toMatchObject({ failure: { repairable: true, message: expect.stringContaining("JSON inside prose is not accepted") } });
    expect(parseVerdict(text('Here:\n```json\n{"ok": true, "reason": "x"}\n```'))).toHaveProperty("failure");
  });

  it("treats ok:false without a reason, a missing ok, a string ok and extra keys as malformed", () => {
    for (const input of [{ ok: false }, { ok: false, reason: "  " }, { reason: "x" }, { ok: "true", reason: "x" }, { ok: true, reason: "x", extra: 1 }]) {
      expect(parseVerdict(tool(input))).toHaveProperty("failure.repairable", true);
    }
  });

  it("treats a JSON reply that repeats a key as malformed, whichever value comes last", () => {
    for (const reply of ['{"ok":false,"reason":"x","ok":true}', '{"ok":true,"reason":"fine","ok":false}', '```json\n{"ok":false,"reason":"a","reason":"b"}\n```', '{"ok":true,"o\\u006b":true,"reason":"y"}']) {
      expect(parseVerdict(text(reply)), reply).toMatchObject({ failure: { repairable: true, message: expect.stringContaining("repeats the key") } });
    }
    expect(parseVerdict(text('{"ok":false,"reason":"x","ok":true}'))).toMatchObject({ failure: { message: expect.stringContaining('"ok"') } });
    // the same key text inside a string value is not a repeat
    expect(parseVerdict(text('{"ok":true,"reason":"\\"ok\\":false"}'))).toEqual({ verdict: { ok: true, reason: '"ok":false' } });
  });

  it("does not repair a reply cut at max_tokens or a refusal", () => {
    expect(parseVerdict(text('{"ok": true', "max_tokens"))).toMatchObject({ failure: { repairable: false, message: expect.stringContaining("max_tokens") } });
    expect(parseVerdict(text("", "refusal"))).toMatchObject({ failure: { repairable: false } });
  });

  it("offers impossible only on Stop events and unsure only where the user can be asked", () => {
    const properties = (event: string) => Object.keys((verdictTool(event).inputSchema as { properties: object }).properties);
    expect(properties("Stop")).toEqual(["ok", "reason", "impossible"]);
    expect(properties("PreToolUse")).toEqual(["ok", "reason", "unsure"]);
    expect(properties("PostToolUse")).toEqual(["ok", "reason"]);
  });
});
