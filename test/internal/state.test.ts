import { existsSync, mkdirSync, readdirSync, readFileSync, realpathSync, statSync, utimesSync, writeFileSync } from "node:fs";
import { basename, join } from "node:path";
import { describe, expect, it } from "vitest";
import { sha256Hex } from "../../src/internal/crypto.js";
import { findProjectDir, migrateProjectState, projectStateName, stateHome, stateRoot } from "../../src/internal/state.js";
import { temporaryDirectory } from "../helpers/cli.js";

const folder = () => realpathSync(temporaryDirectory("hookjudge-state-"));

describe("findProjectDir", () => {
  it("is the nearest folder up with .hookjudge/ or .git, from a subfolder", () => {
    const project = folder();
    mkdirSync(join(project, ".git"));
    mkdirSync(join(project, "packages", "core", "src"), { recursive: true });
    expect(findProjectDir(join(project, "packages", "core", "src"), {})).toBe(project);
    mkdirSync(join(project, "packages", ".hookjudge"));
    expect(findProjectDir(join(project, "packages", "core"), {})).toBe(join(project, "packages"));
    // a .git file (a worktree or submodule) marks a project too; a .hookjudge file does not
    writeFileSync(join(project, "packages", "core", ".git"), "gitdir: ../../.git/worktrees/core\n");
    writeFileSync(join(project, "packages", "core", "src", ".hookjudge"), "");
    expect(findProjectDir(join(project, "packages", "core", "src"), {})).toBe(join(project, "packages", "core"));
  });

  it("is CLAUDE_PROJECT_DIR when set, else the folder itself when nothing marks a project", () => {
    const project = folder();
    const other = folder();
    mkdirSync(join(other, "deep"));
    expect(findProjectDir(join(other, "deep"), { CLAUDE_PROJECT_DIR: project })).toBe(project);
    expect(findProjectDir(join(other, "deep"), { CLAUDE_PROJECT_DIR: "" })).toBe(join(other, "deep"));
  });
});

describe("stateRoot", () => {
  it("is one folder per project under HOOKJUDGE_HOME, else XDG_STATE_HOME/hookjudge, else ~/.local/state/hookjudge", () => {
    const project = folder();
    mkdirSync(join(project, ".git"));
    mkdirSync(join(project, "sub"));
    const name = `${basename(project)}-${sha256Hex(project).slice(0, 16)}`;
    expect(projectStateName(project)).toBe(name);
    expect(stateRoot(join(project, "sub"), { HOOKJUDGE_HOME: "/h", XDG_STATE_HOME: "/x", HOME: "/u" })).toBe(join("/h", "projects", name));
    expect(stateRoot(project, { XDG_STATE_HOME: "/x", HOME: "/u" })).toBe(join("/x", "hookjudge", "projects", name));
    // a relative XDG_STATE_HOME is ignored, as the spec says
    expect(stateHome({ XDG_STATE_HOME: "rel", HOME: "/u" })).toBe(join("/u", ".local", "state", "hookjudge"));
    expect(stateRoot(project, { HOME: "/u" })).toBe(join("/u", ".local", "state", "hookjudge", "projects", name));
    expect(projectStateName("/")).toMatch(/^root-[0-9a-f]{16}$/);
  });
});

describe("migrating the state an older hookjudge kept in the project", () => {
  function oldProject(): string {
    const project = folder();
    const legacy = join(project, ".hookjudge");
    mkdirSync(join(legacy, "loops"), { recursive: true });
    mkdirSync(join(legacy, "sessions"));
    mkdirSync(join(legacy, "cache", "review", "ab"), { recursive: true });
    writeFileSync(join(legacy, "rules.json"), '{"deny": ["terraform destroy *"]}');
    writeFileSync(join(legacy, "config.json"), "{}");
    writeFileSync(join(legacy, "audit.jsonl"), '{"hook":"old-1"}\n{"hook":"old-2"}\n');
    writeFileSync(join(legacy, "loops", "loop-1.json"), '{"old": true}');
    writeFileSync(join(legacy, "loops", ".lock"), "host:1:token");
    writeFileSync(join(legacy, "sessions", "s.json"), '{"blocks": 2}');
    writeFileSync(join(legacy, "cache", "review", "ab", "abc.json"), "{}");
    return project;
  }

  it("moves it once, leaves MOVED.txt and the user's files, and says so once on stderr", () => {
    const project = oldProject();
    const home = folder();
    const messages: string[] = [];
    const state = stateRoot(project, { HOOKJUDGE_HOME: home }, { onMoved: (message) => messages.push(message) });
    expect(messages).toHaveLength(1);
    expect(messages[0]).toContain(`from ${join(project, ".hookjudge")} to ${state}`);
    expect(readFileSync(join(state, "audit.jsonl"), "utf8")).toBe('{"hook":"old-1"}\n{"hook":"old-2"}\n');
    expect(readFileSync(join(state, "loops", "loop-1.json"), "utf8")).toBe('{"old": true}');
    expect(readFileSync(join(state, "sessions", "s.json"), "utf8")).toBe('{"blocks": 2}');
    expect(existsSync(join(state, "cache", "review", "ab", "abc.json"))).toBe(true);
    const left = readdirSync(join(project, ".hookjudge")).sort();
    // the lock file of a loop folder stays behind with its folder; nothing else of the old state does
    expect(left).toEqual(["MOVED.txt", "config.json", "loops", "rules.json"]);
    expect(readdirSync(join(project, ".hookjudge", "loops"))).toEqual([".lock"]);
    expect(readFileSync(join(project, ".hookjudge", "MOVED.txt"), "utf8")).toContain(state);
    // once: a second call in the same process, or another process, finds nothing to move
    expect(stateRoot(project, { HOOKJUDGE_HOME: home }, { onMoved: (message) => messages.push(message) })).toBe(state);
    expect(migrateProjectState(project, state)).toBeUndefined();
    expect(messages).toHaveLength(1);
  });

  it("merges into a state folder that exists: audit lines appended, the newer file kept live, the older kept aside", () => {
    const project = oldProject();
    const home = folder();
    const state = join(home, "projects", projectStateName(project));
    mkdirSync(join(state, "loops"), { recursive: true });
    mkdirSync(join(state, "sessions"), { recursive: true });
    writeFileSync(join(state, "audit.jsonl"), '{"hook":"new-1"}\n');
    writeFileSync(join(state, "loops", "loop-1.json"), '{"new": true}');
    writeFileSync(join(state, "sessions", "s.json"), '{"blocks": 5}');
    // the project's loop file is older than the state folder's; its block counter is newer
    const past = new Date(Date.now() - 3_600_000);
    utimesSync(join(project, ".hookjudge", "loops", "loop-1.json"), past, past);
    utimesSync(join(state, "sessions", "s.json"), past, past);
    const message = migrateProjectState(project, state);
    expect(message).toContain("moved this project's state");
    expect(readFileSync(join(state, "audit.jsonl"), "utf8")).toBe('{"hook":"new-1"}\n{"hook":"old-1"}\n{"hook":"old-2"}\n');
    expect(readFileSync(join(state, "loops", "loop-1.json"), "utf8")).toBe('{"new": true}');
    expect(readFileSync(join(state, "sessions", "s.json"), "utf8")).toBe('{"blocks": 2}');
    const aside = readdirSync(state).find((name) => name.startsWith("migrated-"))!;
    expect(readFileSync(join(state, aside, "loops", "loop-1.json"), "utf8")).toBe('{"old": true}');
    expect(readFileSync(join(state, aside, "sessions", "s.json"), "utf8")).toBe('{"blocks": 5}');
  });

  it("leaves a project without old state alone, and writes state readable by its owner only", async () => {
    const project = folder();
    mkdirSync(join(project, ".hookjudge"));
    writeFileSync(join(project, ".hookjudge", "rules.json"), "{}");
    const home = folder();
    const messages: string[] = [];
    const state = stateRoot(project, { HOOKJUDGE_HOME: home }, { onMoved: (message) => messages.push(message) });
    expect(messages).toEqual([]);
    expect(readdirSync(join(project, ".hookjudge"))).toEqual(["rules.json"]);
    const { appendLine } = await import("../../src/internal/state.js");
    appendLine(join(state, "audit.jsonl"), "{}");
    expect(statSync(join(state, "audit.jsonl")).mode & 0o077).toBe(0);
    expect(statSync(state).mode & 0o077).toBe(0);
  });
});
