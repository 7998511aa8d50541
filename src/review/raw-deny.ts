/**
 * The gate's last line: a plain look at a raw command line, for when parsing it failed or the
 * analysis crashed. It finds only the obvious deny families (a recursive delete of the root, the
 * home folder or the parent; formatting or overwriting a disk; a fork bomb; a download piped into
 * a shell; a recursive permission change of the root; a force push to main), so that the failure
 * policy's answer, which asks, is a deny for those.
 *
 * It is conservative in both directions: quotes and backslashes are dropped before looking (a
 * quoted `"$HOME"` still expands), so a quoted mention can be taken for the command itself; and a
 * line built to hide its program is not seen through. Every step is a split or a regular
 * expression without nested or overlapping quantifiers, so the time is linear in the length.
 */

/** A deny family found in a raw command line, and why. */
export interface RawDeny {
  /** The deny family, named as the gate's rules name it (`destructive-delete`, `disk`, …). */
  family: string;
  /** One sentence naming what was seen. */
  reason: string;
}

const SHELLS = new Set(["sh", "bash", "zsh", "dash", "ksh", "mksh", "fish", "ash", "csh", "tcsh"]);
/** Programs that run the command that follows their own options and arguments. */
const WRAPPERS = new Set(["sudo", "doas", "env", "nice", "ionice", "nohup", "time", "timeout", "command", "exec", "builtin", "stdbuf", "xargs", "setsid", "unbuffer", "watch", "chroot", "eval", "ssh", "busybox", "find", "parallel"]);
/** Programs the families look at; after a wrapper, any of these counts as a command. */
const CHECKED = new Set(["rm", "dd", "wipefs", "shred", "chmod", "chown", "chgrp", "git"]);
const WATCHED = new Set([...CHECKED, "curl", "wget", ...SHELLS]);
const DISK = /^\/dev\/(?:sd|hd|vd|xvd|nvme|mmcblk|disk|rdisk|mapper\/|md\d|dm-)/;
/** A write redirection to a disk: `>`, `>>`, `>|`, `&>` followed by a disk device. */
const DISK_REDIRECT = />\|?[ \t]*\/dev\/(?:sd|hd|vd|xvd|nvme|mmcblk|disk|rdisk|mapper\/|md\d|dm-)/;
const FORK_BOMB = /:[ \t]*\([ \t]*\)[ \t]*\{/;
/** What `rm -r` must never be given: the root, the home folder, the parent (and everything in them). */
const DELETE_TARGETS = new Set(["", "/*", "/.", "~", "~/*", "~/.", "$HOME", "$HOME/*", "$HOME/.", "..", "../*"]);
const PERMISSION_TARGETS = new Set(["", "/*", "~", "~/*", "$HOME", "$HOME/*"]);

/** One command in the line: its program's base name and what comes after it. */
interface RawCommand {
  program: string;
  /** The words after the program (read only for the programs a family looks at). */
  args(): string[];
  /** A `-c` follows the program in its words (a shell then runs its arguments, not its input). */
  runsArguments: boolean;
  /** Which pipeline stage of its list element it is in (0 for the first). */
  stage: number;
}

/**
 * The deny family a raw command line obviously belongs to, or `undefined`. For a line that could
 * not be parsed; it never says a line is safe.
 */
export function rawTextDeny(text: string): RawDeny | undefined {
  // quotes and escapes are dropped: `"rm" -rf "$HOME"` and `\rm` read as what they run
  const line = text.replace(/["'\\]/g, "").replace(/\$\{HOME\}/g, "$HOME");
  if (FORK_BOMB.test(line)) return { family: "fork-bomb", reason: "the line defines a fork bomb (:(){ … })" };
  if (DISK_REDIRECT.test(line)) return { family: "disk", reason: "the line redirects output onto a disk device (> /dev/…)" };
  // list elements: what `;`, `&&`, `||`, `&` and new lines separate (not the `&` of `2>&1` or `&>`)
  for (const element of line.replace(/\|&/g, "|").split(/\|\||&&|[;\n\r]|(?<![<>])&(?!>)/)) {
    const commands = commandsOf(element);
    for (const command of commands) {
      const found = commandDeny(command);
      if (found) return found;
    }
    const piped = downloadIntoShell(commands);
    if (piped) return piped;
  }
  return undefined;
}

/**
 * The commands of one list element, in order: each pipeline stage, cut again at `$(`, `<(`,
 * backquotes and braces; in each piece the first word, and after a wrapper (`sudo`, `env`,
 * `sh -c`, …) the watched programs among its words.
 */
function commandsOf(element: string): RawCommand[] {
  const commands: RawCommand[] = [];
  element.split("|").forEach((stage, stageIndex) => {
    for (const piece of stage.split(/[()`{}]/)) {
      const words = piece.split(/[ \t]+/).filter((word) => word !== "" && word !== "$" && word !== "<" && word !== ">");
      // whether a `-c` comes after each word, computed once from the end (linear, however many shells)
      const commandOptionAfter: boolean[] = new Array<boolean>(words.length).fill(false);
      for (let index = words.length - 2; index >= 0; index--) commandOptionAfter[index] = commandOptionAfter[index + 1]! || isCommandOption(words[index + 1]!);
      let searching = false;
      let first = true;
      for (let index = 0; index < words.length; index++) {
        const word = words[index]!;
        if (first && isAssignment(word)) continue;
        const program = baseName(word);
        if (!first && !(searching && WATCHED.has(program))) continue;
        const start = index + 1;
        const runsArguments = commandOptionAfter[index]!;
        commands.push({ program, args: () => words.slice(start), runsArguments, stage: stageIndex });
        first = false;
        // after a wrapper or `sh -c`, the command it runs is somewhere in its words
        searching = WRAPPERS.has(program) || (SHELLS.has(program) && runsArguments);
      }
    }
  });
  return commands;
}

function commandDeny(command: RawCommand): RawDeny | undefined {
  const { program } = command;
  if (!CHECKED.has(program) && !program.startsWith("mkfs")) return undefined;
  const args = command.args();
  if (program === "rm") {
    const recursive = args.some((arg) => arg === "--recursive" || shortFlags(arg, "rR"));
    const target = args.find((arg) => !arg.startsWith("-") && DELETE_TARGETS.has(trimSlashes(arg)));
    if (recursive && target !== undefined) return { family: "destructive-delete", reason: `rm deletes ${target} recursively` };
    if (recursive && args.includes("--no-preserve-root")) return { family: "destructive-delete", reason: "rm --no-preserve-root deletes recursively past the root guard" };
  }
  if (program.startsWith("mkfs") || program === "wipefs" || program === "shred") {
    const disk = args.find((arg) => DISK.test(arg));
    if (disk) return { family: "disk", reason: `${program} destroys what is on the disk ${disk}` };
  }
  if (program === "dd") {
    const output = args.find((arg) => arg.startsWith("of=") && DISK.test(arg.slice(3)));
    if (output) return { family: "disk", reason: `dd overwrites the disk ${output.slice(3)}` };
  }
  if (program === "chmod" || program === "chown" || program === "chgrp") {
    const recursive = args.some((arg) => arg === "--recursive" || shortFlags(arg, "R"));
    const target = args.find((arg) => !arg.startsWith("-") && PERMISSION_TARGETS.has(trimSlashes(arg)));
    if (recursive && target !== undefined) return { family: "permissions", reason: `${program} -R changes the permissions of everything under ${target}` };
  }
  if (program === "git") return forcePushToMain(args);
  return undefined;
}

/** `git push --force` (or `-f`, or a `+main` refspec) whose refspec names main or master. */
function forcePushToMain(args: string[]): RawDeny | undefined {
  // git's own options come before the subcommand; -C and -c take a value
  let index = 0;
  while (index < args.length && args[index]!.startsWith("-")) index += args[index] === "-C" || args[index] === "-c" ? 2 : 1;
  if (args[index] !== "push") return undefined;
  const rest = args.slice(index + 1);
  const forced = rest.some((arg) => arg === "--force" || (!arg.startsWith("--") && shortFlags(arg, "f")));
  const branch = rest.find((arg) => !arg.startsWith("-") && isMainBranch(arg, forced));
  if (branch === undefined) return undefined;
  return { family: "history-rewrite", reason: `git push forces ${branch} onto the remote, rewriting its history` };
}

function isMainBranch(refspec: string, forced: boolean): boolean {
  const plus = refspec.startsWith("+");
  if (!forced && !plus) return false;
  const colon = refspec.lastIndexOf(":");
  let name = refspec.slice(colon === -1 ? (plus ? 1 : 0) : colon + 1);
  if (name.startsWith("refs/heads/")) name = name.slice("refs/heads/".length);
  return name === "main" || name === "master";
}

/** A download piped into a shell (`curl … | sh`), or fed to one (`bash <(curl …)`, `sh -c "$(wget …)"`). */
function downloadIntoShell(commands: RawCommand[]): RawDeny | undefined {
  // one pass in order: a download in an earlier stage than a shell reading its input, or after a
  // shell in the same stage (a substitution in its arguments)
  let download: RawCommand | undefined;
  let shell: RawCommand | undefined;
  for (const command of commands) {
    if (command.program === "curl" || command.program === "wget") {
      if (shell?.stage === command.stage) return networkToShell(command, shell);
      download ??= command;
    } else if (SHELLS.has(command.program)) {
      if (download && download.stage < command.stage && !command.runsArguments) return networkToShell(download, command);
      shell = command;
    }
  }
  return undefined;
}

function networkToShell(download: RawCommand, shell: RawCommand): RawDeny {
  return { family: "network-to-shell", reason: `${download.program}'s download is run by ${shell.program}` };
}

/** A short-option cluster (`-rf`) that holds one of `letters`. */
function shortFlags(word: string, letters: string): boolean {
  if (word.length < 2 || word[0] !== "-" || word[1] === "-" || !/^-[A-Za-z]+$/.test(word)) return false;
  for (const letter of letters) if (word.includes(letter)) return true;
  return false;
}

/** `-c`, or a cluster holding it (`-xc`, `-lc`): a shell's code comes from its arguments. */
function isCommandOption(word: string): boolean {
  return shortFlags(word, "c");
}

function isAssignment(word: string): boolean {
  return /^[A-Za-z_][A-Za-z0-9_]*\+?=/.test(word);
}

function baseName(word: string): string {
  const slash = word.lastIndexOf("/");
  return slash === -1 || slash === word.length - 1 ? word : word.slice(slash + 1);
}

/** The path without its trailing slashes: `/` and `//` become "" (the root), `~/` becomes `~`. */
function trimSlashes(path: string): string {
  let end = path.length;
  while (end > 0 && path[end - 1] === "/") end--;
  return path.slice(0, end);
}
