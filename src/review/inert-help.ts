import type { FoundCommand } from "../shell/analyze.js";

/**
 * Help and version queries: per program, the words that print its usage or version and exit.
 * Any program's lone `--help`, `--version` or `-V` is read-only already (rules.ts); this lists
 * the other spellings (`-h`, `-help`, `help`, `version`, `-v`) only where the program gives them
 * that meaning, since elsewhere `-h` is a host and `-v` a verbose run.
 */
interface HelpSpec {
  /** Lone words that ask for help or the version. */
  words: readonly string[];
  /** Built-in subcommands whose `SUB --help` (or `-h`, `help`) prints their usage without running them. */
  subcommands?: RegExp;
  /** The words after `sub` that ask for its help. @default ["--help", "-h"] */
  subHelp?: readonly string[];
  /** `help TOPIC…` prints a topic's help. */
  helpTopics?: boolean;
}

const STANDARD = ["-h", "--help", "help", "--version", "-V", "version"];
const DASH_HELP = ["-h", "--help", "-help", "--version", "-version", "version"];
// built-in subcommands only: `gh foo --help`, `kubectl foo --help`, `cargo foo --help` and `brew foo --help` run an installed plugin named foo
const GIT_COMMANDS = /^(add|am|annotate|apply|archive|bisect|blame|branch|bundle|cat-file|check-ignore|checkout|cherry|cherry-pick|clean|clone|commit|config|count-objects|describe|diff|difftool|fetch|format-patch|fsck|gc|grep|help|init|log|ls-files|ls-remote|ls-tree|merge|merge-base|mergetool|mv|notes|pull|push|range-diff|rebase|reflog|remote|reset|restore|rev-list|rev-parse|revert|rm|shortlog|show|show-ref|sparse-checkout|stash|status|submodule|switch|tag|worktree)$/;
const GH_COMMANDS = /^(alias|api|attestation|auth|browse|cache|co|codespace|completion|config|extension|gist|gpg-key|issue|label|org|pr|project|release|repo|ruleset|run|search|secret|ssh-key|status|variable|workflow)$/;
const KUBECTL_COMMANDS = /^(annotate|api-resources|api-versions|apply|attach|auth|autoscale|certificate|cluster-info|completion|config|cordon|cp|create|debug|delete|describe|diff|drain|edit|events|exec|explain|expose|get|kustomize|label|logs|patch|plugin|port-forward|proxy|replace|rollout|run|scale|set|taint|top|uncordon|version|wait)$/;
const DOCKER_COMMANDS = /^(attach|build|builder|buildx|commit|compose|config|container|context|cp|create|diff|events|exec|export|history|image|images|import|info|inspect|kill|load|login|logout|logs|manifest|network|node|pause|plugin|port|ps|pull|push|rename|restart|rm|rmi|run|save|search|secret|service|stack|start|stats|stop|swarm|system|tag|top|trust|unpause|update|version|volume|wait)$/;
const HELM_COMMANDS = /^(completion|create|dependency|env|get|history|install|lint|list|package|plugin|pull|push|registry|repo|rollback|search|show|status|template|test|uninstall|upgrade|verify|version)$/;
const CARGO_COMMANDS = /^(add|bench|build|check|clean|config|doc|fetch|fix|generate-lockfile|info|init|install|locate-project|login|logout|metadata|new|owner|package|pkgid|publish|remove|report|run|rustc|rustdoc|search|test|tree|uninstall|update|vendor|verify-project|version|yank)$/;
const BREW_COMMANDS = /^(analytics|autoremove|bundle|cleanup|commands|config|deps|desc|doctor|fetch|home|info|install|leaves|link|list|log|missing|options|outdated|pin|reinstall|search|services|tap|tap-info|uninstall|unlink|unpin|untap|update|upgrade|uses)$/;
// npm parses --help before any command runs; run, exec and their kin are left out all the same
const NPM_COMMANDS = /^(access|adduser|audit|bugs|cache|ci|completion|config|dedupe|deprecate|diff|dist-tag|docs|doctor|edit|explain|explore|find-dupes|fund|help|hook|init|install|install-ci-test|install-test|link|login|logout|ls|org|outdated|owner|pack|ping|pkg|prefix|profile|prune|publish|query|rebuild|repo|root|sbom|search|shrinkwrap|star|stars|team|token|uninstall|unpublish|unstar|update|version|view|whoami)$/;
const WORD = /^[a-z][\w-]*$/;

const HELP: Record<string, HelpSpec> = {
  git: { words: ["-h", "--help", "--version", "version", "help"], subcommands: GIT_COMMANDS, helpTopics: true },
  gh: { words: STANDARD, subcommands: GH_COMMANDS, helpTopics: true },
  kubectl: { words: ["-h", "--help", "version"], subcommands: KUBECTL_COMMANDS },
  docker: { words: ["-h", "--help", "-v", "--version", "version"], subcommands: DOCKER_COMMANDS },
  helm: { words: ["-h", "--help", "help", "version"], subcommands: HELM_COMMANDS, helpTopics: true },
  cargo: { words: ["-h", "--help", "-V", "--version", "version", "help", "--list"], subcommands: CARGO_COMMANDS, helpTopics: true },
  brew: { words: ["-h", "--help", "help", "-v", "--version"], subcommands: BREW_COMMANDS, helpTopics: true },
  npm: { words: ["-h", "--help", "help", "-v", "--version", "-l"], subcommands: NPM_COMMANDS, helpTopics: true },
  pnpm: { words: ["-h", "--help", "-v", "--version"] },
  // yarn 1's `yarn version` asks for a new version and writes it: not listed
  yarn: { words: ["-h", "--help", "-v", "--version"] },
  // the AWS, Azure and Google CLIs load no programs by subcommand name: any group's help is help
  aws: { words: ["help", "--version"], subcommands: WORD, subHelp: ["help", "--help"] },
  az: { words: ["-h", "--help", "--version", "version"], subcommands: WORD },
  gcloud: { words: ["-h", "--help", "help", "version", "--version"], subcommands: WORD, helpTopics: true },
  terraform: { words: DASH_HELP, subcommands: WORD, subHelp: ["-help", "--help", "-h"] },
  packer: { words: DASH_HELP, subcommands: WORD, subHelp: ["-help", "--help", "-h"] },
  cdk: { words: ["-h", "--help", "--version", "version"], subcommands: WORD },
  auth0: { words: ["-h", "--help", "--version", "version"], subcommands: WORD },
  sqlcmd: { words: ["-?", "--help", "--version"], subcommands: WORD, subHelp: ["--help", "-h", "-?"] },
  "ansible-galaxy": { words: ["-h", "--help", "--version"], subcommands: /^(collection|role)$/ },
  ansible: { words: ["-h", "--help", "--version"] },
  "ansible-playbook": { words: ["-h", "--help", "--version"] },
  "ansible-vault": { words: ["-h", "--help", "--version"] },
  "ansible-inventory": { words: ["-h", "--help", "--version"] },
  "ansible-doc": { words: ["-h", "--help", "--version"] },
  "ansible-pull": { words: ["-h", "--help", "--version"] },
  "ansible-config": { words: ["-h", "--help", "--version"] },
  "ansible-console": { words: ["-h", "--help", "--version"] },
  "ansible-lint": { words: ["-h", "--help", "--version"] },
  "ansible-test": { words: ["-h", "--help", "--version"] },
  uv: { words: ["-h", "--help", "help", "-V", "--version"] },
  pip: { words: ["-h", "--help", "-V", "--version"] },
  pip3: { words: ["-h", "--help", "-V", "--version"] },
  python: { words: ["-h", "--help", "-V", "-VV", "--version"] },
  python3: { words: ["-h", "--help", "-V", "-VV", "--version"] },
  ruff: { words: ["-h", "--help", "help", "-V", "--version", "version"] },
  "pre-commit": { words: ["-h", "--help", "help", "-V", "--version"] },
  isort: { words: ["-h", "--help", "-V", "--version"] },
  black: { words: ["-h", "--help", "--version"] },
  duckdb: { words: ["-help", "-version"] },
  sqlite3: { words: ["-help", "-version", "--help", "--version"] },
  mysql: { words: ["-?", "--help", "-V", "--version"] },
  psql: { words: ["-?", "--help", "-V", "--version"] },
  prometheus: { words: ["-h", "--help", "--version", "--help-long", "--help-man"] },
  mawk: { words: ["-W version", "-Wversion", "-W usage"] },
  unzip: { words: ["-h", "-hh", "--help"] },
  "7z": { words: ["-h", "--help"] },
  "7zz": { words: ["-h", "--help"] },
  "7za": { words: ["-h", "--help"] },
  "7zr": { words: ["-h", "--help"] },
  gawk: { words: ["-h", "--help", "-V", "--version"] },
  xxd: { words: ["-h", "--help", "-v", "-version", "--version"] },
  wget: { words: ["-h", "--help", "-V", "--version"] },
  curl: { words: ["-h", "--help", "-V", "--version", "--manual"] },
  find: { words: ["--help", "--version"] },
  hdiutil: { words: ["help"] },
  profiles: { words: ["help", "version", "-h"] },
  textutil: { words: ["-help"] },
  symbols: { words: ["-help"] },
  qlmanage: { words: ["-h"] },
  compression_tool: { words: ["-h"] },
  binhex: { words: ["-h"] },
  applesingle: { words: ["-h"] },
  macbinary: { words: ["-h"] },
  pkgutil: { words: ["-h", "--help"] },
  "docker-compose": { words: ["-h", "--help", "-v", "--version", "version"] },
  "podman-compose": { words: ["-h", "--help", "-v", "--version", "version"] },
};

/** True when `command` only asks for a program's help or version. */
export function isHelpQuery(command: FoundCommand): boolean {
  const spec = HELP[command.name!];
  if (!spec) return false;
  const args = command.args;
  if (spec.words.includes(args.join(" "))) return true;
  if (args.length === 1) return false;
  if (args.length === 0) return false;
  if (spec.helpTopics && args[0] === "help") return args.slice(1).every((word) => WORD.test(word)) && args.length <= 4;
  if (!spec.subcommands) return false;
  const last = args.at(-1)!;
  const subs = args.slice(0, -1);
  // one built-in subcommand, or up to three group words for the cloud CLIs that load none
  const most = spec.subcommands === WORD ? 3 : 1;
  return (spec.subHelp ?? ["--help", "-h"]).includes(last) && subs.length <= most && subs.every((word) => spec.subcommands!.test(word) && WORD.test(word));
}
