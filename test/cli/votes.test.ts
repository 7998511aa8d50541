import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { useCliSuite } from "../helpers/cli-suite.js";
import { runCli } from "../helpers/cli.js";

// `run` with votes and a ladder, as a real child process against the loopback model
const suite = useCliSuite();
const hookFile = (front: string) => {
  const file = join(suite.project, "done.md");
  writeFileSync(file, `---\nname: done\nevents: [Stop]\nmax-blocks: 0\n${front}\n---\nHas the agent finished? $LAST_ASSISTANT_MESSAGE\n`);
  return file;
};

describe("hookjudge run with votes and escalation", () => {
  it("--dry-run shows each hook's votes and ladder, sending nothing", async () => {
    const result = await suite.run(["run", hookFile("votes: 3\nescalate: [claude-sonnet-4-5, stop-verify]"), "--dry-run"], "stop");
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout).requests[0]).toMatchObject({ hook: "done", votes: 3, escalate: ["claude-sonnet-4-5", "stop-verify"] });
    expect(suite.fake.requests).toHaveLength(0);
  });

  it("--votes 3 makes two requests when they agree, and --output json shows both votes", async () => {
    suite.fake.enqueue({ verdict: { ok: false, reason: "no tests ran" } }, { verdict: { ok: false, reason: "no tests ran" } });
    const result = await suite.run(["run", hookFile(""), "--votes", "3", "--output", "json"], "stop");
    expect(result.code).toBe(0);
    expect(suite.fake.requests).toHaveLength(2);
    const outcome = JSON.parse(result.stdout).results[0].outcome;
    expect(outcome.votes).toHaveLength(2);
    expect(outcome).toMatchObject({ kind: "verdict", verdict: { ok: false, reason: "no tests ran" }, unanimous: true });
  });

  it("an even --votes is a bad flag, answered through the event's failure policy", async () => {
    const result = await suite.run(["run", hookFile(""), "--votes", "2"], "stop");
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("--votes expects an odd whole number from 1 to 9");
    expect(suite.fake.requests).toHaveLength(0);
  });

  it("review-command --explain shows the gate's ladder: rules, then the judging hook with its votes, then each rung", async () => {
    const gate = join(suite.project, "gate.md");
    writeFileSync(gate, "---\nname: gate\nevents: [PreToolUse]\nvotes: 3\nescalate: [claude-sonnet-4-5, stop-verify]\n---\nSafe? $TOOL_INPUT\n");
    const result = await runCli(["review-command", "--hook", gate, "--explain", "make deploy"], { cwd: suite.project, env: suite.env() });
    expect(result.stdout).toContain("ladder: rules → gate (prompt, claude-haiku-4-5, 3 votes) → claude-sonnet-4-5 → stop-verify");
    const builtin = await runCli(["review-command", "--explain", "ls"], { cwd: suite.project, env: suite.env() });
    expect(builtin.stdout).toContain("ladder: rules → bash-review (prompt, claude-haiku-4-5)");
  });
});
