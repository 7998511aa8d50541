import { describe, expect, it } from "vitest";
import { useCliSuite } from "../helpers/cli-suite.js";

// `--runtime HOST` on the three hook commands: a host that exists answers in its protocol; a
// name that does not is a config error answered through the event's failure policy (a gate
// never exits 1 or prints nothing)
const suite = useCliSuite();

describe("--runtime", () => {
  it("claude-code answers as without the flag", async () => {
    suite.fake.enqueue({ verdict: { ok: false, reason: "Not done." } }, { verdict: { ok: false, reason: "Not done." } });
    const named = await suite.run(["run", "stop-complete", "--runtime", "claude-code"], "stop");
    const detected = await suite.run(["run", "stop-complete"], "stop");
    expect(named).toEqual(detected);
    expect(JSON.parse(named.stdout)).toEqual({ decision: "block", reason: "Not done." });
    const denied = await suite.run(["review-command", "--runtime=claude-code"], "pre-tool-use-bash", { patch: { tool_input: { command: "rm -rf ~" } } });
    expect(JSON.parse(denied.stdout).hookSpecificOutput.permissionDecision).toBe("deny");
  });

  it("an unknown host on the Bash gate asks the user, and still denies a plainly destructive command", async () => {
    const asked = await suite.run(["review-command", "--runtime", "nonesuch"], "pre-tool-use-bash", { patch: { tool_input: { command: "ls" } } });
    expect(asked.code).toBe(0);
    const output = JSON.parse(asked.stdout);
    expect(output.hookSpecificOutput).toMatchObject({ permissionDecision: "ask", permissionDecisionReason: expect.stringContaining("--runtime expects one of claude-code") });
    const denied = await suite.run(["review-command", "--runtime", "nonesuch"], "pre-tool-use-bash", { patch: { tool_input: { command: "rm -rf ~" } } });
    expect(JSON.parse(denied.stdout).hookSpecificOutput.permissionDecision).toBe("deny");
    expect(suite.fake.requests).toHaveLength(0);
  });

  it("an unknown host on a Stop hook or the loop's Stop hook lets the agent stop with a visible message", async () => {
    const run = await suite.run(["run", "stop-complete", "--runtime", "nonesuch"], "stop");
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout).systemMessage).toContain("--runtime expects one of claude-code");
    const loop = await suite.run(["loop", "stop-hook", "--runtime", "nonesuch"], "stop");
    expect(loop.code).toBe(0);
    expect(JSON.parse(loop.stdout).systemMessage).toContain("--runtime expects one of claude-code");
    expect(suite.fake.requests).toHaveLength(0);
  });
});
