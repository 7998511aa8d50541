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
const CREDENTIALS = /(^|[\s=@:'"<])(?:[^\s]*\/)?(?:\.ssh(?:\/|$)|\.aws\/|\.env(?:\.[\w.-]+)?$|id_(?:rsa|dsa|ecdsa|ed25519)|[\w.-]+\.pem$|[\w.-]+\.key$|\.netrc|\.npmrc|\.pypirc|\.git-credentials|credentials(?:\.json)?$|\.kube\/config|\.docker\/config\.json|\/etc\/shadow|\.gnupg\/)/;
const RC_FILES = /(^|\/)(\.bashrc|\.bash_profile|\.bash_login|\.profile|\.zshrc|\.zprofile|\.zshenv|\.zlogin|config\.fish|authorized_keys|sudoers(\.d\/.*)?)$/;

/** True when a path (as written or decoded) names the root, the home folder, `.git`, a system folder or the project's parent. */
export function isCriticalPath(value: string): boolean {
  const path = value.replace(/^["']|["']$/g, "").replace(/\/+$/, "") || "/";
  if (["/", "/*", "~", "~/*", "$HOME", "${HOME}", "$HOME/*", "${HOME}/*", "..", "../*", "*/..", "/.", "/.."].includes(path)) return true;
  if (/^(~|\$HOME|\$\{HOME\})$/.test(path)) return true;
  if (/(^|\/)\.git$/.test(path)) return true;
  if (/^\.\.(\/\.\.)*$/.test(path)) return true;
  const bare = path.replace(/\/\*$/, "");
  return SYSTEM_ROOTS.includes(bare) || (bare.startsWith("/") && bare.split("/").length === 2 && bare.length > 1);
}

function recursive(command: FoundCommand): boolean {
  return command.args.some((arg) => RECURSIVE.test(arg));
}

function targets(command: FoundCommand): string[] {
  return [...command.args, ...command.argsText].filter((arg) => !arg.startsWith("-"));
}

interface Rule {
  name: string;
  reason: string;
  test(command: FoundCommand, line: LineAnalysis): boolean;
}

/** Per-command deny rules: no model can turn these into anything else. */
const DENY: Rule[] = [
  {
    name: "recursive-delete-critical",
    reason: "deletes the root, the home folder, .git, the project's parent or a system folder recursively",
    test: (command) =>
      (command.decodedName === "rm" && (recursive(command) || command.args.includes("--no-preserve-root")) && targets(command).some(isCriticalPath)) ||
      (command.findDeletes ?? []).some(isCriticalPath),
  },
  {
    name: "obfuscated-destructive",
    reason: "a command whose name is computed at run time, with recursive-delete arguments on a critical path",
    test: (command) => command.name === null && recursive(command) && targets(command).some(isCriticalPath),
  },
  {
    name: "disk-destroy",
    reason: "formats or overwrites a disk device",
    test: (command) =>
      /^mkfs(\..+)?$|^wipefs$|^fdisk$|^parted$|^sfdisk$/.test(command.decodedName) ||
      (command.decodedName === "dd" && command.args.some((arg) => /^of=\/dev\/(?!null$|zero$|stdout$|stderr$)/.test(arg))) ||
      (command.decodedName === "shred" && command.args.some((arg) => arg.startsWith("/dev/"))) ||
      command.redirects.some((redirect) => /^>/.test(redirect.operator) && /^\/dev\/(sd|hd|nvme|vd|xvd|disk|mmcblk)/.test(redirect.target)),
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
      if (command.decodedName !== "git" || command.args[0] !== "push") return false;
      const force = command.args.some((arg) => /^(-f|--force|--force-with-lease(=.*)?|-[a-zA-Z]*f[a-zA-Z]*)$/.test(arg));
      const refs = command.args.slice(1).filter((arg) => !arg.startsWith("-"));
      const main = (ref: string) => /(^|[:+/])(main|master)$/.test(ref);
      return refs.some((ref) => ref.startsWith("+") && main(ref)) || (force && refs.some(main));
    },
  },
  {
    name: "system-write",
    reason: "writes system configuration, sudoers, authorized_keys or a shell start-up file",
    test: (command) => {
      const sensitive = (path: string) => path.startsWith("/etc/") || path === "/etc" || RC_FILES.test(path);
      if (command.redirects.some((redirect) => /^(>|>>|>\||&>|&>>)$/.test(redirect.operator) && sensitive(redirect.target))) return true;
      const name = command.decodedName;
      const files = targets(command);
      if (name === "tee" || name === "visudo") return name === "visudo" || files.some(sensitive);
      if (["cp", "mv", "install", "ln", "rsync"].includes(name)) return files.length > 0 && sensitive(files.at(-1)!);
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
    test: (command) => ["chmod", "chown", "chgrp"].includes(command.decodedName) && recursive(command) && targets(command).slice(1).some(isCriticalPath),
  },
  {
    name: "interpreter-delete",
    reason: "an interpreter one-liner that deletes recursively outside the project",
    test: (command) => {
      const code = command.code?.text;
      if (!code) return false;
      const critical = /(['"`])(\/|~|\/home|\/etc|\/usr|\/var|\.\.)(\/?\*?)?\1|os\.path\.expanduser\(\s*['"]~['"]\s*\)|os\.homedir\(\)|Path\.home\(\)|process\.env\.HOME|\$ENV\{HOME\}|ENV\[['"]HOME['"]\]/;
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
      line.commands.some((command) => NETWORK.has(command.decodedName) && command.via.some((step) => step === "<(…)") && line.commands.some((other) => SHELL_RUNNERS.has(other.decodedName))),
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
    reason: "sends a credential file (keys, .env, cloud or registry credentials) to a network tool",
    test: (line) =>
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
    (command.decodedName === "base64" && args.some((arg) => /^(-d|--decode|-D)$/.test(arg))) ||
    (command.decodedName === "xxd" && args.includes("-r")) ||
    (command.decodedName === "openssl" && args.includes("-d")) ||
    ["uudecode", "gunzip", "zcat", "bunzip2", "xz", "rev"].includes(command.decodedName)
  );
}

const READ_ONLY = new Set([
  "ls", "cat", "head", "tail", "wc", "grep", "egrep", "fgrep", "rg", "ag", "ack", "tree", "stat", "file", "du", "df", "pwd", "echo", "printf",
  "which", "whereis", "type", "whoami", "id", "uname", "hostname", "date", "printenv", "sort", "uniq", "cut", "tr", "diff", "cmp", "comm",
  "basename", "dirname", "realpath", "readlink", "test", "[", "true", "false", "jq", "column", "nl", "seq", "less", "more", "md5sum", "sha1sum",
  "sha256sum", "shasum", "od", "hexdump", "strings", "ps", "pgrep", "free", "uptime", "nproc", "cal", "tac", "rev", "fold", "fmt", "paste",
  "join", "expand", "unexpand", "cd", "lsof", "groups", "locale", "tty", "sleep", "env",
]);
const GIT_READ = new Set(["status", "diff", "log", "show", "blame", "rev-parse", "ls-files", "ls-tree", "describe", "shortlog", "cat-file", "grep", "show-ref", "merge-base", "whatchanged", "name-rev", "count-objects", "help", "version", "--version"]);
const CHECKS = [
  "npm test *", "npm t *", "npm run test *", "npm run lint *", "npm run typecheck *", "npm run check *", "npm run build *", "npm ls *", "npm list *", "npm view *", "npm outdated *", "npm --version",
  "npx tsc --noEmit *", "npx vitest run *", "npx jest *", "npx eslint *", "npx prettier --check *", "tsc --noEmit *", "vitest run *", "jest *", "eslint *",
  "yarn test *", "yarn lint *", "pnpm test *", "pnpm lint *", "pnpm run test *", "bun test *",
  "pytest *", "python -m pytest *", "python3 -m pytest *", "ruff check *", "mypy *", "black --check *", "flake8 *",
  "cargo test *", "cargo check *", "cargo clippy *", "cargo build *", "go test *", "go vet *", "go build *", "make test *", "make check *", "make lint *",
  "mvn test *", "gradle test *", "./gradlew test *", "deno test *", "deno lint *", "deno check *", "node --version", "python --version", "python3 --version",
];

/** Why a command is read-only or a project check, or `undefined`. */
function allowReason(command: FoundCommand): string | undefined {
  if (command.name === null || command.dynamicArgs || command.code || command.opaqueCode) return undefined;
  const argv = [command.name, ...command.args];
  if ([...command.args].some((arg) => CREDENTIALS.test(arg))) return undefined;
  if (command.name === "find") {
    return command.args.some((arg) => /^-(exec|execdir|ok|okdir|delete|fprint|fprint0|fprintf|fls)$/.test(arg)) ? undefined : "read-only";
  }
  if (command.name === "sed") return command.args.some((arg) => /^-[a-zA-Z]*i|^--in-place/.test(arg)) || command.args.some((arg) => /(^|;)\s*[wWe]\b/.test(arg)) ? undefined : "read-only";
  if (command.name === "awk") return command.args.some((arg) => /system\s*\(|\|\s*"|>\s*"|print\s*>/.test(arg)) ? undefined : "read-only";
  if (command.name === "xxd") return command.args.includes("-r") ? undefined : "read-only";
  if (command.name === "git") {
    const sub = command.args[0] ?? "";
    if (GIT_READ.has(sub)) return "read-only";
    if (sub === "branch" || sub === "tag") return command.args.slice(1).every((arg) => /^(-a|-r|-v|-vv|--list|-l|--all|--remotes|--show-current|--contains|--merged|--no-merged|--sort=.*)$/.test(arg)) ? "read-only" : undefined;
    if (sub === "remote") return command.args.slice(1).every((arg) => arg === "-v") ? "read-only" : undefined;
    if (sub === "stash") return command.args[1] === "list" ? "read-only" : undefined;
    if (sub === "config") return command.args.slice(1).some((arg) => /^(--get|--get-all|--list|-l)$/.test(arg)) ? "read-only" : undefined;
    return undefined;
  }
  if (READ_ONLY.has(command.name)) return "read-only";
  if (argv.length === 2 && /^(--version|-V|--help)$/.test(argv[1]!)) return "read-only";
  return commandAllowed(argv, CHECKS) ? "project check" : undefined;
}

/** A redirection that writes outside the project (anything but `/dev/null` and relative paths without `..`). */
function writesOutside(command: FoundCommand): boolean {
  return command.redirects.some(
    (redirect) =>
      /^(>|>>|>\||&>|&>>)$/.test(redirect.operator) &&
      !(redirect.target === "/dev/null" || /^\d+$/.test(redirect.target) || (!redirect.target.startsWith("/") && !redirect.target.startsWith("~") && !redirect.target.split("/").includes("..") && !redirect.target.includes("$"))),
  );
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
export function applyRules(line: LineAnalysis, project: ProjectRules = {}): RuleResult {
  const hits: RuleHit[] = [];
  const undecided: string[] = [];
  for (const rule of LINE_DENY) {
    if (rule.test(line)) hits.push({ rule: rule.name, decision: "deny", command: line.source, reason: rule.reason });
  }
  for (const command of line.commands) {
    const text = commandText(command);
    const argv = [command.name ?? command.decodedName, ...command.args];
    const denied = DENY.find((rule) => rule.test(command, line));
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
    if (writesOutside(command)) {
      undecided.push(text);
      continue;
    }
    const projectAllow = command.name !== null && !command.dynamicArgs ? commandAllowed(argv, project.allow ?? []) : undefined;
    const builtIn = allowReason(command);
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
