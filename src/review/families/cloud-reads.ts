// The cloud family's exceptions: words that are option values, not verbs, and the read-only
// queries whose group word (`docker service`, `helm plugin`, `gcloud run`) looks like a change.
import { READ_VERBS } from "../inert.js";

/** Options of a tool that take the next word as their value, beyond its READ_VERBS globals. */
const MORE_VALUED: Record<string, readonly string[]> = {
  docker: ["-f", "--file", "-p", "--project-name", "--project-directory", "--format"],
};

/**
 * The indices of `args` that are the value of a known global option (`gcloud --project delete …`,
 * `kubectl -n delete get pods`): such a word is a name, never the verb the tool runs.
 */
export function optionValueIndices(name: string, args: readonly string[]): Set<number> {
  const valued = [...(READ_VERBS[name]?.globals ?? []), ...(MORE_VALUED[name] ?? [])];
  const values = new Set<number>();
  for (let index = 1; index < args.length; index++) {
    if (valued.includes(args[index - 1]!) && !values.has(index - 1)) values.add(index);
  }
  return values;
}

/** The words that are neither options nor option values: the tool's command path and its operands. */
export function positionalWords(name: string, args: readonly string[]): string[] {
  const values = optionValueIndices(name, args);
  return args.filter((arg, index) => !arg.startsWith("-") && !values.has(index));
}

/** Read-only queries of tools whose group or subcommand word also names a change elsewhere. */
const READ_QUERIES: Record<string, RegExp> = {
  // `docker swarm join-token` prints a token and `docker exec` runs code: neither is listed
  docker: /^((service|secret|config|stack|plugin|node|context) (ls|list|inspect|ps|logs|services)|buildx imagetools inspect|compose config)( |$)/,
  podman: /^((secret|pod|plugin|network|volume) (ls|list|inspect|ps|logs|exists))( |$)/,
  // `helm plugin verify` checks a signature; `helm search` and `helm help` only print
  helm: /^(help|search|repo (list|ls)|plugin (list|ls|verify))( |$)/,
  // `gcloud secrets versions access` prints a secret: only list and describe
  gcloud: /^((alpha|beta) )?(run (services|revisions|jobs|executions|domain-mappings|regions|routes|configurations) (list|describe)|secrets (versions )?(list|describe))( |$)/,
  az: /^(appconfig kv|sql failover-group) (list|show)( |$)/,
  kubectl: /^auth (can-i|whoami)( |$)/,
  oc: /^auth (can-i|whoami)( |$)/,
  npm: /^(owner (ls|list)|access (list|ls|get)|dist-tag (ls|list))( |$)/,
};

/** True when the command path (`docker service ls`, `helm help install`) is a listed read-only query. */
export function cloudReadQuery(name: string, args: readonly string[]): boolean {
  const pattern = READ_QUERIES[name];
  return pattern !== undefined && pattern.test(positionalWords(name, args).join(" "));
}

/** `helm install|upgrade|uninstall|rollback --dry-run` changes no release, unless a post-renderer runs a program. */
export function helmDryRun(args: readonly string[]): boolean {
  const verb = positionalWords("helm", args)[0] ?? "";
  if (!/^(install|upgrade|uninstall|rollback)$/.test(verb)) return false;
  if (args.some((arg) => /^--post-renderer/.test(arg) || /^--dry-run=(false|0|none)$/i.test(arg))) return false;
  return args.some((arg) => /^--dry-run(=(true|client|server))?$/.test(arg));
}
