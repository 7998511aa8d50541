import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ROOT, runCli, stateFolder, temporaryDirectory } from "../helpers/cli.js";

// log's filters through the built CLI, over an audit log written as hookjudge writes it

const minutesAgo = (minutes: number) => new Date(Date.now() - minutes * 60_000).toISOString();
const entry = (reason: string, fields: { time: string; event: string; hook: string; decision: string }) =>
  JSON.stringify({ session: "s", promptHash: "0", model: "m", outcome: "verdict", ok: true, source: "verdict", reason, latencyMs: 5, inputTokens: 1, outputTokens: 1, costUsd: 0, ...fields });

function auditLog(): Record<string, string> {
  const home = temporaryDirectory();
  const state = stateFolder(ROOT, { HOOKJUDGE_HOME: home });
  mkdirSync(state, { recursive: true });
  const lines = [
    entry("old gate pass", { time: "2026-01-02T10:00:00.000Z", event: "PreToolUse", hook: "review-command", decision: "pass" }),
    entry("old stop block", { time: "2026-01-02T11:00:00.000Z", event: "Stop", hook: "stop-complete", decision: "block" }),
    entry("recent gate ask", { time: minutesAgo(90), event: "PreToolUse", hook: "review-command", decision: "ask" }),
    entry("recent stop pass", { time: minutesAgo(5), event: "Stop", hook: "stop-complete", decision: "pass" }),
    entry("recent loop block", { time: minutesAgo(1), event: "Stop", hook: "loop", decision: "block" }),
  ];
  writeFileSync(join(state, "audit.jsonl"), lines.join("\n") + "\n");
  return { HOOKJUDGE_HOME: home };
}

const reasons = (stdout: string) => stdout.trim().split("\n").filter(Boolean).map((line) => (JSON.parse(line) as { reason: string }).reason);

describe("hookjudge log filters", () => {
  it("--hook, --event, --decision and --since each keep only what matches, and combine", async () => {
    const env = auditLog();
    const log = async (...args: string[]) => {
      const result = await runCli(["log", "--json", ...args], { env });
      expect(result.stderr).toBe("");
      expect(result.code).toBe(0);
      return reasons(result.stdout);
    };
    expect(await log("--hook", "review-command")).toEqual(["old gate pass", "recent gate ask"]);
    expect(await log("--event", "Stop")).toEqual(["old stop block", "recent stop pass", "recent loop block"]);
    expect(await log("--event", "stop", "--decision", "block")).toEqual(["old stop block", "recent loop block"]);
    expect(await log("--since", "10m")).toEqual(["recent stop pass", "recent loop block"]);
    expect(await log("--since", "2h")).toEqual(["recent gate ask", "recent stop pass", "recent loop block"]);
    expect(await log("--since", "1d", "--hook", "stop-complete")).toEqual(["recent stop pass"]);
    expect(await log("--since", "2026-01-02T10:30:00Z", "--event", "Stop", "--limit", "1")).toEqual(["recent loop block"]);
    expect(await log("--since", "2026-01-02")).toHaveLength(5);
  });

  it("says when nothing matches, and rejects values it cannot read", async () => {
    const env = auditLog();
    const none = await runCli(["log", "--hook", "nope"], { env });
    expect(none).toEqual({ code: 0, stdout: "", stderr: "hookjudge log: no decision matches the filters (5 in the log)\n" });
    const since = await runCli(["log", "--since", "yesterday"], { env });
    expect(since.code).toBe(1);
    expect(since.stderr).toContain('--since expects an ISO time (2026-01-31 or 2026-01-31T12:00:00Z) or a span back from now (30s, 10m, 2h, 1d), received "yesterday"');
    const decision = await runCli(["log", "--decision", "deny"], { env });
    expect(decision.code).toBe(1);
    expect(decision.stderr).toContain('--decision expects one of pass, allow, block, ask, received "deny"');
  });
});
