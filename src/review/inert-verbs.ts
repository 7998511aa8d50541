import type { FoundCommand } from "./analyze.js";

/**
 * Command-line tools with subcommands, allowed by their read verbs: the words before the first
 * option (after the tool's global options and their values) must match `path`. Their options
 * are not listed one by one (there are thousands); instead, no option may name a file to write,
 * a program or an endpoint, and no value may point at a file, a URL or a path outside the project.
 */
export const READ_VERBS: Record<string, { globals?: readonly string[]; path: RegExp }> = {
  aws: { globals: ["--profile", "--region", "--output", "--query", "--color", "--cli-read-timeout", "--cli-connect-timeout", "--no-cli-pager", "--no-paginate", "--debug"], path: /^(help|\w[\w-]* help|s3 ls|sts get-caller-identity|configure (list|list-profiles|get)|logs tail|[\w-]+ (describe|list|get|head|search|lookup|batch-get|query|scan|filter|test|validate|estimate|preview|simulate|wait)[\w-]*( [\w-]+)?)$/ },
  az: { globals: ["--subscription", "--query", "-o", "--output", "--only-show-errors"], path: /^(version|help|account (show|list)|([\w-]+ ){1,4}(list|show|get|get-[\w-]+|list-[\w-]+|show-[\w-]+|query|check-[\w-]+|exists|wait|tail))( [\w.-]+)?$/ },
  gcloud: { globals: ["--project", "--format", "--account", "--configuration", "--verbosity", "--quiet", "--region", "--zone"], path: /^(version|info|help|config (list|get|get-value|configurations (list|describe))|auth list|([\w-]+ ){1,4}(list|describe|get|get-[\w-]+|list-[\w-]+|read|tail|show))( [\w.-]+)?$/ },
  kubectl: { globals: ["--context", "-n", "--namespace", "--kubeconfig", "--cluster", "--user", "-s", "--server"], path: /^(get|describe|logs|top|explain|version|api-resources|api-versions|cluster-info|auth can-i|auth whoami|config (view|get-contexts|current-context|get-clusters|get-users)|rollout (status|history)|events|wait)( .*)?$/ },
  oc: { globals: ["--context", "-n", "--namespace"], path: /^(get|describe|logs|status|whoami|version|projects|project|explain|api-resources)( .*)?$/ },
  helm: { globals: ["-n", "--namespace", "--kube-context", "--kubeconfig"], path: /^(|-h|--help|--version|help( \w+)?|completion \w+|version|list|ls|get \w+|status|history|show \w+|search \w+|template|lint|env|dependency (list|ls)|repo (list|ls)|plugin (list|ls))( .*)?$/ },
  gh: { globals: ["-R", "--repo"], path: /^(help|version|status|auth status|(pr|issue|run|release|repo|workflow|gist|search|label|project|codespace|cache|ruleset|attestation|variable|secret|extension|alias|org|browse) (list|ls|view|status|diff|checks|watch|search|verify|download-url)|search (repos|issues|prs|commits|code|users)|api( .*)?|browse)( .*)?$/ },
  glab: { globals: ["-R", "--repo"], path: /^(help|version|auth status|(mr|issue|ci|release|repo|pipeline|job) (list|ls|view|status|diff))( .*)?$/ },
  docker: { globals: ["--context", "-H", "--host", "-l", "--log-level"], path: /^(ps|images|inspect|logs|version|info|stats|events|top|port|history|diff|search|(container|image|volume|network|context|plugin|node|service|stack|secret|config|buildx|manifest) (ls|list|inspect|ps|logs|df|history|top|port|show|stats)|system (df|info|events)|compose (ps|logs|config|ls|images|top|version|port))( .*)?$/ },
  podman: { globals: ["--connection", "--url"], path: /^(ps|images|inspect|logs|version|info|stats|top|port|history|diff|search|(container|image|volume|network|pod|machine) (ls|list|inspect|ps|logs|exists)|system (df|info))( .*)?$/ },
  brew: { path: /^(-S|search|desc|deps|uses|list|ls|info|search|deps|uses|outdated|desc|config|doctor|leaves|commands|tap-info|formulae|casks|missing|options|--cache|--prefix|--cellar|--repository|--version|--env|shellenv|help|cat|log)( .*)?$/ },
  auth0: { globals: ["--tenant"], path: /^(help|[\w-]+ (list|ls|show|search|search-by-email|get)|tenants list|logs (list|ls))( .*)?$/ },
  uv: { path: /^(|-h|--help|-V|help( \w+)?|version|--version|tree|pip (list|show|freeze|tree|check)|python (list|find|dir)|tool (list|dir)|cache dir)( .*)?$/ },
  pip: { path: /^(list|show|freeze|check|--version|help|config list|cache (dir|list|info)|index versions)( .*)?$/ },
  pip3: { path: /^(list|show|freeze|check|--version|help|config list)( .*)?$/ },
  npm: { path: /^(ls|list|ll|la|outdated|view|v|info|show|s|se|search|find|help-search|explain|why|config (list|get)|get|prefix|root|bin|help|doctor|fund|search|audit|query|pkg get|version)( .*)?$/ },
  pnpm: { path: /^(ls|list|outdated|why|view|info|audit|root|bin|help|licenses list)( .*)?$/ },
  yarn: { path: /^(list|info|why|outdated|licenses list|config get|audit|--version|help)( .*)?$/ },
  cargo: { path: /^(tree|metadata|search|--version|version|help|locate-project|pkgid|verify-project|info)( .*)?$/ },
  go: { path: /^(version|env|list|doc|help)( .*)?$/ },
  terraform: { globals: ["-chdir"], path: /^(version|validate|fmt -check|show|output|providers|graph|state (list|show)|workspace (list|show)|plan|console|help)( .*)?$/ },
  journalctl: { path: /^.*$/ },
  dmesg: { path: /^.*$/ },
  ip: { globals: ["-4", "-6", "-c", "-d", "-s", "-j", "-p", "-br", "-o", "--brief", "--json", "--color"], path: /^((a|addr|address|l|link|r|route|n|neigh|neighbour|rule|maddr|mroute|netns|tunnel|-s link|monitor)( (show|list|ls|get))?)( [\w./:-]+)*$/ },
  launchctl: { path: /^(list|print|print-cache|print-disabled|blame|procinfo|dumpstate|help|version|managerpid|manageruid|managername|error)( .*)?$/ },
  defaults: { path: /^(read|read-type|domains|find|export [\w.-]+ -|help)( .*)?$/ },
  pkgutil: { path: /^(--pkgs|--pkgs-plist|--files|--pkg-info|--pkg-info-plist|--file-info|--export-plist|--pkg-groups|--groups|--group-pkgs)( .*)?$/ },
  tmutil: { path: /^(listbackups|latestbackup|destinationinfo|machinedirectory|status|version|listlocalsnapshots|listlocalsnapshotdates|isexcluded|compare|calculatedrift|uniquesize|help)( .*)?$/ },
  networksetup: { path: /^-(list|get|print|version|help|isBluetoothServiceEnabled|showBluetoothStatus)\w*( .*)?$/ },
  scutil: { path: /^(--get \w+|--dns|--proxy|--nwi|-r .*|--help)$/ },
  diskutil: { path: /^(list|info|information|activity|listFilesystems|apfs list|cs list|ar list|verifyVolume)( .*)?$/ },
  openssl: { path: /^(version|help|list|x509|req -noout|crl|asn1parse|ciphers|errstr|dgst|s_client -help)( .*)?$/ },
  security: { path: /^(help|show-keychain-info|list-keychains|default-keychain|login-keychain|find-certificate|find-identity|verify-cert|cms -D|dump-trust-settings|smartcard list|authorizationdb read)( .*)?$/ },
  systemctl: { path: /^(status|show|list-units|list-unit-files|list-timers|list-sockets|list-dependencies|is-active|is-enabled|is-failed|cat|help|--version|get-default)( .*)?$/ },
};

/** Options that name a file to write, a program to run or a host to reach: never part of a read. */
const WRITE_OR_RUN_OPTION = /^--?(o|out|output-file|outfile|output-dir|output-document|dest|destination|target|endpoint-url|endpoint|exec|command|script|hook|plugin|config-file|cli-input-json|cli-input-yaml|input|web|file|filename|from-file|rawfile|upload|body|data|field|raw-field|method|X|f|F|editor|pager|vacuum[\w-]*|rotate|flush|sync|relinquish-var|smart-relinquish-var|setup-keys|update-catalog|clear|read-clear|console-off|console-on|console-level|listen[\w-]*|bind|preview|execute|become)(=|$)/i;
/** dmesg's short options that clear the ring buffer or change the console. */
const DMESG_WRITES = /^-[a-zA-Z]*[cCDEn]/;

/** Why a subcommand tool's words are not a read, or `undefined` when they are. */
export function readVerbProblem(command: FoundCommand): string | undefined {
  const spec = READ_VERBS[command.name!];
  if (!spec) return "not a tool with read verbs";
  const args = command.args;
  let index = 0;
  while (index < args.length && args[index]!.startsWith("-") && spec.globals) {
    const arg = args[index]!;
    const name = arg.split("=")[0]!;
    if (!spec.globals.includes(name)) break;
    index += arg.includes("=") || ["--quiet", "-4", "-6", "-c", "-d", "-s", "-j", "-p", "-br", "-o", "--brief", "--json", "--color", "--only-show-errors"].includes(name) && !(name === "-o" && command.name !== "ip") ? 1 : 2;
  }
  const path: string[] = [];
  while (index < args.length && !args[index]!.startsWith("-")) path.push(args[index++]!);
  const rest = args.slice(index);
  const pathText = command.name === "journalctl" || command.name === "dmesg" ? "" : [...path, ...(command.name === "ip" || command.name === "scutil" || command.name === "defaults" || command.name === "networksetup" || command.name === "pkgutil" || command.name === "openssl" ? rest : [])].join(" ");
  if (!spec.path.test(pathText) && !spec.path.test([...path, ...rest].join(" "))) return `${command.name} ${path.join(" ")} is not a read verb`;
  for (const word of args) {
    if (word.startsWith("-") && WRITE_OR_RUN_OPTION.test(word) && !(command.name === "gh" && /^--web$/.test(word)) && !(command.name === "ip" && /^-[cdosp]$/.test(word))) {
      if ((command.name === "journalctl" && /^-n$/.test(word)) || (command.name === "kubectl" && /^-f$/.test(word) && path[0] === "logs") || ((command.name === "docker" || command.name === "podman") && /^-f$/.test(word) && /^(logs|ps|images|inspect)$/.test(path[0] ?? "")) || (/^(aws|az|kubectl|oc|helm|gcloud)$/.test(command.name!) && /^-o$|^--output$/.test(word))) continue;
      return `${word} can write, run or reach elsewhere`;
    }
    if (/:\/\/|^@(?!me$)|^file(b)?:|^~|^\/(?!dev\/null$)/.test(word.split("=").slice(-1)[0]!) && !(command.name === "gh" && /^repos\//.test(word))) return `${word} points at a file, a URL or a path outside the project`;
  }
  if (command.name === "dmesg" && args.some((arg) => DMESG_WRITES.test(arg))) return "dmesg clears the ring buffer or changes the console";
  if (command.name === "gh" && path[0] === "api" && args.some((arg) => /^(-X|--method|-f|-F|--field|--raw-field|--input)/.test(arg))) return "gh api with a method or fields writes";
  return undefined;
}
