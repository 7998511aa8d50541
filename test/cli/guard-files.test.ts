import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { beforeEach, describe, expect, it } from "vitest";
import { runCli, temporaryDirectory } from "../helpers/cli.js";

let project: string;
beforeEach(() => {
  project = temporaryDirectory();
  mkdirSync(join(project, ".git"));
  mkdirSync(join(project, "src"));
});

const event = (tool_name: string, tool_input: Record<string, unknown>, cwd = project) =>
  JSON.stringify({ session_id: "s", transcript_path: "/dev/null", cwd, hook_event_name: "PreToolUse", tool_name, tool_input, tool_use_id: "t" });
const guard = (input: string, args: string[] = []) => runCli(["guard-files", ...args], { input, cwd: project, env: { CLAUDE_PROJECT_DIR: project } });

describe("hookjudge guard-files", () => {
  it("denies a write to the rules file with the exact PreToolUse shape", async () => {
    const result = await guard(event("Write", { file_path: join(project, ".hookjudge", "rules.json"), content: '{"allow":["*"]}' }));
    expect(result.code).toBe(0);
    const output = JSON.parse(result.stdout);
    expect(Object.keys(output)).toEqual(["hookSpecificOutput"]);
    expect(output.hookSpecificOutput).toEqual({ hookEventName: "PreToolUse", permissionDecision: "deny", permissionDecisionReason: expect.stringContaining(".hookjudge") });
  });

  it("denies Edit of .git/config spelled relative to the event's cwd", async () => {
    const result = await guard(event("Edit", { file_path: "../.GIT/config", old_string: "a", new_string: "b" }, join(project, "src")));
    expect(JSON.parse(result.stdout).hookSpecificOutput.permissionDecision).toBe("deny");
  });

  it("denies MultiEdit and NotebookEdit", async () => {
    const multi = await guard(event("MultiEdit", { file_path: join(project, ".claude", "settings.json"), edits: [{ old_string: "a", new_string: "b" }] }));
    expect(JSON.parse(multi.stdout).hookSpecificOutput.permissionDecision).toBe("deny");
    const notebook = await guard(event("NotebookEdit", { notebook_path: join(project, ".git", "x.ipynb"), new_source: "" }));
    expect(JSON.parse(notebook.stdout).hookSpecificOutput.permissionDecision).toBe("deny");
  });

  it("prints nothing for an ordinary file", async () => {
    const result = await guard(event("Write", { file_path: join(project, "src", "index.ts"), content: "" }));
    expect(result).toMatchObject({ code: 0, stdout: "" });
  });

  it.each([["bad JSON", "{not json", []], ["empty stdin", "", []], ["a bad flag", "", ["--nope"]]] as const)("asks on %s", async (_, input, args) => {
    const result = await guard(input === "" && args.length > 0 ? event("Write", { file_path: "x" }) : input, [...args]);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout).hookSpecificOutput).toMatchObject({ hookEventName: "PreToolUse", permissionDecision: "ask" });
  });

  it("--explain prints the reason", async () => {
    const result = await runCli(["guard-files", "--explain", ".git/hooks/pre-commit"], { cwd: project });
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^protected: .*\.git/);
    expect((await runCli(["guard-files", "--explain", "src/a.ts"], { cwd: project })).stdout).toBe("not protected\n");
  });
});
