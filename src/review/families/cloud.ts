// Cloud resources, containers, clusters, packages and databases: deleted, replaced or changed.
import type { FoundCommand } from "../../shell/analyze.js";
import { cloudReadQuery, helmDryRun, optionValueIndices, positionalWords } from "./cloud-reads.js";
import type { RuleFamily } from "./types.js";
import { code } from "./words.js";

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
const NOT_TOOLS = new Set(["echo", "printf", "grep", "egrep", "rg", "ag", "cat", "ls", "man", "help", "which", "type", "command", "head", "tail", "less", "more", "wc", "sort", "uniq", "tr", "sed", "awk", "jq", "find", "fd", "git", "test", "[", "true", "false", "diff", "file", "stat", "tree", "basename", "dirname", "date", "sleep", "xargs", "tldr", "apropos", "whatis", "info", "cd", "pwd", "touch", "mkdir", "cp", "mv", "ln", "rm", "rmdir", "make", "npm", "npx", "yarn", "pnpm", "cargo", "go", "pytest", "python", "python3", "node", "ruby", "perl", "bash", "sh", "zsh", "code", "vim", "nano", "emacs", "open", "say", "fzf", "history", "alias", "unset", "export", "set", "read", "exit", "return", "wait", "jobs", "kill", "pkill", "killall", "time", "timeout", "watch", "env", "sudo", "nohup", "nice", "printenv", "base64", "openssl", "ssh-add", "gpg", "tar", "zip", "unzip", "gzip", "gunzip", "docker", "kubectl", "helm"]);

const DATABASES = new Set(["psql", "mysql", "mariadb", "sqlite3", "sqlcmd", "mongosh", "mongo", "clickhouse-client", "clickhouse", "duckdb", "cockroach", "redis-cli", "cqlsh", "trino", "presto", "snowsql", "bq", "spanner-cli", "usql", "pgcli", "mycli", "litecli", "influx", "sqlplus", "isql", "db2", "hive", "beeline", "spark-sql", "impala-shell", "valkey-cli", "keydb-cli", "memtier_benchmark", "dropdb", "dropuser"]);
const DESTRUCTIVE_SQL = /\b(drop\s+(database|table|schema|index|user|role|view|collection|keyspace|materialized|function|procedure|trigger|sequence|extension|owned|tablespace)|truncate(\s+table)?\s+[`"\w]|delete\s+from\s+[`"\w.]+\s*(;|$|--|'|")|alter\s+table\s+\S+\s+drop|flushall|flushdb|dropdatabase\s*\(|\.drop\s*\(|deletemany\s*\(\s*\{\s*\}\s*\)|\bdel\s+\S|update\s+[`"\w.]+\s+set\s+(?:(?!\bwhere\b).)*$|grant\s+all|revoke\s+|shutdown\b|config\s+set|script\s+flush|cluster\s+reset|debug\s+segfault|swapdb|db\.\w+\.remove\s*\(|deleteone|db\.dropuser|rm\s+-r)/i;

function lowerArgs(command: FoundCommand): string[] {
  return command.args.map((arg) => arg.toLowerCase());
}

/** `cloud-container-database`, an ask family. */
export const cloudContainerDatabase: RuleFamily = {
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
      // `terraform plan -destroy` only shows what a destroy would do
      if (args.some((arg) => (/^-destroy$/.test(arg) && args[0] !== "plan") || /^-auto-approve$|^--auto-approve$|^--yes$|^-y$/.test(arg))) return `${name} changes infrastructure without a review`;
    }
    // listed read-only queries (`docker service ls`, `helm help install`, `kubectl auth can-i create`): their later words are names
    const readQuery = cloudReadQuery(name, args);
    // a word right after a global option is that option's value (`kubectl -n delete get pods`), not a verb
    const values = optionValueIndices(name, args);
    const verbs = positionalWords(name, args);
    if ((name === "kubectl" || name === "oc") && !readQuery && verbs.some((arg) => /^(delete|drain|cordon|taint|replace|patch|scale|rollout|apply|create|edit|set|label|annotate|exec|cp|run|expose|autoscale|certificate|uncordon|reconcile)$/.test(arg))) {
      if (args[0] === "rollout" && /^(status|history)$/.test(args[1] ?? "")) return undefined;
      if (args.includes("--dry-run=client") || args.includes("--dry-run=server")) return undefined;
      return `${name} ${args.find((arg) => /^(delete|drain|cordon|taint|replace|patch|scale|rollout|apply|create|edit|set|label|annotate|exec|cp|run|expose|autoscale|certificate|uncordon|reconcile)$/.test(arg))} changes a cluster`;
    }
    if ((name === "helm") && !readQuery && !helmDryRun(args) && verbs.some((arg) => /^(uninstall|delete|del|rollback|upgrade|install|push|plugin|repo)$/.test(arg)) && !(args.includes("repo") && args.some((arg) => /^(list|update)$/.test(arg)))) return "helm changes a release";
    if ((name === "docker" || name === "podman" || name === "nerdctl") && !readQuery && (verbs.some((arg) => /^(rm|rmi|kill|prune|stop|down|rmi|push|restart|update|exec|run|create|commit|load|import|swarm|stack|service|secret|config|plugin|build|buildx|login|logout)$/.test(arg)) || (args.includes("compose") && args.some((arg) => /^(up|down|rm|kill|stop|restart|run|exec|push|build|create|pull)$/.test(arg))))) {
      if (args[0] === "buildx" && /^(ls|inspect|version|du)$/.test(args[1] ?? "")) return undefined;
      return `${name} ${verbs.find((arg) => /^(rm|rmi|kill|prune|stop|down|push|restart|update|exec|run|create|commit|load|import|swarm|stack|service|secret|config|plugin|build|buildx|login|logout|up)$/.test(arg))} changes containers or images`;
    }
    if ((name === "docker-compose") && args.some((arg) => /^(up|down|rm|kill|stop|restart|run|exec|push|build|create|pull)$/.test(arg))) return "docker-compose changes containers";
    if (/^(npm|yarn|pnpm|cargo|gem|twine|pip|conda|brew|apt|apt-get|dnf|yum|pacman|snap|flatpak)$/.test(name) && !readQuery && !(name === "cargo" && cargoOwnerList(args)) && args.some((arg) => /^(publish|unpublish|deprecate|yank|owner|upload|push|dist-tag|access|token|adduser|login|logout|team)$/.test(arg))) return `${name} publishes or changes a package in a registry`;
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
    if (readQuery || (name === "helm" && helmDryRun(args))) return undefined;
    // an option's value (`az --subscription delete vm list`) is a name, not a verb
    const planOnly = /^(terraform|tofu|terragrunt)$/.test(name) && verbs[0] === "plan";
    const destroys = (arg: string, index: number) => !values.has(index) && !(planOnly && arg === "-destroy") && ((!arg.startsWith("-") && (DESTROY_VERBS.test(arg) || MORE_DESTROY_VERBS.test(arg))) || /(^|[-_])(delete|remove|destroy|purge|terminate|drop|deregister|unsubscribe)([-_]|$)|^(detach|revoke|disable|clear|forget|force)[-_]/.test(arg));
    if (args.some(destroys)) return `${name} ${args.find(destroys)} deletes or stops resources`;
    // cloud writes: aws … create-/update-/put-/modify-, gcloud/az … create|update|set
    if (/^(aws|gcloud|az|gsutil|doctl|oci|ibmcloud|linode-cli|hcloud|scw|vault|heroku|flyctl|fly|vercel|netlify|firebase|wrangler|supabase|railway|stripe|auth0|okta|cloudflared)$/.test(name) && args.some((arg) => /^(create|update|put|modify|change|set|attach|associate|replace|import|restore|reboot|stop|start|run|invoke|send|publish|deploy|promote|rollback|apply|write|kv|secrets?|grant|add|assign|enable|rotate|copy|cp|mv|sync|upload|scale|resize|failover)(-|$)/.test(arg)) && !args.some((arg) => /^(describe|list|get|show|ls|help|--help|--dry-run)(-|$)/.test(arg) && args.indexOf(arg) < 2)) return `${name} ${args.find((arg) => /^(create|update|put|modify|change|set|attach|associate|replace|import|restore|reboot|stop|start|run|invoke|send|publish|deploy|promote|rollback|apply|write|kv|secrets?|grant|add|assign|enable|rotate|copy|cp|mv|sync|upload|scale|resize|failover)(-|$)/.test(arg))} changes cloud resources`;
    if (name === "redis-cli" && args.some((arg) => /^(flushall|flushdb|del|unlink|config|shutdown|debug|script|keys)$/.test(arg))) return "redis-cli changes data";
    return undefined;
  },
};

/** `cargo owner --list CRATE`: only lists the owners (`--add` and `--remove` change them). */
function cargoOwnerList(args: string[]): boolean {
  return args[0] === "owner" && args.some((arg) => arg === "--list" || arg === "-l") && args.slice(1).every((arg) => !arg.startsWith("-") || /^(--list|-l|--registry|--quiet|-q|--verbose|-v)$/.test(arg));
}
