import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { HookJudgeError } from "../../src/errors.js";
import { hookApplies, permissionRuleMatches } from "../../src/hook/applies.js";
import { listBuiltinHooks, loadHook, readHookText } from "../../src/hook/load.js";
import { readSettingsHooks } from "../../src/hook/settings.js";
import { fixtureInput, fixturePath, temporaryDirectory } from "../helpers/cli.js";

describe("loadHook", () => {
  it("loads the built-ins by name with their front matter", () => {
    expect(listBuiltinHooks()).toEqual(["bash-review", "edit-review", "stop-complete", "stop-verify", "subagent-complete"]);
    const hook = loadHook("edit-review");
    expect(hook.source).toBe("builtin:edit-review");
    expect(hook.events).toEqual(["PreToolUse"]);
    expect(hook.matcher).toBe("Edit|Write|MultiEdit");
    expect(hook.onError).toBe("ask");
    expect(hook.timeout).toBe(30);
    expect(hook.maxBlocks).toBe(8);
    expect(hook.passDecision).toBe("none");
  });

  it("names the file and line of an unknown key", () => {
    const error = captureError(() => loadHook(fixturePath("hooks", "bad-key.md")));
    expect(error.code).toBe("config");
    expect(error.location).toEqual({ file: fixturePath("hooks", "bad-key.md"), line: 4 });
    expect(error.message).toContain("bad-key.md:4: unknown front matter key 'on-eror'");
  });

  it("names the file and line of an unknown variable, counting the front matter", () => {
    const error = captureError(() => loadHook(fixturePath("hooks", "bad-variable.md")));
    expect(error.location?.line).toBe(8);
    expect(error.message).toContain("unknown variable $TOOL_OUTPUT");
  });

  it("collects every problem of a file with its line", () => {
    const text = "---\nevents: [Stop, Sotp]\ntimeout: -5\non-error: maybe\n---\nDone? $LAST_ASSISTANT_MESSAGE\n";
    const { problems } = readHookText(text, "x.md", "x");
    expect(problems.map((problem) => [problem.line, problem.message.split(":")[0]])).toEqual([
      [2, "events.1"],
      [3, "timeout"],
      [4, "on-error"],
    ]);
  });

  it("reports broken YAML, an unclosed front matter and an empty body", () => {
    expect(readHookText("---\nname: [unclosed\n---\nbody", "y.md", "y").problems[0]!.message).toContain("invalid YAML");
    expect(readHookText("---\nname: x\nbody", "y.md", "y").problems[0]!.message).toContain("never closed");
    const empty = readHookText("---\nname: x\n---\n\n", "y.md", "y").problems[0]!;
    expect(empty.message).toContain("no prompt");
    expect(empty.line).toBe(4);
  });

  it("accepts a file without front matter and a single event name", () => {
    expect(readHookText("Just judge $ARGUMENTS", "z.md", "z").definition?.name).toBe("z");
    expect(readHookText("---\nevents: Stop\n---\nok?", "z.md", "z").definition?.events).toEqual(["Stop"]);
  });

  it("explains an unknown hook reference and lists the built-ins", () => {
    const error = captureError(() => loadHook("stop-compete"));
    expect(error.message).toContain("no built-in hook of that name; built-ins: bash-review, edit-review, stop-complete, stop-verify, subagent-complete");
  });
});

describe("readSettingsHooks", () => {
  it("loads each type: prompt entry with its event, matcher, model and timeout", () => {
    const results = readSettingsHooks(fixturePath("settings", "settings.json"));
    const hooks = results.map((result) => result.definition!);
    expect(results.every((result) => result.problems.length === 0)).toBe(true);
    expect(hooks.map((hook) => [hook.name, hook.events, hook.matcher, hook.model, hook.timeout])).toEqual([
      ["settings:Stop[0].hooks[1]", ["Stop"], undefined, undefined, 20],
      ["settings:PreToolUse[0].hooks[0]", ["PreToolUse"], "Bash", "claude-haiku-4-5", 30],
      ["settings:PreToolUse[1].hooks[0]", ["PreToolUse"], "Edit|Write", undefined, 30],
    ]);
  });

  it("reports unknown keys and unknown variables at the entry's line", () => {
    const results = readSettingsHooks(fixturePath("settings", "bad-settings.json"));
    expect(results.map((result) => [result.problems[0]?.line, result.problems[0]?.message])).toEqual([
      [6, expect.stringContaining("unknown variable $TOOL_OUTPUT")],
      [7, expect.stringContaining('Unrecognized key: "continueOnBlok"')],
    ]);
  });

  it("fails clearly on a settings file that is not JSON", () => {
    const folder = temporaryDirectory();
    writeFileSync(join(folder, "settings.json"), "{ hooks: ");
    expect(() => readSettingsHooks(join(folder, "settings.json"))).toThrow(/settings file is not valid JSON/);
  });
});

describe("hookApplies", () => {
  const cwd = "/p";
  it("follows events and Claude Code's matcher semantics", () => {
    const review = loadHook("edit-review");
    expect(hookApplies(review, fixtureInput("pre-tool-use-edit", { cwd }))).toBe(true);
    expect(hookApplies(review, fixtureInput("pre-tool-use-bash", { cwd }))).toBe(false);
    expect(hookApplies(review, fixtureInput("stop", { cwd }))).toBe(false);
    const regex = { ...review, matcher: "^(Edit|Bash)$" };
    expect(hookApplies(regex, fixtureInput("pre-tool-use-bash", { cwd }))).toBe(true);
  });

  it("matches `if` permission rules on tool events only", () => {
    expect(permissionRuleMatches("Bash(rm *)", "Bash", { command: "rm -rf build" })).toBe(true);
    expect(permissionRuleMatches("Bash(git:*)", "Bash", { command: "git push" })).toBe(true);
    expect(permissionRuleMatches("Bash(git *)", "Bash", { command: "rm -rf /" })).toBe(false);
    expect(permissionRuleMatches("Edit", "Edit", { file_path: "/p/x" })).toBe(true);
    const gated = { ...loadHook("stop-complete"), events: undefined, if: "Bash(rm *)" };
    expect(hookApplies(gated, fixtureInput("pre-tool-use-bash", { cwd }))).toBe(true);
    expect(hookApplies(gated, fixtureInput("stop", { cwd }))).toBe(false);
  });
});

function captureError(action: () => unknown): HookJudgeError {
  try {
    action();
  } catch (error) {
    if (error instanceof HookJudgeError) return error;
    throw error;
  }
  throw new Error("expected a HookJudgeError");
}
