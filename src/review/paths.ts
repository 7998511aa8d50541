import type { FoundCommand } from "../shell/analyze.js";

/** What the rules know of where the line runs. */
export interface RuleContext {
  /** The folder the line starts in (the event's `cwd`). */
  cwd: string;
  /** The project folder: paths inside it are the agent's to change. @default cwd */
  projectDir?: string;
  /** The user's home folder, for resolving `~` on the file system (symlinks into guard folders). */
  home?: string;
  /** hookjudge's state home. @default `<home>/.local/state/hookjudge` */
  stateRoot?: string;
  /** Where hookjudge itself is installed (see `ProtectContext.packageRoot`). */
  packageRoot?: string;
  /** `CLAUDE_CONFIG_DIR`, when set. */
  claudeConfigDir?: string;
}

const SYSTEM_ROOTS = ["/etc", "/usr", "/bin", "/sbin", "/lib", "/lib32", "/lib64", "/var", "/boot", "/dev", "/proc", "/sys", "/opt", "/root", "/home", "/srv", "/System", "/Library", "/Applications", "/Users", "/private"];

/** Collapse `.`, `..` and repeated slashes of an absolute (or `~`-rooted) path. */
export function normalize(path: string): string {
  const home = path.startsWith("~");
  const parts: string[] = [];
  for (const part of (home ? path.slice(1) : path).split("/")) {
    if (part === "" || part === ".") continue;
    if (part === "..") {
      if (parts.length > 0 && parts.at(-1) !== "..") parts.pop();
      else if (home) parts.push("..");
    } else parts.push(part);
  }
  return (home ? "~" : "") + "/" + parts.join("/");
}

/**
 * Where a path operand of `command` points, as an absolute path or a `~/…` path; `null` when it
 * cannot be known before the line runs (a relative path after `cd "$X"`, a computed word).
 */
export function resolveOperand(value: string, command: FoundCommand, context: RuleContext): string | null {
  let path = value.trim();
  if (path === "") return null;
  path = path.replace(/^(\$HOME|\$\{HOME(:[-?=+][^}]*)?\})(?=\/|$)/, "~");
  if (/^~[\w.-]+/.test(path)) return "/home/" + path.slice(1);
  if (path.startsWith("~") || path.startsWith("/")) return normalize(path);
  if (path.includes("$")) return null;
  const folder = command.cwd;
  if (folder === null) return null;
  if (folder.startsWith("~") || folder.startsWith("/")) return normalize(`${folder}/${path}`);
  return normalize(`${context.cwd}/${folder}/${path}`);
}

/**
 * True when a path (as written or decoded) is the root, a home folder, the project's `.git`, a
 * system folder or anything in one, or leads out of the project folder.
 */
export function isCriticalPath(value: string, cwd = "/nonexistent-project"): boolean {
  let path = value.replace(/^["']|["']$/g, "").trim();
  if (path === "") return false;
  // every spelling of the home folder: ~, ~/., ~user, $HOME, ${HOME:?}, ${HOME:-/}
  if (/^~[\w.-]*(\/\.?)?\/?\*?$/.test(path) || /^~[\w.-]*$/.test(path)) return true;
  if (/^(\$HOME|\$\{HOME(:[-?=+][^}]*)?\})(\/\.?)?\/?\*?$/.test(path)) return true;
  if (/^(\$HOME|\$\{HOME[^}]*\}|~)(\/|$)/.test(path) && /(^|\/)\.\.(\/|$)/.test(path)) return true;
  // the home folder's own entries (~/Documents, ~/.ssh, ~/*): deeper paths are the bulk-delete family's (ask)
  if (/^(~|\$HOME|\$\{HOME[^}]*\})\/[^/]+\/?$/.test(path)) return !/^(~|\$HOME|\$\{HOME[^}]*\})\/(\.cache|tmp|\.tmp)\/?$/.test(path);
  if (/\$(PWD|\{PWD\}|\(pwd\))\/\.\./.test(path)) return true;
  path = path.replace(/^\$(PWD|\{PWD\})/, cwd).replace(/^\.\//, "");
  const absolute = path.startsWith("/") ? normalize(path) : normalize(`${cwd}/${path}`);
  const bare = absolute.replace(/\/\*$/, "");
  if (bare === "/" || absolute === "/*") return true;

  // the project's own .git, not a vendored one
  if (bare === `${normalize(cwd)}/.git`) return true;
  if (!(bare + "/").startsWith(normalize(cwd) + "/")) {
    // outside the project: the project's parents, home folders and system folders are critical
    if ((normalize(cwd) + "/").startsWith(bare + "/")) return true;
    // the temporary folders are everyone's scratch space
    if (/^\/(tmp|var\/tmp|private\/tmp|private\/var\/folders|var\/folders)(\/|$)/.test(bare)) return false;
    if (/^\/(home|Users)(\/[^/]+)?$/.test(bare)) return true;
    if (SYSTEM_ROOTS.some((root) => bare === root || bare.startsWith(root + "/"))) return !bare.startsWith("/var/tmp/") && !bare.startsWith("/tmp/");
    if (bare.split("/").length === 2) return true;
  }
  return false;
}

/** A glob (`*`, `?`, `[…]`) as a regular expression over one path segment. */
export function globToRegExp(glob: string): RegExp {
  let source = "";
  for (let index = 0; index < glob.length; index++) {
    const char = glob[index]!;
    if (char === "*") source += "[^/]*";
    else if (char === "?") source += "[^/]";
    else if (char === "[") {
      const end = glob.indexOf("]", index + 2);
      if (end === -1) source += "\\[";
      else {
        source += `[${glob.slice(index + 1, end).replace(/^!/, "^").replace(/\\/g, "\\\\")}]`;
        index = end;
      }
    } else source += char.replace(/[.+^${}()|\\]/g, "\\$&");
  }
  return new RegExp(`^${source}$`, "i");
}

/** True when some segment of `path` (glob or plain) is, or could expand to, one of `names`. */
export function segmentMatches(path: string, names: readonly string[]): boolean {
  return path.split("/").some((segment) => {
    if (segment === "" || segment === "." || segment === "..") return false;
    if (/[*?[]/.test(segment)) {
      const pattern = globToRegExp(segment);
      // a glob matches a leading dot only when it starts with one (bash without dotglob)
      return names.some((name) => pattern.test(name) && (!name.startsWith(".") || segment.startsWith(".")));
    }
    return names.includes(segment.toLowerCase());
  });
}
