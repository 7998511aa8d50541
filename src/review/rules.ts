import { commandAllowed } from "./shell.js";
import type { FoundCommand, LineAnalysis } from "./analyze.js";

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
  /** Commands no rule decided: what the model is asked about. */
  undecided: string[];
}

/** A project's own rules (`.hookjudge/rules.json`): word patterns as in `allow-commands`. */
export interface ProjectRules {
  allow?: string[];
  ask?: string[];
  deny?: string[];
}

const RECURSIVE = /^-(?:[a-zA-Z]*[rR][a-zA-Z]*)$|^--recursive$/;
const SYSTEM_ROOTS = ["/etc", "/usr", "/bin", "/sbin", "/lib", "/lib32", "/lib64", "/var", "/boot", "/dev", "/proc", "/sys", "/opt", "/root", "/home", "/srv", "/System", "/Library", "/Applications", "/Users", "/private"];
const NETWORK = new Set(["curl", "wget", "fetch", "nc", "ncat", "netcat", "socat", "telnet", "http", "https", "xh", "aria2c", "scp", "sftp", "ftp", "rsync", "lftp"]);
const SHELL_RUNNERS = new Set(["sh", "bash", "zsh", "dash", "ksh", "mksh", "fish", "ash", "csh", "tcsh", "eval", "source", ".", "python", "python3", "node", "perl", "ruby", "php"]);
const END = "(?=$|[\\s)'\"`;|&])";
const CREDENTIALS = new RegExp(
  `(^|[\\s=@:'"<(])(?:[^\\s]*\\/)?(?:\\.ssh(?:\\/|${END})|\\.aws(?:\\/|${END})|\\.aw[*?]|\\.env(?:\\.[\\w.-]+)?${END}|id_(?:rsa|dsa|ecdsa|ed25519)|[\\w.-]+\\.pem${END}|[\\w.-]+\\.key${END}|\\.netrc|\\.npmrc|\\.pypirc|\\.git-credentials|credentials(?:\\.json)?${END}|\\.kube\\/config|\\.docker\\/config\\.json|\\/etc\\/shadow|\\.gnupg\\/|\\.config\\/gh\\/|\\/proc\\/[^/\\s]+\\/environ)`,
);
const DISK = /^\/dev\/(sd|hd|nvme|vd|xvd|disk|mmcblk|dm-|md)/;
/** Redirection operators that write: `>`, `>>`, `>|`, `&>`, `&>>`, `>&` (to a file), `<>`. */
const WRITES = /^(>|>>|>\||&>|&>>|>&|<>)$/;
const RC_FILES = /(^|\/)(\.bashrc|\.bash_profile|\.bash_login|\.profile|\.zshrc|\.zprofile|\.zshenv|\.zlogin|config\.fish|authorized_keys|sudoers(\.d\/.*)?)$/;

/**
 * True when a path (as written or decoded) is the root, a home folder, the project's `.git`, a
 * system folder or anything in one, or leads out of the project folder `cwd`.
 */
export function isCriticalPath(value: string, cwd = "/nonexistent-project"): boolean {
  let path = value.replace(/^["']|["']$/g, "").trim();
  if (path === "") return false;
  // every spelling of the home folder: ~, ~/., ~user, $HOME, ${HOME:?}, ${HOME:-/}
  if (/^~[\w.-]*(\/\.?)?\/?\*?$/.test(path) || /^~[\w.-]*$/.test(path)) return true;
  if (/^(\$HOME|\$\{HOME(:[-?=+][^}]*)?\})(\/\.?)?\/?\*?$/.test(path)) return true;
  if (/^(\$HOME|\$\{HOME[^}]*\}|~)(\/|$)/.test(path) && /(^|\/)\.\.(\/|$)/.test(path)) return true;
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
    if (/^\/(home|Users)(\/[^/]+)?$/.test(bare)) return true;
    if (SYSTEM_ROOTS.some((root) => bare === root || bare.startsWith(root + "/"))) return !bare.startsWith("/var/tmp/") && !bare.startsWith("/tmp/");
    if (bare.split("/").length === 2) return true;
  }
  return false;
}

function normalize(path: string): string {
  const parts: string[] = [];
  for (const part of path.split("/")) {
    if (part === "" || part === ".") continue;
    if (part === "..") parts.pop();
    else parts.push(part);
  }
  return "/" + parts.join("/");
}

function recursive(command: FoundCommand): boolean {
  return command.args.some((arg) => RECURSIVE.test(arg));
}

function targets(command: FoundCommand): string[] {
  return [...command.args, ...command.argsText].filter((arg) => !arg.startsWith("-"));
}

/** What the rules know of where the line runs. */
export interface RuleContext {
  /** The project folder: paths inside it are the agent's to change. */
  cwd: string;
}

interface Rule {
  name: string;
  reason: string;
  test(command: FoundCommand, line: LineAnalysis, context: RuleContext): boolean;
}

/** Per-command deny rules: no model can turn these into anything else. */
const DENY: Rule[] = [
  {
    name: "recursive-delete-critical",
    reason: "deletes the root, the home folder, .git, the project's parent or a system folder recursively",
    test: (command, _line, context) =>
      (command.decodedName === "rm" && (recursive(command) || command.args.includes("--no-preserve-root")) && targets(command).some((path) => isCriticalPath(path, context.cwd))) ||
      (command.findDeletes ?? []).some((path) => isCriticalPath(path, context.cwd)),
  },
  {
    name: "obfuscated-destructive",
    reason: "a command whose name is computed at run time, with recursive-delete arguments on a critical path",
    test: (command, _line, context) => command.name === null && recursive(command) && targets(command).some((path) => isCriticalPath(path, context.cwd)),
  },
  {
    name: "disk-destroy",
    reason: "formats or overwrites a disk device",
    test: (command) =>
      /^mkfs(\..+)?$|^wipefs$|^fdisk$|^parted$|^sfdisk$/.test(command.decodedName) ||
      (command.decodedName === "dd" && command.args.some((arg) => /^of=\/dev\/(?!null$|zero$|stdout$|stderr$)/.test(arg))) ||
      (command.decodedName === "shred" && command.args.some((arg) => arg.startsWith("/dev/"))) ||
      command.redirects.some((redirect) => WRITES.test(redirect.operator) && DISK.test(redirect.target)) ||
      (["tee", "cp", "cat", "install", "mv"].includes(command.decodedName) && targets(command).slice(command.decodedName === "tee" ? 0 : -1).some((path) => DISK.test(path) || path === "/proc/sysrq-trigger")) ||
      command.redirects.some((redirect) => WRITES.test(redirect.operator) && redirect.target === "/proc/sysrq-trigger"),
  },
  {
    name: "credential-exfiltration",
    reason: "sends a credential file (keys, .env, cloud or registry credentials) to a network tool",
    test: (command) =>
      NETWORK.has(command.decodedName) &&
      ([...command.args, ...command.argsText].some((arg) => CREDENTIALS.test(arg)) || command.redirects.some((redirect) => redirect.operator === "<" && CREDENTIALS.test(redirect.target))),
  },
  {
    name: "force-push-main",
    reason: "force-pushes main or master, rewriting shared history",
    test: (command) => {
      const git = gitArgs(command);
      if (!git || git[0] !== "push") return false;
      const force = git.some((arg) => /^(-f|--force|--force-with-lease(=.*)?|--mirror|-[a-zA-Z]*f[a-zA-Z]*)$/.test(arg));
      const refs = git.slice(1).filter((arg) => !arg.startsWith("-"));
      // the destination of a refspec, without +, refs/heads/ or a source before ':'
      const destination = (ref: string) => ref.replace(/^\+/, "").split(":").at(-1)!.replace(/^refs\/heads\//, "");
      const main = (ref: string) => ["main", "master"].includes(destination(ref));
      const deletes = git.includes("--delete") || git.includes("-d") || refs.some((ref) => /^:(refs\/heads\/)?(main|master)$/.test(ref));
      return refs.some((ref) => ref.startsWith("+") && main(ref)) || ((force || deletes) && refs.slice(1).some(main));
    },
  },
  {
    name: "system-write",
    reason: "writes system configuration, sudoers, authorized_keys or a shell start-up file",
    test: (command) => {
      const sensitive = (path: string) => path.startsWith("/etc/") || path === "/etc" || RC_FILES.test(path);
      if (command.redirects.some((redirect) => WRITES.test(redirect.operator) && sensitive(redirect.target))) return true;
      const name = command.decodedName;
      const files = targets(command);
      if (name === "tee" || name === "visudo") return name === "visudo" || files.some(sensitive);
      if (["cp", "mv", "install", "ln", "rsync"].includes(name)) {
        const target = command.args.find((arg, index) => command.args[index - 1] === "-t") ?? command.args.find((arg) => arg.startsWith("--target-directory="))?.slice(19);
        return (target !== undefined && sensitive(target.endsWith("/") ? target : target + "/")) || (files.length > 0 && sensitive(files.at(-1)!));
      }
      // options that name an output file: git --output=, sort -o/--output=, tree -o
      const outputs = command.args.flatMap((arg, index) => (arg.startsWith("--output=") ? [arg.slice(9)] : arg === "-o" || arg === "--output" ? [command.args[index + 1] ?? ""] : /^-o./.test(arg) ? [arg.slice(2)] : []));
      if (outputs.some(sensitive)) return true;
      if ((name === "sed" || name === "perl") && command.args.some((arg) => /^-[a-zA-Z]*i/.test(arg) || arg.startsWith("--in-place"))) return files.some(sensitive);
      if (["chmod", "chown", "truncate", "dd"].includes(name)) return files.some(sensitive) || command.args.some((arg) => /^of=/.test(arg) && sensitive(arg.slice(3)));
      return false;
    },
  },
  {
    name: "shutdown",
    reason: "shuts down or reboots the machine",
    test: (command) =>
      ["shutdown", "reboot", "halt", "poweroff"].includes(command.decodedName) ||
      ((command.decodedName === "init" || command.decodedName === "telinit") && ["0", "6"].includes(command.args[0] ?? "")) ||
      (command.decodedName === "systemctl" && command.args.some((arg) => /^(poweroff|reboot|halt|kexec|suspend|hibernate)$/.test(arg))),
  },
  {
    name: "kill-everything",
    reason: "kills every process the user can reach",
    test: (command) => (command.decodedName === "kill" && command.args.includes("-1")) || (command.decodedName === "killall5") || (command.decodedName === "pkill" && command.args.includes("-1")),
  },
  {
    name: "recursive-permissions-critical",
    reason: "changes ownership or permissions recursively on the root, the home folder or a system folder",
    test: (command, _line, context) => ["chmod", "chown", "chgrp"].includes(command.decodedName) && recursive(command) && targets(command).slice(1).some((path) => isCriticalPath(path, context.cwd)),
  },
  {
    name: "interpreter-delete",
    reason: "an interpreter one-liner that deletes recursively outside the project",
    test: (command) => {
      const code = command.code?.text;
      if (!code) return false;
      const critical = /(['"`])(\/|~|\/home|\/etc|\/usr|\/var|\.\.)(\/?\*?)?\1|os\.path\.expanduser\(\s*['"]~['"]\s*\)|os\.homedir\(\)|Path\.home\(\)|Dir\.home|File\.expand_path\(['"]~|process\.env\.HOME|\$ENV\{HOME\}|ENV\[['"]HOME['"]\]|chr\(47\)/;
      const deletes = /rmtree|rm_rf|rm_r\b|FileUtils\.rm|\.rmSync|\.rm\s*\(|rmdirSync|rimraf|remove_tree|unlink|os\.remove|os\.system|subprocess|execSync|exec\(|system\(|spawnSync/;
      if (deletes.test(code) && critical.test(code)) return true;
      // shell commands quoted inside the code
      return (code.match(/(['"`])((?:rm|find|chmod|chown|dd|mkfs)\b[^'"`]*)\1/g) ?? []).some((quoted) => /rm\s+-[a-zA-Z]*[rR]/.test(quoted) && /\s(\/|~|\$HOME)(\s|\*|['"`]|$)/.test(quoted + " "));
    },
  },
];

/** Line-level deny rules: what flows between the commands. */
const LINE_DENY: Array<{ name: string; reason: string; test(line: LineAnalysis): boolean }> = [
  { name: "fork-bomb", reason: "a fork bomb", test: (line) => line.forkBomb },
  {
    name: "network-to-shell",
    reason: "runs code downloaded from the network",
    test: (line) =>
      line.pipelines.some((stages) => stages.some((stage, index) => NETWORK.has(stage.decodedName) && stages.slice(index + 1).some(runsStdin))) ||
      line.commands.some((command) => SHELL_RUNNERS.has(command.decodedName) && command.argsText.some((text) => /(\$\(|`|<\()\s*(sudo\s+)?(curl|wget|fetch|nc|ncat|http)\b/.test(text))) ||
      (line.commands.some((command) => NETWORK.has(command.decodedName)) && line.commands.some((other) => SHELL_RUNNERS.has(other.decodedName) && other.via.includes("<(…)"))) ||
      line.commands.some((command) => NETWORK.has(command.decodedName) && command.via.some((step) => step === "<(…)") && line.commands.some((other) => SHELL_RUNNERS.has(other.decodedName))) ||
      // `x=$(curl …); eval "$x"`: network output kept in a variable, then run
      (line.commands.some((command) => NETWORK.has(command.decodedName) && command.via.includes("$(…)")) && line.commands.some((other) => SHELL_RUNNERS.has(other.decodedName) && other.opaqueCode === true)),
  },
  {
    name: "decode-to-shell",
    reason: "decodes hidden text and runs it as code",
    test: (line) =>
      line.pipelines.some((stages) => stages.some((stage, index) => decodes(stage) && stages.slice(index + 1).some(runsStdin))) ||
      line.commands.some((command) => SHELL_RUNNERS.has(command.decodedName) && command.argsText.some((text) => /(\$\(|`)[^)]*\b(base64\s+(-d|--decode|-D)|xxd\s+-r|openssl\s+(enc|base64)\s+.*-d)/.test(text))),
  },
  {
    name: "credential-exfiltration",
    reason: "sends a credential file (keys, .env, cloud or registry credentials) or the environment to a network tool",
    test: (line) =>
      line.commands.some((command) => NETWORK.has(command.decodedName) && command.argsText.some((text) => /\$\(\s*(env|printenv|set)\b/.test(text) || (/\$\(|`/.test(text) && CREDENTIALS.test(text)))) ||
      line.pipelines.some((stages) => stages.some((stage, index) => ["env", "printenv", "set"].includes(stage.decodedName) && stages.slice(index + 1).some((later) => NETWORK.has(later.decodedName)))) ||
      line.pipelines.some((stages) =>
        stages.some(
          (stage, index) =>
            ([...stage.args, ...stage.argsText].some((arg) => CREDENTIALS.test(arg)) || stage.redirects.some((redirect) => redirect.operator === "<" && CREDENTIALS.test(redirect.target))) &&
            stages.slice(index + 1).some((later) => NETWORK.has(later.decodedName)),
        ),
      ),
  },
];

function runsStdin(command: FoundCommand): boolean {
  return command.shellReadsStdin === true || ((command.decodedName === "python" || command.decodedName === "python3" || command.decodedName === "node" || command.decodedName === "perl" || command.decodedName === "ruby") && command.args.filter((arg) => !arg.startsWith("-")).length === 0 && !command.code) || command.decodedName === "eval" || command.decodedName === "source";
}

function decodes(command: FoundCommand): boolean {
  const args = command.args;
  return (
    (command.decodedName === "base64" && args.some((arg) => /^(-[a-zA-Z]*[dD][a-zA-Z]*|--decode)$/.test(arg))) ||
    (command.decodedName === "xxd" && args.includes("-r")) ||
    (command.decodedName === "openssl" && args.includes("-d")) ||
    ["uudecode", "gunzip", "zcat", "bunzip2", "xz", "rev"].includes(command.decodedName)
  );
}

const READ_ONLY = new Set([
  "ls", "cat", "head", "tail", "wc", "grep", "egrep", "fgrep", "ag", "ack", "tree", "stat", "file", "du", "df", "pwd", "echo", "printf",
  "which", "whereis", "type", "whoami", "id", "uname", "hostname", "date", "sort", "uniq", "cut", "tr", "diff", "cmp", "comm",
  "basename", "dirname", "realpath", "readlink", "test", "[", "true", "false", "jq", "column", "nl", "seq", "md5sum", "sha1sum",
  "sha256sum", "shasum", "od", "hexdump", "strings", "ps", "pgrep", "free", "uptime", "nproc", "cal", "tac", "rev", "fold", "fmt", "paste",
  "join", "expand", "unexpand", "cd", "lsof", "groups", "locale", "tty", "sleep", "rg",
]);
/** Flags that make a read-only command write, run something, or change the machine. */
const UNSAFE_FLAGS: Record<string, RegExp> = {
  sort: /^(-o|--output)/,
  tree: /^(-o|--output|-R)/,
  rg: /^(--pre|--pre-glob|--hostname-bin|-z|--search-zip)/,
  date: /^(-s|--set)/,
  jq: /^(--rawfile|--slurpfile)/,
  du: /^--files0-from/,
};
/** Commands that change the machine when given any argument. */
const NO_ARGUMENTS = new Set(["hostname"]);
const GIT_READ = new Set(["status", "diff", "log", "show", "blame", "rev-parse", "ls-files", "ls-tree", "describe", "shortlog", "cat-file", "show-ref", "merge-base", "name-rev", "count-objects", "help", "version", "--version"]);
/** git options that write files or run programs, whatever the subcommand. */
const GIT_UNSAFE = /^(-O|--open-files-in-pager|--output|--ext-diff|--textconv|--exec|--upload-pack|--receive-pack)/;
const CHECKS = [
  "npm test *", "npm t *", "npm run test *", "npm run lint *", "npm run typecheck *", "npm run check *", "npm run build *", "npm ls *", "npm list *", "npm view *", "npm outdated *", "npm --version",
  "npx tsc --noEmit *", "npx vitest run *", "npx jest *", "npx eslint *", "npx prettier --check *", "tsc --noEmit *", "vitest run *", "jest *", "eslint *",
  "yarn test *", "yarn lint *", "pnpm test *", "pnpm lint *", "pnpm run test *", "bun test *",
  "pytest *", "python -m pytest *", "python3 -m pytest *", "ruff check *", "mypy *", "black --check *", "flake8 *",
  "cargo test *", "cargo check *", "cargo clippy *", "cargo build *", "go test *", "go vet *", "go build *", "make test *", "make check *", "make lint *",
  "mvn test *", "gradle test *", "./gradlew test *", "deno test *", "deno lint *", "deno check *", "node --version", "python --version", "python3 --version",
];
/** Arguments that turn a test or lint run into something else: running a program, writing a file, another config. */
const CHECK_UNSAFE = /^(-exec|--exec|-toolexec|--basetemp|--config|--script-shell|--shell|-f|--file|--makefile|-o|--output|--output-file|--fix|--write|-w|--rcfile|--init-hook|-c|-C|--directory|--prefix|--pre|--require|-r|--loader|--import|--experimental-loader|--eval|-e)(=|$)|^[A-Z_]+=/;

/** A git command's arguments after its global options (`-C dir`, `-c k=v`, `--no-pager`, …), or `undefined` when not git. */
function gitArgs(command: FoundCommand): string[] | undefined {
  if (command.decodedName !== "git") return undefined;
  let index = 0;
  while (index < command.args.length) {
    const arg = command.args[index]!;
    if (arg === "-C" || arg === "-c" || arg === "--git-dir" || arg === "--work-tree" || arg === "--namespace") index += 2;
    else if (/^(--git-dir=|--work-tree=|--namespace=|--no-pager|-P|--paginate|-p|--bare|--no-replace-objects|--literal-pathspecs|--no-optional-locks)/.test(arg)) index += 1;
    else break;
  }
  return command.args.slice(index);
}

/** Why a command is read-only or a project check, or `undefined`. */
function allowReason(command: FoundCommand, context: RuleContext): string | undefined {
  if (command.name === null || command.dynamicArgs || command.code || command.opaqueCode || command.tooDeep) return undefined;
  // an assignment can change what any program does (GIT_EXTERNAL_DIFF, LD_PRELOAD, PATH, LESSOPEN, …)
  if (command.assignments.length > 0) return undefined;
  const argv = [command.name, ...command.args];
  if (command.args.some((arg) => CREDENTIALS.test(arg))) return undefined;
  // globbed or absolute reads outside the project can print secrets into the conversation
  if (command.args.some((arg) => (arg.startsWith("~") || arg.startsWith("$HOME") || arg.startsWith("/proc/")) && (command.globArgs || /[*?]/.test(arg) || arg.startsWith("/proc/")))) return undefined;
  if (command.name === "find") {
    return command.args.some((arg) => /^-(exec|execdir|ok|okdir|delete|fprint|fprint0|fprintf|fls)$/.test(arg)) ? undefined : "read-only";
  }
  if (command.name === "sed") return safeSed(command.args) ? "read-only" : undefined;
  if (command.name === "awk") return command.args.some((arg) => arg === "-f" || /getline|system\s*\(|[|>]|\bprint[f]?\s*>/.test(arg)) ? undefined : "read-only";
  if (command.name === "xxd") return command.args.includes("-r") ? undefined : "read-only";
  if (command.name === "uniq") return command.args.filter((arg) => !arg.startsWith("-")).length > 1 ? undefined : "read-only";
  if (NO_ARGUMENTS.has(command.name)) return command.args.length === 0 ? "read-only" : undefined;
  if (command.name === "git") {
    const git = gitArgs(command)!;
    if (git.length < command.args.length) return undefined;
    if (git.some((arg) => GIT_UNSAFE.test(arg))) return undefined;
    const sub = git[0] ?? "";
    if (GIT_READ.has(sub)) return "read-only";
    if (sub === "grep") return "read-only";
    if (sub === "branch" || sub === "tag") return git.slice(1).every((arg) => /^(-a|-r|-v|-vv|--list|-l|--all|--remotes|--show-current|--contains|--merged|--no-merged|--sort=.*)$/.test(arg)) ? "read-only" : undefined;
    if (sub === "remote") return git.slice(1).every((arg) => arg === "-v") ? "read-only" : undefined;
    if (sub === "stash") return git[1] === "list" && git.length === 2 ? "read-only" : undefined;
    // only a plain read: `git config --get KEY`, `--get-all KEY`, `--get-regexp RE`, `--list`
    if (sub === "config") return (git.length === 3 && /^(--get|--get-all|--get-regexp)$/.test(git[1]!) && !git[2]!.startsWith("-")) || (git.length === 2 && /^(--list|-l)$/.test(git[1]!)) ? "read-only" : undefined;
    return undefined;
  }
  if (READ_ONLY.has(command.name)) return command.args.some((arg) => UNSAFE_FLAGS[command.name!]?.test(arg)) ? undefined : "read-only";
  if (argv.length === 2 && /^(--version|-V|--help)$/.test(argv[1]!)) return "read-only";
  if (!commandAllowed(argv, CHECKS)) return undefined;
  // a check's extra arguments stay plain: no exec/output/config flags, no paths out of the project
  const extra = command.args.filter((arg) => CHECK_UNSAFE.test(arg) || arg.startsWith("/") || arg.startsWith("~") || arg.split("/").includes("..") || arg.includes("=/"));
  return extra.length === 0 && !command.args.some((arg) => isCriticalPath(arg, context.cwd)) ? "project check" : undefined;
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

/** A write that leaves the project, or lands in a folder that steers the agent or its guard. */
function writesOutside(command: FoundCommand): boolean {
  return command.redirects.some((redirect) => {
    if (!WRITES.test(redirect.operator)) return false;
    const target = redirect.target;
    if (target === "/dev/null" || /^\d+$|^-$/.test(target)) return false;
    if (target.startsWith("/") || target.startsWith("~") || target.includes("$") || target.split("/").includes("..")) return true;
    return /^(\.\/)?(\.hookjudge|\.git|\.claude)(\/|$)/.test(target);
  });
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
  for (const rule of LINE_DENY) {
    if (rule.test(line)) hits.push({ rule: rule.name, decision: "deny", command: line.source, reason: rule.reason });
  }
  for (const command of line.commands) {
    const text = commandText(command);
    const argv = [command.name ?? command.decodedName, ...command.args];
    const denied = DENY.find((rule) => rule.test(command, line, context));
    if (denied) {
      hits.push({ rule: denied.name, decision: "deny", command: text, reason: denied.reason });
      continue;
    }
    const projectDeny = commandAllowed(argv, project.deny ?? []);
    if (projectDeny) {
      hits.push({ rule: `project deny: ${projectDeny}`, decision: "deny", command: text, reason: `the project's rules deny ${projectDeny}` });
      continue;
    }
    const projectAsk = commandAllowed(argv, project.ask ?? []);
    if (projectAsk) {
      hits.push({ rule: `project ask: ${projectAsk}`, decision: "ask", command: text, reason: `the project's rules ask about ${projectAsk}` });
      continue;
    }
    if (writesOutside(command) || command.args.some((arg) => arg.startsWith("--output=") && /(^|\/)(\.hookjudge|\.git|\.claude)(\/|$)/.test(arg.slice(9)))) {
      undecided.push(text);
      continue;
    }
    if (command.tooDeep) {
      hits.push({ rule: "too-deep", decision: "ask", command: text, reason: "code nested deeper than hookjudge reads" });
      continue;
    }
    const projectAllow = command.name !== null && !command.dynamicArgs && command.assignments.length === 0 ? commandAllowed(argv, project.allow ?? []) : undefined;
    const builtIn = allowReason(command, context);
    if (projectAllow || builtIn) {
      hits.push({ rule: projectAllow ? `project allow: ${projectAllow}` : builtIn!, decision: "allow", command: text, reason: projectAllow ? "allowed by the project's rules" : builtIn! });
    } else {
      undecided.push(text);
    }
  }
  const deny = hits.find((hit) => hit.decision === "deny");
  if (deny) return { verdict: "deny", reason: `${deny.command}: ${deny.reason} (rule ${deny.rule})`, rule: deny.rule, hits, undecided };
  const ask = hits.find((hit) => hit.decision === "ask");
  if (ask) return { verdict: "ask", reason: `${ask.command}: ${ask.reason}`, rule: ask.rule, hits, undecided };
  if (line.errors.length > 0) return { verdict: "model", reason: `the line does not parse cleanly (${line.errors[0]})`, rule: null, hits, undecided: [...undecided, line.source] };
  if (line.commands.length > 0 && undecided.length === 0) return { verdict: "allow", reason: "every command is read-only or a project check", rule: hits[0]?.rule ?? "read-only", hits, undecided };
  return { verdict: "model", reason: undecided.length > 0 ? `no rule decides: ${undecided.join("; ")}` : "no command found", rule: null, hits, undecided };
}
