import { execFileSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ROOT } from "./helpers/cli.js";

const manifest = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as {
  bin: Record<string, string>;
  exports: Record<string, string | { types: string; default: string }>;
  files: string[];
  version: string;
};

describe("the published surface", () => {
  it("points every export and the bin at built files", () => {
    expect(manifest.bin).toEqual({ hookjudge: "dist/cli.js" });
    for (const target of Object.values(manifest.exports)) {
      const paths = typeof target === "string" ? [target] : [target.types, target.default];
      for (const path of paths) expect(existsSync(join(ROOT, path)), path).toBe(true);
    }
    expect(manifest.files).toEqual(["dist", "prompts", ".claude-plugin", "hooks", "commands"]);
  });

  it("ships a Claude Code plugin whose version is the package's and whose hooks and commands run the plugin's own CLI", () => {
    const read = (...path: string[]) => readFileSync(join(ROOT, ...path), "utf8");
    expect(JSON.parse(read(".claude-plugin", "plugin.json"))).toMatchObject({ name: "hookjudge", version: manifest.version });
    const { hooks } = JSON.parse(read("hooks", "hooks.json")) as { hooks: Record<string, Array<{ hooks: Array<{ command: string; timeout?: number }> }>> };
    const commands = Object.values(hooks).flatMap((groups) => groups.flatMap((group) => group.hooks));
    const invoked = commands.map((hook) => /^node "\$\{CLAUDE_PLUGIN_ROOT\}\/dist\/cli\.js" ([a-z -]+?)(?: \|\| |$)/.exec(hook.command)?.[1]);
    expect(invoked.sort()).toEqual(["guard-files", "loop stop-hook", "review-command", "run stop-complete"]);
    for (const hook of commands) expect(hook.timeout, hook.command).toBeGreaterThan(0);
    // the gates answer with exit 0 whatever happens; a CLI that cannot start makes them ask, never pass
    for (const group of hooks["PreToolUse"]!) {
      const command = group.hooks[0]!.command;
      const output = execFileSync("sh", ["-c", command], { env: { PATH: process.env["PATH"] ?? "", CLAUDE_PLUGIN_ROOT: join(ROOT, "no-such-folder") }, input: "{}", stdio: ["pipe", "pipe", "ignore"], encoding: "utf8" });
      expect(JSON.parse(output), command).toEqual({ hookSpecificOutput: { hookEventName: "PreToolUse", permissionDecision: "ask", permissionDecisionReason: expect.stringContaining("could not start") } });
    }
    for (const name of ["loop.md", "cancel-loop.md"]) {
      const text = read("commands", name);
      expect(text, name).toContain('node "${CLAUDE_PLUGIN_ROOT}/dist/cli.js" loop ');
      expect(text, name).not.toContain("npx");
    }
  });

  it("exports the documented API from the built library", async () => {
    const library = (await import(join(ROOT, "dist", "lib", "index.js"))) as Record<string, unknown>;
    for (const name of ["loadHook", "runHook", "runHooks", "renderPrompt", "createAnthropicBackend", "parseVerdict", "toClaudeCode", "HookJudgeError"]) {
      expect(typeof library[name], name).toBe("function");
    }
    const testing = (await import(join(ROOT, "dist", "lib", "testing", "index.js"))) as Record<string, unknown>;
    expect(typeof testing["MockBackend"]).toBe("function");
  });

  it("a MockBackend from hookjudge/testing drives the built runHook end to end", async () => {
    const { loadHook, runHook } = (await import(join(ROOT, "dist", "lib", "index.js"))) as typeof import("../src/index.js");
    const { MockBackend } = (await import(join(ROOT, "dist", "lib", "testing", "index.js"))) as typeof import("../src/testing/index.js");
    const backend = new MockBackend([{ text: '```json\n{"ok": false, "reason": "fenced"}\n```' }]);
    const result = await runHook(loadHook("stop-complete"), { hook_event_name: "Stop", last_assistant_message: "done" }, { backend, stateDir: false });
    expect(result.decision).toEqual({ kind: "block", reason: "fenced", source: "verdict" });
  });
});
