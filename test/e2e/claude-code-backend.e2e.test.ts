import { spawn } from "node:child_process";
import { existsSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createBackend } from "../../src/backends/index.js";
import { runHook } from "../../src/executor/run-hooks.js";
import { loadHook } from "../../src/hook/load.js";
import { buildJudgeRequest, judgePrompt } from "../../src/judge/prompt-judge.js";
import { fixturePath, temporaryDirectory } from "../helpers/cli.js";
import { ensureClaude } from "./claude.js";
import { startModelServer } from "./model-server.js";

// The claude-code: provider drives the real Claude Code binary (`claude -p`) against a loopback
// Messages API, logged in with a placeholder key and a config folder of its own.

let server: Awaited<ReturnType<typeof startModelServer>>;
let binary: string;
beforeAll(async () => {
  binary = ensureClaude();
  server = await startModelServer();
});
afterAll(() => server.close());
beforeEach(() => server.reset());

const claudeEnv = (extra: Record<string, string> = {}) => {
  const configDir = temporaryDirectory("hookjudge-claude-config-");
  return {
    PATH: process.env["PATH"] ?? "",
    HOME: configDir,
    CLAUDE_CONFIG_DIR: configDir,
    ANTHROPIC_BASE_URL: server.url,
    ANTHROPIC_API_KEY: "e2e",
    DISABLE_TELEMETRY: "1",
    DISABLE_AUTOUPDATER: "1",
    CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: "1",
    HOOKJUDGE_CLAUDE_CODE_PATH: binary,
    ...extra,
  };
};
const request = buildJudgeRequest("You are a strict judge.", "Is the task done? The agent said: all tests pass.", "Stop");

describe("claude-code: one claude -p call per verdict", () => {
  it("reads the verdict from the StructuredOutput call, with tools off and no settings sources", async () => {
    server.agentTurns.push({ tools: [{ name: "StructuredOutput", input: { ok: false, reason: "no test output shown" } }] }, { text: "done" });
    const backend = createBackend({ model: "claude-code:claude-haiku-4-5", env: claudeEnv() });
    const outcome = await judgePrompt({ backend, request, signal: AbortSignal.timeout(60_000) });
    expect(outcome).toMatchObject({ kind: "verdict", verdict: { ok: false, reason: "no test output shown" } });
    expect(outcome.usage.inputTokens).toBeGreaterThan(0);
    const first = server.agentRequests[0]!.body;
    expect(first.model).toBe("claude-haiku-4-5");
    // the built-in tools are gone; only the structured-output tool is offered
    expect((first.tools ?? []).map((tool) => tool.name)).toEqual(["StructuredOutput"]);
    expect(JSON.stringify(first.system)).toContain("You are a strict judge.");
    expect(JSON.stringify(first.messages)).toContain("all tests pass");
  });

  it("the nested claude runs no hooks (no settings sources), though its user settings have some", async () => {
    const env = claudeEnv();
    const marker = join(temporaryDirectory(), "hook-ran.txt");
    // a user-level hook (where a hookjudge Stop hook of the user's own would live) that records it ran
    const command = `node -e "require('fs').appendFileSync('${marker}', 'ran')"`;
    const hooks = { Stop: [{ hooks: [{ type: "command", command }] }], SessionStart: [{ hooks: [{ type: "command", command }] }] };
    writeFileSync(join(env.CLAUDE_CONFIG_DIR, "settings.json"), JSON.stringify({ hooks }));
    // the control: the same claude -p without --setting-sources "" runs them (its SessionStart
    // hook writes the marker; that run is then stopped, its answer does not matter)
    const control = spawn(binary, ["-p", "--output-format", "json", "--tools", "", "--max-turns", "2", "--model", "claude-haiku-4-5", "--no-session-persistence"], { env, cwd: temporaryDirectory(), stdio: ["pipe", "ignore", "ignore"] });
    control.stdin.end("hi");
    try {
      await expect.poll(() => existsSync(marker), { timeout: 60_000, interval: 100 }).toBe(true);
    } finally {
      control.kill("SIGKILL");
    }
    rmSync(marker);

    server.agentTurns.push({ tools: [{ name: "StructuredOutput", input: { ok: true, reason: "fine" } }] }, { text: "done" });
    const input = { hook_event_name: "Stop", session_id: "claude-code-e2e", cwd: temporaryDirectory(), stop_hook_active: false, last_assistant_message: "done" } as const;
    const result = await runHook(loadHook("stop-complete"), input, { model: "claude-code:claude-haiku-4-5", env, stateDir: false, timeout: 60 });
    expect(result.results[0]!.outcome).toMatchObject({ kind: "verdict", verdict: { ok: true } });
    expect(existsSync(marker)).toBe(false);
  });

  it("an agent hook is a config error: its tools cannot run through claude -p", async () => {
    const hook = loadHook(fixturePath("hooks", "verify-flags.md"));
    const input = { hook_event_name: "Stop", session_id: "claude-code-agent", cwd: temporaryDirectory(), stop_hook_active: false, last_assistant_message: "done" } as const;
    const result = await runHook(hook, input, { model: "claude-code:claude-haiku-4-5", env: claudeEnv(), stateDir: false });
    expect(result.results[0]!.outcome).toMatchObject({ kind: "error", code: "config", message: expect.stringContaining("prompt hooks only") });
    expect(server.agentRequests).toHaveLength(0);
  });

  it("a missing binary is a config error that says what to install", async () => {
    const backend = createBackend({ model: "claude-code:claude-haiku-4-5", env: { ...claudeEnv(), HOOKJUDGE_CLAUDE_CODE_PATH: "/nonexistent/claude" } });
    await expect(backend.complete(request, { signal: AbortSignal.timeout(10_000) })).rejects.toMatchObject({ code: "config", message: expect.stringContaining("HOOKJUDGE_CLAUDE_CODE_PATH") });
  });

  it("the deadline ends the claude process: a timeout, never a verdict", async () => {
    server.agentTurns.push({ tools: [{ name: "StructuredOutput", input: { ok: true, reason: "late" } }] });
    const hook = loadHook("stop-complete");
    const input = { hook_event_name: "Stop", session_id: "claude-code-timeout", cwd: temporaryDirectory(), stop_hook_active: false, last_assistant_message: "done" } as const;
    // far shorter than claude's own start-up
    const result = await runHook(hook, input, { model: "claude-code:claude-haiku-4-5", env: claudeEnv(), stateDir: false, timeout: 0.05 });
    expect(result.results[0]!.outcome).toMatchObject({ kind: "error", code: "timeout" });
  });
});
