import type { FoundCommand, LineAnalysis } from "../shell/analyze.js";
import { SECRET_NAME_SOURCE } from "../internal/secrets.js";
import { READ_VERBS } from "./inert.js";
import { protectedPathReason } from "./protect.js";
import { abbreviates } from "./options.js";
import { globToRegExp, isCriticalPath, resolveOperand, segmentMatches, type RuleContext } from "./paths.js";

/**
 * What a family found: its reason (decided as the family decides), or a reason with a milder
 * decision — a deny family asks where it reads the harm heuristically (code inside an interpreter's
 * source, text computed on the line) or where the command may do nothing at all.
 */
export type Finding = string | { reason: string; decision: "ask" };

/** A deny family's finding that a person should decide instead. */
export function asks(reason: string): Finding {
  return { reason, decision: "ask" };
}

/** A deny or ask rule: a named family, what it guards against, and its test. */
export interface RuleFamily {
  name: string;
  decision: "deny" | "ask";
  /** One line for `--explain` and the README. */
  summary: string;
  /** Why this command matched, or `undefined`. */
  command?(command: FoundCommand, line: LineAnalysis, context: RuleContext): Finding | undefined;
  /** Why the whole line matched (what flows between commands), or `undefined`. */
  line?(line: LineAnalysis, context: RuleContext): Finding | undefined;
}

export const NETWORK = new Set(["grpcurl", "websocat", "wscat", "httpx", "gsutil", "aws", "gcloud", "az", "curl", "wget", "fetch", "nc", "ncat", "netcat", "socat", "telnet", "http", "https", "xh", "aria2c", "scp", "sftp", "ftp", "rsync", "lftp", "ssh", "httpie", "curlie"]);
const SHELLS = new Set(["sh", "bash", "zsh", "dash", "ksh", "mksh", "fish", "ash", "csh", "tcsh", "busybox"]);
const INTERPRETERS = new Set(["python", "python2", "python3", "pypy", "node", "nodejs", "perl", "ruby", "php", "lua", "deno", "bun", "tclsh", "rscript", "osascript", "pwsh", "jshell", "groovy", "scala", "kotlin", "julia", "elixir", "erl", "irb", "ghci", "awk", "gawk", "expect", "wish", "cmd", "cmd.exe"]);
const RUNNERS = new Set([...SHELLS, ...INTERPRETERS, "eval", "source", "."]);
const END = "(?=$|[\\s)'\"`;|&,])";
/** Names and folders of credential files: keys, tokens, cloud logins, shell histories. */
const GATE_CREDENTIALS = new RegExp(
  `(^|[\\s=@:'"<(/])(?:\\.ssh(?:\\/|${END})|\\.aws(?:\\/|${END})|\\.azure(?:\\/|${END})|\\.config\\/gcloud|application_default_credentials\\.json|\\.env(?:\\.(?!example|sample|template|dist)[\\w.-]+)?${END}|\\.envrc${END}|id_(?:rsa|dsa|ecdsa|ed25519)|[\\w.-]+\\.(?:pem|key|p12|pfx|jks|keystore|tfstate(?:\\.backup)?|tfvars|kdbx|ovpn)${END}|\\.netrc|\\.npmrc|\\.yarnrc\\.yml|\\.pypirc|\\.pgpass|\\.my\\.cnf|\\.git-credentials|\\.vault-token|credentials(?:\\.json|\\.ya?ml)?${END}|secrets?\\.(?:json|ya?ml|toml)${END}|\\.kube\\/config|\\.docker\\/config\\.json|\\/etc\\/shadow|\\/etc\\/gshadow|\\.gnupg|\\.password-store|\\.config\\/gh\\/|\\.(?:bash|zsh|python|psql|mysql|node_repl|sqlite|irb|lesshst)_?history|\\/proc\\/[^/\\s]+\\/environ|keychain|\\.claude\\.json|\\.claude\\/\\.credentials|\\.boto${END}|admin\\.conf${END}|credentials\\.toml|auth\\.toml|auth\\.json${END}|glab-cli\\/config|\\.terraformrc|credentials\\.tfrc\\.json|\\.m2\\/settings\\.xml|gradle\\.properties|\\.config\\/hub${END}|\\.gem\\/credentials|\\.composer\\/auth|\\.config\\/op\\/|\\.authinfo|htpasswd|\\.s3cfg|\\.passwd-s3fs|\\.dockercfg|\\.config\\/rclone|\\.wrangler|\\.netlify\\/|\\.vercel\\/|\\.config\\/doctl|\\.oci\\/|\\.bluemix|\\.databrickscfg|\\.snowsql|\\.pulumi\\/credentials)`,
  "i",
);
// the verifier sandbox's list (src/internal/secrets.ts), as words of a command line; `.git` is a
// secret folder for the sandbox (tokens in remotes) but the gate has its own rules for it
// and bare words such as `secret` or `service-account` name files there but cloud resources in a
// command line (`aws secretsmanager … --secret-id my/secret`): the gate takes them with a file extension
const SHARED_CREDENTIALS = new RegExp(
  `(?:^|[\\s=@:'"<(/])(?:${SECRET_NAME_SOURCE.replace("|\\.git)", ")").replace("secrets?(?:\\.[^/\\\\]+)?", "secrets?\\.(?:json|ya?ml|toml|env|txt|ini|properties)").replace("service[-_]account[^/\\\\]*", "service[-_]account[^/\\\\\\s]*\\.json")})(?=$|[\\s)'"\`;|&,])`,
  "i",
);
/** Names and folders of credential files: the sandbox's list, and the gate's additions (cloud CLIs' logins, registries, keychains). */
export const CREDENTIALS = { test: (text: string): boolean => MAYBE_CREDENTIAL.test(text) && (GATE_CREDENTIALS.test(text) || SHARED_CREDENTIALS.test(text)) };
// every name in both lists has one of these: most words skip the two large expressions (which V8
// compiles on first use, milliseconds of a hook process's start-up)
const MAYBE_CREDENTIAL = /[._]|credential|secret|shadow|environ|keychain|passw|service-?account/i;
/** Base names a glob is tried against: a glob that could match one of these could read a secret. */
export const SECRET_SAMPLES = [".env", ".env.local", ".envrc", "id_rsa", "id_ed25519", "server.key", "cert.pem", "credentials", "credentials.json", "secrets.json", "secrets.yaml", "terraform.tfstate", "prod.tfvars", ".netrc", ".npmrc", ".pgpass", ".git-credentials", ".bash_history", ".zsh_history", ".ssh", ".aws", ".gnupg", "environ", "shadow", "keystore.jks", ".vault-token", ".my.cnf"];
/** An interpreter's delete call given the root or the home folder directly: `shutil.rmtree('/')`, `FileUtils.rm_rf(Dir.home)`, `fs.rmSync(os.homedir(), …)`. */
const DELETES_ROOT = /(rmtree|rm_rf|rm_r|rmSync|rimraf(\.sync)?|remove_tree|removedirs|rmdirSync|rm)\s*\(\s*(['"`](\/|~\/?|\/home\/?|\/etc\/?|\/usr\/?)['"`]|os\.path\.expanduser\(\s*['"]~\/?['"]\s*\)|(require\(['"](node:)?os['"]\)|os)\.homedir\(\)|Path\.home\(\)|Dir\.home|process\.env\.HOME|ENV\[['"]HOME['"]\]|\$ENV\{HOME\})\s*[,)]/;
/** Folders every system has: `rm` without `-r` and `unlink` cannot remove them. */
const FOLDER_ROOTS = /^(\/|\/(etc|usr|bin|sbin|lib|lib32|lib64|var|boot|dev|proc|sys|opt|root|home|srv|tmp|System|Library|Applications|Users|private)|~|\/home\/[^/]+|\/Users\/[^/]+)\/?$/;
/** A block device's name as the kernel gives it (a partial name such as `/dev/sd` is none). */
const DEVICE_NAME = /^\/dev\/((s|h|v|xv)d[a-z]+\d*|nvme\d+n\d+(p\d+)?|mmcblk\d+(p\d+)?|md\d+|md\/\S+|dm-\d+|loop\d+|mapper\/\S+|r?disk\d+(s\d+)?|nbd\d+(p\d+)?|pmem\d+(s|\.\d+)?|sr\d+|disk\/by-\S+|[\w-]+\/[\w-]+)$/;
const DISK = /^\/dev\/(sd|hd|nvme|vd|xvd|disk|rdisk|mmcblk|dm-|md|loop|mapper\/|nbd|sr)/;
/** Redirection operators that write: `>`, `>>`, `>|`, `&>`, `&>>`, `>&` (to a file), `<>`. */
export const WRITES = /^(>|>>|>\||&>|&>>|>&|<>)$/;
const RC_FILES = /(^|\/)(\.bashrc|\.bash_profile|\.bash_login|\.bash_logout|\.profile|\.zshrc|\.zprofile|\.zshenv|\.zlogin|\.zlogout|config\.fish|authorized_keys|authorized_keys2|\.inputrc|\.xprofile|\.xinitrc|\.pam_environment|sudoers(\.d\/.*)?|crontab|rc\.local)$/;
/** Folders of the gate itself, the host and git: a write there changes what the gate or git will do next. */
export const PROTECTED_FOLDERS = [".hookjudge", ".git", ".claude"];
const PROTECTED_HOME = /^~\/(\.nah(\/|$)|\.local\/bin\/(nah|dcg|dippy|hookjudge|cc-safety-net|safety-net)$|\.config\/(nah|dcg|dippy|safety-net|cc-safety-net)(\/|$)|\.dippy|\.safety-net|\.local\/state\/hookjudge|\.claude(\.json|\/|$)|\.config\/hookjudge|\.gitconfig$|\.config\/git\/)/;
/** The folders the guards' programs are installed in: changing their owner, mode or place breaks the guard. */
const GUARD_BIN_FOLDERS = /^~\/(\.local(\/bin)?|\.nah|\.config)\/?$/;
/** Paths that a glob written in a write's target could reach: a guard's settings. */
const GUARD_SAMPLES = ["~/.nah/config", "~/.nah/trust.json", "~/.claude/settings.json", "~/.claude.json", "~/.gitconfig", "~/.config/nah/config", "~/.config/hookjudge/rules.json", "~/.local/bin/nah", "~/.local/state/hookjudge/state", "~/.dippy/config", "~/.safety-net/config"];

/** A path in any user's home folder written as `~/…` (`/home/ana/.nah` is ana's `~/.nah`): a guard protects every user. */
function homeForm(path: string): string {
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

/** git settings that name a program to run, or redirect where git connects. */
const GIT_CODE_KEYS = /^(core\.(fsmonitor|pager|editor|sshcommand|hookspath|gitproxy|askpass|worktree|attributesfile|excludesfile)|diff\..*\.(textconv|command)|diff\.external|filter\..*|merge\..*\.driver|alias\..*|credential\..*|include\..*|includeif\..*|sequence\.editor|gpg\..*program|uploadpack\..*|receive\..*|pager\..*|web\.browser|browser\..*|man\..*|remote\..*\.(uploadpack|receivepack|proxy|url|pushurl)|url\..*|protocol\..*|safe\.directory|http\..*|ssh\..*|submodule\..*|interactive\.difffilter|difftool\..*|mergetool\..*|commit\.template|instaweb\..*)$/i;

const GIT_LONG: Record<string, string[]> = {
  reset: ["--hard", "--merge", "--keep", "--soft", "--mixed"],
  gc: ["--prune", "--aggressive", "--auto"],
  clean: ["--force", "--dry-run"],
  push: ["--force", "--mirror", "--delete", "--prune", "--force-with-lease", "--all", "--tags"],
  checkout: ["--force", "--discard-changes", "--orphan"],
  branch: ["--delete", "--force", "--move", "--copy"],
  reflog: ["--expire", "--all"],
};

/** A git long option spelled out: git's parse-options takes any unique prefix (`--h` for `--hard`). */
function expandGitLong(sub: string, arg: string): string {
  if (!arg.startsWith("--") || arg === "--") return arg;
  const equals = arg.indexOf("=");
  const written = equals === -1 ? arg : arg.slice(0, equals);
  const matches = (GIT_LONG[sub] ?? []).filter((name) => name.startsWith(written));
  return matches.length === 1 ? matches[0]! + (equals === -1 ? "" : arg.slice(equals)) : arg;
}

function gitLong(arg: string, full: string): boolean {
  const written = arg.split("=")[0]!;
  return written === full || (written.length >= 3 && written.startsWith("--") && full.startsWith(written));
}

/** The first `n` letters of `--recursive` and friends that GNU accepts as abbreviations. */
function longFlag(arg: string, name: string): boolean {
  return arg === `--${name}` || (arg.startsWith("--") && !arg.includes("=") && abbreviates(arg, `--${name}`, 3));
}

function recursive(command: FoundCommand): boolean {
  return command.args.some((arg) => /^-[a-zA-Z]*[rR][a-zA-Z]*$/.test(arg) || longFlag(arg, "recursive"));
}

function forced(command: FoundCommand): boolean {
  return command.args.some((arg) => /^-[a-zA-Z]*f[a-zA-Z]*$/.test(arg) || longFlag(arg, "force"));
}

/** Non-option words, as decoded and as written (`$HOME`, `~` kept). */
function operands(command: FoundCommand): string[] {
  const values = command.args.filter((arg) => !arg.startsWith("-") || arg === "-");
  const written = command.argsText.filter((arg) => !arg.startsWith("-"));
  return [...new Set([...values, ...written])];
}

/** Where an operand lands, for critical-path tests: resolved through the command's working folder. */
function landing(value: string, command: FoundCommand, context: RuleContext): string[] {
  const resolved = resolveOperand(value, command, context);
  return resolved === null ? [value] : [value, resolved];
}

function critical(value: string, command: FoundCommand, context: RuleContext): boolean {
  const base = context.projectDir ?? context.cwd;
  return landing(value, command, context).some((path) => isCriticalPath(path, base));
}

/** The arguments of a git command after its global options, and the subcommand. */
export function gitWords(command: FoundCommand): { globals: string[]; sub: string; rest: string[] } | undefined {
  if (command.decodedName !== "git") return undefined;
  let index = 0;
  while (index < command.args.length) {
    const arg = command.args[index]!;
    if (arg === "-C" || arg === "-c" || arg === "--git-dir" || arg === "--work-tree" || arg === "--namespace" || arg === "--exec-path" || arg === "--config-env") index += 2;
    else if (arg.startsWith("-")) index += 1;
    else break;
  }
  return { globals: command.args.slice(0, index), sub: command.args[index] ?? "", rest: command.args.slice(index + 1) };
}

/** Every path a command writes to (redirections and write-program operands), as written. */
export function writeTargets(command: FoundCommand): string[] {
  const targets = command.redirects.filter((redirect) => WRITES.test(redirect.operator) && !/^\d+$|^-$/.test(redirect.target)).map((redirect) => redirect.target);
  const name = command.decodedName;
  const words = operands(command).filter((word) => command.args.includes(word));
  // `git init DIR`, `git clone URL DIR` write a repository (its config and hooks) into DIR
  const git = name === "git" ? gitWords(command) : undefined;
  if (git && (git.sub === "init" || git.sub === "clone")) {
    const folders = git.rest.filter((arg, index) => !arg.startsWith("-") && !/^(--template|--separate-git-dir|-b|--branch|--origin|-o|--depth|--reference|-c|--config|--shallow-since|--filter|-u|--upload-pack|--object-format|--initial-branch)$/.test(git.rest[index - 1] ?? ""));
    targets.push(...(git.sub === "init" && folders.length === 0 ? ["."] : folders.slice(git.sub === "init" ? 0 : 1, git.sub === "init" ? 1 : 2)));
  }
  const option = (short: string, long: string) =>
    command.args.flatMap((arg, index) => (arg === short || arg === `--${long}` ? [command.args[index + 1] ?? ""] : arg.startsWith(`--${long}=`) ? [arg.slice(long.length + 3)] : arg.startsWith(short) && arg.length > 2 && short.length === 2 ? [arg.slice(2)] : []));
  switch (name) {
    case "cp":
    case "install":
    case "ln":
    case "rsync":
    case "scp": {
      const into = option("-t", "target-directory");
      return [...targets, ...into, ...(into.length === 0 ? words.slice(-1) : [])];
    }
    case "mv":
    case "rm":
    case "rmdir":
    case "unlink":
    case "shred":
    case "touch":
    case "tee":
    case "truncate":
    case "mkdir":
    case "mkfifo":
    case "mknod":
      return [...targets, ...words, ...option("-t", "target-directory")];
    case "chmod":
    case "chown":
    case "chgrp":
    case "chattr":
    case "setfacl":
      return [...targets, ...words.slice(1)];
    case "dd":
      return [...targets, ...command.args.filter((arg) => arg.startsWith("of=")).map((arg) => arg.slice(3))];
    case "sed":
    case "perl":
    case "ruby":
      return command.args.some((arg) => /^-[a-zA-Z]*i/.test(arg) || arg.startsWith("--in-place")) ? [...targets, ...words] : targets;
    case "tar":
    case "unzip":
    case "bsdtar":
      return [...targets, ...option("-C", "directory"), ...option("-d", "directory")];
    case "ed":
    case "ex":
    case "vim":
    case "vi":
    case "nvim":
    case "nano":
    case "emacs":
    case "gawk":
      return [...targets, ...words];
    case "patch":
      return [...targets, ...words, ...option("-o", "output")];
    // binary editors rewrite their file in place, or write the output they are given
    case "objcopy":
      return [...targets, ...words.slice(-1)];
    case "strip":
      return [...targets, ...(option("-o", "output").length > 0 ? option("-o", "output") : words)];
    case "patchelf":
    case "install_name_tool":
    case "codesign":
      return [...targets, ...words.slice(-1)];
    case "sort":
    case "tree":
    case "git":
    case "jq":
    case "yq":
    case "curl":
    case "wget":
      return [...targets, ...option("-o", "output"), ...(name === "wget" ? option("-O", "output-document") : []), ...command.args.filter((arg) => /^--(output|out|output-document|log-file)=/.test(arg)).map((arg) => arg.slice(arg.indexOf("=") + 1))];
    default:
      return targets;
  }
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

/** A glob some segment of which could expand to a credential's name (`.en?`, `.ss[h]`, `*.pem`, `id_*`). */
export function globCouldMatchSecret(glob: string): boolean {
  return glob.split("/").some((segment) => {
    if (!/[*?[]/.test(segment)) return false;
    const pattern = globToRegExp(segment);
    const prefix = segment.slice(0, segment.search(/[*?[]/)).toLowerCase();
    return SECRET_SAMPLES.some((sample) => pattern.test(sample) || (prefix.length >= 2 && sample.startsWith(prefix)));
  });
}

/** The project's own .git, .hookjudge or .claude (or anything in them), or hookjudge's state. */
function ownGuardPath(path: string, command: FoundCommand, context: RuleContext): boolean {
  const base = context.projectDir ?? context.cwd;
  const resolved = resolveOperand(path, command, context);
  if (resolved === null) return segmentMatches(path, [".hookjudge", ".claude"]) || /^\.\/?\.git(\/|$)|^\.git(\/|$)/.test(path);
  if (PROTECTED_HOME.test(resolved) || PROTECTED_HOME.test(homeForm(resolved)) || globCouldMatchGuard(resolved) || /(^|\/)\.local\/state\/hookjudge(\/|$)/.test(resolved)) return true;
  if (!resolved.startsWith(base + "/")) return false;
  const inside = resolved.slice(base.length + 1);
  return segmentMatches(inside.split("/")[0]!, PROTECTED_FOLDERS) || segmentMatches(inside, [".hookjudge", ".claude"]);
}

/** A network tool's words, less the key and certificate files it authenticates with (`ssh -i key.pem`, `curl --cert c.pem`). */
function sentWords(command: FoundCommand): string[] {
  const identity = command.decodedName === "curl" ? /^(-E|--cert|--key|--cacert|--capath|--proxy-cert|--proxy-key|--proxy-cacert|--crlfile|--pinnedpubkey|-o|--output|-D|--dump-header|-c|--cookie-jar|--trace|--trace-ascii|--stderr|--etag-save|--output-dir)$/ : /^(-i|-E|--cert|--key|--cacert|--capath|--proxy-cert|--proxy-key|--proxy-cacert|--crlfile|--pinnedpubkey|--certificate|--private-key|--ca-certificate)$/;
  return command.args.filter((arg, index) => !identity.test(arg) && !identity.test(command.args[index - 1] ?? "") && !/^--(cert|key|cacert|certificate|private-key|ca-certificate)=/.test(arg));
}

const DESTROY_VERBS = /^(del|delete|destroy|remove|rm|rb|rmi|rmdir|purge|prune|terminate|drop|flush|flushall|flushdb|truncate|wipe|uninstall|erase|deregister|revoke|kill|nuke|reset|down|clean|cleanup|scale-to-zero|teardown|undeploy|unpublish|deprecate|forget|compact|rdelete|repo-delete|deletefile|delete-all|evict|expunge|obliterate|shred|unregister|decommission|retire|abort|takedown|offboard|disable|rotate)$|^(delete|destroy|remove|terminate|drop|purge|deregister|disable|detach|revoke|cancel|stop|wipe)-|^--(force-delete|delete|purge|prune|destroy)$/i;
const CLOUD = new Set(["aws", "gcloud", "gsutil", "bq", "az", "kubectl", "oc", "helm", "terraform", "tofu", "terragrunt", "pulumi", "docker", "podman", "docker-compose", "nerdctl", "heroku", "flyctl", "fly", "vercel", "netlify", "firebase", "doctl", "linode-cli", "oci", "ibmcloud", "eksctl", "gh", "glab", "supabase", "wrangler", "railway", "serverless", "sls", "cdk", "vault", "consul", "nomad", "minikube", "kind", "k3d", "openstack", "rclone", "s3cmd", "mc", "cf", "ansible", "kubeadm", "virsh", "vagrant", "multipass", "lxc", "incus", "ctr", "crictl", "skaffold", "argocd", "flux", "istioctl", "linkerd", "kustomize", "sam", "amplify", "copilot", "ecs-cli", "hcloud", "scw", "exoscale", "upctl", "vultr-cli", "civo", "stripe", "twilio", "auth0", "okta", "npm", "yarn", "pnpm", "cargo", "gem", "twine", "pip", "conda", "brew", "apt", "apt-get", "dnf", "yum", "pacman", "snap", "flatpak", "redis-cli", "etcdctl", "consul", "zfs", "zpool", "lvm", "btrfs", "git-lfs", "dvc", "mlflow", "databricks", "snowsql", "dbt", "prisma", "supabase", "neonctl", "planetscale", "pscale", "turso", "fauna", "mongocli", "atlas", "cloudflared", "tailscale", "ngrok", "gcloud", "kn", "tkn", "velero", "rancher", "k9s", "mysqladmin", "dropdb", "dropuser", "pg_ctl", "influx", "cqlsh", "nodetool", "rabbitmqctl", "rabbitmqadmin", "kafka-topics", "kafka-topics.sh", "elasticsearch", "curator", "mongo", "mongosh", "psql", "mysql", "mariadb", "sqlite3", "sqlcmd", "clickhouse-client", "duckdb", "cockroach", "trino", "presto"]);
/** More verbs that remove or undo something where a subcommand stands: `ldcli flags archive`, `az acr repository untag`, `stripe api_keys roll`, `rclone dedupe`. */
const MORE_DESTROY_VERBS = /^(archive|untag|unset|roll|break-lock|recreate|dedupe|cancel|clear|move|moveto|rmdirs|unbind|unassign|unpublish|unregister|unprotect)$/i;
/** A program named for what it removes: `kafka-delete-records`, `git-delete-merged`, `drop-db`. */
const DESTROY_NAME = /[-_](delete|remove|destroy|purge|drop|wipe|truncate|erase)([-_.]|$)|^(delete|remove|destroy|purge|drop|wipe|truncate|erase)[-_]/;

/** Subcommands and flags of particular tools that delete, overwrite or stop what they manage. */
const TOOL_DESTROYS: Record<string, (args: string[], words: string[]) => string | undefined> = {
  // deck sync deletes every gateway entity missing from its state file
  deck: (_args, words) => (words.slice(0, 2).includes("sync") ? "deck sync deletes gateway entities missing from the state file" : undefined),
  rclone: (args, words) => (/^(sync|bisync|move|moveto|dedupe|delete|deletefile|purge|rmdir|rmdirs|cleanup)$/.test(words[0] ?? "") && !args.some((arg) => /^(--dry-run|-n)$/.test(arg)) ? `rclone ${words[0]} deletes or moves files at the destination` : undefined),
  gsutil: (args, words) => (words.includes("rsync") && args.some((arg) => /^-[a-zA-Z]*d[a-zA-Z]*$/.test(arg)) ? "gsutil rsync -d deletes destination objects missing from the source" : undefined),
  gcloud: (args, words) => (words.includes("rsync") && args.some((arg) => /^--delete-unmatched-destination-objects$/.test(arg)) ? "gcloud storage rsync deletes destination objects" : undefined),
  fastly: (_args, words) => (words.some((word) => /^(activate|deactivate)$/.test(word)) ? "fastly activates or deactivates a service version in production" : undefined),
  nsupdate: (args) => (args.some((arg) => /^(-V|--version|-h)$/.test(arg)) ? undefined : "nsupdate changes DNS records"),
  nginx: (args) => (args.some((arg, index) => (arg === "-s" && /^(stop|quit)$/.test(args[index + 1] ?? "")) || /^-s(stop|quit)$/.test(arg)) ? "nginx -s stop/quit stops the server" : undefined),
  haproxy: (args) => (args.some((arg) => /^-s[ft]$/.test(arg)) ? "haproxy -sf/-st stops the running processes" : undefined),
  "ssh-add": (args) => (args.some((arg) => /^-[a-zA-Z]*[dD][a-zA-Z]*$/.test(arg)) ? "ssh-add -d/-D removes keys from the agent" : undefined),
  "ssh-keygen": (args) => (args.includes("-R") ? "ssh-keygen -R removes a host's key from known_hosts" : undefined),
  gh: (_args, words) => ((words[0] === "workflow" && words[1] === "disable") || (words[0] === "run" && /^(cancel|delete)$/.test(words[1] ?? "")) || (words[0] === "cache" && words[1] === "delete") ? `gh ${words[0]} ${words[1]} stops or deletes CI work` : undefined),
};

/** Interpreter code calling a client method that deletes: `client.deleteIndex(…)`, `index.clearObjects()`, `db.dropDatabase()`. */
const DESTROY_METHOD = /\.(?:delete|drop|clear|destroy|purge|remove|truncate|wipe|flush)(?:All|Index|Indices|Objects?|Tables?|Database|Collection|Bucket|Records?|Many|Documents?|Keys?|Queue|Topic|Cluster|Instance|Users?|Project|Repo\w*|Branch|Files?|Folder|Directory|Rules|Synonyms|Stream|Namespace|Secret|Customer|Subscription|Account)\w*\s*\(/;

/** Programs whose words look like subcommands but only read or print. */
const NOT_TOOLS = new Set(["echo", "printf", "grep", "egrep", "rg", "ag", "cat", "ls", "man", "help", "which", "type", "head", "tail", "less", "more", "wc", "sort", "uniq", "tr", "sed", "awk", "jq", "find", "fd", "git", "test", "[", "true", "false", "diff", "file", "stat", "tree", "basename", "dirname", "date", "sleep", "xargs", "tldr", "apropos", "whatis", "info", "cd", "pwd", "touch", "mkdir", "cp", "mv", "ln", "rm", "rmdir", "make", "npm", "npx", "yarn", "pnpm", "cargo", "go", "pytest", "python", "python3", "node", "ruby", "perl", "bash", "sh", "zsh", "code", "vim", "nano", "emacs", "open", "say", "fzf", "history", "alias", "unset", "export", "set", "read", "exit", "return", "wait", "jobs", "kill", "pkill", "killall", "time", "timeout", "watch", "env", "sudo", "nohup", "nice", "printenv", "base64", "openssl", "ssh-add", "gpg", "tar", "zip", "unzip", "gzip", "gunzip", "docker", "kubectl", "helm"]);

const DATABASES = new Set(["psql", "mysql", "mariadb", "sqlite3", "sqlcmd", "mongosh", "mongo", "clickhouse-client", "clickhouse", "duckdb", "cockroach", "redis-cli", "cqlsh", "trino", "presto", "snowsql", "bq", "spanner-cli", "usql", "pgcli", "mycli", "litecli", "influx", "sqlplus", "isql", "db2", "hive", "beeline", "spark-sql", "impala-shell", "valkey-cli", "keydb-cli", "memtier_benchmark", "dropdb", "dropuser"]);
const DESTRUCTIVE_SQL = /\b(drop\s+(database|table|schema|index|user|role|view|collection|keyspace|materialized|function|procedure|trigger|sequence|extension|owned|tablespace)|truncate(\s+table)?\s+[`"\w]|delete\s+from\s+[`"\w.]+\s*(;|$|--|'|")|alter\s+table\s+\S+\s+drop|flushall|flushdb|dropdatabase\s*\(|\.drop\s*\(|deletemany\s*\(\s*\{\s*\}\s*\)|\bdel\s+\S|update\s+[`"\w.]+\s+set\s+(?:(?!\bwhere\b).)*$|grant\s+all|revoke\s+|shutdown\b|config\s+set|script\s+flush|cluster\s+reset|debug\s+segfault|swapdb|db\.\w+\.remove\s*\(|deleteone|db\.dropuser|rm\s+-r)/i;

function lowerArgs(command: FoundCommand): string[] {
  return command.args.map((arg) => arg.toLowerCase());
}

const DECODES = (command: FoundCommand): boolean => {
  const args = command.args;
  return (
    (command.decodedName === "base64" && args.some((arg) => /^(-[a-zA-Z]*[dD][a-zA-Z]*|--decode)$/.test(arg))) ||
    (command.decodedName === "base32" && args.some((arg) => /^(-[a-zA-Z]*d[a-zA-Z]*|--decode)$/.test(arg))) ||
    (command.decodedName === "xxd" && args.some((arg) => /^-[a-z]*r/.test(arg))) ||
    (command.decodedName === "openssl" && args.includes("-d")) ||
    ["uudecode", "gunzip", "zcat", "bunzip2", "bzcat", "xz", "unxz", "xzcat", "zstd", "unzstd", "rev", "tr", "gpg"].includes(command.decodedName) ||
    (command.decodedName === "printf" && command.args.some((arg) => /\\x[0-9a-f]{2}|\\[0-7]{3}/i.test(arg))) ||
    (command.decodedName === "echo" && command.args.some((arg) => /^-[a-zA-Z]*e/.test(arg)))
  );
};

/** Reads its code from standard input: `sh`, `bash -s`, `python -`, a bare interpreter. */
export function runsStdin(command: FoundCommand): boolean {
  if (command.shellReadsStdin === true) return true;
  if (command.decodedName === "eval" || command.decodedName === "source" || command.decodedName === ".") return true;
  if (INTERPRETERS.has(command.decodedName)) return !command.code && !command.args.some((arg) => /^-[a-zA-Z]*m/.test(arg) || arg === "--version" || arg === "-V") && command.args.filter((arg) => !arg.startsWith("-") || arg === "-").every((arg) => arg === "-");
  // `… | xargs sh -c`, `… | parallel bash -c {}`: the input becomes code
  if ((command.via.includes("xargs") || command.via.includes("parallel")) && (SHELLS.has(command.decodedName) || INTERPRETERS.has(command.decodedName))) return true;
  return false;
}

/** Whether a network command prints what it fetches (`wget URL` and `curl -o F` write a file, `nc -z` only scans, `http --offline` sends nothing). */
function printsBody(command: FoundCommand): boolean {
  const args = command.args;
  switch (command.decodedName) {
    case "wget":
      return args.some((arg, index) => /^(-[a-zA-Z]*O-|--output-document=-)$/.test(arg) || (/^(-[a-zA-Z]*O|--output-document)$/.test(arg) && args[index + 1] === "-"));
    case "curl":
      return !args.some((arg, index) => /^(-[a-zA-Z]*O[a-zA-Z]*|--remote-name(-all)?|-J|--remote-header-name)$/.test(arg) || (/^(-o|--output)$/.test(arg) && args[index + 1] !== "-") || (/^-o./.test(arg) && arg !== "-o-") || (/^--output=/.test(arg) && arg !== "--output=-"));
    case "http":
    case "https":
    case "xh":
      return !args.some((arg) => /^(--download|-d|--offline)$/.test(arg));
    case "nc":
    case "ncat":
    case "netcat":
      return !args.some((arg) => /^-[a-zA-Z]*z/.test(arg));
    default:
      return true;
  }
}

/** Whether a network command reads its standard input (so what is piped into it is sent). */
function readsStdin(command: FoundCommand): boolean {
  const args = command.args;
  switch (command.decodedName) {
    case "curl":
      return args.some((arg) => arg === "-" || /(@|<)-$|^--?[\w-]*=-$|^-[a-zA-Z]*[dTK]-$/.test(arg));
    case "wget":
      return args.some((arg, index) => /^(-i|--input-file|--post-file|--body-file)$/.test(arg) ? /^(-|\/dev\/stdin)$/.test(args[index + 1] ?? "") : /^(-i-|--(input-file|post-file|body-file)=(-|\/dev\/stdin))$/.test(arg));
    case "ssh":
      return !args.some((arg) => /^-[a-zA-Z]*[nf][a-zA-Z]*$/.test(arg) && !/^-[a-zA-Z]*[oipFlLRDwJWbcEeIimQS]/.test(arg));
    default:
      return true;
  }
}

/** `… | xargs sh -c 'fixed script'`: the input becomes the script's arguments, which it never reads as code. */
function fixedScript(command: FoundCommand): boolean {
  if (!(command.via.includes("xargs") || command.via.includes("parallel")) || !SHELLS.has(command.decodedName)) return false;
  const script = command.args[command.args.indexOf("-c") + 1];
  return command.args.includes("-c") && script !== undefined && !/\$[@*#0-9{]|\{\}|\beval\b|\bsource\b|(^|[\s;|&])\.\s/.test(script);
}

/** A shell started with `-n` (or `-o noexec`) reads its code without running it: options before the first operand only. */
function noExec(command: FoundCommand): boolean {
  if (!SHELLS.has(command.decodedName)) return false;
  for (const [index, arg] of command.args.entries()) {
    if (arg === "-o" && command.args[index + 1] === "noexec") return true;
    if (!/^-[a-zA-Z]+$/.test(arg)) return false;
    if (arg.includes("n")) return true;
    if (arg.includes("c") || arg.includes("o")) return false;
  }
  return false;
}

/** What a pipe of `source` into a later stage that runs its input amounts to: certain (deny), or a person should look (ask). */
function pipedIntoCode(stages: FoundCommand[], source: (stage: FoundCommand) => boolean, surely: (stage: FoundCommand) => boolean, reason: string): Finding | undefined {
  let finding: Finding | undefined;
  for (const [index, stage] of stages.entries()) {
    if (!source(stage)) continue;
    for (const later of stages.slice(index + 1)) {
      if (!runsStdin(later)) continue;
      if (surely(stage) && !noExec(later) && !fixedScript(later)) return reason;
      finding ??= asks(`${reason}, though it may run nothing (${noExec(later) ? "the shell only checks syntax" : fixedScript(later) ? "the input only becomes the script's arguments" : "the command may print nothing"})`);
    }
  }
  return finding;
}

/** The base names of the files a download writes: `-o FILE`, `> FILE`, `tee FILE`, wget's and `curl -O`'s name from the URL. */
function downloads(command: FoundCommand): string[] {
  const names = writeTargets(command);
  const url = command.args.find((arg) => /^[a-z]+:\/\/|^[\w.-]+\.[a-z]{2,}\//i.test(arg));
  if (url && (command.decodedName === "wget" || command.args.some((arg) => /^(-[a-zA-Z]*O|--remote-name)$/.test(arg)))) names.push(url.replace(/[?#].*$/, "").replace(/\/+$/, ""));
  return names.map((name) => name.replace(/^.*\//, "")).filter(Boolean);
}

/** Runs a file as code: `bash x.sh`, `python x.py`, `./x`, `source x`. */
function runsFile(command: FoundCommand): boolean {
  if (command.byPath) return true;
  if (RUNNERS.has(command.decodedName)) return command.args.some((arg) => !arg.startsWith("-"));
  return false;
}

/** Whether a program given as text (`/bin/sh -i`, `env -u X python`) is a shell or interpreter, or could be one. */
function runsCode(text: string): boolean {
  if (/[;&|`$<>(]/.test(text)) return true;
  const words = text.replace(/["']/g, " ").trim().split(/\s+/);
  let index = 0;
  while (index < words.length && (/^(env|nice|nohup|stdbuf|timeout|setsid|exec|command|sudo|doas)$/.test(words[index]!.replace(/^.*\//, "")) || /^-|^\d+$|^\w+=/.test(words[index]!))) index++;
  const program = (words[index] ?? "").replace(/^.*\//, "");
  return program === "" || RUNNERS.has(program.replace(/\d+(\.\d+)*$/, "")) || RUNNERS.has(program);
}

/** Interpreter string escapes decoded (`\x{2f}`, `\x2f`, `\057`, `\u002f`), so a path cannot hide behind them; strings that keep their backslashes (Python's r"…", Perl's and Ruby's '…') are left out. */
function decodeEscapes(text: string, interpreter: string): string {
  if (!text.includes("\\")) return text;
  const raw = /^(python\d*|pypy)$/.test(interpreter) ? /\b[rR][bB]?(["'])(?:(?!\1).)*\1/g : /^(perl|ruby|php)$/.test(interpreter) ? /'[^']*'/g : undefined;
  return (raw ? text.replace(raw, "''") : text)
    .replace(/\\x\{([0-9a-fA-F]{1,6})\}|\\u\{([0-9a-fA-F]{1,6})\}/g, (_, hex?: string, unicode?: string) => String.fromCodePoint(Number.parseInt(hex ?? unicode!, 16) % 0x110000))
    .replace(/\\x([0-9a-fA-F]{2})|\\u([0-9a-fA-F]{4})/g, (_, hex?: string, unicode?: string) => String.fromCharCode(Number.parseInt(hex ?? unicode!, 16)))
    .replace(/\\([0-7]{3})/g, (_, octal: string) => String.fromCharCode(Number.parseInt(octal, 8) & 0xff));
}

const MUTATES_FOLDER = "rename|replace|chmod|chown|lchown|remove|unlink|rmtree|rmdir|removedirs|move|symlink|rm_r|rm_rf|rm|chmodSync|chownSync|renameSync|rmSync|rmdirSync|unlinkSync|mv";
const GUARD_FOLDER_PATH = String.raw`(["'])[^"'\n]*(?:\.local\/bin|\/\.nah|\/\.claude)\/?\1`;
const GUARD_FOLDER_CALLS = [new RegExp(String.raw`\b(?:${MUTATES_FOLDER})\s*\(\s*(?:Path\(\s*)?${GUARD_FOLDER_PATH}`), new RegExp(String.raw`Path\(\s*${GUARD_FOLDER_PATH}\s*\)\s*\.\s*(?:${MUTATES_FOLDER})\b`)];
const GUARD_FOLDER_ASSIGNMENT = new RegExp(String.raw`\b([A-Za-z_]\w*)\s*=\s*(?:Path\(\s*)?(["'])[^"'\n]*(?:\.local\/bin|\/\.nah|\/\.claude)\/?\2`, "g");
/**
 * Interpreter code that moves, deletes or changes the mode or owner of a folder holding a guard's
 * program (`~/.local/bin`, `~/.nah`): the path given straight to the call, through `Path(…)`, or
 * through a variable it was assigned to.
 */
function changesGuardFolder(source: string): boolean {
  if (!/\.local\/bin|\/\.nah|\/\.claude/.test(source)) return false;
  if (GUARD_FOLDER_CALLS.some((call) => call.test(source))) return true;
  for (const match of source.matchAll(GUARD_FOLDER_ASSIGNMENT)) {
    const name = match[1]!;
    if (new RegExp(String.raw`\b(?:${MUTATES_FOLDER})\s*\(\s*${name}\b|\b${name}\s*\.\s*(?:${MUTATES_FOLDER})\b`).test(source)) return true;
  }
  return false;
}

function code(command: FoundCommand): string {
  return command.code?.text ?? "";
}

/**
 * The deny and ask families. Their union covers what the peer guards block (see
 * docs/peer-differences.md for the cases where hookjudge decides otherwise, and why).
 */
export const FAMILIES: RuleFamily[] = [
  {
    name: "destructive-delete",
    decision: "deny",
    summary: "recursive or forced deletes of the root, the home folder, system folders, the project's parents or its .git — through cd, find (with -L/-H/-P), GNU abbreviations and interpreters",
    command: (command, _line, context) => {
      const name = command.decodedName;
      if (name === "rm" || (command.name === null && (recursive(command) || forced(command)))) {
        const wide = recursive(command) || command.args.includes("--no-preserve-root") || forced(command);
        const hit = operands(command).find((path) => critical(path, command, context) && (wide || /^(~|\$HOME|\/)/.test(path) === false ? wide : false));
        if (hit && wide) {
          // without -r, rm cannot remove a folder; a top-level folder hookjudge does not know may be anything
          if (!recursive(command) && !command.args.includes("--no-preserve-root") && landing(hit, command, context).some((path) => FOLDER_ROOTS.test(path))) return asks(`rm without -r of the folder ${hit} (it removes nothing)`);
          if (!command.globWords?.includes(hit) && landing(hit, command, context).every((path) => /^\/[^/]+\/?$/.test(path) && !FOLDER_ROOTS.test(path))) return asks(`removes the top-level folder ${hit}`);
          return `removes ${hit}`;
        }
      }
      if (name === "find") {
        const starts: string[] = [];
        for (const arg of command.args) {
          if (/^-[HLP]$|^-O\d$|^-D$/.test(arg)) continue;
          if (arg.startsWith("-") || arg === "(" || arg === "!") break;
          starts.push(arg);
        }
        if (starts.length === 0) starts.push(".");
        const deletes = command.args.includes("-delete") || command.args.some((arg, index) => /^-(exec|execdir|ok|okdir)$/.test(arg) && /^(rm|shred|unlink|rmdir|mv|truncate|chown|chmod|chgrp|dd|sh|bash)$/.test((command.args[index + 1] ?? "").replace(/^.*\//, "")));
        const hit = starts.find((path) => critical(path, command, context));
        if (deletes && hit) return `find deletes under ${hit}`;
      }
      if (["rmdir", "shred", "unlink", "srm", "wipe"].includes(name)) {
        const hit = operands(command).find((path) => critical(path, command, context) && !/^-/.test(path));
        if (hit && name === "unlink" && landing(hit, command, context).some((path) => FOLDER_ROOTS.test(path))) return asks(`unlink of the folder ${hit} (it removes nothing)`);
        if (hit && (name !== "rmdir" || recursive(command))) return `${name} of ${hit}`;
        if (name === "shred" && operands(command).some((path) => CREDENTIALS.test(path) || /^(~|\$HOME)/.test(path))) return "shreds files in the home folder";
      }
      const dryRun = command.args.some((arg) => /^(--dry-run|--list-only|-[a-zA-Z]*n[a-zA-Z]*)$/.test(arg));
      if ((name === "rsync" && !dryRun && command.args.some((arg) => /^--(delete|remove-source)/.test(arg))) || (name === "rclone" && !dryRun && ["purge", "delete", "sync", "move"].includes(command.args[0] ?? ""))) {
        const target = operands(command).find((path) => critical(path, command, context));
        if (target) return `${name} deletes under ${target}`;
      }
      const source = code(command);
      if (source) {
        const criticalText = /(['"`])(\/|~|~\/|\/home|\/etc|\/usr|\/var|\.\.)(\/?\*?)?\1|os\.path\.expanduser\(\s*['"]~['"]\s*\)|os\.homedir\(\)|Path\.home\(\)|Dir\.home|File\.expand_path\(['"]~|process\.env\.HOME|\$ENV\{HOME\}|ENV\[['"]HOME['"]\]|chr\(47\)|getenv\(\s*['"]HOME/;
        const deletes = /rmtree|rm_rf|rm_r\b|FileUtils\.rm|\.rmSync|\.rm\s*\(|rmdirSync|rimraf|remove_tree|unlink|os\.remove|os\.rmdir|os\.removedirs|Path\([^)]*\)\.(unlink|rmdir)|shutil\.move|os\.system|subprocess|execSync|exec\(|system\(|spawnSync|`rm /;
        // a delete call handed the root or the home folder itself is certain; a delete call and such a path elsewhere in the text may be a comment or a string
        if (DELETES_ROOT.test(source)) return "an interpreter one-liner that deletes the root or the home folder";
        if (deletes.test(source) && (criticalText.test(source) || /(['"])\/(?!tmp\/)[^'"]*\1/.test(source))) return asks("an interpreter one-liner that deletes outside the project (read from its source text)");
        if ((source.match(/(['"`])((?:rm|find|chmod|chown|dd|mkfs)\b[^'"`]*)\1/g) ?? []).some((quoted) => /rm\s+-[a-zA-Z]*[rR]/.test(quoted) && /\s(\/|~|\$HOME)(\s|\*|['"`]|$)/.test(quoted + " "))) return asks("an interpreter one-liner that runs rm -r on the root or home (read from its source text)");
      }
      return undefined;
    },
  },
  {
    name: "project-wipe",
    decision: "ask",
    summary: "recursive deletes of the whole project folder or all of its contents (`rm -rf *`, `rm -rf .`)",
    command: (command, _line, context) => {
      if (command.decodedName !== "rm" || !recursive(command)) return undefined;
      const root = context.projectDir ?? context.cwd;
      const hit = operands(command).find((path) => {
        const resolved = resolveOperand(path, command, context);
        return resolved === null ? /^(\.\/?|\*|\.\/\*|\.\*)$/.test(path) : resolved === root || resolved === `${root}/*` || resolved === `${root}/.*`;
      });
      return hit ? `removes ${hit}: every file of the project` : undefined;
    },
  },
  {
    name: "guard-tampering",
    decision: "deny",
    summary: "writes into hookjudge's rules, config or state, Claude Code's settings (.claude/), git's own files (.git/config, hooks) or another guard's settings and programs (~/.nah, ~/.local/bin/nah, in any user's home), in any spelling (globs, links made on the line, binary editors, git init, escaped paths in interpreter code); git settings that run programs",
    command: (command, _line, context) => {
      for (const target of command.decodedName === "rm" || command.decodedName === "rmdir" || command.decodedName === "unlink" ? [] : writeTargets(command)) {
        const reason = protectedWrite(target, command, context);
        if (reason) return reason;
      }
      // moving or deleting the guard's own folders (a vendored .git is the project's to delete)
      if (command.decodedName === "mv" || command.decodedName === "rm" || command.decodedName === "rmdir" || command.decodedName === "unlink") {
        const hit = operands(command).find((path) => command.args.includes(path) && (command.decodedName === "mv" ? protectedWrite(path, command, context) : ownGuardPath(path, command, context)));
        if (hit) return `${command.decodedName} of ${hit}`;
      }
      const git = gitWords(command);
      if (git) {
        const setting = git.globals.flatMap((arg, index) => (arg === "-c" ? [git.globals[index + 1] ?? ""] : arg.startsWith("--config-env") ? [arg] : []));
        const runs = (entry: string) => GIT_CODE_KEYS.test(entry.split("=")[0]!.trim()) && /[;&|`$<>(]|\b(sh|bash|zsh|curl|wget|nc|python\d*|perl|ruby|node)\b|\//.test(entry.slice(entry.indexOf("=") + 1));
        if (setting.some((entry) => (runs(entry) && !/^\$\{?\w+\}?$/.test(entry.slice(entry.indexOf("=") + 1))) || entry.startsWith("--config-env"))) return "git -c sets a setting that runs a program";
        if (setting.some(runs)) return asks("git -c sets a program, alias or hook from a variable");
        if (git.sub === "config") {
          const words = git.rest.filter((arg) => !arg.startsWith("-"));
          const reads = git.rest.some((arg) => /^(--get|--get-all|--get-regexp|--get-urlmatch|-l|--list|--show-origin|--show-scope|--name-only)$/.test(arg)) || ["get", "list"].includes(words[0] ?? "");
          const keys = words.filter((word) => /^[\w-]+(\.[^=\s]+)?\.[\w-]+$/.test(word));
          if (!reads && (keys.some((key) => GIT_CODE_KEYS.test(key)) || git.rest.some((arg) => arg === "-e" || arg === "--edit"))) return `git config ${keys[0] ?? "--edit"} sets a program git runs`;
        }
        if (git.sub === "update-index" && git.rest.some((arg) => arg.startsWith("--fsmonitor"))) return "git update-index --fsmonitor";
      }
      const source = decodeEscapes(code(command), command.code?.interpreter ?? "");
      if (source.trim() && /(^|[^\w.-])(\.hookjudge|\.claude\/settings|\.git\/(config|hooks)|\.nah\/|\.local\/bin\/(nah|hookjudge|dcg|dippy)|\.local\/state\/hookjudge)/.test(source)) return asks("interpreter code that names a guard's or git's own files");
      if (changesGuardFolder(source)) return asks("interpreter code that moves, deletes or changes the folder of a guard's program");
      return undefined;
    },
    // `ln -s ~/.nah/config x && echo … > x`: a write through a link the line made to a guard's file
    line: (line, context) => {
      const links = new Set<string>();
      for (const command of line.commands) {
        if (command.decodedName !== "ln") continue;
        const words = operands(command).filter((word) => command.args.includes(word));
        if (words.length >= 2 && protectedWrite(words[0]!, command, context)) links.add(words.at(-1)!.replace(/^\.\//, ""));
      }
      if (links.size === 0) return undefined;
      const through = line.commands.find((command) => command.decodedName !== "ln" && writeTargets(command).some((target) => links.has(target.replace(/^\.\//, ""))));
      return through ? `${through.decodedName} writes through a link to a guard's file` : undefined;
    },
  },
  {
    name: "history-rewrite",
    decision: "deny",
    summary: "force-pushes or deletes main/master (+refspecs, --mirror, --force without a branch), rewriting shared history",
    command: (command) => {
      const git = gitWords(command);
      if (!git || git.sub !== "push") return undefined;
      // --force-with-lease refuses to overwrite work it has not seen: a person decides (discard-work)
      if (git.rest.some((arg) => /^--force-with-lease/.test(arg))) return undefined;
      const end = git.rest.indexOf("--");
      const options = end === -1 ? git.rest : git.rest.slice(0, end);
      const force = options.some((arg) => /^(-f|--force(=.*)?|--force-if-includes|-[a-zA-Z]*f[a-zA-Z]*)$/.test(arg) || gitLong(arg, "--force"));
      if (git.rest.some((arg) => arg === "--dry-run" || arg === "-n")) return undefined;
      if (git.rest.some((arg) => gitLong(arg, "--mirror"))) return "git push --mirror rewrites or deletes every remote branch";
      const refs = [...options.filter((arg) => !arg.startsWith("-")), ...(end === -1 ? [] : git.rest.slice(end + 1))];
      const destination = (ref: string) => ref.replace(/^\+/, "").split(":").at(-1)!.replace(/^refs\/heads\//, "");
      const main = (ref: string) => ["main", "master", "trunk", "develop", "production", "prod", "release"].includes(destination(ref));
      const deletes = git.rest.includes("--delete") || git.rest.includes("-d") || refs.some((ref) => /^:/.test(ref));
      if (refs.some((ref) => ref.startsWith("+") && main(ref))) return "force-pushes a protected branch with a + refspec";
      if ((force || deletes) && refs.slice(1).some(main)) return "force-pushes or deletes a protected branch";
      if (force && refs.length <= 1) return "force-pushes the current branch (which may be main)";
      if (git.rest.includes("--all") && force) return "force-pushes every branch";
      return undefined;
    },
  },
  {
    name: "discard-work",
    decision: "ask",
    summary: "discards uncommitted work or history: git reset --hard, checkout/restore of paths, clean -f, stash drop/clear, reflog expire, gc --prune, branch -D, filter-branch, other force-pushes",
    command: (command) => {
      const git = gitWords(command);
      if (!git) return undefined;
      const { sub } = git;
      // git accepts any unique prefix of a long option: --h is --hard, --p=now is --prune=now
      const rest = git.rest.map((arg) => expandGitLong(sub, arg));
      const has = (pattern: RegExp) => rest.some((arg) => pattern.test(arg));
      const settings = git.globals.flatMap((arg, index) => (arg === "-c" ? [(git.globals[index + 1] ?? "").toLowerCase()] : []));
      if (settings.some((entry) => /^(gc\.prune\w*|gc\.reflogexpire\w*|clean\.requireforce|core\.bare|receive\.deny\w*)=/.test(entry))) return "git -c loosens a safety setting";
      if (sub === "reset" && has(/^--(hard|merge|keep)$/)) return `git reset ${rest.find((arg) => /^--(hard|merge|keep)$/.test(arg))} drops uncommitted changes`;
      if ((sub === "checkout" || sub === "switch") && (has(/^(-[a-zA-Z]*f[a-zA-Z]*|--force|--discard-changes|-B|--pathspec-from-file(=.*)?|--overwrite-ignore)$/) || rest.includes("--") || rest.includes(".") || rest.some((arg) => /^[./]|\*/.test(arg)) || (sub === "checkout" && rest.filter((arg) => !arg.startsWith("-")).length >= 2))) return `git ${sub} over files drops their changes`;
      if (settings.some((entry) => GIT_CODE_KEYS.test(entry.split("=")[0]!))) return "git -c sets a program, alias or hook for this run";
      if (sub === "restore" && (has(/^(--worktree|-W|-[a-zA-Z]*W[a-zA-Z]*)$/) || !has(/^(--staged|-S|-[a-zA-Z]*S[a-zA-Z]*)$/))) return "git restore drops working-tree changes";
      if (sub === "clean" && has(/^-[a-zA-Z]*f|^--force$/)) return "git clean -f deletes untracked files";
      if (sub === "stash" && ["drop", "clear"].includes(rest[0] ?? "")) return `git stash ${rest[0]} deletes stashed work`;
      if (sub === "reflog" && ["expire", "delete"].includes(rest[0] ?? "")) return "git reflog expire deletes the undo history";
      if (sub === "gc" && has(/^--prune/)) return "git gc --prune deletes unreachable commits";
      if (sub === "prune") return "git prune deletes unreachable objects";
      if (sub === "branch" && (has(/^-[a-zA-Z]*D/) || has(/^(-f|--force|-M|-C)$/) || (has(/^(-d|--delete)$/) && has(/^(-f|--force)$/)))) return "git branch -D/-f deletes or moves a branch with unmerged work";
      if (sub === "tag" && has(/^(-d|--delete)$/)) return "git tag -d deletes a tag";
      if (sub === "filter-branch" || sub === "filter-repo" || sub === "replace") return `git ${sub} rewrites history`;
      if (sub === "update-ref" && has(/^-d$/)) return "git update-ref -d deletes a ref";
      if (sub === "worktree" && rest[0] === "remove" && has(/^(-f|--force)$/)) return "git worktree remove --force drops its changes";
      if (sub === "push" && (has(/^(-f|--force(=.*)?|--force-with-lease.*|--prune|-[a-zA-Z]*f[a-zA-Z]*)$/) || rest.some((arg) => arg.startsWith("+") || arg.startsWith(":")) || has(/^(-d|--delete)$/))) return "git push rewrites or deletes a remote branch";
      if (sub === "rebase" && has(/^(--root|-i|--interactive|--onto|--exec|-x)$/)) return "git rebase rewrites local history";
      if (sub === "commit" && has(/^--amend$/) && has(/^--no-edit$/)) return undefined;
      if (sub === "checkout" && has(/^--orphan$/)) return undefined;
      if (sub === "rm" && has(/^(-[a-zA-Z]*r|-f|--force)$/)) return "git rm -r/-f deletes tracked files";
      if (sub === "submodule" && rest[0] === "deinit" && has(/^(-f|--force|--all)$/)) return "git submodule deinit --force";
      return undefined;
    },
  },
  {
    name: "network-to-shell",
    decision: "deny",
    summary: "runs code from the network: curl|sh in every spelling (subshells, groups, process substitution, variables, download-then-run)",
    line: (line) => {
      const fetches = (stage: FoundCommand) => NETWORK.has(stage.decodedName) && !stage.args.some((arg) => arg === "--version" || arg === "--help" || arg === "-V");
      for (const stages of line.pipelines) {
        const piped = pipedIntoCode(stages, fetches, (stage) => printsBody(stage) && !stage.args.some((arg) => /^(--url=)?file:/i.test(arg)), "pipes a download into a shell or interpreter");
        if (piped) return piped;
      }
      const network = line.commands.filter((command) => NETWORK.has(command.decodedName) && !command.args.some((arg) => arg === "--version" || arg === "--help"));
      if (network.length === 0) return undefined;
      // `curl … | tee x.sh` writes the download too
      for (const stages of line.pipelines) {
        const at = stages.findIndex(fetches);
        if (at !== -1) for (const later of stages.slice(at + 1)) if (later.decodedName === "tee") for (const name of writeTargets(later)) network.push({ ...later, decodedName: "curl", args: ["-o", name], redirects: [] });
      }

      if (line.commands.some((command) => RUNNERS.has(command.decodedName) && command.argsText.some((word) => /(\$\(|`|<\()\s*(sudo\s+)?(curl|wget|fetch|nc|ncat|http|xh|aria2c)\b/.test(word)))) return "runs the output of a download";
      if (network.some((command) => command.via.includes("<(…)") || command.via.includes("$(…)")) && line.commands.some((other) => RUNNERS.has(other.decodedName) || other.opaqueCode === true)) return asks("a download's output is kept on a line that runs code");
      // `curl … > >(sh)`, `sh <(curl …)`: a shell inside a process substitution reads the download
      if (line.commands.some((other) => runsStdin(other) && other.via.includes("<(…)"))) return "runs a download through process substitution";
      if (network.some((command) => command.via.includes("<(…)") && line.commands.some((other) => RUNNERS.has(other.decodedName)))) return asks("a download through process substitution on a line that runs code");
      // download, then run what was written: `curl -o x.sh …; bash x.sh`, `wget URL/x.sh; ./x.sh`
      const downloaded = new Set(network.flatMap((command) => downloads(command)));
      const runs = (command: FoundCommand) => (command.byPath ? [command.decodedName] : runsFile(command) ? command.args.filter((arg) => !arg.startsWith("-")).slice(0, 1) : []);
      if (downloaded.size > 0 && line.commands.some((command) => runs(command).some((file) => downloaded.has(file.replace(/^.*\//, ""))))) {
        return network.every((command) => command.args.some((arg) => /^(--url=)?file:/i.test(arg))) ? asks("copies a local file by URL and runs it") : "downloads a file and runs it";
      }
      return undefined;
    },
  },
  {
    name: "reverse-shell",
    decision: "deny",
    summary: "opens a socket from the shell or hands a shell to the network: /dev/tcp, nc -e, socat exec:, interpreter sockets with a shell",
    command: (command) => {
      const sockets = command.redirects.filter((redirect) => /^\/dev\/(tcp|udp)\//.test(redirect.target));
      if (sockets.length > 0 || command.args.some((arg) => /\/dev\/(tcp|udp)\//.test(arg))) {
        // a shell whose output alone goes to the socket reads its commands from elsewhere
        const outputOnly = sockets.length > 0 && sockets.every((redirect) => redirect.operator === ">" || redirect.operator === ">>") && !command.redirects.some((redirect) => /^[<>]&$/.test(redirect.operator));
        return outputOnly && SHELLS.has(command.decodedName) && !command.args.some((arg) => /\/dev\/(tcp|udp)\//.test(arg)) ? asks("sends a shell's output to a network socket through /dev/tcp") : "opens a network socket through /dev/tcp";
      }
      const name = command.decodedName;
      if (["nc", "ncat", "netcat", "nc.traditional", "nc.openbsd"].includes(name)) {
        const at = command.args.findIndex((arg) => /^(-[a-zA-Z]*[ec]|--exec|--sh-exec|--lua-exec)/.test(arg));
        if (at !== -1) {
          const option = command.args[at]!;
          const attached = /^--[\w-]+=/.test(option) ? option.slice(option.indexOf("=") + 1) : /^-[a-zA-Z]*[ec]./.test(option) ? option.slice(option.search(/[ec]/) + 1) : undefined;
          const program = attached ?? command.args[at + 1] ?? "";
          const peers = command.args.filter((arg, index) => !arg.startsWith("-") && index !== at + 1);
          const listens = command.args.some((arg) => /^(-[a-zA-Z]*l[a-zA-Z]*|--listen)$/.test(arg));
          if (!runsCode(program) || (peers.length === 0 && !listens)) return asks(`${name} hands ${program || "a program"} to the network`);
          return `${name} runs a program for the network`;
        }
      }
      if (name === "socat") {
        const programs = command.args.flatMap((arg) => [...arg.matchAll(/(?:^|,|:)(?:exec|system):([^,]*)/gi)].map((match) => match[1]!));
        if (programs.some(runsCode) || command.args.some((arg) => /^shell(:|$)/i.test(arg))) return "socat connects a program to the network";
        if (programs.length > 0) return asks("socat connects a program to the network");
      }
      const source = code(command);
      if (source && /socket|TCPSocket|net\.connect|createConnection|fsockopen|IO::Socket/.test(source) && /subprocess|pty\.spawn|dup2|exec|spawn|\/bin\/(ba)?sh|popen|system/.test(source)) return "an interpreter that connects a shell to the network";
      return undefined;
    },
    line: (line) =>
      line.commands.some((command) => command.decodedName === "mkfifo") && line.commands.some((command) => NETWORK.has(command.decodedName)) && line.commands.some((command) => SHELLS.has(command.decodedName)) ? "a named pipe between the network and a shell" : undefined,
  },
  {
    name: "decoded-code",
    decision: "deny",
    summary: "decodes or computes text and runs it as code: base64 -d | sh, eval \"$(… | base64 -d)\", computed program names with destructive arguments",
    line: (line, context) => {
      // fixed text decoded by printf or echo -e is read as the commands it spells (analyze.ts); other decoders hide it
      for (const stages of line.pipelines) {
        const piped = pipedIntoCode(stages, (stage) => DECODES(stage) && stage.emits === undefined, () => true, "pipes decoded text into a shell");
        if (piped) return piped;
      }
      if (line.commands.some((command) => (RUNNERS.has(command.decodedName) || command.opaqueCode) && command.argsText.some((word) => /(\$\(|`)[^)]*\b(base64\s+(-d|--decode|-D)|base32\s+-d|xxd\s+-r|openssl\s+(enc|base64)\s+.*-d|rev\b|printf\s+['"]?\\x)/.test(word)))) return "runs decoded text";
      if (line.commands.some((command) => command.name === null && (recursive(command) || forced(command)) && operands(command).some((path) => critical(path, command, context)))) return asks("a computed program name with recursive-delete arguments on a critical path");
      if (line.commands.some((command) => /b64decode|base64|atob\s*\(|Buffer\.from\([^)]*base64|decode64|unpack\s*\(\s*['"]m|fromCharCode|\\x[0-9a-f]{2}.*\\x[0-9a-f]{2}/i.test(code(command)) && /system|subprocess|exec|eval|spawn|popen|Function\s*\(|`/.test(code(command)))) return asks("an interpreter that decodes text and runs it");
      if (line.commands.some((command) => command.name === null && command.via.length === 0 && /^(\$\(|`)/.test(command.decodedName) === false && DECODES_IN_NAME.test(command.decodedName))) return "a program name computed by decoding text";
      return undefined;
    },
  },
  {
    name: "disk",
    decision: "deny",
    summary: "formats, partitions, wipes or overwrites disks and volumes",
    command: (command) => {
      const name = command.decodedName;
      if (command.args.some((arg) => /^(--test|-t|--help|--longhelp|--version|--dry-run|--noaction|--no-act|--pretend|-P)$/.test(arg) || (arg === "-n" && /^(wipefs|zpool|zfs)$/.test(name))) && /^(lv\w+|vg\w+|pv\w+|lvm|wipefs|sgdisk|sfdisk|parted|mdadm|zpool|zfs)$/.test(name)) return undefined;
      // mke2fs -n shows what it would do; wipefs without -a or -o only lists signatures; badblocks reads unless -w (-n writes back what it read)
      if (/^(mkfs(\.ext[234])?|mke2fs)$/.test(name) && command.args.includes("-n")) return undefined;
      if (name === "wipefs" && !command.args.some((arg) => /^(-[a-zA-Z]*[ao]|--all|--offset(=.*)?)/.test(arg))) return undefined;
      if (name === "badblocks") return command.args.some((arg) => /^-[a-zA-Z]*w/.test(arg)) ? "badblocks -w overwrites the whole device" : command.args.some((arg) => /^-[a-zA-Z]*n/.test(arg)) ? asks("badblocks -n writes to the device (and writes back what it read)") : undefined;
      if (/^(lv|vg|pv)remove$/.test(name)) {
        const volumes = command.args.filter((arg, index) => !arg.startsWith("-") && !/^(--reportformat|--config|--commandprofile|--profile|--select|-S|--autobackup|-A|--lockopt|--driverloaded|--nolocking|--devices|--devicesfile)$/.test(command.args[index - 1] ?? ""));
        const written = command.argsText.filter((word) => !word.startsWith("-"));
        if (volumes.length === 0) return asks(`${name} names no volume`);
        if (written.length > 0 && written.every((word) => /^["']?\$/.test(word))) return asks(`${name} of a volume named by a variable`);
      }
      if (/^(mkfs(\..+)?|mke2fs|mkswap|mkntfs|mkdosfs|mkexfatfs|mkfs_\w+)$/.test(name) && !command.args.some((arg) => DEVICE_NAME.test(arg)) && !command.argsText.some((word) => /\$/.test(word))) return asks(`${name} of ${operands(command).at(-1) ?? "nothing"}, which is not a device name`);
      if (/^(mkfs(\..+)?|mke2fs|mkswap|mkntfs|mkdosfs|mkexfatfs|mkfs_\w+|wipefs|fdisk|sfdisk|cfdisk|gdisk|sgdisk|cgdisk|parted|partprobe|blkdiscard|lvremove|vgremove|pvremove|lvreduce|lvresize|vgreduce|pvmove|mdadm|cryptsetup|zpool|badblocks|hdparm|nvme|sg_format|dmsetup|kpartx|losetup|resize2fs|e2fsck|fsck(\..+)?|tune2fs|xfs_repair|btrfs|zfs|diskutil|newfs|newfs_\w+|gpart|format|diskpart|flashrom)$/.test(name)) {
        if (name === "diskutil" && !command.args.some((arg) => /^(erase\w*|partitionDisk|zeroDisk|randomDisk|secureErase|reformat|deleteContainer|deleteVolume|splitPartition|mergePartitions|resizeVolume|resizeContainer|addPartition|deleteSnapshot|eraseVolume|eraseDisk|apfs|cs|ar|appleRAID|coreStorage)$/.test(arg) && !/^(list|info)/.test(command.args[1] ?? ""))) return undefined;
        if (command.args.some((arg) => arg === "--help" || arg === "-h" || arg === "--version")) return undefined;
        if ((name === "zfs" || name === "zpool" || name === "btrfs") && /^(list|status|get|iostat|history|show|filesystem|subvolume)$/.test(command.args[0] ?? "") && !command.args.some((arg) => /^(delete|destroy)$/.test(arg))) return undefined;
        if ((name === "nvme" || name === "hdparm") && !command.args.some((arg) => /format|sanitize|security-erase|--trim|write|-z/i.test(arg))) return undefined;
        if (name === "cryptsetup" && !command.args.some((arg) => /luksFormat|erase|luksKillSlot|reencrypt/.test(arg))) return undefined;
        if (name === "mdadm" && !command.args.some((arg) => /--create|--zero-superblock|--remove|--fail/.test(arg))) return undefined;
        if (/^(losetup|partprobe|kpartx|dmsetup)$/.test(name) && !command.args.some((arg) => /^-d|remove|--detach/.test(arg))) return undefined;
        return `${name} changes disks, partitions or volumes`;
      }
      if (name === "dd" && command.args.some((arg) => /^of=\/dev\/(?!null$|zero$|stdout$|stderr$|fd\/)/.test(arg))) return "dd writes a device";
      if ((name === "shred" || name === "truncate" || name === "blkdiscard" || name === "wipe") && command.args.some((arg) => DISK.test(arg))) return `${name} of a device`;
      if (command.redirects.some((redirect) => WRITES.test(redirect.operator) && (DISK.test(redirect.target) || redirect.target === "/proc/sysrq-trigger" || /^\/dev\/(mem|kmem|port)$/.test(redirect.target)))) return "writes a device";
      if (["tee", "cp", "cat", "install", "mv", "pv", "ddrescue", "dcfldd"].includes(name) && writeTargets(command).concat(name === "tee" || name === "ddrescue" ? operands(command) : []).some((path) => DISK.test(path) || path === "/proc/sysrq-trigger")) return `${name} writes a device`;
      return undefined;
    },
  },
  {
    name: "credentials-sent",
    decision: "deny",
    summary: "sends a credential file, the environment or a key to a network tool",
    command: (command) =>
      NETWORK.has(command.decodedName) && (sentWords(command).some((arg) => CREDENTIALS.test(arg)) || command.redirects.some((redirect) => redirect.operator === "<" && CREDENTIALS.test(redirect.target)) || command.argsText.some((word) => /\$\(\s*(env|printenv|set|export)\b/.test(word)))
        ? "a network tool given a credential file or the environment"
        : undefined,
    line: (line) => {
      const reads = (stage: FoundCommand) =>
        [...stage.args, ...stage.argsText].some((arg) => CREDENTIALS.test(arg)) || stage.redirects.some((redirect) => redirect.operator === "<" && CREDENTIALS.test(redirect.target)) || (["env", "printenv", "set", "export"].includes(stage.decodedName) && stage.args.length === 0);
      const sends = (later: FoundCommand) => NETWORK.has(later.decodedName) || later.decodedName === "git";
      const piped = line.pipelines.flatMap((stages) => stages.flatMap((stage, index) => (reads(stage) ? stages.slice(index + 1).filter(sends) : [])));
      if (piped.some(readsStdin)) return "pipes a credential or the environment to a network tool";
      if (piped.length > 0) return asks("pipes a credential or the environment towards a network tool (which does not read its input)");
      if (line.commands.some((command) => NETWORK.has(command.decodedName) && command.argsText.some((word) => /\$\(|`/.test(word) && CREDENTIALS.test(word)))) return "a network tool given a credential through a substitution";
      return undefined;
    },
  },
  {
    name: "credentials-read",
    decision: "ask",
    summary: "reads credential files (also through globs such as .en? or .ss[h]), other processes' or the shell's environment (env, printenv, ps e, jq env, /proc/*/environ, git config -l)",
    command: (command, _line, context) => {
      const name = command.decodedName;
      const words = [...command.args, ...command.argsText, ...command.redirects.filter((redirect) => redirect.operator === "<").map((redirect) => redirect.target)];
      if (words.some((arg) => CREDENTIALS.test(arg))) return "names a credential file";
      const globs = [...(command.globWords ?? []), ...command.redirects.filter((redirect) => redirect.operator === "<" && /[*?[]/.test(redirect.target)).map((redirect) => redirect.target)];
      if (globs.some(globCouldMatchSecret)) return "a glob that can match a credential file";
      // a folder change into the home folder, then a relative glob or a dotfile
      if (command.cwd !== null && command.cwd.startsWith("~") && (globs.length > 0 || operands(command).some((path) => /^\./.test(path))) && name !== "cd" && name !== "ls") return "reads dotfiles or globs in the home folder";
      if ((name === "printenv" && command.args.some((arg) => SECRET_VARIABLE.test(arg))) || command.argsText.some((word) => new RegExp(`\\$\\{?${SECRET_VARIABLE.source.slice(1, -1)}`).test(word))) return "prints a secret from the environment";
      if ((name === "env" || name === "printenv" || name === "export" || name === "declare" || name === "typeset" || name === "set" || name === "compgen") && (command.args.length === 0 || command.args.every((arg) => /^-[pxv]+$/.test(arg)))) return "prints the environment";
      if (name === "ps" && command.args.some((arg) => (!arg.startsWith("-") && /e/.test(arg)) || /^-[a-zA-Z]*E/.test(arg))) return "ps e shows other processes' environments";
      if ((name === "jq" || name === "yq" || name === "gojq") && command.args.some((arg) => /\$ENV|\benv\b/.test(arg))) return "jq prints the environment";
      if (name === "git") {
        const git = gitWords(command)!;
        if (git.sub === "config" && git.rest.some((arg) => /^(-l|--list|--get-regexp|--show-origin)$/.test(arg) || arg === "list")) return "git config -l prints tokens kept in settings";
        if (git.sub === "credential" || git.sub === "credential-store" || git.sub === "credential-cache") return "git credential prints stored passwords";
      }
      if (["security", "secret-tool", "pass", "gopass", "op", "bw", "lpass", "keepassxc-cli", "vault", "aws-vault", "sops", "age", "kubeseal"].includes(name) && command.args.some((arg) => /^(find-generic-password|find-internet-password|dump-keychain|lookup|show|get|read|item|export|decrypt|-d|exec|login)$/.test(arg))) return `${name} prints stored secrets`;
      if ((name === "aws" && command.args.some((arg) => /^(get-secret-value|get-parameters?|export-credentials|get-session-token|get-login-password|decrypt)$/.test(arg) || arg === "--with-decryption")) || (name === "gcloud" && command.args.some((arg) => /print-access-token|print-identity-token|access$/.test(arg))) || (name === "az" && command.args.some((arg) => /get-access-token|^secret$/.test(arg))) || (name === "kubectl" && command.args.some((arg) => /^secrets?$|secret\//.test(arg)) && command.args.some((arg) => /^(get|describe|edit)$/.test(arg)))) return `${name} prints a secret`;
      if (name === "gh" && command.args[0] === "auth" && /^(token|status)$/.test(command.args[1] ?? "") && (command.args[1] === "token" || command.args.includes("--show-token") || command.args.includes("-t"))) return "gh auth token prints the login token";
      if (command.redirects.some((redirect) => redirect.operator === "<" && /^\/proc\/.*\/environ$/.test(redirect.target))) return "reads a process's environment";
      return undefined;
    },
  },
  {
    name: "system-write",
    decision: "deny",
    summary: "writes system configuration, sudoers, authorized_keys or a shell start-up file",
    command: (command, _line, context) => {
      const sensitive = (path: string) => {
        const resolved = resolveOperand(path, command, context);
        return [path, resolved ?? ""].some((value) => value.startsWith("/etc/") || value === "/etc" || value.startsWith("/usr/") || value.startsWith("/boot/") || value.startsWith("/Library/") || value.startsWith("/System/") || RC_FILES.test(value) || /^~\/\.(ssh|gnupg|config\/(systemd|autostart)|local\/share\/applications|bashrc\.d)\//.test(value) || /^\/(root|var\/spool\/cron)\//.test(value) || /^\/sys\//.test(value));
      };
      // rm without -r and unlink cannot remove a folder every system has
      const folderNoop = (path: string) => (command.decodedName === "unlink" || (command.decodedName === "rm" && !recursive(command))) && FOLDER_ROOTS.test(path);
      const hit = writeTargets(command).find((path) => sensitive(path) && !folderNoop(path));
      if (hit) return `writes ${hit}`;
      const credential = writeTargets(command).find((path) => CREDENTIALS.test(path) && /^(~|\$HOME|\/)/.test(path));
      if (credential) return `writes the credential file ${credential}`;
      if (command.decodedName === "visudo" || command.decodedName === "vipw" || command.decodedName === "vigr") return `${command.decodedName} edits system accounts`;
      return undefined;
    },
  },
  {
    name: "scheduled-jobs-and-services",
    decision: "ask",
    summary: "changes cron, at, systemd, launchd or init services, and login accounts",
    command: (command) => {
      const name = command.decodedName;
      if (name === "crontab" && command.args.some((arg) => /^-[a-zA-Z]*r/.test(arg))) return undefined;
      if (name === "crontab") return command.args.length === 0 || command.args.every((arg) => arg === "-l" || /^-u$/.test(arg) || command.args[command.args.indexOf(arg) - 1] === "-u") ? undefined : "crontab changes scheduled jobs";
      if (name === "at" || name === "batch" || name === "atrm" || name === "schtasks") return `${name} schedules or removes jobs`;
      if ((name === "systemctl" || name === "service" || name === "rc-service" || name === "sv" || name === "rc-update" || name === "update-rc.d" || name === "chkconfig") && command.args.some((arg) => /^(start|stop|restart|reload|enable|disable|mask|unmask|kill|daemon-reload|edit|set-default|isolate|link|revert|preset|set-property|reset-failed|add|del|delete|on|off|try-restart|force-reload)$/.test(arg))) return `${name} changes a service`;
      if ((name === "launchctl") && command.args.some((arg) => /^(load|unload|bootstrap|bootout|remove|kill|enable|disable|submit|start|stop|kickstart)$/.test(arg))) return "launchctl changes a service";
      if (/^(useradd|userdel|usermod|adduser|deluser|groupadd|groupdel|groupmod|passwd|chpasswd|chsh|chfn|dscl|sysadminctl|pwpolicy)$/.test(name) && !(name === "dscl" && command.args.some((arg) => /^-(read|list|search)$/.test(arg)))) return `${name} changes accounts`;
      if (/^(iptables|ip6tables|nft|ufw|firewall-cmd|pfctl|sysctl|modprobe|rmmod|insmod|mount|umount|swapoff|swapon|setenforce|chattr|csrutil|spctl|tmutil|nvram|pmset|networksetup|scutil|defaults|kextunload|kextload|ip|route|ifconfig)$/.test(name)) {
        const reads = /^(-L|-S|--list|-l|list|status|show|-a|get|read|-p|--print|-n|-listallnetworkservices|-getinfo|-get\w*|--get|addr|link|route|neigh|-s|-r|info|destinationinfo|listbackups|latestbackup|-q|--query|-g|-print|export|-version|--version|help|domains|find|-dump\w*|--dns|-list\w*)$/;
        if (command.args.length === 0 && /^(mount|ip|route|ifconfig|sysctl|defaults|scutil|tmutil|pmset|networksetup|nvram)$/.test(name)) return undefined;
        if (name === "ip" && !command.args.some((arg) => /^(add|a[d]{0,2}$|del|delete|flush|set|change|replace|append|exec|attach|detach|save|restore)$/.test(arg) && arg !== "a")) return undefined;
        if (command.args.some((arg) => reads.test(arg)) && !command.args.some((arg) => /^(-F|--flush|-X|-D|-A|-I|-P|-w|--write|disable|enable|delete|add|remove|reset|-d|-e|-f|write|-set\w*|--set|delete\w*|-remove\w*|flush|down|up|del)$/.test(arg))) return undefined;
        if (name === "sysctl" && !command.args.some((arg) => /=|^-w$|^--write$|^-p$|^--load/.test(arg))) return undefined;
        if (name === "mount" && command.args.every((arg) => arg.startsWith("-") && /^-(l|t|v)/.test(arg))) return undefined;
        return `${name} changes the machine's configuration`;
      }
      if (name === "date" && command.args.some((arg) => /^(-s|--set)(=|$)|^-[a-zA-Z]*s$/.test(arg))) return "date -s sets the system clock";
      if ((name === "timedatectl" || name === "hwclock") && command.args.some((arg) => /^(set-\w+|--set|-w|--systohc)$/.test(arg))) return `${name} sets the system clock`;
      if (name === "history" && command.args.some((arg) => /^-[a-zA-Z]*[cdw]/.test(arg))) return "history -c erases the shell history";
      return undefined;
    },
  },
  {
    name: "cloud-container-database",
    decision: "ask",
    summary: "deletes or replaces cloud resources, containers, clusters, packages or data: terraform destroy, kubectl delete, docker rm/prune, aws … delete, DROP/TRUNCATE/DELETE through a database client or piped into one, any tool's destroy verb (also in task names such as db:drop), programs named for deleting, client delete methods in interpreter code, admin commands sent to a service socket",
    // statements piped into a client: `echo 'DROP TABLE t' | psql`, `echo 'disable server b/w1' | socat stdio /run/haproxy.sock`
    line: (line) => {
      for (const stages of line.pipelines) {
        for (let index = 1; index < stages.length; index++) {
          const text = stages[index - 1]!.emits;
          const client = stages[index]!;
          if (text === undefined) continue;
          if ((DATABASES.has(client.decodedName) || /^(pg_|mysql|mongo)/.test(client.decodedName)) && DESTRUCTIVE_SQL.test(text)) return `${client.decodedName} is fed a destructive statement`;
          const socket = /^(socat|nc|ncat|netcat)$/.test(client.decodedName) && client.args.some((arg) => /\.sock(et)?$|^unix(-connect|-client)?:|^-[a-zA-Z]*U$/i.test(arg));
          if (socket && /\b(disable|shutdown|delete|del|clear|kill|set|drop|flush|flushall|flushdb|remove|stop|reset|purge)\b/i.test(text)) return `${client.decodedName} sends an admin command that changes or stops a service`;
        }
      }
      return undefined;
    },
    command: (command) => {
      const name = command.decodedName;
      const args = lowerArgs(command);
      const words = args.filter((arg) => !arg.startsWith("-"));
      const special = TOOL_DESTROYS[name]?.(command.args, words);
      if (special) return special;
      if (DESTROY_METHOD.test(code(command))) return `${name} code calls a method that deletes records or resources`;
      if (/^(drop|delete|truncate|alter|update|grant|revoke)$/.test(name) && DESTRUCTIVE_SQL.test(`${name} ${command.args.join(" ")}`)) return "a destructive SQL statement";
      if (DATABASES.has(name) || /^(pg_|mysql|mongo)/.test(name)) {
        if (DESTRUCTIVE_SQL.test([...command.args, ...command.stdinText].join(" ")) || name === "dropdb" || name === "dropuser") return `${name} runs a destructive statement`;
        if (command.stdinText.length === 0 && command.redirects.some((redirect) => redirect.operator === "<") && !args.some((arg) => /^(-l|--list|--version|-v|--help)$/.test(arg))) return `${name} runs statements from a file`;
      }
      if (!CLOUD.has(name)) {
        // any other tool: a destroy verb where a subcommand stands (`restic forget`, `borg delete`, `nats stream rm`)
        const verbs = command.args.filter((arg) => !arg.startsWith("-")).slice(0, 3);
        // a task name's parts count as verbs too: `gitlab-rake gitlab:backup:restore`, `rails db:drop`
        const verb = verbs.find((arg) => DESTROY_VERBS.test(arg) || MORE_DESTROY_VERBS.test(arg) || /^(delete|remove|destroy|purge|terminate|drop|clear|forget|force|reset|wipe)[-_:]/i.test(arg) || /^(delete|remove|destroy|purge|drop)[A-Z]/.test(arg) || (/^[\w-]+(:[\w-]+)+$/.test(arg) && arg.split(":").slice(1).some((part) => DESTROY_VERBS.test(part) || /^(restore|rollback|drop|reset|clear)$/.test(part))));
        if (verb && !NOT_TOOLS.has(name)) return `${name} ${verb} deletes or stops resources`;
        if (DESTROY_NAME.test(name) && !NOT_TOOLS.has(name) && !command.args.some((arg) => /^(--help|-h|--version|--dry-run)$/.test(arg))) return `${name} is named for what it deletes`;
        const flag = command.args.find((arg) => /^--(delete|remove|purge|destroy|drop|wipe|cleanup|reset-offsets|delete-[\w-]+|remove-[\w-]+|purge-[\w-]+|force-delete|delete-destination(=.*)?)$/.test(arg));
        if (flag && !NOT_TOOLS.has(name)) return `${name} ${flag} deletes resources`;
        if (!NOT_TOOLS.has(name) && command.args.some((arg) => /\.(destroy_all|delete_all|destroy!|drop_table|truncate!?)\b/.test(arg))) return `${name} runs code that deletes records`;
        return undefined;
      }
      if (name === "terraform" || name === "tofu" || name === "terragrunt" || name === "pulumi" || name === "cdk" || name === "serverless" || name === "sls" || name === "sam" || name === "amplify" || name === "copilot") {
        if (args.some((arg) => /^(destroy|apply|up|deploy|import|taint|untaint|state|refresh|remove|delete|force-unlock|workspace)$/.test(arg)) && !args.some((arg) => arg === "list" || arg === "show" || arg === "-help")) {
          if (args.includes("state") && args.some((arg) => /^(list|show|pull)$/.test(arg))) return undefined;
          if (args.includes("workspace") && args.some((arg) => /^(list|show|select)$/.test(arg))) return undefined;
          return `${name} ${args.find((arg) => /^(destroy|apply|up|deploy|import|taint|untaint|state|refresh|remove|delete|force-unlock|workspace)$/.test(arg))} changes real infrastructure`;
        }
        if (args.some((arg) => /^-destroy$|^-auto-approve$|^--auto-approve$|^--yes$|^-y$/.test(arg))) return `${name} changes infrastructure without a review`;
      }
      if ((name === "kubectl" || name === "oc") && args.some((arg) => /^(delete|drain|cordon|taint|replace|patch|scale|rollout|apply|create|edit|set|label|annotate|exec|cp|run|expose|autoscale|certificate|uncordon)$/.test(arg))) {
        if (args[0] === "rollout" && /^(status|history)$/.test(args[1] ?? "")) return undefined;
        if (args.includes("--dry-run=client") || args.includes("--dry-run=server")) return undefined;
        return `${name} ${args.find((arg) => /^(delete|drain|cordon|taint|replace|patch|scale|rollout|apply|create|edit|set|label|annotate|exec|cp|run|expose|autoscale|certificate|uncordon)$/.test(arg))} changes a cluster`;
      }
      if ((name === "helm") && args.some((arg) => /^(uninstall|delete|del|rollback|upgrade|install|push|plugin|repo)$/.test(arg)) && !(args.includes("repo") && args.some((arg) => /^(list|update)$/.test(arg)))) return "helm changes a release";
      if ((name === "docker" || name === "podman" || name === "nerdctl") && (args.some((arg) => /^(rm|rmi|kill|prune|stop|down|rmi|push|restart|update|exec|run|create|commit|load|import|swarm|stack|service|secret|config|plugin|build|buildx|login|logout)$/.test(arg)) || (args.includes("compose") && args.some((arg) => /^(up|down|rm|kill|stop|restart|run|exec|push|build|create|pull)$/.test(arg))))) {
        if (args[0] === "buildx" && /^(ls|inspect|version|du)$/.test(args[1] ?? "")) return undefined;
        return `${name} ${args.find((arg) => /^(rm|rmi|kill|prune|stop|down|push|restart|update|exec|run|create|commit|load|import|swarm|stack|service|secret|config|plugin|build|buildx|login|logout|up)$/.test(arg))} changes containers or images`;
      }
      if ((name === "docker-compose") && args.some((arg) => /^(up|down|rm|kill|stop|restart|run|exec|push|build|create|pull)$/.test(arg))) return "docker-compose changes containers";
      if (/^(npm|yarn|pnpm|cargo|gem|twine|pip|conda|brew|apt|apt-get|dnf|yum|pacman|snap|flatpak)$/.test(name) && args.some((arg) => /^(publish|unpublish|deprecate|yank|owner|upload|push|dist-tag|access|token|adduser|login|logout|team)$/.test(arg))) return `${name} publishes or changes a package in a registry`;
      if (/^(npm|yarn|pnpm|cargo|gem|twine|pip|conda|brew|apt|apt-get|dnf|yum|pacman|snap|flatpak)$/.test(name)) {
        if (/^(apt|apt-get|dnf|yum|pacman|snap|flatpak)$/.test(name) && args.some((arg) => /^(remove|purge|autoremove|erase|-r|-rns|-rs|-R\w*|uninstall|dist-upgrade|full-upgrade)$/i.test(arg))) return `${name} removes system packages`;
        if (name === "brew" && args.some((arg) => /^(uninstall|remove|rm|untap|cleanup|autoremove)$/.test(arg))) return "brew removes packages";
        if (name === "cargo" && (args.includes("uninstall") || (args.includes("install") && args.some((arg) => /^(--force|-f|--root)$/.test(arg))))) return "cargo replaces or removes installed programs";
        if ((name === "pip" || name === "conda") && args.some((arg) => /^(uninstall|remove)$/.test(arg))) return `${name} removes packages`;
        if (name === "npm" && args.includes("cache") && args.includes("clean")) return undefined;
        return undefined;
      }
      if (name === "gh" || name === "glab") {
        if (args.some((arg) => /^(delete|archive|close|merge|lock|transfer|rename|edit|create|cancel|rerun|disable|enable|set|revoke|remove|unlink|fork|sync)$/.test(arg)) && !args.includes("--help")) {
          if (args.some((arg) => /^(delete|archive|transfer|rename|revoke|remove)$/.test(arg)) || (args[0] === "pr" && args[1] === "merge") || (args[0] === "secret" || args[0] === "variable")) return `${name} ${args.slice(0, 2).join(" ")} changes a repository`;
          return undefined;
        }
        if (args[0] === "api" && args.some((arg, index) => (arg === "-x" || arg === "--method") && /^(delete|put|patch|post)$/.test(args[index + 1] ?? "")) ) return "gh api changes a repository";
        if (args[0] === "api" && args.some((arg) => /^--method=(delete|put|patch|post)$|^-x(delete|put|patch|post)$/.test(arg))) return "gh api changes a repository";
        return undefined;
      }
      // a word right after an option is that option's value (`az --subscription delete vm list`), not a verb
      const verbs = args.filter((arg, index) => !arg.startsWith("-") && !(index > 0 && (READ_VERBS[name]?.globals ?? []).includes(args[index - 1]!)));
      const destroys = (arg: string) => (verbs.includes(arg) && (DESTROY_VERBS.test(arg) || MORE_DESTROY_VERBS.test(arg))) || /(^|[-_])(delete|remove|destroy|purge|terminate|drop|deregister|unsubscribe)([-_]|$)|^(detach|revoke|disable|clear|forget|force)[-_]/.test(arg);
      if (args.some(destroys)) return `${name} ${args.find(destroys)} deletes or stops resources`;
      // cloud writes: aws … create-/update-/put-/modify-, gcloud/az … create|update|set
      if (/^(aws|gcloud|az|gsutil|doctl|oci|ibmcloud|linode-cli|hcloud|scw|vault|heroku|flyctl|fly|vercel|netlify|firebase|wrangler|supabase|railway|stripe|auth0|okta|cloudflared)$/.test(name) && args.some((arg) => /^(create|update|put|modify|change|set|attach|associate|replace|import|restore|reboot|stop|start|run|invoke|send|publish|deploy|promote|rollback|apply|write|kv|secrets?|grant|add|assign|enable|rotate|copy|cp|mv|sync|upload|scale|resize|failover)(-|$)/.test(arg)) && !args.some((arg) => /^(describe|list|get|show|ls|help|--help|--dry-run)(-|$)/.test(arg) && args.indexOf(arg) < 2)) return `${name} ${args.find((arg) => /^(create|update|put|modify|change|set|attach|associate|replace|import|restore|reboot|stop|start|run|invoke|send|publish|deploy|promote|rollback|apply|write|kv|secrets?|grant|add|assign|enable|rotate|copy|cp|mv|sync|upload|scale|resize|failover)(-|$)/.test(arg))} changes cloud resources`;
      if (name === "redis-cli" && args.some((arg) => /^(flushall|flushdb|del|unlink|config|shutdown|debug|script|keys)$/.test(arg))) return "redis-cli changes data";
      return undefined;
    },
  },
  {
    name: "crontab-remove",
    decision: "deny",
    summary: "crontab -r deletes every scheduled job of the user, with no undo",
    command: (command) => (command.decodedName === "crontab" && command.args.some((arg) => /^-[a-zA-Z]*r/.test(arg)) ? "crontab -r deletes all scheduled jobs" : undefined),
  },
  {
    name: "shutdown-and-kill",
    decision: "deny",
    summary: "shuts down or reboots the machine, or kills every process",
    command: (command) => {
      const name = command.decodedName;
      if (["shutdown", "reboot", "halt", "poweroff", "killall5"].includes(name)) return `${name} stops the machine or every process`;
      if ((name === "init" || name === "telinit") && ["0", "6", "1", "s", "S"].includes(command.args[0] ?? "")) return `${name} changes the run level`;
      if (name === "systemctl" && command.args.some((arg) => /^(poweroff|reboot|halt|kexec|suspend|hibernate|hybrid-sleep|rescue|emergency|soft-reboot)$/.test(arg))) return "systemctl stops the machine";
      // the last word -1 is every process (`kill -9 -1`); `kill -1 PID` sends signal 1 to PID
      if ((name === "kill" || name === "pkill") && command.args.at(-1) === "-1") return "kill -1 kills every process the user can reach";
      if (name === "kill" && command.args.some((arg) => arg === "1" || arg === "-1") && command.args.at(-1) !== undefined && /^-?1$/.test(command.args.at(-1)!)) return "kills init or every process";
      if ((name === "pkill" || name === "killall") && command.args.some((arg) => /^-(u|U)$/.test(arg) || /^(-[a-zA-Z]*v|init|systemd|sshd|launchd|Finder|loginwindow|WindowServer|kernel_task|dockerd|containerd|Xorg|gnome-shell|kwin|node|python|java|bash|zsh|sh)$/.test(arg))) return `${name} kills system or shell processes`;
      if (name === "kill" && command.args.some((arg) => /^-?0$/.test(arg)) && command.args.at(-1) === "0") return "kills the whole process group";
      return undefined;
    },
  },
  {
    name: "permissions",
    decision: "deny",
    summary: "changes ownership or permissions recursively on the root, the home folder or a system folder, or opens them to everyone",
    command: (command, _line, context) => {
      if (!["chmod", "chown", "chgrp", "setfacl", "chflags"].includes(command.decodedName)) return undefined;
      const targets = operands(command).filter((arg) => command.args.includes(arg) || command.argsText.includes(arg)).slice(command.args.some((arg) => arg.startsWith("--reference")) ? 0 : 1);
      const hit = targets.find((path) => critical(path, command, context));
      if (hit && (recursive(command) || /^(0?[0-7]?7[0-7]7|a\+[rwx]*w|o\+w|777|666|000|u-[rwx]+|-R)$/.test(command.args.find((arg) => !arg.startsWith("-")) ?? ""))) return `changes permissions of ${hit}`;
      if (targets.some((path) => /^\/(etc|usr|bin|sbin|lib|boot|var)(\/|$)|\/etc\/(sudoers|shadow|passwd)/.test(path)) && command.decodedName !== "chgrp") return "changes permissions of system files";
      if (command.decodedName === "chmod" && command.args.some((arg) => /^[ugoa]*[+=][rwx]*s|^[4267][0-7]{3}$/.test(arg))) return "sets a setuid or setgid bit";
      return undefined;
    },
  },
  {
    name: "fork-bomb",
    decision: "deny",
    summary: "a fork bomb, in shell or an interpreter",
    line: (line) => {
      if (line.forkBomb) return "a function that calls itself in the background through a pipe";
      if (line.commands.some((command) => /fork\s*(\(\s*\))?\s*(while|until|for)|while\s*\(?\s*(1|true|True)\s*\)?\s*[:{]?\s*(os\.)?fork|os\.fork\(\)\s*$|for\s*\(\s*;\s*;\s*\)\s*fork|loop\s*\{\s*fork/.test(code(command)))) return "an interpreter loop that forks without end";
      // an endless loop that starts a background job each time round
      if (line.endlessBackgroundLoop) return "an endless loop that starts background jobs and never waits";
      return undefined;
    },
  },
  {
    name: "bulk-delete",
    decision: "ask",
    summary: "recursive forced deletes inside the project (other than build output, and of build folders outside it), rm -r/-f on another machine over ssh, folder trees deleted by interpreter code, find -delete, and deletes of paths only known at run time (variables, xargs, parallel)",
    command: (command, _line, context) => {
      const name = command.decodedName;
      const runTime = command.dynamicArgs || command.via.includes("xargs") || command.via.includes("parallel") || command.via.includes("sem");
      if (name === "rm" && (recursive(command) || forced(command))) {
        const targets = operands(command).filter((path) => command.args.includes(path));
        // the other machine's files are not the project's build output
        if (command.via.includes("ssh") && targets.length > 0) return `rm ${recursive(command) ? "-r" : "-f"} on another machine`;
        if (runTime && (recursive(command) || targets.length === 0)) return "deletes paths only known when the line runs";
        const source = targets.find((path) => !regenerable(path, command, context));
        if (recursive(command) && forced(command) && source !== undefined) return `rm -rf of ${source} (a person confirms deleting source files)`;
      }
      if (name === "rsync" && !command.args.some((arg) => /^(--dry-run|--list-only|-[a-zA-Z]*n[a-zA-Z]*)$/.test(arg)) && command.args.some((arg) => /^--(del|delete[\w-]*|remove-source-files)$/.test(arg))) return "rsync --delete removes files at the destination";
      if ((name === "scp" || name === "rsync" || name === "sftp") && operands(command).some((path) => /^[^/\s]*:(\/|\/(etc|boot|usr|bin|sbin|lib|lib64|var\/lib|root|opt)(\/|$))/.test(path) || /^[^/\s]*:\/$/.test(path))) return `${name} copies into another machine's system folders`;
      // a folder tree deleted by interpreter code, whose paths hookjudge does not resolve
      if (/\b(rmtree|rm_rf|rm_r|remove_tree|remove_dir_all|RemoveAll|rimraf|remove_entry_secure)\b|\b(rmSync|rm|rmdirSync|rmdir)\s*\([^)]*recursive\s*:\s*true|Remove-Item\b[^;|]*-Recurse/i.test(code(command))) return `${name} code deletes a folder tree`;
      if (name === "find" && (command.args.includes("-delete") || command.args.some((arg, index) => /^-(exec|execdir)$/.test(arg) && /^(rm|shred|unlink)$/.test(command.args[index + 1] ?? "")))) return "find deletes every file it matches";
      if (runTime && ["shred", "unlink", "rmdir", "truncate", "chmod", "chown"].includes(name) && recursive(command)) return `${name} of paths only known when the line runs`;
      return undefined;
    },
  },
  {
    name: "code-from-text",
    decision: "ask",
    summary: "runs code hookjudge cannot read before it runs: piped into a shell, eval or sh -c of computed text, scripts written and run on the same line, shells reading a computed descriptor (coproc) or a process substitution's pipe",
    command: (command) => {
      if ((command.decodedName === "eval" || SHELLS.has(command.decodedName) || command.decodedName === "source" || command.decodedName === ".") && command.opaqueCode) return `${command.decodedName} runs text computed at run time`;
      if ((SHELLS.has(command.decodedName) || INTERPRETERS.has(command.decodedName)) && (command.via.includes("xargs") || command.via.includes("parallel")) && command.args.some((arg) => /^-[a-z]*[ce]$/.test(arg))) return "a shell whose code is assembled from its input";
      if (command.name === null && command.stdinText.length > 0) return "a computed program fed a heredoc";
      if (command.decodedName === "pwsh" && command.args.some((arg) => /^-(e|ec|enc|encodedcommand)$/i.test(arg))) return "PowerShell runs an encoded command";
      if ((command.decodedName === "source" || command.decodedName === ".") && command.args.some((arg) => /^\/dev\/(fd|stdin)/.test(arg))) return "sources code from a file descriptor";
      // `bash <&${COPROC[0]}`, `exec {fd}> >(bash)`: a shell reading code from a pipe the line feeds later
      if (runsStdin(command) && command.redirects.some((redirect) => redirect.operator === "<&" && redirect.dynamic === true)) return `${command.decodedName} reads code from a computed file descriptor or file`;
      if (runsStdin(command) && command.via.includes("<(…)")) return `${command.decodedName} inside a process substitution reads code from whatever is written to it`;
      return undefined;
    },
    line: (line) => {
      if (line.pipelines.some((stages) => stages.some((stage, index) => index > 0 && runsStdin(stage) && stages[index - 1]!.emits === undefined))) return "pipes text into a shell or interpreter";
      // a file written on the line, then run: `… > a.sh; bash a.sh`, `base64 -d > x && ./x`
      const written = new Set(line.commands.flatMap((command) => writeTargets(command).map((target) => target.replace(/^\.\//, ""))));
      if (written.size > 0 && line.commands.some((command) => runsFile(command) && [command.decodedName, ...command.args].some((word) => written.has(word.replace(/^\.\//, "")) || [...written].some((path) => path.endsWith(`/${word.replace(/^\.\//, "")}`))))) return "writes a file and runs it on the same line";
      if (line.commands.some((command) => command.decodedName === "coproc")) return "a coprocess feeding a shell";
      return undefined;
    },
  },
  {
    name: "code-injection",
    decision: "ask",
    summary: "options and settings that make an ordinary program run other code: sort --compress-program, tar --to-command, awk system(), sed e, git --ext-diff, rg --pre, find -exec sh, make --eval, npm --node-options, go test -exec, LD_PRELOAD and friends",
    command: (command) => {
      const name = command.decodedName;
      const args = command.args;
      if (command.optionCode) return `${name} runs ${command.optionCode[0]!.split(/\s+/)[0]} through one of its options`;
      const injected = command.assignments.find((assignment) => CODE_VARIABLES.test(assignment));
      if (injected) return `${injected.split("=")[0]} makes the program load other code`;
      if (args.some((arg) => /\[\s*(\$\(|`)/.test(arg)) && /^(test|\[|printf|declare|local|read|let|unset|export|typeset)$/.test(name)) return "an array subscript that runs a command";
      if (name === "find" && args.some((arg, index) => /^-(exec|execdir|ok|okdir)$/.test(arg) && /^(sh|bash|zsh|dash|ksh|python\d*|perl|ruby|node|eval|env|xargs)$/.test((args[index + 1] ?? "").replace(/^.*\//, "")))) return "find runs a shell or interpreter for each file";
      if (/^(awk|gawk|mawk|nawk)$/.test(name) && (args.some((arg) => /system\s*\(|\|\s*getline|getline\s*<|print[f]?[^;}]*\|\s*"|@load|@include/.test(arg.replace(/\\\n/g, ""))) || args.some((arg) => /^-f.|^-f$|^--file|^-i|^--include|^-l|^--load|^-E/.test(arg)))) return `${name} runs commands or loads code`;
      if (name === "sed" && sedScripts(args).some((script) => /(^|[;\n}]\s*|\d\s*|\/\s*|\$\s*)e(\s|$)|(^|[;\n]\s*)\S*s(.)(?:(?!\3).)*\3(?:(?!\3).)*\3[gpIiwm0-9]*e/.test(script))) return "sed runs a command (the e command or flag)";
      if (name === "git") {
        const git = gitWords(command)!;
        if (git.rest.some((arg) => /^--(ext-diff|textconv)$|^-O|^--open(-files-in-pager)?(=|$)|^--open-f/.test(arg) || /^-[a-zA-Z]*O/.test(arg))) return `git ${git.sub} runs a program (--ext-diff, --textconv or -O)`;
        if (git.globals.some((arg) => /^--exec-path|^--config-env/.test(arg))) return "git runs programs from another folder";
      }
      if ((name === "rg" || name === "ripgrep") && args.some((arg) => /^--pre(-glob)?(=|$)/.test(arg))) return "rg --pre runs a program on every file";
      if (/^(vim|vi|nvim|ex|view)$/.test(name) && args.some((arg) => /^(-c|--cmd|\+.+|-S|-u)$|^\+/.test(arg))) return `${name} runs editor commands from its arguments`;
      if (name === "make" || name === "gmake") {
        if (args.some((arg, index) => /^(-C|--directory)$/.test(arg) && /^(\/|~|\.\.)/.test(args[index + 1] ?? "")) || args.some((arg) => /^(-E|--eval)/.test(arg) || /^(SHELL|\.SHELLFLAGS|MAKEFLAGS|MAKEFILES)=/.test(arg) || /!=|\$\((shell|eval)\b/.test(arg) || /^(-f|--file|--makefile)/.test(arg) && !/^(-f|--file=|--makefile=)?(GNU)?[Mm]akefile$/.test(arg.replace(/^-f/, "")))) return "make runs code given on its command line";
      }
      if (/^(npm|npx|yarn|pnpm|bun)$/.test(name) && args.some((arg) => /^--(node-options|script-shell|userconfig|globalconfig|registry|require|import|loader|experimental-loader|call|package|shell)(=|$)|^-(r|c)$/.test(arg) || (/^(exec|x|dlx)$/.test(arg) && args.some((other) => /^(sh|bash|zsh|node|python\d*)$/.test(other))))) return `${name} runs a check with injected code or another registry`;
      if (/^(npx|vitest|jest|eslint|tsc|prettier|mocha|ava|playwright|webpack|vite|rollup|babel|ts-node|tsx)$/.test(name) && args.some((arg, index) => /^(-c|--config|-p|--project|--rulesdir|--resolve-plugins-relative-to|--plugin|--require|-r|--setupFiles|--globalSetup|--import)(=|$)/.test(arg) && /^(\/|~|\.\.)/.test(arg.includes("=") ? arg.slice(arg.indexOf("=") + 1) : (args[index + 1] ?? "")))) return `${name} loads configuration or code from outside the project`;
      if ((name === "cargo" && args.some((arg) => /^--config(=|$)|^-Z$/.test(arg))) || (name === "go" && args.some((arg) => /^-(exec|toolexec|overlay)(=|$)/.test(arg))) || ((name === "pytest" || (/^python\d?$/.test(name) && args[0] === "-m" && args[1] === "pytest")) && args.some((arg) => /^-p$|^-p\w|^(-c|--rootdir|--confcutdir)(=|$)/.test(arg)))) return `${name} runs or loads other code through its options`;
      if ((SHELLS.has(name) || INTERPRETERS.has(name)) && (command.via.includes("xargs") || command.via.includes("parallel"))) return "a shell or interpreter run on its input";
      return undefined;
    },
  },
  {
    name: "network-write",
    decision: "ask",
    summary: "HTTP requests that change or send data (DELETE, PUT, PATCH, POST, uploads, form posts)",
    command: (command) => {
      const name = command.decodedName;
      if (!/^(curl|wget|http|https|xh|httpie|curlie|grpcurl|websocat|wscat)$/.test(name)) return undefined;
      const args = command.args;
      const method = args.flatMap((arg, index) => (/^(-X|--request|--method)$/.test(arg) ? [args[index + 1] ?? ""] : /^(-X|--request=|--method=)(.+)$/.exec(arg)?.[2] ? [/^(-X|--request=|--method=)(.+)$/.exec(arg)![2]!] : []));
      if (method.some((value) => /^(delete|put|patch|post)$/i.test(value))) return `${name} sends a ${method[0]!.toUpperCase()} request`;
      if (args.some((arg) => /^(-d|--data|--data-\w+|-F|--form|--form-string|-T|--upload-file|--json|--post-data|--post-file|--body-data|--body-file|-f)$|^(-d|-F|-T).|^--(data|form|json|upload-file|post-data|post-file)=/.test(arg))) return `${name} sends data`;
      if ((name === "http" || name === "https" || name === "xh" || name === "httpie") && /^(delete|put|patch|post)$/i.test(args.find((arg) => !arg.startsWith("-")) ?? "")) return `${name} sends a write request`;
      if (name === "grpcurl" && args.some((arg) => /delete|remove|destroy|drop|purge/i.test(arg))) return "grpcurl calls a delete method";
      return undefined;
    },
  },
  {
    name: "other-guards",
    decision: "ask",
    summary: "commands that change another command guard's trust, hooks or state (nah, dcg, safety-net, Dippy: any subcommand but the ones that print), or reinstall a guard's program",
    command: (command) => {
      const name = command.decodedName;
      if (/^(nah|dcg|dippy|cc-safety-net|safety-net)$/.test(name)) {
        const words = command.args.filter((arg) => !arg.startsWith("-"));
        // what only prints: docs, status, logs, explanations; `nah hook amp status`
        const prints = words.length === 0 ? command.args.length > 0 : /^(docs?|help|version|status|trust-status|log|logs|why|explain|guards|list|ls|show|check|test|doctor|info|audit|stats|history|which|scan|packs|completions?)$/.test(words[0]!) || words.at(-1) === "status";
        if (!prints) return `${name} ${words[0] ?? ""} changes a guard's settings or state`.replace(/\s+changes/, " changes");
      }
      // a package manager putting a guard's program in place: `cargo install --path crates/nah-cli`
      if (/^(cargo|pip|pip3|pipx|uv|npm|pnpm|yarn|bun|brew|go|gem)$/.test(name) && command.args.some((arg) => /^(install|i|add|reinstall|upgrade|update)$/.test(arg)) && !command.args.some((arg) => /^(--dry-run|-n|--help|-h)$/.test(arg))) {
        const guard = command.args.find((arg) => /(^|[/@])(nah|nah-cli|dcg|destructive[-_]command[-_]guard|dippy|cc-safety-net|claude-code-safety-net|hookjudge)(@[\w.^~-]+)?\/?$/.test(arg));
        const elsewhere = command.args.some((arg, index) => /^--(root|prefix|target|install-dir)(=|$)/.test(arg) && /^\/(tmp|var\/tmp)\//.test(arg.includes("=") ? arg.slice(arg.indexOf("=") + 1) : (command.args[index + 1] ?? ""))) || command.assignments.some((assignment) => /^(CARGO_HOME|CARGO_INSTALL_ROOT|PREFIX|GOBIN|PIPX_BIN_DIR|npm_config_prefix)=\/(tmp|var\/tmp)\//.test(assignment));
        if (guard && !elsewhere) return `${name} installs a guard's program over the one in use`;
      }
      return undefined;
    },
  },
  {
    name: "agents-unguarded",
    decision: "ask",
    summary: "starts a coding agent with its hooks, guards or permissions turned off (by flag, or by a variable such as PLUGINS=off or another settings folder), or turns them off in its settings",
    command: (command) => {
      if (!/^(claude|codex|gemini|qwen|opencode|cursor-agent|copilot|amp|droid|hermes|pi|kiro|kiro-cli|openclaw|aider|goose|crush)$/.test(command.decodedName)) return undefined;
      if (command.args.some((arg) => /^--(safe-mode|pure|no-extensions|no-hooks|dangerously-skip-permissions|dangerously-bypass-approvals-and-sandbox|yolo|bypass[\w-]*|permission-mode(=.*)?|settings(=.*)?|setting-sources(=.*)?|no-plugins|disable-hooks|approval-mode(=.*)?|full-auto)$/.test(arg))) return `${command.decodedName} started without its guards`;
      if (command.args[0] === "config" && /^(set|unset)$/.test(command.args[1] ?? "") && command.args.some((arg) => /hook|plugin|guard|permission|sandbox/i.test(arg))) return `${command.decodedName} config changes its hooks or guards`;
      // `PLUGINS=off amp`, `OPENCODE_PURE=1 opencode`, `KIRO_HOME=/tmp/other kiro-cli`: settings that turn guards off, or another settings folder
      const agent = command.decodedName.split("-")[0]!.toUpperCase();
      const guards = "(HOOKS?|PLUGINS?|GUARDS?|SANDBOX|PERMISSIONS?|EXTENSIONS?|SAFETY|APPROVALS?)";
      const setting = command.assignments.find((assignment) => {
        const [variable = "", value = ""] = assignment.split(/=(.*)/s);
        if (new RegExp(`(^|_)(${guards.slice(1, -1)}|PURE|SAFE_MODE|YOLO|APPROVAL_MODE|DANGEROUSLY\\w*|BYPASS\\w*|(SKIP|DISABLE|NO)_${guards})$`).test(variable)) return true;
        // the agent's settings folder moved away from its own (`KIRO_HOME=/tmp/x`), or the home folder itself
        return new RegExp(`^(${agent}\\w*_(HOME|CONFIG_DIR|CONFIG|SETTINGS|SETTINGS_PATH)|XDG_CONFIG_HOME|HOME)$`).test(variable) && !/^~(\/\.[\w-]+)?$/.test(homeForm(value.replace(/^\$HOME|^\$\{HOME\}/, "~")).replace(/\/+$/, ""));
      });
      if (setting) return `${command.decodedName} started with ${setting.split("=")[0]} set, which can turn its guards off`;
      return undefined;
    },
  },
  {
    name: "too-deep",
    decision: "ask",
    summary: "a line nested deeper or longer than hookjudge reads, or code wrapped deeper than it follows",
    line: (line) => (line.tooDeep ? (line.errors[0] ?? "nested too deep") : undefined),
    command: (command) => (command.tooDeep ? "code nested deeper than hookjudge reads" : undefined),
  },
];

/** A delete target that is build output (inside the project, under a folder a build recreates) or temporary. */
function regenerable(path: string, command: FoundCommand, context: RuleContext): boolean {
  const resolved = resolveOperand(path, command, context);
  // a temporary folder, named as such (not reached by climbing out of the project)
  if (resolved !== null && /^\/(tmp|var\/tmp)\//.test(resolved) && /^\/(tmp|var\/tmp)\//.test(path)) return true;
  const base = context.projectDir ?? context.cwd;
  // `cd .. && rm -rf build`: a build folder outside the project is someone else's
  if (resolved !== null && !resolved.startsWith(base + "/")) return false;
  const inside = resolved !== null ? resolved.slice(base.length + 1) : path.replace(/^(\.\/)+/, "").replace(/\/+$/, "");
  if (inside.startsWith("/") || inside.startsWith("~") || inside.split("/").includes("..")) return false;
  const segments = inside.split("/");
  return REGENERABLE.test(inside) || segments.slice(0, -1).some((segment) => REGENERABLE.test(segment));
}

/** The scripts a sed command runs: each -e/--expression value, else its first operand. */
function sedScripts(args: readonly string[]): string[] {
  const scripts: string[] = [];
  let first: string | undefined;
  for (let index = 0; index < args.length; index++) {
    const arg = args[index]!;
    if (arg === "-e" || arg === "--expression") scripts.push(args[++index] ?? "");
    else if (arg.startsWith("--expression=")) scripts.push(arg.slice(13));
    else if (arg === "-f" || arg === "--file") index++;
    else if (!arg.startsWith("-") && first === undefined) first = arg;
  }
  return scripts.length > 0 ? scripts : first === undefined ? [] : [first];
}

/** Names of environment variables that hold secrets. */
const SECRET_VARIABLE = /^[A-Z0-9_]*(SECRET|TOKEN|PASSWORD|PASSWD|API_KEY|APIKEY|ACCESS_KEY|PRIVATE_KEY|CREDENTIALS?|AUTH)[A-Z0-9_]*$/;

/** Environment variables that make programs load or run other code. */
const CODE_VARIABLES = /^(LD_PRELOAD|LD_LIBRARY_PATH|LD_AUDIT|DYLD_[A-Z_]+|NODE_OPTIONS|NODE_PATH|npm_config_[a-z_]+|PYTHONSTARTUP|PYTHONPATH|PYTHONHOME|PERL5OPT|PERL5LIB|PERLLIB|RUBYOPT|RUBYLIB|BASH_ENV|ENV|PROMPT_COMMAND|SHELLOPTS|PS4|GIT_CONFIG_PARAMETERS|GIT_CONFIG_COUNT|GIT_CONFIG_KEY_\d+|GIT_CONFIG_VALUE_\d+|GIT_CONFIG|GIT_CONFIG_GLOBAL|GIT_CONFIG_SYSTEM|GIT_EXTERNAL_DIFF|GIT_PAGER|GIT_EDITOR|GIT_SSH|GIT_SSH_COMMAND|GIT_ASKPASS|GIT_EXEC_PATH|GIT_PROXY_COMMAND|GIT_TEMPLATE_DIR|PAGER|MANPAGER|LESSOPEN|LESSCLOSE|EDITOR|VISUAL|BROWSER|SSH_ASKPASS|SUDO_ASKPASS|RUSTC_WRAPPER|RUSTC|CARGO_BUILD_RUSTC_WRAPPER|CC|CXX|MAKEFLAGS|JAVA_TOOL_OPTIONS|_JAVA_OPTIONS|JDK_JAVA_OPTIONS|GCONV_PATH|HOSTALIASES|IFS)=/;

/** Build output and caches that a build recreates: deleting them goes to the model, not a person. */
const REGENERABLE = /^(node_modules|dist|build|out|coverage|target|\.next|\.nuxt|\.turbo|\.cache|\.parcel-cache|\.svelte-kit|__pycache__|\.pytest_cache|\.mypy_cache|\.ruff_cache|\.tox|\.venv|venv|\.gradle|\.dart_tool|tmp|\.tmp|temp|logs?|\.angular|storybook-static|\.expo|\.eslintcache|\.nyc_output|htmlcov|site|public\/build|[\w.-]+\.(log|tmp|pyc|o)|package-lock\.json|yarn\.lock|pnpm-lock\.yaml|[\w-]+\/(dist|build|node_modules|target|coverage))$/;

const DECODES_IN_NAME = /base64|xxd|\\x[0-9a-f]{2}/i;
