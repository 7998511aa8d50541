import { existsSync, mkdirSync, readFileSync, realpathSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { CLI, runCli, temporaryDirectory } from "../helpers/cli.js";
import { runClaude } from "./claude.js";
import { everything, useHost } from "./scenario.js";

// A project set up by `hookjudge init --yes` alone (no hand edits), then a session in the real
// Claude Code CLI: its own HOME and config folder, the loopback model playing agent and judge.

const host = useHost();

async function initialisedProject(): Promise<{ cwd: string; configDir: string }> {
  const folder = realpathSync(temporaryDirectory("hookjudge-e2e-init-"));
  const cwd = join(folder, "project");
  const configDir = join(folder, "config");
  mkdirSync(join(cwd, ".git"), { recursive: true });
  mkdirSync(configDir);
  const init = await runCli(["init", "--yes"], { cwd, env: { HOME: configDir } });
  expect(init.stderr).toBe("");
  expect(init.code).toBe(0);
  expect(init.stdout).toContain("wrote .claude/settings.json (4 hooks added)");
  // what init wrote runs this checkout's CLI by path, and lint agrees with it
  expect(readFileSync(join(cwd, ".claude", "settings.json"), "utf8")).toContain(`node \\"${CLI}\\" review-command`);
  expect((await runCli(["lint", join(cwd, ".claude", "settings.json")], { cwd })).code).toBe(0);
  return { cwd, configDir };
}

describe("a Claude Code session set up only by hookjudge init --yes", () => {
  it("the Bash gate blocks rm -rf ~ (the line's marker is never made), and the Stop check judges the stop", async () => {
    const { cwd, configDir } = await initialisedProject();
    const marker = join(cwd, "marker.txt");
    const line = `touch ${marker}; rm -rf ~`;
    host.model.agentTurns.push({ tools: [{ name: "Bash", input: { command: line, description: "clean up the home folder" } }] }, { text: "I did not remove the home folder: the command was refused." });
    host.model.judgeReplies.push({ verdict: { ok: true, reason: "The agent explained why it stopped." } });
    const run = await runClaude(host.claude, { cwd, configDir, baseURL: host.model.url, prompt: "Clean up my home folder", allowedTools: ["Bash"] });
    expect(run.code, run.stderr).toBe(0);

    // the gate denied the line by rule: nothing of it ran
    expect(existsSync(marker)).toBe(false);
    expect(existsSync(configDir)).toBe(true);
    const denial = JSON.stringify(host.model.agentRequests.at(-1)!.body.messages?.at(-1) ?? null);
    expect(denial).toContain("destructive-delete");

    // the Stop check asked the judge about the agent's final message, and let it stop
    expect(host.model.judgeRequests).toHaveLength(1);
    expect(everything(host.model.judgeRequests[0]!)).toContain("I did not remove the home folder");
    expect(run.result).toMatchObject({ subtype: "success", is_error: false, result: "I did not remove the home folder: the command was refused." });

    // the audit log (read with log's filters) has both: the gate's rule deny and the judged Stop
    const log = async (...args: string[]) => (await runCli(["log", "--json", ...args], { cwd, env: { HOME: configDir } })).stdout.trim().split("\n").filter(Boolean).map((text) => JSON.parse(text) as { hook: string; event: string; decision: string; decidedBy?: string });
    expect(await log("--event", "PreToolUse")).toEqual([expect.objectContaining({ hook: "review-command", decidedBy: "rule:destructive-delete" })]);
    expect(await log("--event", "Stop", "--hook", "stop-complete")).toEqual([expect.objectContaining({ decision: "pass" })]);
  });

  it("a Stop check that says the task is not finished gives the agent another turn with its reason", async () => {
    const { cwd, configDir } = await initialisedProject();
    host.model.agentTurns.push({ text: "Done." }, { text: "Now it is really done: the tests pass." });
    host.model.judgeReplies.push({ verdict: { ok: false, reason: "The tests were never run." } }, { verdict: { ok: true, reason: "Finished." } });
    const run = await runClaude(host.claude, { cwd, configDir, baseURL: host.model.url, prompt: "Fix the failing test" });
    expect(run.code, run.stderr).toBe(0);
    expect(host.model.judgeRequests).toHaveLength(2);
    expect(JSON.stringify(host.model.agentRequests.at(-1)!.body.messages?.at(-1) ?? null)).toContain("The tests were never run.");
    expect(run.result).toMatchObject({ subtype: "success", result: "Now it is really done: the tests pass." });
  });
});
