import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "../helpers/cli.js";
import { useCliSuite } from "../helpers/cli-suite.js";
import { hostEvent } from "../runtimes/_fixtures.js";

// The hook commands as real processes (dist/cli.js) answering each host in its own protocol, with
// the loopback model where a judgment is needed; events are the captured or reference payloads
const suite = useCliSuite();
const inProject = (host: string, name: string, patch: Record<string, unknown> = {}) => hostEvent(host, name, { cwd: suite.project, ...patch });
const cli = (args: string[], input: string, env: Record<string, string> = {}) => runCli(args, { input, env: suite.env(env) });

describe("Codex CLI", () => {
  const bash = (command: string) => inProject("codex", "pre-tool-use", { tool_input: { command } });

  it("the Bash gate denies a destructive command, and turns the model's ask into a deny", async () => {
    const denied = await cli(["review-command", "--runtime", "codex"], bash("rm -rf ~"));
    expect(denied.code).toBe(0);
    expect(JSON.parse(denied.stdout).hookSpecificOutput).toMatchObject({ permissionDecision: "deny", permissionDecisionReason: expect.stringContaining("rm -rf ~") });
    suite.fake.enqueue({ verdict: { ok: true, reason: "It resets the database.", unsure: true } });
    const asked = JSON.parse((await cli(["review-command", "--runtime", "codex"], bash("npx prisma migrate reset"))).stdout);
    expect(asked.hookSpecificOutput.permissionDecision).toBe("deny");
    expect(asked.hookSpecificOutput.permissionDecisionReason).toContain("a person must approve");
    // a read passes with no output at all (a bare allow would be invalid)
    expect(await cli(["review-command", "--runtime", "codex"], bash("git status"))).toMatchObject({ code: 0, stdout: "" });
  });

  it("a model that cannot answer is a deny too, never an ask Codex would run", async () => {
    suite.fake.enqueue({ status: 500 }, { status: 500 }, { status: 500 }, { status: 500 });
    const failed = await cli(["review-command", "--runtime", "codex"], bash("npx prisma migrate reset"));
    expect(failed.code).toBe(0);
    const output = JSON.parse(failed.stdout);
    expect(output.hookSpecificOutput.permissionDecision).toBe("deny");
    expect(Object.keys(output)).toEqual(["hookSpecificOutput"]);
  });

  it("a Stop judge keeps the agent working with the judge's reason, detected without --runtime", async () => {
    suite.fake.enqueue({ verdict: { ok: false, reason: "The tests were not run." } });
    const stop = await cli(["run", "stop-complete"], inProject("codex", "stop"));
    expect(stop.code).toBe(0);
    expect(JSON.parse(stop.stdout)).toEqual({ decision: "block", reason: "The tests were not run." });
    expect(suite.fake.requests).toHaveLength(1);
  });

  it("unreadable input on the gate still denies, in Codex's shape", async () => {
    const broken = await cli(["review-command", "--runtime", "codex"], '{"hook_event_name":"PreToolUse","turn_id":"t","tool_name":"Bash","tool_input":{"command":"ls"');
    expect(broken.code).toBe(0);
    expect(JSON.parse(broken.stdout).hookSpecificOutput.permissionDecision).toBe("deny");
  });
});

describe("Gemini CLI", () => {
  const bash = (command: string) => inProject("gemini-cli", "before-tool", { tool_input: { command } });

  it("the Bash gate denies run_shell_command's destructive command with a top-level decision", async () => {
    const denied = await cli(["review-command", "--runtime", "gemini-cli"], bash("rm -rf ~"));
    expect(denied.code).toBe(0);
    expect(JSON.parse(denied.stdout)).toEqual({ decision: "deny", reason: expect.stringContaining("rm -rf ~") });
    suite.fake.enqueue({ verdict: { ok: true, reason: "It resets the database.", unsure: true } });
    const asked = JSON.parse((await cli(["review-command"], bash("npx prisma migrate reset"))).stdout);
    expect(asked).toEqual({ decision: "deny", reason: expect.stringContaining("a person must approve") });
  });

  it("an AfterAgent judge keeps the agent working, and the BeforeAgent carrying that reason back is not judged", async () => {
    suite.fake.enqueue({ verdict: { ok: false, reason: "The tests were not run." } });
    const stop = await cli(["run", "stop-complete", "--runtime", "gemini-cli"], inProject("gemini-cli", "after-agent"));
    expect(stop.code).toBe(0);
    const { decision, reason } = JSON.parse(stop.stdout) as { decision: string; reason: string };
    expect(decision).toBe("deny");
    expect(reason).toContain("The tests were not run.");
    const hook = join(suite.project, "prompt-check.md");
    writeFileSync(hook, "---\nevents: [UserPromptSubmit]\n---\nIs this prompt fine? $USER_PROMPT\n");
    const continued = await cli(["run", hook], inProject("gemini-cli", "before-agent", { prompt: reason }));
    expect(continued).toMatchObject({ code: 0, stdout: "" });
    expect(suite.fake.requests).toHaveLength(1);
    suite.fake.enqueue({ verdict: { ok: true, reason: "fine" } });
    expect((await cli(["run", hook], inProject("gemini-cli", "before-agent"))).code).toBe(0);
    expect(suite.fake.requests).toHaveLength(2);
  });
});

describe("pydantic-deep", () => {
  const bash = (command: string) => hostEvent("pydantic-deep", "pre-tool-use", { tool_input: { command } });
  const inAgent = (args: string[], input: string) => runCli(args, { input, env: suite.env(), cwd: suite.project });

  it("the Bash gate denies with exit 2, the reason on stdout and nothing at all on stderr", async () => {
    const denied = await inAgent(["review-command", "--runtime", "pydantic-deep"], bash("rm -rf ~"));
    expect(denied).toMatchObject({ code: 2, stderr: "" });
    expect(denied.stdout).toContain("rm -rf ~");
    expect(denied.stdout.trim().startsWith("{")).toBe(false);
    expect(await inAgent(["review-command", "--runtime", "pydantic-deep"], bash("git status"))).toEqual({ code: 0, stdout: "", stderr: "" });
  });

  it("a model that cannot answer denies (no ask there), still with an empty stderr", async () => {
    suite.fake.enqueue({ status: 500 }, { status: 500 }, { status: 500 }, { status: 500 });
    const failed = await inAgent(["review-command", "--runtime", "pydantic-deep", "--timeout", "25"], bash("npx prisma migrate reset"));
    expect(failed).toMatchObject({ code: 2, stderr: "" });
    expect(failed.stdout).toContain("a person must approve");
  });

  it("a wrong command line or broken input on the gate denies with exit 2, never exit 1 (which pydantic-deep allows)", async () => {
    const wrong = await inAgent(["review-command", "--runtime", "pydantic-deep", "--nonesuch"], bash("ls"));
    expect(wrong).toMatchObject({ code: 2, stderr: "" });
    const broken = await inAgent(["review-command", "--runtime", "pydantic-deep"], '{"event": "pre_tool_use", "tool_name": "execute", "tool_input": {"command": "ls"');
    expect(broken).toMatchObject({ code: 2, stderr: "" });
  });

  it("a Stop check has no pydantic-deep event to run on: after_run passes at once, no model call, nothing on stderr", async () => {
    const stop = await inAgent(["run", "stop-complete", "--runtime", "pydantic-deep"], hostEvent("pydantic-deep", "after-run"));
    expect(stop).toEqual({ code: 0, stdout: "", stderr: "" });
    // detected without --runtime too
    expect(await inAgent(["run", "stop-complete"], hostEvent("pydantic-deep", "after-run"))).toMatchObject({ code: 0, stdout: "" });
    expect(suite.fake.requests).toHaveLength(0);
  });
});

describe("Copilot CLI", () => {
  it("the Bash gate denies a camelCase bash call with a flat decision, detected without --runtime", async () => {
    const denied = await cli(["review-command"], inProject("copilot", "camel-pre-tool-use", { toolArgs: JSON.stringify({ command: "rm -rf ~" }) }));
    expect(denied.code).toBe(0);
    expect(JSON.parse(denied.stdout)).toEqual({ permissionDecision: "deny", permissionDecisionReason: expect.stringContaining("rm -rf ~") });
  });
});

describe("Cursor", () => {
  it("the Bash gate denies a beforeShellExecution with permission and messages, detected without --runtime", async () => {
    const denied = await cli(["review-command"], inProject("cursor", "before-shell-execution", { command: "rm -rf ~" }));
    expect(denied.code).toBe(0);
    expect(JSON.parse(denied.stdout)).toMatchObject({ permission: "deny", agent_message: expect.stringContaining("rm -rf ~") });
  });
});

describe("Qwen Code", () => {
  it("the Bash gate reviews run_shell_command as Bash, detected without --runtime", async () => {
    const denied = await cli(["review-command"], inProject("qwen-code", "pre-tool-use", { tool_input: { command: "rm -rf ~" } }));
    expect(denied.code).toBe(0);
    expect(JSON.parse(denied.stdout).hookSpecificOutput).toMatchObject({ permissionDecision: "deny" });
  });
});

describe("Codex CLI continued Stops", () => {
  it("a hook that respects stop_hook_active stops blocking once Codex sets it; one that does not is bounded by max-blocks", async () => {
    const respecting = join(suite.project, "respecting.md");
    writeFileSync(respecting, "---\nevents: [Stop]\nrespect-stop-hook-active: true\n---\nIs the task done? $LAST_ASSISTANT_MESSAGE\n");
    expect(await cli(["run", respecting, "--runtime", "codex"], inProject("codex", "stop", { stop_hook_active: true }))).toMatchObject({ code: 0, stdout: "" });
    expect(suite.fake.requests).toHaveLength(0);
    const capped = join(suite.project, "capped.md");
    writeFileSync(capped, "---\nevents: [Stop]\nmax-blocks: 1\n---\nIs the task done? $LAST_ASSISTANT_MESSAGE\n");
    suite.fake.enqueue({ verdict: { ok: false, reason: "Not yet." } }, { verdict: { ok: false, reason: "Still not." } });
    const first = await cli(["run", capped, "--runtime", "codex"], inProject("codex", "stop"));
    expect(JSON.parse(first.stdout)).toEqual({ decision: "block", reason: "Not yet." });
    const second = JSON.parse((await cli(["run", capped, "--runtime", "codex"], inProject("codex", "stop", { stop_hook_active: true }))).stdout);
    expect(second.decision).toBeUndefined();
    expect(second.systemMessage).toContain("past the cap");
  });
});

describe("a host that lets a slow hook through", () => {
  const write = hostEvent("pydantic-deep", "pre-tool-use", { tool_name: "write_file", tool_input: { path: "a.txt", content: "x" } });
  const timeoutOf = async (args: string[], input: string) => (JSON.parse((await runCli(args, { input, env: suite.env(), cwd: suite.project })).stdout) as { requests: Array<{ timeoutSeconds: number }> }).requests[0]!.timeoutSeconds;

  it("gets hookjudge's deadline under its 30 s limit (pydantic-deep, Copilot), unless --timeout says otherwise", async () => {
    expect(await timeoutOf(["run", "edit-review", "--runtime", "pydantic-deep", "--dry-run"], write)).toBe(25);
    expect(await timeoutOf(["run", "edit-review", "--runtime", "pydantic-deep", "--dry-run", "--timeout", "28"], write)).toBe(28);
    const copilotWrite = inProject("copilot", "camel-pre-tool-use", { toolName: "create", toolArgs: { path: "a.txt", file_text: "x" } });
    expect(await timeoutOf(["run", "edit-review", "--runtime", "copilot", "--dry-run"], copilotWrite)).toBe(25);
    const codexWrite = inProject("codex", "pre-tool-use", { tool_name: "Write", tool_input: { file_path: "a.txt", content: "x" } });
    expect(await timeoutOf(["run", "edit-review", "--runtime", "codex", "--dry-run"], codexWrite)).toBe(30);
  });
});
