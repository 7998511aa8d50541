// The files of the gate, the host, git and the other guards, and whether a write or a delete reaches them.
import type { FoundCommand } from "../../shell/analyze.js";
import { globToRegExp, resolveOperand, segmentMatches, type RuleContext } from "../paths.js";
import { protectedPathReason } from "../protect.js";

/** Folders of the gate itself, the host and git: a write there changes what the gate or git will do next. */
export const PROTECTED_FOLDERS = [".hookjudge", ".git", ".claude"];
const PROTECTED_HOME = /^~\/(\.nah(\/|$)|\.local\/bin\/(nah|dcg|dippy|hookjudge|cc-safety-net|safety-net)$|\.config\/(nah|dcg|dippy|safety-net|cc-safety-net)(\/|$)|\.dippy|\.safety-net|\.local\/state\/hookjudge|\.claude(\.json|\/|$)|\.config\/hookjudge|\.gitconfig$|\.config\/git\/)/;
/** The folders the guards' programs are installed in: changing their owner, mode or place breaks the guard. */
const GUARD_BIN_FOLDERS = /^~\/(\.local(\/bin)?|\.nah|\.config)\/?$/;
/** Paths that a glob written in a write's target could reach: a guard's settings. */
const GUARD_SAMPLES = ["~/.nah/config", "~/.nah/trust.json", "~/.claude/settings.json", "~/.claude.json", "~/.gitconfig", "~/.config/nah/config", "~/.config/hookjudge/rules.json", "~/.local/bin/nah", "~/.local/state/hookjudge/state", "~/.dippy/config", "~/.safety-net/config"];

/** A path in any user's home folder written as `~/…` (`/home/ana/.nah` is ana's `~/.nah`): a guard protects every user. */
export function homeForm(path: string): string {
  return path.replace(/^\/(?:home|Users)\/[^/]+(?=\/|$)|^\/root(?=\/|$)/, "~");
}

/** A path with glob characters that could expand to a guard's settings (`~/.na?/config`, `~/.cl*`). */
function globCouldMatchGuard(path: string): boolean {
  if (!/[*?[]/.test(path)) return false;
  const segments = homeForm(path).split("/");
  return GUARD_SAMPLES.some((sample) => {
    const parts = sample.split("/");
    // a glob matches a leading dot only when it starts with one (bash without dotglob)
    return segments.length <= parts.length && segments.every((segment, index) => (/[*?[]/.test(segment) ? globToRegExp(segment).test(parts[index]!) && (!parts[index]!.startsWith(".") || segment.startsWith(".")) : segment === parts[index]));
  });
}

/** Why a write to `target` from `command` touches the gate's, the host's or git's own files, or `undefined`. */
export function protectedWrite(target: string, command: FoundCommand, context: RuleContext): string | undefined {
  const resolved = resolveOperand(target, command, context);
  for (const path of resolved === null ? [target] : [target, resolved]) {
    if (segmentMatches(path, PROTECTED_FOLDERS)) return `${target} is inside .hookjudge/, .git/ or .claude/`;
    if (PROTECTED_HOME.test(path) || PROTECTED_HOME.test(homeForm(path)) || /(^|\/)\.local\/state\/hookjudge(\/|$)|\$\{?(HOOKJUDGE_HOME|XDG_STATE_HOME)/.test(path)) return `${target} is hookjudge's state, or the host's or git's settings`;
    if (globCouldMatchGuard(path)) return `${target} is a glob that can match a guard's settings`;
    if (/^(chmod|chown|chgrp|chattr|setfacl|chflags|mv|rm|rmdir)$/.test(command.decodedName) && GUARD_BIN_FOLDERS.test(homeForm(path))) return `${target} holds a guard's program or settings`;
  }
  // the same check the file guard makes, on the file system: a symlink into a guard folder counts
  if (resolved !== null && context.home !== undefined) {
    const reason = protectedPathReason(resolved.startsWith("~") ? context.home + resolved.slice(1) : resolved, {
      cwd: context.cwd,
      projectDir: context.projectDir ?? context.cwd,
      home: context.home,
      ...(context.stateRoot ? { stateRoot: context.stateRoot } : {}),
      ...(context.packageRoot ? { packageRoot: context.packageRoot } : {}),
      ...(context.claudeConfigDir ? { claudeConfigDir: context.claudeConfigDir } : {}),
    });
    if (reason) return `${target}: ${reason}`;
  }
  // a relative write whose folder cannot be known, named like a guard file
  if (resolved === null && /(^|\/)(rules\.json|config\.json|settings(\.local)?\.json|config|HEAD|hooks(\/.*)?)$/.test(target) && command.cwd === null) return `${target} is written in a folder hookjudge cannot know, and is named like a guard file`;
  return undefined;
}

/** The project's own .git, .hookjudge or .claude (or anything in them), or hookjudge's state. */
export function ownGuardPath(path: string, command: FoundCommand, context: RuleContext): boolean {
  const base = context.projectDir ?? context.cwd;
  const resolved = resolveOperand(path, command, context);
  if (resolved === null) return segmentMatches(path, [".hookjudge", ".claude"]) || /^\.\/?\.git(\/|$)|^\.git(\/|$)/.test(path);
  if (PROTECTED_HOME.test(resolved) || PROTECTED_HOME.test(homeForm(resolved)) || globCouldMatchGuard(resolved) || /(^|\/)\.local\/state\/hookjudge(\/|$)/.test(resolved)) return true;
  if (!resolved.startsWith(base + "/")) return false;
  const inside = resolved.slice(base.length + 1);
  return segmentMatches(inside.split("/")[0]!, PROTECTED_FOLDERS) || segmentMatches(inside, [".hookjudge", ".claude"]);
}
