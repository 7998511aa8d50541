import type { FoundCommand } from "../shell/analyze.js";
import { CREDENTIALS, gitWords, globCouldMatchSecret, namesNoFile } from "./families/index.js";
import { INERT, INERT_EXTRA } from "./inert.js";
import { isHelpQuery } from "./inert-help.js";
import { FIND_EXEC_INERT, FIND_EXEC_METADATA } from "./inert-wrapped.js";
import { parseInert, type InertSpec } from "./options.js";
import { awkProgramProblem, sedScriptInert } from "./inert-scripts.js";
import { resolveOperand, type RuleContext } from "./paths.js";

/**
 * The gate's readers for programs whose inertness needs more than an option table (git, find,
 * awk, jq, ps, printf, sed), and the operand check every allow shares.
 */
/** Why a command's operands are not inert: a credential, a glob that could match one, a device or socket. */
export function operandProblem(command: FoundCommand, words: readonly string[]): string | undefined {
  for (const word of words) {
    if (CREDENTIALS.test(word) && !namesNoFile(command, word)) return `${word} names a credential file`;
    if (/^\/dev\/(?!null$|stdin$|stdout$|stderr$|zero$|urandom$|random$|fd\/[012]$)/.test(word)) return `${word} is a device`;
    if (/^\/proc\/(?!cpuinfo$|meminfo$|loadavg$|uptime$|version$|self\/status$)/.test(word)) return `${word} is process state`;
    const glob = command.globWords?.includes(word) === true;
    if (glob && globCouldMatchSecret(word)) return `${word} could match a credential file`;
    if (command.cwd !== null && command.cwd.startsWith("~") && (glob || word.startsWith("."))) return `${word} in the home folder`;
  }
  return undefined;
}

/** Allow `command` by its program's table (and extra check), or say why not. */
export function inertByTable(command: FoundCommand, spec: InertSpec): string | undefined {
  const parsed = parseInert(command.args, spec);
  if (!parsed.ok) return parsed.reason;
  return INERT_EXTRA[command.name!]?.(command, parsed.operands, parsed.options) ?? operandProblem(command, parsed.operands);
}

const GIT_FORMAT = ["numbered", "email", "remote", "remotes", "oneline", "graph", "decorate", "no-decorate", "all", "stat", "shortstat", "numstat", "name-only", "name-status", "patch", "no-patch", "follow", "reverse", "no-merges", "merges", "first-parent", "abbrev-commit", "no-abbrev-commit", "color", "no-color", "left-right", "cherry-pick", "cherry-mark", "topo-order", "date-order", "author-date-order", "summary", "full-history", "simplify-by-decoration", "source", "cached", "staged", "exit-code", "quiet", "minimal", "patience", "histogram", "relative", "dirstat", "check", "raw", "full-index", "no-ext-diff", "no-textconv", "ignore-all-space", "ignore-space-change", "ignore-blank-lines", "word-diff", "color-words", "compact-summary", "no-renames", "find-renames", "boundary", "branches", "tags", "remotes", "not", "walk-reflogs", "ignore-case", "regexp-ignore-case", "all-match", "invert-grep", "extended-regexp", "fixed-strings", "perl-regexp", "count", "line-porcelain", "porcelain", "show-email", "short", "long", "branch", "ahead-behind", "no-ahead-behind", "untracked-files", "ignored", "show-stash", "verbose", "null", "others", "modified", "deleted", "exclude-standard", "directory", "full-name", "full-tree", "name-only", "heads", "head", "abbrev", "show-current", "list", "contains", "merged", "no-merged", "points-at", "sort", "format", "pretty", "no-column", "column", "word-regexp", "line-number", "files-with-matches", "files-without-match", "function-context", "show-function", "heading", "break", "no-index", "untracked", "recurse-submodules", "exclude-per-directory", "unified", "textconv-off", "expand-tabs", "no-expand-tabs", "notes", "no-notes", "mailmap", "use-mailmap", "show-signature", "show-linear-break", "parents", "children", "graph", "dense", "sparse", "ancestry-path", "always", "dirty", "tags", "exact-match", "first-parent", "candidates", "match", "exclude", "show-toplevel", "show-prefix", "show-cdup", "git-dir", "git-common-dir", "is-inside-work-tree", "is-inside-git-dir", "is-bare-repository", "symbolic-full-name", "abbrev-ref", "verify", "short", "absolute-git-dir", "show-superproject-working-tree", "sq", "local-env-vars", "stage", "debug", "eol", "deduplicate", "error-unmatch", "with-tree", "resolve-undo", "recursive", "long", "object-only", "tree", "batch-check", "batch", "all-refs", "is-ancestor", "fork-point", "octopus", "independent", "p", "t", "s", "e", "u"];
const GIT_FORMAT_VALUED = ["format", "pretty", "author", "committer", "since", "until", "after", "before", "grep", "max-count", "skip", "date", "diff-filter", "unified", "abbrev", "stat", "dirstat", "word-diff", "color", "decorate", "relative", "untracked-files", "ignored", "sort", "contains", "merged", "no-merged", "points-at", "column", "max-parents", "min-parents", "encoding", "exclude", "match", "candidates", "abbrev", "glob", "max-depth", "context", "after-context", "before-context", "threads", "L", "S", "G", "find-renames", "find-copies", "break-rewrites", "inter-hunk-context", "output-indicator-new", "output-indicator-old", "src-prefix", "dst-prefix", "line-prefix", "anchored", "diff-algorithm", "ignore-submodules", "submodule", "ws-error-highlight", "short", "show-origin", "type"];
const GIT_SHORT = { flags: "ipuswWbBaqzlcodmktvrRMCDnhHEFPIALNZe0123456789", valued: "SGLUxO" };
/** git subcommands that read only (with the options above). */
const GIT_READ = new Set(["status", "diff", "log", "show", "blame", "annotate", "rev-parse", "ls-files", "ls-tree", "describe", "shortlog", "cat-file", "show-ref", "merge-base", "name-rev", "count-objects", "help", "version", "grep", "rev-list", "whatchanged", "show-branch", "for-each-ref", "diff-tree", "diff-files", "diff-index", "range-diff", "check-ignore", "check-attr", "verify-commit", "verify-tag", "var", "cherry", "reflog", "worktree", "branch", "tag", "remote", "stash", "config", "fsck", "notes", "archive", "apply", "bisect", "sparse-checkout", "bundle", "lfs", "hash-object", "symbolic-ref", "rerere"]);

export function gitInert(command: FoundCommand, context: RuleContext): string | undefined {
  const git = gitWords(command)!;
  // only global options that change nothing about what runs; -C moves the folder (checked below)
  for (let index = 0; index < git.globals.length; index++) {
    const arg = git.globals[index]!;
    if (arg === "-C") {
      index++;
      continue;
    }
    // -p / --paginate pipes into the pager only when the output is a terminal
    if (!/^(--no-pager|-P|-p|--paginate|--no-optional-locks|--literal-pathspecs|--no-replace-objects|--version|--help)$/.test(arg) && !(arg === "-h" && command.args.length === 1)) return `git option ${arg} is not known to be inert`;
  }
  // a repository outside the project brings its own settings (core.fsmonitor runs on status)
  const base = context.projectDir ?? context.cwd;
  const folder = command.cwd === null ? null : resolveOperand(".", command, context);
  if (folder === null || !(folder + "/").startsWith(base + "/")) return "git in a folder outside the project runs that repository's settings";
  const { sub, rest } = git;
  if (sub === "" && git.globals.some((arg) => arg === "--version" || arg === "--help")) return undefined;
  if (isHelpQuery(command)) return undefined;
  if (!GIT_READ.has(sub)) return `git ${sub} is not a read-only subcommand`;
  const words = rest.filter((arg) => !arg.startsWith("-"));
  switch (sub) {
    case "branch":
    case "tag":
      if (words.length > 0 && !rest.some((arg) => /^(-l|--list|--contains|--merged|--no-merged|--points-at)$/.test(arg))) return `git ${sub} with a name creates or changes it`;
      if (rest.some((arg) => /^(-[a-zA-Z]*[dDmMcCf]|--delete|--move|--copy|--force|--edit-description|--set-upstream-to|-u|--unset-upstream|--track|--no-track|-a?s|--sign|-F|--file|-e|--edit|--annotate)$/.test(arg) && !/^(-a|-v|-vv|-r)$/.test(arg))) return `git ${sub} with that option changes refs`;
      break;
    case "remote":
      if (!(rest.length === 0 || (rest.length === 1 && (rest[0] === "-v" || rest[0] === "--verbose")) || (rest[0] === "get-url" && rest.length <= 3))) return "git remote with a subcommand changes or contacts remotes";
      return undefined;
    case "stash":
      if (!((rest[0] === "list" || rest[0] === "show") && rest.slice(1).every((arg) => /^(-p|--patch|--stat|--name-only|stash@\{\d+\}|\d+|--oneline)$/.test(arg)))) return "git stash that is not list or show changes the stash";
      return undefined;
    case "config":
      // a plain read of one key: --get KEY, get KEY (no lists: they print tokens kept in URLs)
      if (!((rest.length === 2 && /^(--get|--get-all|get)$/.test(rest[0]!) && /^[\w.-]+$/.test(rest[1]!) && !/url|token|password|secret|credential|auth|key/i.test(rest[1]!)))) return "git config that is not a plain read of one key";
      return undefined;
    case "reflog":
      if (words.length > 0 && !/^(show|HEAD|[\w/.-]+@\{\d+\})$/.test(words[0]!)) return "git reflog that is not show";
      break;
    case "notes":
    case "sparse-checkout":
      if (!(rest[0] === (sub === "notes" ? "show" : "") || rest[0] === "list") || rest.slice(1).some((arg) => arg.startsWith("-"))) return `git ${sub} that is not list or show`;
      return undefined;
    case "bisect":
      if (rest.length !== 1 || rest[0] !== "log") return "git bisect other than log moves HEAD (visualize starts gitk)";
      return undefined;
    case "bundle":
      if (!/^(verify|list-heads)$/.test(rest[0] ?? "") || rest.slice(1).some((arg) => arg.startsWith("-") && !/^(-q|--quiet)$/.test(arg))) return "git bundle that is not verify or list-heads";
      return operandProblem(command, rest.slice(1).filter((arg) => !arg.startsWith("-")));
    case "lfs":
      // git-lfs's own reads: fetch, pull and the rest download or write
      if (!/^(ls-files|status|env)$/.test(rest[0] ?? "") || rest.slice(1).some((arg) => arg.startsWith("-") && !/^(-l|-s|-n|-a|-d|--long|--size|--name-only|--all|--debug|--json|--porcelain)$/.test(arg))) return "git lfs that is not ls-files, status or env";
      return undefined;
    case "symbolic-ref":
      // with a second name it points the ref elsewhere; -d deletes it
      if (words.length !== 1 || rest.some((arg) => arg.startsWith("-") && !/^(--short|-q|--quiet|--no-recurse)$/.test(arg))) return "git symbolic-ref that is not a read of one ref";
      return undefined;
    case "rerere":
      if (!/^(status|diff|remaining)$/.test(rest[0] ?? "") || rest.length > 1) return "git rerere other than status, diff or remaining records resolutions";
      return undefined;
    case "hash-object":
      // -w writes the object into the repository
      if (rest.some((arg) => arg.startsWith("-") && !/^(--stdin|--no-filters|--literally|-t|--path=.*)$/.test(arg))) return "git hash-object -w writes an object";
      return operandProblem(command, words);
    case "apply":
      // only the reports that never apply: --check, --stat, --numstat, --summary
      if (!rest.some((arg) => /^--(check|stat|numstat|summary)$/.test(arg)) || rest.some((arg) => arg.startsWith("-") && !/^(--check|--stat|--numstat|--summary|-v|--verbose|-z|-p\d+|--recount|--allow-empty)$/.test(arg))) return "git apply that is not --check or --stat applies the patch";
      return operandProblem(command, words);
    case "archive":
      // to standard output only: -o/--output writes a file, --remote and --exec reach or run elsewhere
      if (rest.some((arg) => arg.startsWith("-") && !/^(-v|--verbose|-l|--list|--worktree-attributes|--format=[\w.]+|--prefix=[\w./-]*|-[0-9])$/.test(arg))) return "git archive writes a file, or reaches another repository";
      return operandProblem(command, words.map((word) => word.replace(/^[^:]*:/, "")));
    case "fsck":
      // --lost-found writes the dangling objects into .git/lost-found
      if (rest.some((arg) => !/^--(full|strict|unreachable|dangling|no-dangling|name-objects|connectivity-only|no-reflogs|root|tags|cache|progress|no-progress|verbose|no-full)$/.test(arg) && arg.startsWith("-"))) return "git fsck with an option that writes";
      return undefined;
    case "help":
      // -w opens a browser, -i info, -m man with the viewer the settings name; only the listings
      if (rest.some((arg) => arg.startsWith("-") && !/^(-a|--all|-g|--guides|-c|--config|--no-external-commands|--no-aliases)$/.test(arg))) return "git help that opens a viewer";
      return undefined;
    case "worktree":
      if (rest[0] !== "list" || rest.slice(1).some((arg) => !/^(--porcelain|-v|--verbose|-z)$/.test(arg))) return "git worktree that is not list";
      return undefined;
  }
  const parsed = parseInert(rest, { flags: GIT_SHORT.flags, valued: GIT_SHORT.valued, long: GIT_FORMAT, longValued: GIT_FORMAT_VALUED, numeric: true });
  if (!parsed.ok) return `git ${sub}: ${parsed.reason}`;
  // -O / --open-files-in-pager runs a program; -o is not a git read option
  if (parsed.options.some((option) => option.name === "-O" || option.name === "-x" && sub !== "grep")) return `git ${sub}: that option runs a program`;
  const problem = operandProblem(command, parsed.operands.map((operand) => operand.replace(/^[^:]*:/, "")));
  return problem;
}

const FIND_PREDICATES = new Set(["-name", "-iname", "-path", "-ipath", "-wholename", "-iwholename", "-type", "-xtype", "-maxdepth", "-mindepth", "-size", "-mtime", "-mmin", "-atime", "-amin", "-ctime", "-cmin", "-newer", "-anewer", "-cnewer", "-newermt", "-empty", "-print", "-print0", "-prune", "-o", "-or", "-a", "-and", "-not", "!", "(", ")", ",", "-regex", "-iregex", "-regextype", "-user", "-group", "-uid", "-gid", "-nouser", "-nogroup", "-perm", "-ls", "-printf", "-links", "-inum", "-samefile", "-readable", "-writable", "-executable", "-depth", "-mount", "-xdev", "-follow", "-noleaf", "-true", "-false", "-quit", "-daystart", "-lname", "-ilname", "-fstype", "-used", "-ignore_readdir_race", "-nowarn", "-warn", "-d"]);
const FIND_VALUED = new Set(["-name", "-iname", "-path", "-ipath", "-wholename", "-iwholename", "-type", "-xtype", "-maxdepth", "-mindepth", "-size", "-mtime", "-mmin", "-atime", "-amin", "-ctime", "-cmin", "-newer", "-anewer", "-cnewer", "-newermt", "-regex", "-iregex", "-regextype", "-user", "-group", "-uid", "-gid", "-perm", "-printf", "-links", "-inum", "-samefile", "-lname", "-ilname", "-fstype", "-used"]);

export function findInert(command: FoundCommand): string | undefined {
  const args = command.args;
  let index = 0;
  // -H -L -P, and BSD find's -E (extended regexps), -X, -s (sorted), -x (one file system), -f PATH (a start path)
  while (index < args.length && /^-[HLPEXsx]$/.test(args[index]!)) index++;
  const starts: string[] = [];
  while (args[index] === "-f" && index + 1 < args.length) {
    starts.push(args[index + 1]!);
    index += 2;
  }
  while (index < args.length && !args[index]!.startsWith("-") && args[index] !== "(" && args[index] !== "!") starts.push(args[index++]!);
  for (; index < args.length; index++) {
    const arg = args[index]!;
    // the command of -exec and -execdir is read as its own command (and allowed only for a few programs, see inert-wrapped.ts)
    if (arg === "-exec" || arg === "-execdir") {
      const end = args.findIndex((word, at) => at > index && (word === ";" || (word === "+" && args[at - 1] === "{}")));
      if (end === -1) return `find ${arg} without its end`;
      // every -exec is checked here: the parser reads only the first as a command of its own
      const problem = findExecProblem(args.slice(index + 1, end));
      if (problem) return problem;
      // a reader of contents only under the project: `find / -exec cat {} \;` reads every file of the machine
      if (!FIND_EXEC_METADATA.has(args[index + 1]!) && [...starts, command.cwd ?? "/"].some((start) => /^(\/|~)/.test(start) || start.split("/").includes(".."))) return `find -exec ${args[index + 1]} outside the project reads other files`;
      index = end;
      continue;
    }
    // -newerXY compares times: a, B, c, m of the file against a, B, c, m or t (a date) of the value
    if (/^-newer[aBcm][aBcmt]$/.test(arg)) {
      index++;
      continue;
    }
    if (!FIND_PREDICATES.has(arg)) return `find ${arg} is not known to be inert`;
    if (FIND_VALUED.has(arg)) index++;
  }
  return operandProblem(command, starts);
}

/**
 * fd with `-x`/`-X`: its own options by its table, each command it runs like find -exec's, and
 * a reader of contents only under the project (no absolute, home or `..` search path, no -L).
 */
export function fdInert(command: FoundCommand): string | undefined {
  const own: string[] = [];
  const commands: string[][] = [];
  for (let index = 0; index < command.args.length; index++) {
    const arg = command.args[index]!;
    if (!/^(-x|--exec|-X|--exec-batch)$/.test(arg)) {
      own.push(arg);
      continue;
    }
    let end = index + 1;
    while (end < command.args.length && command.args[end] !== ";") end++;
    // fd's placeholders ({}, {/}, {//}, {.}, {/.}) are a found path; with none, the path is appended
    const inner = command.args.slice(index + 1, end).map((word) => word.replace(/\{[/.]*\}/g, "{}"));
    commands.push(inner.some((word) => word.includes("{}")) ? inner : [...inner, "{}"]);
    index = end;
  }
  const problem = inertByTable({ ...command, args: own }, INERT.fd!);
  if (problem !== undefined || commands.length === 0) return problem;
  const parsed = parseInert(own, INERT.fd!);
  if (!parsed.ok) return parsed.reason;
  const paths = [...parsed.operands.slice(1), ...parsed.options.filter((option) => /^(--search-path|--base-directory)$/.test(option.name)).map((option) => option.value ?? "/")];
  for (const inner of commands) {
    const trouble = findExecProblem(inner);
    if (trouble) return trouble.replace(/^find -exec/, "fd -x");
    const outside = [...paths, command.cwd ?? "/"].some((path) => /^(\/|~)/.test(path) || path.split("/").includes(".."));
    if (!FIND_EXEC_METADATA.has(inner[0]!) && (outside || parsed.options.some((option) => /^(-L|--follow)$/.test(option.name)))) return `fd -x ${inner[0]} outside the project reads other files`;
  }
  return undefined;
}

/** The command of one `find -exec`: a program that may read found paths, with options from its table. */
function findExecProblem(words: string[]): string | undefined {
  const [program, ...args] = words;
  const spec = program === undefined ? undefined : INERT[program];
  if (program === undefined || !FIND_EXEC_INERT.has(program) || !spec) return `find -exec ${program ?? ""} is not known to be inert`;
  const parsed = parseInert(args.map((arg) => (arg === "{}" ? "./found" : arg)), spec);
  if (!parsed.ok) return `find -exec ${program}: ${parsed.reason}`;
  return undefined;
}

/** awk whose program only reads and prints to standard output. */
export function awkInert(command: FoundCommand): string | undefined {
  const args = command.args;
  let index = 0;
  while (index < args.length && args[index]!.startsWith("-") && args[index] !== "-") {
    const arg = args[index]!;
    if (arg === "-F" || arg === "-v") index += 2;
    else if (/^-F./.test(arg) || /^-v[A-Za-z_]\w*=/.test(arg)) index += 1;
    else if (arg === "--") {
      index++;
      break;
    } else return `awk option ${arg} is not known to be inert`;
  }
  const program = args[index];
  if (program === undefined) return "awk without a program";
  const problem = awkProgramProblem(program);
  if (problem) return problem;
  return operandProblem(command, args.slice(index + 1));
}

export function jqInert(command: FoundCommand): string | undefined {
  const parsed = parseInert(command.args, { flags: "rcnsejaSCMRh", long: ["raw-output", "compact-output", "null-input", "slurp", "exit-status", "join-output", "ascii-output", "sort-keys", "color-output", "monochrome-output", "raw-input", "tab", "seq", "stream", "raw-output0", "help"], longValued: ["indent", "arg", "argjson"] });
  if (!parsed.ok) return parsed.reason;
  const [filter, ...files] = parsed.operands;
  if (filter !== undefined && /\$ENV|\benv\b|\binput_filename\b|\bimport\b|\binclude\b|\$__prog_args|\bgetpath\b.*ENV|\binput\b|\$__loc__/.test(filter)) return "the jq filter reads the environment or other files";
  // --arg and --argjson take two words: the parser saw only the first as a value
  return operandProblem(command, files.filter((file) => !parsed.options.some((option) => option.value === file)));
}

export function psInert(command: FoundCommand): string | undefined {
  for (let index = 0; index < command.args.length; index++) {
    const arg = command.args[index]!;
    if (/^--(forest|sort=[\w,+-]+|no-headers|headers|cols=\d+|width=\d+)$/.test(arg)) continue;
    if (/^-[aAdfFHjlLMNTwxyZ]+$/.test(arg) || /^-e[fFlLjH]*$/.test(arg)) continue;
    if (/^-[opuUgGtCsq]$/.test(arg)) {
      index++;
      continue;
    }
    if (/^-[opuUgGtCsq]./.test(arg)) continue;
    // BSD-style letters: `e` shows environments, refused
    if (/^[auxwfjlvrTZh]+$/.test(arg)) continue;
    return `ps ${arg} is not known to be inert`;
  }
  return undefined;
}

export function printfInert(command: FoundCommand): string | undefined {
  if (command.args[0]?.startsWith("-") && command.args[0] !== "--") return "printf options (-v assigns a variable)";
  return undefined;
}

/** `sed` that only prints: `-n`, `-E`/`-r`, and scripts of line addresses with `p`, `d` or a plain `s///` with g/I/p flags. */
export function safeSed(args: string[]): boolean {
  const scripts: string[] = [];
  for (let index = 0; index < args.length; index++) {
    const arg = args[index]!;
    if (/^-(n|E|r|s|u|z)+$/.test(arg) || arg === "--quiet" || arg === "--regexp-extended") continue;
    if (arg === "-e" || arg === "--expression") {
      scripts.push(args[++index] ?? "");
      continue;
    }
    if (arg.startsWith("--expression=")) {
      scripts.push(arg.slice(13));
      continue;
    }
    if (arg.startsWith("-")) return false;
    if (scripts.length === 0) scripts.push(arg);
  }
  return scripts.every(sedScriptInert);
}


/** `test` and `[`: every operator only compares or looks at a file; operands are checked like any other. */
export function testInert(command: FoundCommand): string | undefined {
  const words = command.args.filter((arg) => !/^(-[a-zA-Z]{1,2}|-(eq|ne|lt|le|gt|ge|nt|ot|ef)|=|==|!=|!|<|>|\(|\)|\]|-a|-o)$/.test(arg));
  return INERT_EXTRA[command.name!]?.(command, words, []) ?? operandProblem(command, words);
}
