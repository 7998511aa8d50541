import { lstatSync, readlinkSync, realpathSync } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";

/** Where a path is written from, for {@link protectedPathReason}. */
export interface ProtectContext {
  /** The folder a relative path is resolved from (the event's `cwd`). */
  cwd: string;
  /** The project folder (see `findProjectDir`). */
  projectDir: string;
  /** The user's home folder: `~` and `$HOME` expand to it, and `~/.claude` settings are found in it. */
  home: string;
  /** hookjudge's state home (see `stateHome`). @default `<home>/.local/state/hookjudge` */
  stateRoot?: string;
  /**
   * Where hookjudge itself is installed (the package folder the hooks run, a plugin's folder):
   * rewriting its code would turn the gate off. Not protected when it is the project itself (a
   * clone of hookjudge being worked on).
   */
  packageRoot?: string;
  /** Claude Code's config folder when `CLAUDE_CONFIG_DIR` moves it: its settings are protected as `~/.claude`'s are. */
  claudeConfigDir?: string;
}

/**
 * Folder and file names that are protected wherever they appear (compared lowercased):
 * `.git` (a folder, or a file in a worktree), `.hookjudge`, `.claude` (outside the home folder;
 * `~/.claude` holds memory and transcripts too, so there only its settings, hooks, commands,
 * agents, skills and plugins are), `.claude.json`.
 */
export const PROTECTED_NAMES = [".git", ".hookjudge", ".claude", ".claude.json"] as const;

/**
 * A quick test of a word (a redirection target, a write command's operand) before resolving it:
 * true when it names a protected folder or file anywhere, in any case. A word it misses can still
 * be protected (the state home, a symlink, `..` into one): call {@link protectedPathReason} on
 * every path a command writes; this only says which are worth a message of their own.
 */
export const PROTECTED_NAME = /(^|[/\\])\.(git|hookjudge|claude|claude\.json)([/\\]|$)/i;

// entries of ~/.claude that change what runs or what is allowed (the rest is memory, transcripts, todos)
const HOME_CLAUDE_ENTRIES = /^(settings[^/]*\.json|hooks|commands|agents|skills|plugins|output-styles)$/;

// other agents' hook and permission settings, relative to the project and to the home folder
const OTHER_GUARDS = [".codex/config.toml", ".codex/hooks.json", ".cursor/hooks.json", ".gemini/settings.json", ".qwen/settings.json", ".github/hooks"];

/**
 * Why writing `path` is refused, or `undefined` when it is not protected. Protected: hookjudge's
 * own config and rules (`.hookjudge/`) and its state home; Claude Code's settings, hooks, commands
 * and agents (a `.claude/` folder anywhere but the home folder, `~/.claude/settings*.json`,
 * `~/.claude/{hooks,commands,agents,skills,plugins,output-styles}`, `~/.claude.json`, the managed
 * settings in `/etc/claude-code`); any `.git` and what is inside it; other agents' hook settings
 * (`.codex/`, `.cursor/hooks.json`, `.gemini/` and `.qwen/` settings, `.github/hooks`).
 *
 * Every spelling counts: relative to `context.cwd` (with `./`, `//`, `..`), `~`, `~/…`, `$HOME`,
 * `${HOME}`, absolute, a trailing slash; folder names compared lowercased (a file system can be
 * case-insensitive); symlinks resolved (the real path of the deepest existing ancestor, then the
 * rest), and both the path as written and its real path are checked. A path holding a NUL, a
 * carriage return or a newline is refused. Reads the file system (realpath), never writes.
 * @returns one sentence naming the protected place, for a `deny` reason
 */
export function protectedPathReason(path: string, context: ProtectContext): string | undefined {
  if (/[\0\r\n]/.test(path)) return "the path holds a NUL or a line break, which no file of the project needs";
  if (path.trim() === "") return undefined;
  const home = resolve(context.home);
  const lexical = resolve(context.cwd, expandHome(path, home));
  const real = realPath(lexical);
  const state = context.stateRoot ?? join(home, ".local", "state", "hookjudge");
  for (const candidate of real === lexical ? [lexical] : [lexical, real]) {
    const reason = reasonFor(candidate.toLowerCase(), {
      home,
      state,
      project: resolve(context.projectDir),
      ...(context.packageRoot ? { packageRoot: resolve(context.packageRoot) } : {}),
      ...(context.claudeConfigDir ? { claudeConfigDir: resolve(context.cwd, expandHome(context.claudeConfigDir, home)) } : {}),
    });
    if (reason) return reason;
  }
  return undefined;
}

function reasonFor(path: string, places: { home: string; state: string; project: string; packageRoot?: string; claudeConfigDir?: string }): string | undefined {
  const roots = (folder: string) => unique([folder, realPath(folder)].map((each) => each.toLowerCase()));
  const within = (root: string) => roots(root).some((each) => path === each || path.startsWith(each.endsWith("/") ? each : each + "/"));
  const parts = path.split("/");
  if (parts.includes(".git")) return "it is inside a .git folder (or is a worktree's .git file): git config and hooks run code on the next git command (core.fsmonitor, core.hooksPath, hooks/*)";
  if (parts.includes(".hookjudge")) return "it is hookjudge's project config (.hookjudge/): a rules file there can open the gate (\"allow\": [\"*\"])";
  if (within(places.state)) return `it is in hookjudge's state folder (${places.state}): loops, block counters, the verdict cache and the decision log live there`;
  if (places.packageRoot && !roots(places.project).includes(places.packageRoot.toLowerCase()) && within(places.packageRoot)) return `it is hookjudge's own installed code (${places.packageRoot}): the hooks run it, so rewriting it turns the gate off`;
  const homeClaude = unique([...roots(join(places.home, ".claude")), ...(places.claudeConfigDir ? roots(places.claudeConfigDir) : [])]);
  for (const root of homeClaude) {
    if (path === root) return "it is Claude Code's user settings folder (~/.claude)";
    if (path.startsWith(root + "/")) {
      const entry = path.slice(root.length + 1).split("/")[0] ?? "";
      if (HOME_CLAUDE_ENTRIES.test(entry)) return `it is Claude Code's user ${entry.startsWith("settings") ? "settings" : entry} (~/.claude/${entry}): they decide which hooks run and what is allowed`;
      return undefined;
    }
  }
  if (roots(join(places.home, ".claude.json")).includes(path)) return "it is Claude Code's user config (~/.claude.json), which holds per-project permissions and MCP servers";
  if (parts.includes(".claude")) return "it is in a .claude folder: Claude Code's settings, hooks, commands and agents live there, and a settings file can remove this guard";
  if (within("/etc/claude-code") || within("/library/application support/claudecode")) return "it is Claude Code's managed settings folder";
  for (const base of [places.project, places.home]) {
    for (const guard of OTHER_GUARDS) {
      if (within(join(base, guard))) return `it is another agent's hook or permission settings (${guard})`;
    }
  }
  return undefined;
}

function expandHome(path: string, home: string): string {
  const match = /^(~|\$HOME|\$\{HOME\})(?=\/|$)/.exec(path);
  return match ? home + path.slice(match[0].length) : path;
}

/** The real path of the deepest existing ancestor of an absolute path, then the rest as written. */
function realPath(path: string, depth = 0): string {
  const rest: string[] = [];
  for (let folder = path; ; folder = dirname(folder)) {
    try {
      return join(realpathSync.native(folder), ...rest.reverse());
    } catch {
      // a dangling symlink: writing through it creates its target, so follow it
      const target = depth < 40 ? linkTarget(folder) : undefined;
      if (target !== undefined) return realPath(join(resolve(dirname(folder), target), ...rest.reverse()), depth + 1);
      if (dirname(folder) === folder) return path;
      rest.push(basename(folder));
    }
  }
}

function linkTarget(path: string): string | undefined {
  try {
    return lstatSync(path).isSymbolicLink() ? readlinkSync(path) : undefined;
  } catch {
    return undefined;
  }
}

function unique(values: string[]): string[] {
  return [...new Set(values)];
}
