import { commandAllowed } from "./shell.js";
import type { FoundCommand, LineAnalysis } from "./analyze.js";
import { CREDENTIALS, FAMILIES, gitWords, type Finding, type RuleFamily, globCouldMatchSecret, WRITES, writeTargets } from "./families.js";
import { INERT, INERT_EXTRA, READ_VERBS, readVerbProblem } from "./inert.js";
import { parseInert, type InertSpec } from "./options.js";
import { isCriticalPath, resolveOperand, type RuleContext } from "./paths.js";

export { isCriticalPath, type RuleContext } from "./paths.js";

/** What the rules say of one command line. */
export type RuleVerdict = "deny" | "ask" | "allow" | "model";

/** A rule that fired, and why. */
export interface RuleHit {
  rule: string;
  decision: "deny" | "ask" | "allow";
  /** The command it fired on, as the shell would run it. */
  command: string;
  reason: string;
}

/** The rules' answer for a whole line. */
export interface RuleResult {
  verdict: RuleVerdict;
  /** The deciding hit (the first deny, or ask), or the reason the model is asked. */
  reason: string;
  rule: string | null;
  hits: RuleHit[];
  /** Commands no rule decided, each with why: what the model is asked about. */
  undecided: string[];
}

/** A project's own rules (`.hookjudge/rules.json`): word patterns as in `allow-commands`. */
export interface ProjectRules {
  allow?: string[];
  ask?: string[];
  deny?: string[];
}

const CHECKS = [
  "npm test *", "npm t *", "npm run test *", "npm run lint *", "npm run typecheck *", "npm run check *", "npm run build *", "npm ls *", "npm list *", "npm view *", "npm outdated *", "npm --version",
  "npx tsc --noEmit *", "npx vitest run *", "npx jest *", "npx eslint *", "npx prettier --check *", "tsc --noEmit *", "vitest run *", "jest *", "eslint *",
  "yarn test *", "yarn lint *", "pnpm test *", "pnpm lint *", "pnpm run test *", "bun test *",
  "pytest *", "python -m pytest *", "python3 -m pytest *", "ruff check *", "mypy *", "black --check *", "flake8 *",
  "cargo test *", "cargo check *", "cargo clippy *", "cargo build *", "go test *", "go vet *", "go build *", "make test *", "make check *", "make lint *",
  "mvn test *", "gradle test *", "./gradlew test *", "deno test *", "deno lint *", "deno check *", "node --version", "python --version", "python3 --version",
];
/** Flags a project check may carry: they change what is reported, never what runs. */
const CHECK_FLAGS = /^(--|-D|-W|-A|-v|-vv|-q|-x|-s|--verbose|--quiet|--silent|--run|--watch=false|--no-watch|--ci|--bail|--passWithNoTests|--noEmit|--pretty|--release|--all|--workspace|--lib|--bins|--tests|--all-targets|--all-features|--no-color|--color|-race|-count=\d+|-short|-cover|--coverage|--no-coverage|--lf|--ff|--tb=\w+|-rA|-ra|--maxfail=\d+|--locked|--frozen|--offline|--strict|--list|--json|--long|--parseable|--depth=\d+|--all-workspaces|--production|--dev|-k|-m|-p|--package|-run|--testNamePattern|-t|--grep|--project|--filter|--changed|--onlyChanged|--listTests|-u|--update|--check|--diff|--statistics|--show-source|--exit-zero|--max-warnings=\d+|--quiet|--no-cache|--format=\w+|--reporter=(default|verbose|dot|basic|json|tap|junit|spec|list|min)|--noEmit|--incremental|-b|--build|--workers=\d+|-j\d*|--jobs=\d+)$/;
/** Flags that take the next word as their value, for CHECK_FLAGS. */
const CHECK_VALUED = new Set(["-D", "-W", "-A", "-k", "-m", "-p", "--package", "-run", "--testNamePattern", "-t", "--grep", "--project", "--filter"]);
/** Variables that change only how programs print. */
const HARMLESS_ASSIGNMENT = /^(LC_[A-Z]+|LANG|LANGUAGE|TZ|NO_COLOR|FORCE_COLOR|CLICOLOR|CLICOLOR_FORCE|COLUMNS|LINES|TERM|CI|DEBUG|NODE_ENV|RUST_BACKTRACE|PYTHONDONTWRITEBYTECODE|PYTHONUNBUFFERED)=(?!.*[$`])/;

/** Why a command's operands are not inert: a credential, a glob that could match one, a device or socket. */
function operandProblem(command: FoundCommand, words: readonly string[]): string | undefined {
  for (const word of words) {
    if (CREDENTIALS.test(word)) return `${word} names a credential file`;
    if (/^\/dev\/(?!null$|stdin$|stdout$|stderr$|zero$|urandom$|random$|fd\/[012]$)/.test(word)) return `${word} is a device`;
    if (/^\/proc\/(?!cpuinfo$|meminfo$|loadavg$|uptime$|version$|self\/status$)/.test(word)) return `${word} is process state`;
    const glob = command.globWords?.includes(word) === true;
    if (glob && globCouldMatchSecret(word)) return `${word} could match a credential file`;
    if (command.cwd !== null && command.cwd.startsWith("~") && (glob || word.startsWith("."))) return `${word} in the home folder`;
  }
  return undefined;
}

/** Allow `command` by its program's table (and extra check), or say why not. */
function inertByTable(command: FoundCommand, spec: InertSpec): string | undefined {
  const parsed = parseInert(command.args, spec);
  if (!parsed.ok) return parsed.reason;
  return INERT_EXTRA[command.name!]?.(command, parsed.operands) ?? operandProblem(command, parsed.operands);
}

const GIT_FORMAT = ["numbered", "email", "remote", "remotes", "oneline", "graph", "decorate", "no-decorate", "all", "stat", "shortstat", "numstat", "name-only", "name-status", "patch", "no-patch", "follow", "reverse", "no-merges", "merges", "first-parent", "abbrev-commit", "no-abbrev-commit", "color", "no-color", "left-right", "cherry-pick", "cherry-mark", "topo-order", "date-order", "author-date-order", "summary", "full-history", "simplify-by-decoration", "source", "cached", "staged", "exit-code", "quiet", "minimal", "patience", "histogram", "relative", "dirstat", "check", "raw", "full-index", "no-ext-diff", "no-textconv", "ignore-all-space", "ignore-space-change", "ignore-blank-lines", "word-diff", "color-words", "compact-summary", "no-renames", "find-renames", "boundary", "branches", "tags", "remotes", "not", "walk-reflogs", "ignore-case", "regexp-ignore-case", "all-match", "invert-grep", "extended-regexp", "fixed-strings", "perl-regexp", "count", "line-porcelain", "porcelain", "show-email", "short", "long", "branch", "ahead-behind", "no-ahead-behind", "untracked-files", "ignored", "show-stash", "verbose", "null", "others", "modified", "deleted", "exclude-standard", "directory", "full-name", "full-tree", "name-only", "heads", "head", "abbrev", "show-current", "list", "contains", "merged", "no-merged", "points-at", "sort", "format", "pretty", "no-column", "column", "word-regexp", "line-number", "files-with-matches", "files-without-match", "function-context", "show-function", "heading", "break", "no-index", "untracked", "recurse-submodules", "exclude-per-directory", "unified", "textconv-off", "expand-tabs", "no-expand-tabs", "notes", "no-notes", "mailmap", "use-mailmap", "show-signature", "show-linear-break", "parents", "children", "graph", "dense", "sparse", "ancestry-path", "always", "dirty", "tags", "exact-match", "first-parent", "candidates", "match", "exclude", "show-toplevel", "show-prefix", "show-cdup", "git-dir", "git-common-dir", "is-inside-work-tree", "is-inside-git-dir", "is-bare-repository", "symbolic-full-name", "abbrev-ref", "verify", "short", "absolute-git-dir", "show-superproject-working-tree", "sq", "local-env-vars", "stage", "debug", "eol", "deduplicate", "error-unmatch", "with-tree", "resolve-undo", "recursive", "long", "object-only", "tree", "batch-check", "batch", "all-refs", "p", "t", "s", "e", "u"];
const GIT_FORMAT_VALUED = ["format", "pretty", "author", "committer", "since", "until", "after", "before", "grep", "max-count", "skip", "date", "diff-filter", "unified", "abbrev", "stat", "dirstat", "word-diff", "color", "decorate", "relative", "untracked-files", "ignored", "sort", "contains", "merged", "no-merged", "points-at", "column", "max-parents", "min-parents", "encoding", "exclude", "match", "candidates", "abbrev", "glob", "max-depth", "context", "after-context", "before-context", "threads", "L", "S", "G", "find-renames", "find-copies", "break-rewrites", "inter-hunk-context", "output-indicator-new", "output-indicator-old", "src-prefix", "dst-prefix", "line-prefix", "anchored", "diff-algorithm", "ignore-submodules", "submodule", "ws-error-highlight", "short", "show-origin", "type"];
const GIT_SHORT = { flags: "ipuswWbBaqzlcodmktvrRMCDnhHEFPIALNZe0123456789", valued: "SGLUxO" };
/** git subcommands that read only (with the options above). */
const GIT_READ = new Set(["status", "diff", "log", "show", "blame", "annotate", "rev-parse", "ls-files", "ls-tree", "describe", "shortlog", "cat-file", "show-ref", "merge-base", "name-rev", "count-objects", "help", "version", "grep", "rev-list", "whatchanged", "show-branch", "for-each-ref", "diff-tree", "diff-files", "diff-index", "range-diff", "check-ignore", "check-attr", "verify-commit", "verify-tag", "var", "cherry", "reflog", "worktree", "branch", "tag", "remote", "stash", "config"]);

function gitInert(command: FoundCommand, context: RuleContext): string | undefined {
  const git = gitWords(command)!;
  // only global options that change nothing about what runs; -C moves the folder (checked below)
  for (let index = 0; index < git.globals.length; index++) {
    const arg = git.globals[index]!;
    if (arg === "-C") {
      index++;
      continue;
    }
    if (!/^(--no-pager|-P|--no-optional-locks|--literal-pathspecs|--no-replace-objects|--version|--help)$/.test(arg)) return `git option ${arg} is not known to be inert`;
  }
  // a repository outside the project brings its own settings (core.fsmonitor runs on status)
  const base = context.projectDir ?? context.cwd;
  const folder = command.cwd === null ? null : resolveOperand(".", command, context);
  if (folder === null || !(folder + "/").startsWith(base + "/")) return "git in a folder outside the project runs that repository's settings";
  const { sub, rest } = git;
  if (sub === "" && git.globals.some((arg) => arg === "--version" || arg === "--help")) return undefined;
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

function findInert(command: FoundCommand): string | undefined {
  const args = command.args;
  let index = 0;
  while (index < args.length && /^-[HLP]$/.test(args[index]!)) index++;
  const starts: string[] = [];
  while (index < args.length && !args[index]!.startsWith("-") && args[index] !== "(" && args[index] !== "!") starts.push(args[index++]!);
  for (; index < args.length; index++) {
    const arg = args[index]!;
    if (!FIND_PREDICATES.has(arg)) return `find ${arg} is not known to be inert`;
    if (FIND_VALUED.has(arg)) index++;
  }
  return operandProblem(command, starts);
}

/** awk whose program only reads and prints to standard output. */
function awkInert(command: FoundCommand): string | undefined {
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
  if (/system|getline|[|>]|ENVIRON|PROCINFO|@include|@load|@namespace|\\|close\s*\(|fflush\s*\(/.test(program)) return "the awk program can run commands, write files or read the environment";
  return operandProblem(command, args.slice(index + 1));
}

function jqInert(command: FoundCommand): string | undefined {
  const parsed = parseInert(command.args, { flags: "rcnsejaSCMRh", long: ["raw-output", "compact-output", "null-input", "slurp", "exit-status", "join-output", "ascii-output", "sort-keys", "color-output", "monochrome-output", "raw-input", "tab", "seq", "stream", "raw-output0", "help"], longValued: ["indent", "arg", "argjson"] });
  if (!parsed.ok) return parsed.reason;
  const [filter, ...files] = parsed.operands;
  if (filter !== undefined && /\$ENV|\benv\b|\binput_filename\b|\bimport\b|\binclude\b|\$__prog_args|\bgetpath\b.*ENV|\binput\b|\$__loc__/.test(filter)) return "the jq filter reads the environment or other files";
  // --arg and --argjson take two words: the parser saw only the first as a value
  return operandProblem(command, files.filter((file) => !parsed.options.some((option) => option.value === file)));
}

function psInert(command: FoundCommand): string | undefined {
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

function printfInert(command: FoundCommand): string | undefined {
  if (command.args[0]?.startsWith("-") && command.args[0] !== "--") return "printf options (-v assigns a variable)";
  return undefined;
}

/** `sed` that only prints: `-n`, `-E`/`-r`, and scripts of line addresses with `p`, `d` or a plain `s///` with g/I/p flags. */
function safeSed(args: string[]): boolean {
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
  return scripts.every((script) =>
    script.split(/[;\n]/).every((part) => /^\s*(\d+|\$|\/[^/]*\/)?(,(\d+|\$|\/[^/]*\/))?\s*[pd=]?\s*$/.test(part) || /^\s*(\d+|\$)?(,(\d+|\$))?\s*s(.)((?:(?!\4).)*)\4((?:(?!\4).)*)\4[gIip0-9]*\s*$/.test(part)),
  );
}

/** A project check (tests, lint, build) with only plain extra words. */
function checkInert(command: FoundCommand, context: RuleContext): string | undefined {
  const argv = [command.name!, ...command.args];
  const pattern = commandAllowed(argv, CHECKS);
  if (!pattern) return undefined;
  const fixed = pattern.replace(/ \*$/, "").split(" ").length - 1;
  const extra = command.args.slice(fixed);
  for (let index = 0; index < extra.length; index++) {
    const arg = extra[index]!;
    if (arg.startsWith("-")) {
      if (!CHECK_FLAGS.test(arg)) return `${arg} is not a flag a check is known to take safely`;
      // pytest -p loads a plugin by name (code); cargo -p only names a package
      if (arg === "-p" && (command.name === "pytest" || command.args[1] === "pytest")) return "pytest -p loads a plugin";
      if (CHECK_VALUED.has(arg)) index++;
      continue;
    }
    // make targets, test names, paths inside the project: no assignments (make X=…), no URLs, no absolute paths
    if (!/^[\w@.,+/:-]+$/.test(arg) || arg.includes("=") || arg.includes("://") || arg.startsWith("/") || arg.split("/").includes("..")) return `${arg} is not a plain test name or path`;
    if (command.name === "make" && arg.includes("/")) return `${arg} is not a make target`;
    if (isCriticalPath(arg, context.projectDir ?? context.cwd)) return `${arg} is outside the project`;
  }
  return "project check";
}

/** Why a command is inert (`read-only` or `project check`), or `undefined`; `why` receives the refusal. */
function allowReason(command: FoundCommand, context: RuleContext, line: LineAnalysis, why: (reason: string) => void): string | undefined {
  const refuse = (reason: string) => {
    why(reason);
    return undefined;
  };
  if (command.name === null) return refuse("the program's name is computed");
  if (command.byPath) return refuse("the program is named by a path, not found through PATH");
  if (command.dynamicArgs || command.code || command.opaqueCode || command.tooDeep || command.wrapsCode) return refuse("its arguments or code are computed at run time");
  // an assignment can change what any program does (GIT_EXTERNAL_DIFF, LD_PRELOAD, PATH, LESSOPEN, …)
  if (command.assignments.some((assignment) => !HARMLESS_ASSIGNMENT.test(assignment))) return refuse("an environment assignment can change what it runs");
  if (command.via.some((step) => !/^(\$\(…\)|<\(…\)|time|nice|timeout|command|builtin|stdbuf|nohup)$/.test(step))) return refuse(`it runs inside ${command.via.join(" → ")}`);
  for (const redirect of command.redirects) {
    if (redirect.operator === "<" && (CREDENTIALS.test(redirect.target) || /^\/dev\/(tcp|udp)\//.test(redirect.target) || /^\/proc\//.test(redirect.target))) return refuse(`reads ${redirect.target}`);
    if (redirect.dynamic) return refuse("a redirection target is computed at run time");
  }
  const writes = command.redirects.filter((redirect) => WRITES.test(redirect.operator) && !/^(\/dev\/null|\/dev\/stdout|\/dev\/stderr|\d+|-)$/.test(redirect.target));
  for (const redirect of writes) {
    const resolved = resolveOperand(redirect.target, command, context);
    const base = context.projectDir ?? context.cwd;
    if (resolved === null || !resolved.startsWith(base + "/") || /[*?[]/.test(redirect.target)) return refuse(`writes ${redirect.target} outside the project`);
  }
  const name = command.name;
  let problem: string | undefined;
  if (name === "git") problem = gitInert(command, context);
  else if (name === "find") problem = findInert(command);
  else if (name === "sed") problem = safeSed(command.args) ? operandProblem(command, command.args.filter((arg) => !arg.startsWith("-")).slice(1)) : "the sed script or options can write or run";
  else if (name === "awk" || name === "gawk" || name === "mawk" || name === "nawk") problem = awkInert(command);
  else if (name === "jq") problem = jqInert(command);
  else if (name === "ps") problem = psInert(command);
  else if (name === "printf") problem = printfInert(command);
  else if (INERT[name]) problem = inertByTable(command, INERT[name]!);
  else if (READ_VERBS[name] && readVerbProblem(command) === undefined) problem = operandProblem(command, command.args.filter((arg) => !arg.startsWith("-")));
  else if (command.args.length === 1 && /^(--version|-V|--help)$/.test(command.args[0]!) && !/^(sudo|su|doas)$/.test(name)) return "read-only";
  else {
    // a check runs the project's own code: only on a line that writes nothing first
    if (line.commands.some((other) => other !== command && writeTargets(other).some((target) => !/^(\/dev\/null|\d+|-)$/.test(target)))) return refuse("a project check on a line that also writes files");
    const check = checkInert(command, context);
    if (check === "project check") return check;
    return refuse(check ?? `${name} is not on the list of programs known to be inert`);
  }
  if (problem !== undefined) return refuse(problem);
  return "read-only";
}

/** A family's finding as a decision and its reason. */
function decided(family: RuleFamily, found: Finding): { decision: "deny" | "ask"; reason: string } {
  return typeof found === "string" ? { decision: family.decision, reason: found } : found;
}

/** The command as a shell line, for messages. */
export function commandText(command: FoundCommand): string {
  return [command.name ?? `<computed:${command.decodedName}>`, ...command.argsText].join(" ");
}

/**
 * Apply the rules to a whole line: deny beats ask beats allow, and anything no rule decides goes
 * to the model. A line that does not parse, and a command whose name is computed at run time, are
 * never allowed by a rule.
 */
export function applyRules(line: LineAnalysis, project: ProjectRules = {}, context: RuleContext = { cwd: "/nonexistent-project" }): RuleResult {
  const hits: RuleHit[] = [];
  const undecided: string[] = [];
  for (const family of FAMILIES) {
    const found = family.line?.(line, context);
    if (found) hits.push({ rule: family.name, ...decided(family, found), command: line.source.length > 200 ? `${line.source.slice(0, 200)}…` : line.source });
  }
  for (const command of line.commands) {
    const text = commandText(command);
    const argv = [command.name ?? command.decodedName, ...command.args];
    // built-in denies first, then the project's deny, then asks (built-in and the project's)
    // GNU tools print their help and exit on --help, whatever else the line says
    const helpOnly = command.args.at(-1) === "--help" && command.decodedName !== "find" && !command.code && !command.opaqueCode;
    const fired = FAMILIES.flatMap((family) => {
      const found = helpOnly ? undefined : family.command?.(command, line, context);
      if (!found) return [];
      const hit = { rule: family.name, ...decided(family, found), command: text };
      // read again with a value the line may give a variable: a guess at what runs, for a person to judge
      if (hit.decision === "deny" && command.via.includes("read again")) return [{ ...hit, decision: "ask" as const, reason: `${hit.reason} (if a variable holds the value the line gives it)` }];
      return [hit];
    });
    const denied = fired.find((hit) => hit.decision === "deny");
    if (denied) {
      hits.push(denied);
      continue;
    }
    const projectDeny = commandAllowed(argv, project.deny ?? []);
    if (projectDeny) {
      hits.push({ rule: `project deny: ${projectDeny}`, decision: "deny", command: text, reason: `the project's rules deny ${projectDeny}` });
      continue;
    }
    if (fired.length > 0) {
      hits.push(...fired);
      continue;
    }
    const projectAsk = commandAllowed(argv, project.ask ?? []);
    if (projectAsk) {
      hits.push({ rule: `project ask: ${projectAsk}`, decision: "ask", command: text, reason: `the project's rules ask about ${projectAsk}` });
      continue;
    }
    let refusal = "";
    const projectAllow = command.name !== null && !command.byPath && !command.dynamicArgs && command.assignments.length === 0 && command.redirects.every((redirect) => !WRITES.test(redirect.operator) || /^(\/dev\/null|\d+)$/.test(redirect.target)) ? commandAllowed(argv, project.allow ?? []) : undefined;
    const builtIn = projectAllow ? undefined : allowReason(command, context, line, (reason) => (refusal = reason));
    if (projectAllow || builtIn) {
      hits.push({ rule: projectAllow ? `project allow: ${projectAllow}` : builtIn!, decision: "allow", command: text, reason: projectAllow ? "allowed by the project's rules" : builtIn! });
    } else {
      undecided.push(refusal ? `${text} (${refusal})` : text);
    }
  }
  const deny = hits.find((hit) => hit.decision === "deny");
  if (deny) return { verdict: "deny", reason: `${deny.command}: ${deny.reason} (rule ${deny.rule})`, rule: deny.rule, hits, undecided };
  const ask = hits.find((hit) => hit.decision === "ask");
  if (ask) return { verdict: "ask", reason: `${ask.command}: ${ask.reason} (rule ${ask.rule})`, rule: ask.rule, hits, undecided };
  if (line.errors.length > 0) return { verdict: "model", reason: `the line does not parse cleanly (${line.errors[0]})`, rule: null, hits, undecided: [...undecided, line.source] };
  if (line.commands.length > 0 && undecided.length === 0) return { verdict: "allow", reason: "every command is read-only or a project check", rule: hits[0]?.rule ?? "read-only", hits, undecided };
  return { verdict: "model", reason: undecided.length > 0 ? `no rule decides: ${undecided.join("; ")}` : "no command found", rule: null, hits, undecided };
}
