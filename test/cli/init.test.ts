import { existsSync, mkdirSync, readdirSync, readFileSync, realpathSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { CLI, ROOT, runCli, temporaryDirectory } from "../helpers/cli.js";

// init through the built CLI in a fresh project each time: what it writes, what it keeps, and that
// lint (and a second init) agree with it

function project(): string {
  const folder = realpathSync(temporaryDirectory("hookjudge-init-"));
  mkdirSync(join(folder, ".git"));
  return folder;
}

type Settings = { hooks: Record<string, Array<{ matcher?: string; hooks: Array<{ type: string; command?: string; url?: string; timeout?: number }> }>> } & Record<string, unknown>;
const read = (file: string) => JSON.parse(readFileSync(file, "utf8")) as Settings;
const commands = (settings: Settings) => Object.values(settings.hooks).flatMap((groups) => groups.flatMap((group) => group.hooks.map((entry) => entry.command ?? entry.url ?? "")));
const bin = `node "${CLI}"`;

describe("hookjudge init", () => {
  it("--yes on an empty project: the four built-ins, the installed bin by path, lint-clean, and a second run adds nothing", async () => {
    const cwd = project();
    const first = await runCli(["init", "--yes"], { cwd });
    expect(first.stderr).toBe("");
    expect(first.code).toBe(0);
    expect(first.stdout).toContain("wrote .claude/settings.json (4 hooks added)");
    const file = join(cwd, ".claude", "settings.json");
    const settings = read(file);
    expect(settings.hooks["Stop"]).toEqual([
      {
        hooks: [
          { type: "command", command: `${bin} run stop-complete`, timeout: 60 },
          { type: "command", command: `${bin} loop stop-hook`, timeout: 180 },
        ],
      },
    ]);
    expect(settings.hooks["PreToolUse"]!.map((group) => group.matcher)).toEqual(["Bash", "Write|Edit|MultiEdit|NotebookEdit"]);
    expect(settings.hooks["PreToolUse"]![0]!.hooks[0]!.command).toMatch(new RegExp(`^${bin.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")} review-command \\|\\| printf `));
    // nothing that could reach the registry
    for (const command of commands(settings)) expect(command).not.toMatch(/\bnpx\b/);
    // no old file, no backup
    expect(readdirSync(join(cwd, ".claude"))).toEqual(["settings.json"]);

    const lint = await runCli(["lint", file], { cwd });
    expect(lint).toEqual({ code: 0, stdout: "4 hooks checked, no problems\n", stderr: "" });

    const before = readFileSync(file, "utf8");
    const second = await runCli(["init", "--yes"], { cwd });
    expect(second.code).toBe(0);
    expect(second.stdout).toContain(".claude/settings.json: nothing to add, it already runs what was chosen");
    expect(second.stdout.match(/already there/g)).toHaveLength(4);
    expect(readFileSync(file, "utf8")).toBe(before);
    expect(readdirSync(join(cwd, ".claude"))).toEqual(["settings.json"]);
  });

  it("keeps the user's keys and hooks, backs the file up first, and does not add a built-in the user already runs", async () => {
    const cwd = project();
    mkdirSync(join(cwd, ".claude"));
    const file = join(cwd, ".claude", "settings.json");
    const mine = {
      model: "opus",
      permissions: { allow: ["Bash(npm test:*)"], deny: ["Read(./.env)"] },
      env: { FOO: "1" },
      hooks: {
        PreToolUse: [{ matcher: "Bash", hooks: [{ type: "command", command: "./scripts/my-bash-check.sh", timeout: 5 }] }],
        Stop: [{ hooks: [{ type: "command", command: "npx --no-install hookjudge loop stop-hook", timeout: 200 }] }],
        PostToolUse: [{ matcher: "Edit", hooks: [{ type: "command", command: "prettier --write" }] }],
      },
    };
    const original = JSON.stringify(mine, null, 4) + "\n";
    writeFileSync(file, original);
    const result = await runCli(["init", "--yes"], { cwd });
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("= Stop loop stop-hook: already there, left as it is");
    expect(result.stdout).toContain("wrote .claude/settings.json (3 hooks added)");

    const backups = readdirSync(join(cwd, ".claude")).filter((name) => name !== "settings.json");
    expect(backups).toEqual([expect.stringMatching(/^settings\.json\.\d{8}T\d{6}Z\.bak$/)]);
    expect(readFileSync(join(cwd, ".claude", backups[0]!), "utf8")).toBe(original);
    expect(result.stdout).toContain(`backup of the old file: .claude/${backups[0]}`);

    const settings = read(file);
    expect(settings["model"]).toBe("opus");
    expect(settings["permissions"]).toEqual(mine.permissions);
    expect(settings["env"]).toEqual(mine.env);
    expect(settings.hooks["PostToolUse"]).toEqual(mine.hooks.PostToolUse);
    // the gate joins the user's Bash group after the user's own check; the user's loop hook stays the only one
    expect(settings.hooks["PreToolUse"]![0]).toEqual({ matcher: "Bash", hooks: [mine.hooks.PreToolUse[0]!.hooks[0], expect.objectContaining({ command: expect.stringContaining(`${bin} review-command`) })] });
    expect(settings.hooks["Stop"]).toEqual([{ hooks: [mine.hooks.Stop[0]!.hooks[0], { type: "command", command: `${bin} run stop-complete`, timeout: 60 }] }]);
    for (const command of commands(settings)) expect(command).not.toMatch(/\bnpx (?!--no-install)/);

    const lint = await runCli(["lint", file], { cwd });
    expect(lint.stdout).toBe("4 hooks checked, no problems\n");
    expect(lint.code).toBe(0);

    const again = await runCli(["init", "--yes"], { cwd });
    expect(again.stdout).toContain("nothing to add");
    expect(readdirSync(join(cwd, ".claude")).filter((name) => name.endsWith(".bak"))).toHaveLength(1);
  });

  it("--local, --only, --npx and --commands: settings.local.json, the chosen built-ins, npx --no-install, the slash commands", async () => {
    const cwd = project();
    const result = await runCli(["init", "--local", "--only", "gate,loop", "--npx", "--commands"], { cwd });
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    expect(existsSync(join(cwd, ".claude", "settings.json"))).toBe(false);
    const settings = read(join(cwd, ".claude", "settings.local.json"));
    expect(commands(settings)).toEqual([expect.stringMatching(/^npx --no-install hookjudge review-command \|\| printf /), "npx --no-install hookjudge loop stop-hook"]);
    const loop = readFileSync(join(cwd, ".claude", "commands", "loop.md"), "utf8");
    expect(loop).toBe(readFileSync(join(ROOT, "commands", "loop.md"), "utf8").replaceAll('node "${CLAUDE_PLUGIN_ROOT}/dist/cli.js"', "npx --no-install hookjudge"));
    expect(readFileSync(join(cwd, ".claude", "commands", "cancel-loop.md"), "utf8")).toContain("!`npx --no-install hookjudge loop cancel`");
    expect(result.stdout).toContain("+ /loop: .claude/commands/loop.md");
    const again = await runCli(["init", "--local", "--only", "gate,loop", "--npx", "--commands"], { cwd });
    expect(again.stdout).toContain("= /loop: .claude/commands/loop.md already there");
  });

  it("--serve: HTTP hooks for hookjudge serve (the file guard stays a command) and a user service file printed", async () => {
    const cwd = project();
    const result = await runCli(["init", "--yes", "--serve", "--url", "http://127.0.0.1:9911", "--token-env", "HOOKJUDGE_TOKEN"], { cwd });
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    const settings = read(join(cwd, ".claude", "settings.json"));
    expect(settings.hooks["Stop"]![0]!.hooks).toEqual([
      { type: "http", url: "http://127.0.0.1:9911/hooks/stop-complete", timeout: 35, headers: { "X-Hookjudge-Active": "$HOOKJUDGE_ACTIVE", Authorization: "Bearer $HOOKJUDGE_TOKEN" }, allowedEnvVars: ["HOOKJUDGE_ACTIVE", "HOOKJUDGE_TOKEN"] },
      expect.objectContaining({ type: "http", url: "http://127.0.0.1:9911/loop/stop-hook", timeout: 185 }),
    ]);
    expect(settings.hooks["PreToolUse"]!.map((group) => group.hooks[0]!.type)).toEqual(["http", "command"]);
    expect(result.stdout).toMatch(process.platform === "darwin" ? /dev\.hookjudge\.serve\.plist/ : /hookjudge\.service:\n\n\[Unit\][\s\S]*ExecStart=\S+ \S+cli\.js serve --host 127\.0\.0\.1 --port 9911\n[\s\S]*systemctl --user enable --now hookjudge\.service/);
    const lint = await runCli(["lint", join(cwd, ".claude", "settings.json")], { cwd });
    expect(lint.code).toBe(0);
  });

  it("without a terminal and without --yes: a usage error that says so, and nothing written", async () => {
    const cwd = project();
    const result = await runCli(["init"], { cwd });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("no terminal to ask which hooks to add; pass --yes for the defaults (stop, gate, guard, loop)");
    expect(existsSync(join(cwd, ".claude"))).toBe(false);
  });

  it("a settings file that is not JSON is left untouched, with a config error naming it", async () => {
    const cwd = project();
    mkdirSync(join(cwd, ".claude"));
    writeFileSync(join(cwd, ".claude", "settings.json"), '{ "model": "opus", }\n');
    const result = await runCli(["init", "--yes"], { cwd });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`${join(cwd, ".claude", "settings.json")} is not valid JSON`);
    expect(readFileSync(join(cwd, ".claude", "settings.json"), "utf8")).toBe('{ "model": "opus", }\n');
    expect(readdirSync(join(cwd, ".claude"))).toEqual(["settings.json"]);
  });
});

describe("hookjudge init on a terminal", () => {
  it("asks for each built-in and adds the ones answered yes (Enter is yes)", async () => {
    // in process, with the CLI's io: a terminal is what gives it `ask`
    const { run } = await import("../../src/cli/index.js");
    const cwd = project();
    const questions: string[] = [];
    const answers = ["", "n", "no", "Y"];
    let stdout = "";
    const code = await run(["init"], {
      readStdin: async () => "",
      stdout: (text) => (stdout += text),
      stderr: () => {},
      env: { HOME: cwd },
      cwd,
      ask: async (question) => {
        questions.push(question);
        return answers.shift() ?? "";
      },
    });
    expect(code).toBe(0);
    expect(questions).toEqual([
      expect.stringMatching(/^Add a Stop check \(run stop-complete\).*\? \[Y\/n\] $/),
      expect.stringMatching(/^Add the Bash gate \(review-command\)/),
      expect.stringMatching(/^Add the file guard \(guard-files\)/),
      expect.stringMatching(/^Add the loop's Stop hook \(loop stop-hook\)/),
    ]);
    expect(commands(read(join(cwd, ".claude", "settings.json")))).toEqual([expect.stringMatching(/ run stop-complete$/), expect.stringMatching(/ loop stop-hook$/)]);
    expect(stdout).toContain("wrote .claude/settings.json (2 hooks added)");
  });
});

describe("hookjudge init for other hosts", () => {
  it("--runtime gemini-cli --serve: the curl hooks serve --print-settings prints, merged into .gemini/settings.json, idempotent", async () => {
    const cwd = project();
    mkdirSync(join(cwd, ".gemini"));
    writeFileSync(join(cwd, ".gemini", "settings.json"), JSON.stringify({ theme: "dark", hooks: { BeforeTool: [{ matcher: "^(write_file)$", hooks: [{ type: "command", command: "./mine.sh", timeout: 5000 }] }] } }));
    const result = await runCli(["init", "--runtime", "gemini-cli", "--serve", "--yes", "--url", "http://127.0.0.1:9912"], { cwd });
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("+ http://127.0.0.1:9912/gemini-cli/review-command\n");
    expect(result.stdout).toContain("note: The file guard (guard-files) has no serve route: it is not added for this host.");
    const settings = read(join(cwd, ".gemini", "settings.json"));
    expect(settings["theme"]).toBe("dark");
    const printed = JSON.parse((await runCli(["serve", "--print-settings", "--runtime", "gemini-cli", "--port", "9912"], { cwd })).stdout) as { settings: Settings };
    // the user's group first, then exactly what serve would have printed for these built-ins
    expect(settings.hooks["BeforeTool"]).toEqual([{ matcher: "^(write_file)$", hooks: [{ type: "command", command: "./mine.sh", timeout: 5000 }] }, ...printed.settings.hooks["BeforeTool"]!]);
    expect(commands(settings).filter((command) => command.includes("/loop/stop-hook"))).toHaveLength(1);
    expect(commands(settings).filter((command) => command.includes("/hooks/stop-complete"))).toHaveLength(1);
    const again = await runCli(["init", "--runtime", "gemini-cli", "--serve", "--yes", "--url", "http://127.0.0.1:9912"], { cwd });
    expect(again.stdout).toContain("nothing to add");
    expect(readdirSync(join(cwd, ".gemini")).filter((name) => name.endsWith(".bak"))).toHaveLength(1);
  });

  it("a host without --serve, or one whose file init does not write: a usage error that says what to do", async () => {
    const cwd = project();
    const codex = await runCli(["init", "--runtime", "codex", "--yes"], { cwd });
    expect(codex.code).toBe(1);
    expect(codex.stderr).toContain("hookjudge init --runtime codex writes HTTP hooks (curl) for a running hookjudge serve into .codex/hooks.json: add --serve");
    const copilot = await runCli(["init", "--runtime", "copilot", "--yes", "--serve"], { cwd });
    expect(copilot.code).toBe(1);
    expect(copilot.stderr).toContain("'hookjudge serve --print-settings --runtime copilot' prints the hooks to paste into its file");
  });
});
