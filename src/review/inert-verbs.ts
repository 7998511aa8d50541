import type { FoundCommand } from "../shell/analyze.js";

/** A subcommand tool's read verbs. */
export interface ReadVerbSpec {
  /** Global options that take a value (the next word, or `=value`). */
  globals?: readonly string[];
  /** Global options that take no value. */
  flagGlobals?: readonly string[];
  /** The read verbs: matched against the words before the first option. */
  path: RegExp;
}

/**
 * Command-line tools with subcommands, allowed by their read verbs: the words before the first
 * option (after the tool's global options and their values) must match `path`. Their options
 * are not listed one by one (there are thousands); instead, no option may name a file to write,
 * a program or an endpoint, and no value may point at a file, a URL or a path outside the project.
 */
export const READ_VERBS: Record<string, ReadVerbSpec> = {
  aws: { globals: ["--profile", "--region", "--output", "--query", "--color", "--cli-read-timeout", "--cli-connect-timeout"], flagGlobals: ["--no-cli-pager", "--no-paginate", "--debug", "--no-sign-request"], path: /^(help|\w[\w-]* help|s3 ls( s3:\/\/\S+)?|sts get-caller-identity|configure (list|list-profiles|get)|logs tail|[\w-]+ (describe|list|get|head|search|lookup|batch-get|transact-get|admin-get|admin-list|check-if|query|scan|filter|test|validate|estimate|preview|simulate|wait)[\w-]*( [\w-]+)?|rds download-db-log-file-portion)$/ },
  az: { globals: ["--subscription", "--query", "-o", "--output"], flagGlobals: ["--only-show-errors"], path: /^(version|help|account (show|list)|bicep version|([\w-]+ ){1,4}(list|show|get|get-[\w-]+|list-[\w-]+|show-[\w-]+|query|check-[\w-]+|exists|wait|tail|logs|summarize|url))( [\w.-]+)?$/ },
  gcloud: { globals: ["--project", "--format", "--account", "--configuration", "--verbosity", "--region", "--zone"], flagGlobals: ["--quiet"], path: /^(version|info|help|topic [\w-]+|config (list|get|get-value|configurations (list|describe))|auth list|([\w-]+ ){1,4}(list|describe|get|get-[\w-]+|list-[\w-]+|read|tail|show))( \S+)?$/ },
  kubectl: { globals: ["--context", "-n", "--namespace", "--kubeconfig", "--cluster", "--user", "-s", "--server"], path: /^(get|describe|logs|top|explain|version|api-resources|api-versions|cluster-info|auth can-i|auth whoami|config (view|get-contexts|current-context|get-clusters|get-users)|rollout (status|history)|events|wait|plugin list|completion (bash|zsh|fish|powershell)|diff|kustomize [\w./-]+)( .*)?$/ },
  oc: { globals: ["--context", "-n", "--namespace"], path: /^(get|describe|logs|status|whoami|version|projects|project|explain|api-resources)( .*)?$/ },
  helm: { globals: ["-n", "--namespace", "--kube-context", "--kubeconfig"], path: /^(|-h|--help|--version|help( \w+)?|completion \w+|version|list|ls|get \w+|status|history|(show|inspect) \w+|search \w+|template|lint|env|verify|(dependency|dep) (list|ls)|repo (list|ls)|plugin (list|ls|verify))( .*)?$/ },
  gh: { globals: ["-R", "--repo"], path: /^(help|version|status|auth status|(pr|issue|run|release|repo|workflow|gist|search|label|project|codespace|cs|cache|ruleset|rs|attestation|at|variable|secret|extension|ext|alias|org|browse|ssh-key|gpg-key) (list|ls|view|status|diff|checks|watch|search|verify|download-url)|search (repos|issues|prs|commits|code|users)|config (get|list)|(codespace|cs) (logs|ports)|project (field-list|item-list)|(ruleset|rs) check|(attestation|at) trusted-root|variable get|release verify-asset|api( .*)?|browse)( .*)?$/ },
  glab: { globals: ["-R", "--repo"], path: /^(help|version|auth status|(mr|issue|ci|release|repo|pipeline|job) (list|ls|view|status|diff))( .*)?$/ },
  docker: { globals: ["--context", "-c", "-H", "--host", "-l", "--log-level"], path: /^(ps|images|inspect|logs|version|info|stats|events|top|port|history|diff|search|(container|image|volume|network|context|plugin|node|service|stack|secret|config|buildx|manifest) (ls|list|inspect|ps|logs|df|history|top|port|show|stats)|stack services|buildx imagetools inspect|container diff|trust inspect|buildx (du|version)|system (df|info|events)|compose (ps|logs|config|ls|images|top|version|port|events))( .*)?$/ },
  podman: { globals: ["--connection", "--url"], path: /^(ps|images|inspect|logs|version|info|stats|top|port|history|diff|search|(container|image|volume|network|pod|machine) (ls|list|inspect|ps|logs|exists)|system (df|info))( .*)?$/ },
  brew: { path: /^(-S|search|desc|deps|uses|list|ls|info|search|deps|uses|outdated|desc|config|--config|doctor|dr|leaves|commands|tap-info|formulae|casks|missing|options|--cache|--prefix|--cellar|--caskroom|--repository|--repo|--taps|--version|-v|--env|shellenv|help|cat|log|analytics( state)?)( .*)?$/ },
  auth0: { globals: ["--tenant", "-t"], flagGlobals: ["--debug", "--no-color", "--no-input"], path: /^(help|([\w-]+ ){1,2}(list|ls|show|search|search-by-email|get|stats)|tenants list|logs (list|ls|tail)|actions diff|api (?!(get|post|put|patch|delete)( |$))[\w/.-]+)( .*)?$/ },
  uv: { path: /^(|-h|--help|-V|help( \w+)?|version|--version|tree|pip (list|show|freeze|tree|check)|python (list|find|dir)|tool (list|dir)|cache dir)( .*)?$/ },
  pip: { path: /^(list|show|freeze|check|--version|help|config (list|get [\w.-]+|debug)|cache (dir|list|info)|index versions|debug|inspect|hash|search|version)( .*)?$/ },
  pip3: { path: /^(list|show|freeze|check|--version|help|config (list|get [\w.-]+|debug)|cache (dir|list|info)|index versions|debug|inspect|hash|search|version)( .*)?$/ },
  npm: { path: /^(run|cache (ls|list)|ls|list|ll|la|outdated|view|v|info|show|s|se|search|find|help-search|explain|why|(config|c) (list|ls|get)|get|prefix|root|bin|help|doctor|fund|search|audit|query|pkg get|version|whoami|ping|completion|diff|profile get|stars|sbom|find-dupes|owner (ls|list)|access (list|ls|get)|dist-tag (ls|list))( .*)?$/ },
  pnpm: { path: /^(ls|list|outdated|why|view|info|audit|root|bin|help|licenses list)( .*)?$/ },
  yarn: { path: /^(list|info|why|outdated|licenses list|config get|audit|--version|help)( .*)?$/ },
  cargo: { path: /^(tree|metadata|search|--version|version|help|locate-project|pkgid|verify-project|info|read-manifest|fmt)( .*)?$/ },
  go: { path: /^(version|env|list|doc|help)( .*)?$/ },
  terraform: { globals: ["-chdir"], path: /^(version|validate|fmt -check|fmt -write=false|show|output|providers|graph|state (list|show)|workspace (list|show)|modules|metadata functions|plan|help)( .*)?$/ },
  journalctl: { path: /^.*$/ },
  // the macOS archive tools only probe, or decode and encode to standard output (-c)
  binhex: { path: /^(probe|(en|de)code -c)( .*)?$/ },
  applesingle: { path: /^(probe|(en|de)code -c)( .*)?$/ },
  macbinary: { path: /^(probe|(en|de)code -c)( .*)?$/ },
  // ruff rewrites files only with --fix, --add-noqa or format without --check/--diff (toolProblem)
  ruff: { path: /^(|check|lint|rule|linter|config|version|help|format)( .*)?$/ },
  // `terraform console` and `packer console` print any file their file() reads, fed on standard input: not listed
  packer: { path: /^(version|validate|inspect|fmt|plugins (installed|required))( .*)?$/ },
  profiles: { path: /^(status|list|show|help|version|validate)( .*)?$/ },
  hdiutil: { path: /^(help|info|verify|checksum|imageinfo|isencrypted|plugins|pmap)( .*)?$/ },
  "docker-compose": { globals: ["-f", "--file", "-p", "--project-name"], path: /^(ps|logs|images|top|port|events|ls|version|config)( .*)?$/ },
  "podman-compose": { globals: ["-f", "--file", "-p", "--project-name"], path: /^(ps|logs|images|top|port|version)( .*)?$/ },
  dmesg: { path: /^.*$/ },
  ip: { globals: ["-n", "-netns"], flagGlobals: ["-4", "-6", "-c", "-d", "-s", "-j", "-p", "-br", "-o", "--brief", "--json", "--color", "-h", "--human-readable"], path: /^(a|addr|address|l|link|r|route|n|neigh|neighbor|neighbour|ru|rule|m|maddr|maddress|mroute|tunnel|tunt|tuntap|netc|netconf|st|stats|-s link)( (show|list|ls|get)( [\w./:-]+)*)?$|^netns( (list|list-id|identify|pids)( [\w.-]+)?)?$|^(mo|monitor)( [\w]+)*$/ },
  launchctl: { path: /^(list|print|print-cache|print-disabled|blame|procinfo|dumpstate|help|version|managerpid|manageruid|managername|error|hostinfo|resolveport|dumpjpcategory|variant|plist)( .*)?$/ },
  defaults: { globals: ["-host"], flagGlobals: ["-currentHost"], path: /^(read|read-type|domains|find|export [\w.-]+ -|help)( .*)?$/ },
  pkgutil: { path: /^(--pkgs|--packages|--pkgs-plist|--files|--pkg-info|--pkg-info-plist|--file-info|--file-info-plist|--export-plist|--pkg-groups|--groups|--groups-plist|--group-pkgs|--payload-files|--check-signature)(=\S+)?( .*)?$/ },
  tmutil: { path: /^(listbackups|latestbackup|destinationinfo|machinedirectory|status|version|listlocalsnapshots|listlocalsnapshotdates|isexcluded|compare|calculatedrift|uniquesize|help)( .*)?$/ },
  // networksetup runs its first option as a command: the words after it are operands, never another command
  networksetup: { path: /^-(list|get|print|version|help|is|show)\w*( [^-]\S*)*$/ },
  scutil: { path: /^(--get \w+|--dns|--proxy|--nwi|-r .*|--help|-w [\w:/.-]+( -t \d+)?)$/ },
  // the data source (`.`, `localhost`, a node path), then one command that reads the directory
  dscl: { flagGlobals: ["-plist", "-raw", "-q"], path: /^(\.|localhost|\/[\w/.-]+) -?(read|readall|readpl|list|search|diff)( [^-]\S*)*$/ },
  diskutil: { path: /^(list|info|information|activity|listFilesystems|apfs list|cs list|ar list|verifyVolume)( .*)?$/ },
  openssl: { path: /^(version|help|list|x509|req -noout|crl|asn1parse|ciphers|errstr|dgst|s_client -help)( .*)?$/ },
  security: { path: /^(help|error|find-key|get-identity-preference|list-smartcards|translocate-(policy-check|status-check|original-path)|requirement-evaluate|show-keychain-info|list-keychains|default-keychain|login-keychain|find-certificate|find-identity|verify-cert|cms -D|dump-trust-settings|smartcard list|authorizationdb read)( .*)?$/ },
  systemctl: { path: /^(status|show|list-units|list-unit-files|list-timers|list-sockets|list-dependencies|is-active|is-enabled|is-failed|cat|help|--version|get-default)( .*)?$/ },
};

/** Options that name a file to write, a program to run or a host to reach: never part of a read. */
const WRITE_OR_RUN_OPTION = /^--?(o|out|output|output-file|outfile|output-dir|output-document|dest|destination|target|endpoint-url|endpoint|exec|command|script|hook|plugin|config-file|cli-input-json|cli-input-yaml|input|web|file|filename|from-file|rawfile|upload|body|data|field|raw-field|method|X|f|F|editor|pager|vacuum[\w-]*|rotate|flush|sync|relinquish-var|smart-relinquish-var|setup-keys|update-catalog|clear|read-clear|console-off|console-on|console-level|listen[\w-]*|bind|preview|execute|become|post-renderer[\w-]*|kubeconfig|enable-exec|enable-alpha-plugins|enable-helm|helm-command)(=|$)/i;
/** dmesg's short options that clear the ring buffer or change the console. */
const DMESG_WRITES = /^-[a-zA-Z]*[cCDEn]/;

/**
 * Options of WRITE_OR_RUN_OPTION's shape that one tool's read verbs give another, inert meaning:
 * per tool, the verb path they apply to and the option words (their values are still checked).
 */
const INERT_HERE: Record<string, Array<[path: RegExp, option: RegExp]>> = {
  gh: [[/^/, /^--web$/], [/^gist view/, /^--filename(=|$)/], [/^api/, /^(-X|--method)(=?GET)?$/], [/^api/, /^(-f|-F|--field|--raw-field)$/]],
  ip: [[/^/, /^-[cdosp]$/]],
  journalctl: [[/^/, /^(-n|-f|--follow|-x|--catalog|-o|--output)(=|$)/]],
  dmesg: [[/^/, /^(-f|--facility|-x|--decode)$/]],
  systemctl: [[/^/, /^(-o|--output)(=|$)/]],
  "docker-compose": [[/^/, /^(-f|--file)$/]],
  "podman-compose": [[/^/, /^(-f|--file)$/]],
  kubectl: [[/^logs/, /^-f$/], [/^diff$/, /^(-f|--filename)(=|$)/], [/^/, /^(-o|--output)(=|$)/]],
  // `docker service logs -f` follows, `docker service ps -f` filters
  docker: [[/^((service|container) )?(logs|ps|images|inspect)/, /^-f$/], [/^compose/, /^(-f|--file)(=|$)/]],
  podman: [[/^(logs|ps|images|inspect)/, /^-f$/]],
  helm: [[/^(template|lint)/, /^(-f|--values)(=|$)/], [/^/, /^(-o|--output)(=|$)/]],
  terraform: [[/^plan/, /^-target=/]],
  pip: [[/^show/, /^-f$/]],
  tmutil: [[/^destinationinfo/, /^-X$/]],
  pip3: [[/^show/, /^-f$/]],
  aws: [[/^/, /^(-o|--output)(=|$)/], [/^ssm get-connection-status$/, /^--target$/]],
  az: [[/^/, /^(-o|--output)(=|$)/]],
  oc: [[/^/, /^(-o|--output)(=|$)/]],
  gcloud: [[/^/, /^(-o|--output)(=|$)/]],
};

/** Values that are a tool's resource names, not files or URLs (`gs://bucket`, `/subscriptions/…`). */
const RESOURCE_NAME: Record<string, RegExp> = {
  gh: /^repos\//,
  // aws reads local files only through file:// and fileb://; a leading slash names a log group or a parameter
  aws: /^(s3:\/\/[\w.-]+(\/\S*)?|\/[\w./@:+=,-]*)$/,
  brew: /^\/.+\/$/,
  gcloud: /^(gs:\/\/[\w.-]+(\/[\w./*-]*)?|\/\/[\w.-]+\.googleapis\.com\/[\w./-]+)$/,
  az: /^\/subscriptions\/[\w./-]+$/,
  // tmutil prints backup metadata of any path; dscl's paths are directory records (/Users/name)
  tmutil: /^\/[\w./ -]*$/,
  dscl: /^\/[\w./@-]*$/,
};

/** Why a subcommand tool's words are not a read, or `undefined` when they are. */
export function readVerbProblem(command: FoundCommand): string | undefined {
  const tool = command.name!;
  const spec = READ_VERBS[tool];
  if (!spec) return "not a tool with read verbs";
  const args = command.args;
  let index = 0;
  while (index < args.length && args[index]!.startsWith("-") && (spec.globals || spec.flagGlobals)) {
    const arg = args[index]!;
    const name = arg.split("=")[0]!;
    if (spec.flagGlobals?.includes(arg)) {
      index++;
      continue;
    }
    if (!spec.globals?.includes(name)) break;
    index += arg.includes("=") ? 1 : 2;
  }
  const path: string[] = [];
  while (index < args.length && !args[index]!.startsWith("-")) path.push(args[index++]!);
  const rest = args.slice(index);
  // docker compose's own options come before its verb: `docker compose -f x.yml -p name ps`
  if (tool === "docker" && path.length === 1 && path[0] === "compose") {
    while (/^(-f|--file|-p|--project-name|--project-directory)$/.test(rest[0] ?? "") && rest.length > 1) path.push(rest.shift()!, rest.shift()!);
    while (rest.length > 0 && !rest[0]!.startsWith("-")) path.push(rest.shift()!);
  }
  const verbs = tool === "docker" && path[0] === "compose" ? ["compose", ...path.slice(1).filter((word, at, all) => !/^-/.test(word) && !/^-/.test(all[at - 1] ?? ""))] : path;
  const pathText = tool === "journalctl" || tool === "dmesg" ? "" : [...verbs, ...(tool === "ip" || tool === "scutil" || tool === "dscl" || tool === "defaults" || tool === "networksetup" || tool === "pkgutil" || tool === "openssl" ? rest : [])].join(" ");
  if (!spec.path.test(pathText) && !spec.path.test([...verbs, ...rest].join(" "))) return `${tool} ${path.join(" ")} is not a read verb`;
  const verbText = verbs.join(" ");
  for (const word of args) {
    const accepted = (INERT_HERE[tool] ?? []).some(([where, option]) => where.test(verbText) && option.test(word));
    if (word.startsWith("-") && WRITE_OR_RUN_OPTION.test(word) && !accepted) return `${word} can write, run or reach elsewhere`;
    const value = word.split("=").slice(-1)[0]!;
    const endpoint = tool === "gh" && verbs[0] === "api" && word === verbs[1] && /^\/[\w/{}.-]*$/.test(word);
    if (/:\/\/|^@(?!me$)|^file(b)?:|^~|^\/(?!dev\/null$)/.test(value) && !RESOURCE_NAME[tool]?.test(value) && !endpoint) return `${word} points at a file, a URL or a path outside the project`;
  }
  if (tool === "dmesg" && args.some((arg) => DMESG_WRITES.test(arg))) return "dmesg clears the ring buffer or changes the console";
  return toolProblem(tool, verbs, args);
}

/** Read verbs whose output is a credential (a key, a token, a connection string) or that store one (`get-credentials`). */
const CREDENTIAL_VERBS: Record<string, RegExp> = {
  aws: /authorization-token|password-data|session-token|secret-value|login-password/,
  az: /^(keys|credential)$|list-keys|connection-string|publishing-credentials|get-credentials|access-token|publish-profile/,
  gcloud: /get-credentials|access-token|identity-token/,
};

/** The checks of one tool's read verbs beyond their shape. */
function toolProblem(tool: string, verbs: string[], args: string[]): string | undefined {
  if (tool === "gh" && verbs[0] === "api") return ghApiProblem(verbs, args);
  // `gh config get oauth_token` reads the login token kept in the host's settings
  if (tool === "gh" && verbs[0] === "config" && args.slice(2).some((key) => /token|secret|pass|auth|key/i.test(key))) return "gh config get of a token";
  // reads that print or store a credential: access keys, connection strings, cluster logins (`get-credentials` writes ~/.kube/config)
  // every word, not only those before the first option: `gcloud container clusters --zone z get-credentials c`
  if (CREDENTIAL_VERBS[tool] && args.some((word) => CREDENTIAL_VERBS[tool]!.test(word))) return `${tool} ${args.find((word) => CREDENTIAL_VERBS[tool]!.test(word))} prints or stores a credential`;
  if ((tool === "kubectl" || tool === "oc") && verbs[0] !== "describe" && args.some((arg) => /secret/i.test(arg))) return "printing secrets";
  if ((tool === "kubectl" || tool === "oc") && verbs[0] === "config" && args.some((arg) => /^--(raw|flatten)/.test(arg))) return "config view --raw prints the cluster credentials";
  // words after the options are verbs too: `npm audit --json fix`, `npm version --no-git-tag-version patch`
  if (tool === "npm" && verbs[0] === "audit" && args.includes("fix")) return "npm audit fix changes the dependencies";
  if (tool === "npm" && verbs[0] === "version" && args.some((arg) => arg !== "version" && arg !== "--json")) return "npm version with a version bumps it";
  // a CA bundle of one's choosing lets another host answer for AWS
  if (tool === "aws" && args.some((arg) => /^--ca-bundle(=|$)/.test(arg))) return "aws --ca-bundle trusts another certificate";
  if (tool === "ruff" && (args.some((arg) => /^--(fix|unsafe-fixes|add-noqa)/.test(arg)) || (verbs[0] === "format" && !args.some((arg) => /^--(check|diff)$/.test(arg))))) return "ruff that fixes or formats rewrites files";
  if (tool === "packer" && verbs[0] === "fmt" && !args.some((arg) => /^-(check|write=false)$/.test(arg))) return "packer fmt without -check rewrites files";
  if (tool === "cargo" && verbs[0] === "fmt" && (!args.includes("--check") || args.some((arg) => !/^(fmt|--check|--all|--|-q|--quiet|-v|--verbose)$/.test(arg)))) return "cargo fmt without --check rewrites files";
  if (tool === "npm" && verbs[0] === "run" && args.some((arg) => arg !== "run" && arg !== "--list")) return "npm run with a script runs it";
  if (tool === "brew" && verbs[0] === "analytics" && args.slice(1).some((word) => !word.startsWith("-") && word !== "state")) return "brew analytics on/off changes a setting";
  if (tool === "helm" && verbs[0] === "get" && args.some((word) => /^(values|manifest|all)$/.test(word))) return "helm get prints the release's values or Secret objects";
  if (tool === "auth0" && args.some((arg) => /^(--reveal-secrets|-r)(=|$)/.test(arg))) return "auth0 --reveal-secrets prints client secrets";
  // a user record's password hash and Kerberos keys are credentials
  if (tool === "dscl" && args.some((arg) => /shadow|hash|passw|authentication|kerberos|keys/i.test(arg))) return "dscl reads a password hash or keys";
  // `go env -w GOFLAGS=-toolexec=…` runs a program on every later build; -toolexec and -exec run one now
  if (tool === "go" && args.some((arg) => /^--?(w|u|toolexec|exec)(=|$)/.test(arg))) return "go env -w, -toolexec and -exec write settings or run programs";
  if (tool === "journalctl" && args.some((arg) => /^--cursor-file(=|$)/.test(arg))) return "journalctl --cursor-file writes the cursor file";
  if (/^(npm|pnpm|yarn)$/.test(tool) && verbs[0] === "config" && args.some((word) => /token|auth|password|_pass|secret/i.test(word))) return `${tool} config get of a token`;
  if (tool === "auth0" && verbs[0] === "api" && args.some((arg) => arg.startsWith("-") && !/^(--tenant|-t|--debug|--no-color|--no-input|-q|--query)(=|$)/.test(arg))) return "auth0 api with data or a method writes";
  return undefined;
}

/** `gh api` reads with GET; fields are query parameters only with an explicit GET, or a GraphQL query. */
function ghApiProblem(verbs: string[], args: string[]): string | undefined {
  if (args.some((arg) => /^--input(=|$)/.test(arg))) return "gh api --input sends a file";
  let method = "";
  const fields: string[] = [];
  for (let index = 0; index < args.length; index++) {
    const arg = args[index]!;
    const attached = /^(-X|--method=)(.+)$/.exec(arg);
    if (attached) method = attached[2]!;
    else if (arg === "-X" || arg === "--method") method = args[++index] ?? "";
    else if (/^(-f|-F|--field|--raw-field)$/.test(arg)) fields.push(args[++index] ?? "");
    else if (/^(-f|-F)./.test(arg) || /^(--field|--raw-field)=/.test(arg)) fields.push(arg.replace(/^(-f|-F|--field=|--raw-field=)/, ""));
  }
  if (method !== "" && method.toUpperCase() !== "GET") return `gh api -X ${method} writes`;
  if (fields.length === 0 || method !== "") return undefined;
  if (verbs[1] === "graphql" && fields.every((field) => /^query=\s*(query\b|\{)/.test(field) && !/mutation|subscription/i.test(field))) return undefined;
  return "gh api with fields and no GET posts them";
}
