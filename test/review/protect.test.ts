import { mkdirSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { PROTECTED_NAME, protectedPathReason, type ProtectContext } from "../../src/review/protect.js";
import { temporaryDirectory } from "../helpers/cli.js";

let project: string;
let home: string;
let context: ProtectContext;
beforeAll(() => {
  project = temporaryDirectory();
  home = temporaryDirectory();
  mkdirSync(join(project, ".git", "hooks"), { recursive: true });
  mkdirSync(join(project, "sub", "deep"), { recursive: true });
  mkdirSync(join(project, ".hookjudge"));
  symlinkSync(join(project, ".git"), join(project, "innocent"));
  symlinkSync(join(project, ".hookjudge"), join(project, "sub", "rules-link"));
  // dangling: writing through it would create .git/hooks/post-checkout
  symlinkSync(join(project, ".git", "hooks", "post-checkout"), join(project, "sub", "helper.sh"));
  symlinkSync(join(home, ".claude", "settings.json"), join(project, "sub", "config.json"));
  context = { cwd: join(project, "sub"), projectDir: project, home, stateRoot: join(home, "state", "hookjudge") };
});

const reason = (path: string, extra: Partial<ProtectContext> = {}) => protectedPathReason(path, { ...context, ...extra });

describe("protectedPathReason", () => {
  it.each([
    "../.hookjudge/rules.json",
    ".//../.hookjudge/rules.json",
    "..//.hookjudge//rules.json",
    "../.HookJudge/rules.json",
    "deep/../../.git/config",
    "../.GIT/config",
    "../.git/",
    "../.git",
    "../.git/hooks/pre-commit",
    "../innocent/config",
    "../innocent/hooks/new-file",
    "rules-link/rules.json",
    "helper.sh",
    "config.json",
    "../.claude/settings.json",
    "../.claude/settings.local.json",
    "../.claude/hooks/x.sh",
    "../.claude/commands/deploy.md",
    "../.Claude/agents/a.md",
    "nested/repo/.git/config",
    "~/.claude/settings.json",
    "$HOME/.claude/settings.local.json",
    "${HOME}/.claude/hooks/",
    "~/.claude.json",
    "~/state/hookjudge/projects/x/loops/a.json",
    "~/state/hookjudge",
    "/etc/claude-code/managed-settings.json",
    "../.codex/config.toml",
    "../.cursor/hooks.json",
  ])("refuses %s", (path) => {
    expect(reason(path)).toEqual(expect.any(String));
  });

  it("refuses absolute spellings and trailing slashes", () => {
    expect(reason(join(project, ".git", "config"))).toMatch(/\.git/);
    expect(reason(join(project, ".hookjudge") + "/")).toMatch(/\.hookjudge/);
    expect(reason(`${project}//./sub/../.claude/settings.json`)).toMatch(/\.claude/);
  });

  it("refuses a worktree's .git file and the names in the reason", () => {
    const worktree = temporaryDirectory();
    writeFileSync(join(worktree, ".git"), "gitdir: /elsewhere\n");
    expect(reason(join(worktree, ".git"), { cwd: worktree, projectDir: worktree })).toMatch(/worktree/);
    expect(reason("../.hookjudge/rules.json")).toMatch(/allow/);
  });

  it("refuses the default state home when none is given", () => {
    expect(reason("~/.local/state/hookjudge/projects/p/audit.jsonl", { stateRoot: undefined })).toMatch(/state folder/);
  });

  it.each(["a\0b", "notes\n.txt", "x\r"])("refuses a path with NUL or line break %j", (path) => {
    expect(reason(path)).toMatch(/NUL or a line break/);
  });

  it.each([
    "src/index.ts",
    "../README.md",
    "../.gitignore",
    "../.github/workflows/ci.yml",
    "../docs/.git-notes.md",
    "../.claudeignore",
    "~/.claude/CLAUDE.md",
    "~/.claude/projects/p/memory/notes.md",
    "/tmp/scratch.txt",
    "",
  ])("lets %s through", (path) => {
    expect(reason(path)).toBeUndefined();
  });

  it("PROTECTED_NAME spots the names in a word", () => {
    expect(PROTECTED_NAME.test(".git/config")).toBe(true);
    expect(PROTECTED_NAME.test("x/.HOOKJUDGE/rules.json")).toBe(true);
    expect(PROTECTED_NAME.test("~/.claude.json")).toBe(true);
    expect(PROTECTED_NAME.test(".gitignore")).toBe(false);
  });
});

describe("hookjudge's own installed code and a relocated Claude Code config folder", () => {
  it("refuses writes into the package the hooks run, unless that package is the project itself", () => {
    const installed = join(context.projectDir, "node_modules", "hookjudge");
    expect(reason(join(installed, "dist", "cli.js"), { packageRoot: installed })).toMatch(/hookjudge's own installed code/);
    expect(reason("../node_modules/hookjudge/hooks/hooks.json", { packageRoot: installed })).toMatch(/hookjudge's own installed code/);
    expect(reason("/opt/plugins/hookjudge/dist/bundle/rules.cjs", { packageRoot: "/opt/plugins/hookjudge" })).toMatch(/hookjudge's own installed code/);
    // a clone of hookjudge being worked on is the project: its files are the agent's to change
    expect(reason("../src/review/rules.ts", { packageRoot: context.projectDir })).toBeUndefined();
    expect(reason("../node_modules/other/index.js", { packageRoot: installed })).toBeUndefined();
  });

  it("protects the settings and hooks of CLAUDE_CONFIG_DIR as those of ~/.claude", () => {
    expect(reason("/srv/claude-config/settings.json", { claudeConfigDir: "/srv/claude-config" })).toMatch(/Claude Code's user settings/);
    expect(reason("/srv/claude-config/hooks/x.sh", { claudeConfigDir: "/srv/claude-config" })).toMatch(/Claude Code's user hooks/);
    expect(reason("/srv/claude-config/projects/notes.md", { claudeConfigDir: "/srv/claude-config" })).toBeUndefined();
    expect(reason("/srv/claude-config/settings.json")).toBeUndefined();
  });
});
