import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { fixturePath, ROOT, runCli, stateFolder, temporaryDirectory } from "../helpers/cli.js";

describe("hookjudge lint", () => {
  it("exits 0 on clean hooks, built-ins and settings files", async () => {
    const result = await runCli(["lint", "stop-complete", "subagent-complete", "edit-review", fixturePath("hooks", "dollars.md"), fixturePath("settings", "settings.json")]);
    expect(result).toEqual({ code: 0, stdout: "7 hooks checked, no problems\n", stderr: "" });
  });

  it("exits 1 and prints file:line: message for every problem", async () => {
    const result = await runCli(["lint", fixturePath("hooks", "bad-key.md"), fixturePath("hooks", "bad-variable.md"), fixturePath("settings", "bad-settings.json"), "no-such-hook"]);
    expect(result.code).toBe(1);
    const lines = result.stdout.trim().split("\n");
    expect(lines).toEqual([
      `${fixturePath("hooks", "bad-key.md")}:4: unknown front matter key 'on-eror'; known keys: name, description, type, events, matcher, model, timeout, on-error, max-blocks, pass-decision, respect-stop-hook-active, max-turns, tools, allow-commands, token-budget, allow-sensitive-files, votes, escalate`,
      expect.stringMatching(/bad-variable\.md:8: unknown variable \$TOOL_OUTPUT; known: \$ARGUMENTS, /),
      expect.stringMatching(/bad-settings\.json:6: Stop\[0\]\.hooks\[0\]: unknown variable \$TOOL_OUTPUT/),
      expect.stringMatching(/bad-settings\.json:7: Stop\[0\]\.hooks\[1\]: value: Unrecognized key: "continueOnBlok"/),
      expect.stringMatching(/^no-such-hook:1: no hook file "no-such-hook"/),
      "5 hooks checked, 5 problems",
    ]);
  });

  it("checks hookjudge's own command hooks in a settings file: commands, flags, hooks, events, timeouts, relative program paths", async () => {
    const project = temporaryDirectory();
    mkdirSync(join(project, ".claude"));
    mkdirSync(join(project, "hooks"));
    writeFileSync(join(project, "hooks", "mine.md"), "---\nname: mine\ntimeout: 45\n---\nDone? $LAST_ASSISTANT_MESSAGE\n");
    const settings = join(project, ".claude", "settings.json");
    const entry = (command: string, timeout?: number) => ({ type: "command", command, ...(timeout ? { timeout } : {}) });
    writeFileSync(
      settings,
      JSON.stringify(
        {
          hooks: {
            Stop: [{ hooks: [entry("npx hookjudge run stop-complet", 60), entry("npx hookjudge run hooks/mine.md --on-eror block", 60), entry("node node_modules/hookjudge/dist/cli.js run hooks/mine.md", 30), entry('node "$CLAUDE_PROJECT_DIR"/node_modules/hookjudge/dist/cli.js run "$CLAUDE_PROJECT_DIR"/hooks/mine.md', 60), entry("hookjudge loop stop-hook", 180), entry("echo not ours")] }],
            PostToolUse: [{ matcher: "Bash", hooks: [entry("hookjudge review-command")] }],
            PreToolUse: [{ matcher: "Write", hooks: [entry("hookjudge review-comand")] }, { matcher: "Edit", hooks: [entry("hookjudge review-command", 60)] }],
          },
        },
        null,
        2,
      ),
    );
    const result = await runCli(["lint", settings]);
    expect(result.code).toBe(1);
    const lines = result.stdout.trim().split("\n").map((line) => line.replace(`${settings}:`, ""));
    expect(lines).toEqual([
      expect.stringMatching(/^\d+: Stop\[0\]\.hooks\[0\]: no built-in hook named stop-complet; built-ins: bash-review, /),
      expect.stringMatching(/^\d+: Stop\[0\]\.hooks\[1\]: hookjudge run: Unknown option '--on-eror'$/),
      expect.stringMatching(/^\d+: Stop\[0\]\.hooks\[2\]: node_modules\/hookjudge\/dist\/cli\.js is a relative path: /),
      expect.stringMatching(/^\d+: Stop\[0\]\.hooks\[2\]: the entry's timeout \(30 s\) is not above the hook's own \(45 s\)/),
      expect.stringMatching(/^\d+: PostToolUse\[0\]\.hooks\[0\]: hookjudge review-command answers PreToolUse events; on PostToolUse it never acts$/),
      expect.stringMatching(/^\d+: PreToolUse\[0\]\.hooks\[0\]: hookjudge review-comand is not a hookjudge command/),
      expect.stringMatching(/^\d+: PreToolUse\[1\]\.hooks\[0\]: hookjudge review-command reviews Bash calls; the matcher "Edit" never sends it one$/),
      "8 hooks checked, 7 problems",
    ]);
  });

  it("needs at least one hook", async () => {
    const result = await runCli(["lint"]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("name at least one hook");
  });
});

describe("hookjudge log", () => {
  it("says there are no decisions yet when the log is missing", async () => {
    const result = await runCli(["log"], { env: { HOOKJUDGE_HOME: temporaryDirectory() } });
    expect(result.code).toBe(0);
    expect(result.stderr).toContain("no decisions yet");
  });

  it("skips unreadable lines, counts them, and honours --limit", async () => {
    const home = temporaryDirectory();
    mkdirSync(home, { recursive: true });
    const entry = (reason: string) =>
      JSON.stringify({ time: "2026-11-20T10:00:00.000Z", session: "s", event: "Stop", hook: "h", promptHash: "0", model: "m", outcome: "verdict", ok: true, decision: "pass", source: "verdict", reason, latencyMs: 5, inputTokens: 1, outputTokens: 1, costUsd: 0 });
    const state = stateFolder(ROOT, { HOOKJUDGE_HOME: home });
    mkdirSync(state, { recursive: true });
    writeFileSync(join(state, "audit.jsonl"), [entry("first"), "{broken", '{"time":"2026-11-20T10:00:00.000Z","hook":"h"}', entry("second"), entry("third")].join("\n") + "\n");
    const result = await runCli(["log", "--limit=2"], { env: { HOOKJUDGE_HOME: home } });
    expect(result.code).toBe(0);
    expect(result.stdout).not.toContain("first");
    expect(result.stdout).toContain("second");
    expect(result.stdout).toContain("third");
    expect(result.stderr).toContain("skipped 2 unreadable lines");
    const bad = await runCli(["log", "--limit", "zero"], { env: { HOOKJUDGE_HOME: home } });
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain("--limit expects a positive whole number");
  });
});

describe("hookjudge, the command", () => {
  it("prints help, the version, and rejects unknown commands", async () => {
    expect((await runCli(["--help"])).stdout).toContain("hookjudge run <hook>…");
    expect((await runCli(["--version"])).stdout).toMatch(/^\d+\.\d+\.\d+\n$/);
    const unknown = await runCli(["judge"]);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('unknown command "judge"; commands: run, lint, log, loop, review-command');
  });
});
