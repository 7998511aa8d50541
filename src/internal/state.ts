import { packageRoot } from "./package-root.js";
import {
  appendFileSync,
  copyFileSync,
  existsSync,
  linkSync,
  mkdirSync,
  openSync,
  closeSync,
  readdirSync,
  readFileSync,
  realpathSync,
  renameSync,
  rmdirSync,
  statSync,
  unlinkSync,
  writeFileSync,
} from "node:fs";
import { homedir } from "node:os";
import { basename, dirname, isAbsolute, join, relative, resolve, sep } from "node:path";
import { randomBytes, sha256Hex } from "./crypto.js";

type Env = Record<string, string | undefined>;

/**
 * The root of hookjudge's state, out of the agent's reach: `$HOOKJUDGE_HOME`, else
 * `$XDG_STATE_HOME/hookjudge`, else `~/.local/state/hookjudge`. Each project has a folder beneath
 * it (see {@link stateRoot}).
 */
export function stateHome(env: Env = process.env): string {
  const home = env["HOOKJUDGE_HOME"];
  if (home) return resolve(home);
  // the XDG spec ignores a relative XDG_STATE_HOME
  const xdg = env["XDG_STATE_HOME"];
  if (xdg && isAbsolute(xdg)) return join(xdg, "hookjudge");
  return join(env["HOME"] || homedir(), ".local", "state", "hookjudge");
}

/**
 * The project an event belongs to: `$CLAUDE_PROJECT_DIR` when set, else the nearest folder at or
 * above `cwd` that has `.hookjudge/` or `.git`, else `cwd` itself. Real paths, so a symlinked
 * folder and its target are one project.
 */
export function findProjectDir(cwd: string, env: Env = process.env): string {
  const declared = env["CLAUDE_PROJECT_DIR"];
  if (declared && declared.trim() !== "" && declared !== "null") return realFolder(resolve(cwd, declared));
  const start = realFolder(resolve(cwd));
  for (let folder = start; ; folder = dirname(folder)) {
    if (isFolder(join(folder, ".hookjudge")) || existsSync(join(folder, ".git"))) return folder;
    if (dirname(folder) === folder) return start;
  }
}

/** The name of a project's state folder: `<basename>-<first 16 hex of sha256(real path)>`. */
export function projectStateName(projectDir: string): string {
  const name = basename(projectDir).replace(/[^A-Za-z0-9._-]/g, "_").replace(/^\.+/, "").slice(0, 40) || "root";
  return `${name}-${sha256Hex(projectDir).slice(0, 16)}`;
}

/** Options for {@link stateRoot}. */
export interface StateRootOptions {
  /** Where the one-time message about moved state goes. @default process.stderr */
  onMoved?: (message: string) => void;
}

/**
 * The state folder of the project `cwd` belongs to (see {@link findProjectDir}):
 * `<state home>/projects/<name>-<hash>` (see {@link stateHome}). State an older hookjudge kept in
 * `<project>/.hookjudge/` is moved there the first time (see {@link migrateProjectState}).
 */
export function stateRoot(cwd: string, env: Env = process.env, options: StateRootOptions = {}): string {
  const project = findProjectDir(cwd, env);
  const folder = join(stateHome(env), "projects", projectStateName(project));
  if (!checked.has(folder)) {
    checked.add(folder);
    const message = migrateProjectState(project, folder);
    if (message) (options.onMoved ?? ((text) => process.stderr.write(text + "\n")))(message);
  }
  return folder;
}

const checked = new Set<string>();

/** What an older hookjudge kept in `<project>/.hookjudge/`: everything else there is the user's. */
export const LEGACY_STATE_ENTRIES = ["audit.jsonl", "sessions", "loops", "cache"] as const;

/**
 * Move the state an older hookjudge kept in `<project>/.hookjudge/` into `stateFolder`, once, and
 * leave `.hookjudge/MOVED.txt` saying where. Nothing is lost: audit lines are appended to the log
 * already there; a file that exists on both sides keeps the newer copy in place and the older one
 * under `migrated-<time>/`. Lock files are left behind. Returns a message when it moved anything.
 */
export function migrateProjectState(projectDir: string, stateFolder: string): string | undefined {
  const legacy = join(projectDir, ".hookjudge");
  let names: string[];
  try {
    names = readdirSync(legacy).filter((name) => (LEGACY_STATE_ENTRIES as readonly string[]).includes(name));
  } catch {
    return undefined;
  }
  // a HOOKJUDGE_HOME set inside the project's .hookjudge is the user's choice: nothing to move
  if (names.length === 0 || isInside(stateFolder, legacy) || isInside(legacy, stateFolder)) return undefined;
  const lock = join(stateFolder, ".migrating.lock");
  if (!takeLock(lock)) return undefined;
  let moved = 0;
  try {
    const aside = join(stateFolder, `migrated-${new Date().toISOString().replace(/[:.]/g, "-")}`);
    for (const name of names) moved += moveEntry(join(legacy, name), join(stateFolder, name), join(aside, name));
    if (moved === 0) return undefined;
    writeFileSync(
      join(legacy, "MOVED.txt"),
      [
        "hookjudge keeps its state (audit log, Stop block counters, loops, verdict caches) out of the project,",
        "where the agent cannot reach it. What was here moved to:",
        "",
        `  ${stateFolder}`,
        "",
        "This folder keeps only what you write: rules.json and config.json. See docs/state.md.",
        "",
      ].join("\n"),
    );
  } finally {
    try {
      unlinkSync(lock);
    } catch {}
  }
  return `hookjudge: moved this project's state (${moved} file${moved === 1 ? "" : "s"}) from ${legacy} to ${stateFolder}; see ${join(legacy, "MOVED.txt")}`;
}

// one file or a whole folder; returns the files moved
function moveEntry(from: string, to: string, aside: string): number {
  let stat;
  try {
    stat = statSync(from);
  } catch {
    return 0;
  }
  if (stat.isDirectory()) {
    let count = 0;
    for (const name of readdirSync(from)) count += moveEntry(join(from, name), join(to, name), join(aside, name));
    try {
      rmdirSync(from);
    } catch {}
    return count;
  }
  // a lock may be held by a running older hookjudge; it guards nothing once the files are gone
  if (!stat.isFile() || from.endsWith(".lock") || basename(from) === ".lock") return 0;
  if (basename(to) === "audit.jsonl" && existsSync(to)) {
    appendFileSync(to, readFileSync(from), { mode: 0o600 });
    unlinkSync(from);
    return 1;
  }
  if (!placeNew(from, to)) {
    // both sides have it: the newer stays live, the older is kept aside
    const newer = stat.mtimeMs > statSync(to).mtimeMs;
    mkdirSync(dirname(aside), { recursive: true, mode: 0o700 });
    if (newer) {
      renameOrCopy(to, aside);
      renameOrCopy(from, to);
    } else renameOrCopy(from, aside);
    return 1;
  }
  unlinkSync(from);
  return 1;
}

// a hard link (or a copy, across file systems) at `to` when nothing is there yet; false when something is
function placeNew(from: string, to: string): boolean {
  mkdirSync(dirname(to), { recursive: true, mode: 0o700 });
  try {
    linkSync(from, to);
    return true;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "EEXIST") return false;
    if (code !== "EXDEV" && code !== "EPERM") throw error;
  }
  const temporary = `${to}.${process.pid}.${randomBytes(4).toString("hex")}.tmp`;
  copyFileSync(from, temporary);
  try {
    linkSync(temporary, to);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "EEXIST") return false;
    throw error;
  } finally {
    unlinkSync(temporary);
  }
}

function renameOrCopy(from: string, to: string): void {
  try {
    renameSync(from, to);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EXDEV") throw error;
    copyFileSync(from, to);
    unlinkSync(from);
  }
}

// one process moves a project's state; the others wait for it (a few seconds at most), then go on
function takeLock(path: string): boolean {
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  const deadline = Date.now() + 5_000;
  for (;;) {
    try {
      closeSync(openSync(path, "wx", 0o600));
      return true;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    }
    try {
      // a lock this old was left by a process that died mid-move
      if (Date.now() - statSync(path).mtimeMs > 30_000) unlinkSync(path);
    } catch {}
    if (Date.now() > deadline) return false;
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 20);
    if (!existsSync(path)) return false;
  }
}

function isInside(path: string, folder: string): boolean {
  const inside = relative(folder, path);
  return inside === "" || (!inside.startsWith("..") && !isAbsolute(inside) && !inside.startsWith(sep));
}

function isFolder(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

function realFolder(path: string): string {
  try {
    return realpathSync.native(path);
  } catch {
    return path;
  }
}

/** Write a file atomically (a temporary file beside it, then a rename), readable by its owner only. */
export function writeFileAtomic(path: string, text: string): void {
  const temporary = `${path}.${process.pid}.${randomBytes(4).toString("hex")}.tmp`;
  withFolder(path, () => writeFileSync(temporary, text, { mode: 0o600 }));
  renameSync(temporary, path);
}

/** Append one line to a file, creating its folder. */
export function appendLine(path: string, line: string): void {
  withFolder(path, () => appendFileSync(path, line.endsWith("\n") ? line : line + "\n", { mode: 0o600 }));
}

// the folder usually exists: create it only when a write says it does not
function withFolder(path: string, write: () => void): void {
  try {
    write();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
    mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
    write();
  }
}

/** Where hookjudge runs from and where Claude Code keeps its config, for the guards (see `ProtectContext`). */
export function installContext(env: Record<string, string | undefined>): { packageRoot?: string; claudeConfigDir?: string } {
  let root: string | undefined;
  try {
    root = packageRoot();
  } catch {
    root = undefined;
  }
  const configDir = env["CLAUDE_CONFIG_DIR"];
  return { ...(root ? { packageRoot: root } : {}), ...(configDir ? { claudeConfigDir: configDir } : {}) };
}
