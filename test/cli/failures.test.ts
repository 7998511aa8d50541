import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { fixturePath, runCli } from "../helpers/cli.js";
import { useCliSuite } from "../helpers/cli-suite.js";

const suite = useCliSuite();
const { env, input } = suite;
const run = (args: string[], name: string, patch: Record<string, unknown> = {}) => suite.run(args, name, { patch });
const brokenStopHook = () => {
  const path = join(suite.project, "broken.md");
  writeFileSync(path, "---\nname: broken-stop\nevents: [Stop]\non-error: block\n---\nDid it finish? $LAST_MESAGE\n");
  return path;
};

describe("a broken hook keeps its scope and its failure policy", () => {
  it("answers only on its own events, with its own on-error", async () => {
    const hook = brokenStopHook();
    expect(await run(["run", hook], "pre-tool-use-bash")).toEqual({ code: 0, stdout: "", stderr: "" });
    const stop = JSON.parse((await run(["run", hook], "stop")).stdout);
    expect(stop.decision).toBe("block");
    expect(stop.reason).toContain("could not run (config)");
    expect(stop.systemMessage).toContain("broken.md:6: unknown variable $LAST_MESAGE");
    expect(suite.fake.requests).toHaveLength(0);
  });

  it("a broken settings entry answers only for its event and matcher", async () => {
    const settings = join(suite.project, "settings.json");
    writeFileSync(settings, JSON.stringify({ hooks: { PreToolUse: [{ matcher: "Bash", hooks: [{ type: "prompt", prompt: "Safe? $TOOL_OUTPUT" }] }] } }));
    expect(await run(["run", "--settings", settings], "pre-tool-use-edit")).toEqual({ code: 0, stdout: "", stderr: expect.any(String) });
    const bash = JSON.parse((await run(["run", "--settings", settings], "pre-tool-use-bash")).stdout);
    expect(bash.hookSpecificOutput.permissionDecision).toBe("ask");
    expect(bash.systemMessage).toContain("unknown variable $TOOL_OUTPUT");
  });
});

describe("exit 2 events", () => {
  it("put the reason alone on stderr, even when another hook failed", async () => {
    const broken = join(suite.project, "broken-any.md");
    writeFileSync(broken, "Judge $TOTALLY_UNKNOWN\n");
    suite.fake.enqueue({ verdict: { ok: false, reason: "No tests were added." } });
    const result = await run(["run", fixturePath("hooks", "any-event.md"), broken], "task-completed");
    expect(result.code).toBe(2);
    expect(result.stderr).toBe("No tests were added.\n");
    expect(JSON.parse(result.stdout).systemMessage).toContain("could not judge (config)");
  });
});

describe("input the schema does not expect", () => {
  it("judges an event whose optional fields have the wrong types", async () => {
    suite.fake.enqueue({ verdict: { ok: false, reason: "Not done." } });
    const result = await run(["run", "stop-complete"], "stop", { session_id: null, last_assistant_message: 5, stop_hook_active: "true" });
    expect(JSON.parse(result.stdout)).toEqual({ decision: "block", reason: "Not done." });
    expect(suite.fake.requests).toHaveLength(1);
  });

  it("recovers event, tool and folder from broken JSON, so the matcher and the audit still work", async () => {
    const text = `{"hook_event_name":"PreToolUse","cwd":${JSON.stringify(suite.project)},"tool_name":"Bash","tool_input":{"command": oops}}`;
    const bash = await runCli(["run", "edit-review"], { input: text, env: env() });
    expect(bash).toEqual({ code: 0, stdout: "", stderr: "" });
    const edit = await runCli(["run", "edit-review"], { input: text.replace('"Bash"', '"Edit"'), env: env() });
    expect(JSON.parse(edit.stdout).hookSpecificOutput.permissionDecision).toBe("ask");
  });
});

describe("a wrong command line still answers the runtime", () => {
  it.each([
    [["run", "edit-review", "--on-error", "deny"], "--on-error expects allow, block or ask"],
    [["run", "edit-review", "--timeout", "30s"], "--timeout expects a positive number"],
    [["run", "edit-review", "--timeout", "9999999"], "--timeout is at most 3600 seconds"],
    [["run", "edit-review", "--bogus"], "Unknown option '--bogus'"],
  ])("%j on PreToolUse asks the user, naming the problem", async (args, problem) => {
    const result = await runCli(args, { input: input("pre-tool-use-edit"), env: env() });
    expect(result.code).toBe(0);
    const output = JSON.parse(result.stdout);
    expect(output.hookSpecificOutput.permissionDecision).toBe("ask");
    expect(output.systemMessage).toContain(problem);
  });

  it("an unreadable hook file is a config error answered by the policy", async () => {
    const result = await runCli(["run", "/proc/self/mem"], { input: input("pre-tool-use-edit"), env: env() });
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout).systemMessage).toContain("could not judge (config): cannot read hook /proc/self/mem");
  });
});

describe("the failure policy's own reasons", () => {
  it("never carry the hook's prompt", async () => {
    const prompt = "Review the change before it is made";
    suite.fake.enqueue({ status: 400 });
    const ask = await run(["run", "edit-review"], "pre-tool-use-edit");
    suite.fake.enqueue({ status: 400 });
    const block = await run(["run", "edit-review", "--on-error", "block"], "pre-tool-use-edit");
    for (const result of [ask, block]) {
      const output = JSON.parse(result.stdout);
      expect(output.hookSpecificOutput.permissionDecisionReason).toContain("(api)");
      expect(result.stdout).not.toContain(prompt);
    }
    expect(JSON.parse(block.stdout).hookSpecificOutput.permissionDecision).toBe("deny");
  });
});

describe("several hooks", () => {
  it("are judged in parallel: both requests arrive before either is answered", async () => {
    suite.fake.enqueue({ verdict: { ok: true, reason: "a" }, delayMs: 300 }, { verdict: { ok: true, reason: "b" }, delayMs: 300 });
    await run(["run", "stop-complete", fixturePath("hooks", "strict-stop.md")], "stop");
    expect(suite.fake.log.slice(0, 2)).toEqual(["received 1", "received 2"]);
  });

  it("PreToolUse: a deny beats an ask", async () => {
    const denyHook = join(suite.project, "deny.md");
    writeFileSync(denyHook, "---\nevents: [PreToolUse]\n---\nAlways refuse: $TOOL_INPUT\n");
    // whichever hook asks first gets the deny: either way one hook denies and the other asks
    suite.fake.enqueue({ verdict: { ok: false, reason: "Refused." } }, { verdict: { ok: true, reason: "Not sure.", unsure: true } });
    const result = await run(["run", "edit-review", denyHook], "pre-tool-use-edit");
    const output = JSON.parse(result.stdout).hookSpecificOutput;
    expect(output).toEqual({ hookEventName: "PreToolUse", permissionDecision: "deny", permissionDecisionReason: expect.stringContaining("Refused.") });
  });

  it("PermissionRequest: ask and pass leave the dialog in charge; pass-decision allow approves", async () => {
    const hook = fixturePath("hooks", "bash-allow.md");
    suite.fake.enqueue({ verdict: { ok: true, reason: "?", unsure: true } }, { verdict: { ok: true, reason: "fine" } });
    expect((await run(["run", hook], "permission-request")).stdout).toBe("");
    expect(JSON.parse((await run(["run", hook], "permission-request")).stdout)).toEqual({
      hookSpecificOutput: { hookEventName: "PermissionRequest", decision: { behavior: "allow" } },
    });
    suite.fake.enqueue({ verdict: { ok: true, reason: "fine" } });
    expect((await run(["run", "--settings", fixturePath("settings", "settings.json")], "permission-request")).stdout).toBe("");
  });
});
