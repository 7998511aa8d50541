import type { FoundCommand } from "./analyze.js";
import type { InertSpec } from "./options.js";

/**
 * The gate's allow-list: per program, the options and operand shapes known to be inert (they
 * cannot write, run other code or reach the network). A command is rule-allowed only when its
 * program is a bare name found through `PATH` and every word is on its program's list; anything
 * else is undecided. Operands are checked apart, for secrets and devices (see rules.ts).
 */
export const INERT: Record<string, InertSpec> = {
  ls: { flags: "1aAbBcCdfFgGhHiklLmnNopqQrRsStuUvwxXZ", long: ["all", "almost-all", "human-readable", "long", "recursive", "reverse", "size", "classify", "directory", "inode", "numeric-uid-gid", "color", "no-group", "si", "dereference", "group-directories-first", "full-time"], longValued: ["color", "sort", "time-style", "format", "ignore", "hide", "width", "block-size", "indicator-style", "quoting-style", "time"], valued: "ITw" },
  cat: { flags: "AbeEnstTuv", long: ["number", "number-nonblank", "show-all", "show-ends", "show-tabs", "squeeze-blank", "show-nonprinting"] },
  head: { flags: "qvz", valued: "nc", numeric: true, long: ["quiet", "silent", "verbose", "zero-terminated"], longValued: ["lines", "bytes"] },
  tail: { flags: "fFqvzr", valued: "ncs", numeric: true, long: ["follow", "quiet", "silent", "verbose", "retry", "zero-terminated"], longValued: ["lines", "bytes", "follow", "pid", "sleep-interval", "max-unchanged-stats"] },
  wc: { flags: "clmwL", long: ["bytes", "chars", "lines", "words", "max-line-length"] },
  grep: {
    flags: "EFGPiyvwxcLloqsbHhnTZzraRIUu",
    valued: "efmABCd",
    numeric: true,
    long: ["extended-regexp", "fixed-strings", "basic-regexp", "perl-regexp", "ignore-case", "no-ignore-case", "invert-match", "word-regexp", "line-regexp", "count", "files-without-match", "files-with-matches", "only-matching", "quiet", "silent", "no-messages", "byte-offset", "with-filename", "no-filename", "line-number", "initial-tab", "null", "null-data", "text", "recursive", "dereference-recursive", "binary", "color", "colour", "line-buffered"],
    longValued: ["regexp", "file", "max-count", "after-context", "before-context", "context", "include", "exclude", "exclude-dir", "color", "colour", "label", "binary-files", "directories", "devices"],
  },
  egrep: { flags: "iyvwxcLloqsbHhnrRIZ", valued: "efmABC", numeric: true, long: ["ignore-case", "count", "recursive", "line-number"], longValued: ["include", "exclude", "exclude-dir", "color"] },
  fgrep: { flags: "iyvwxcLloqsbHhnrRIZ", valued: "efmABC", numeric: true, long: ["ignore-case", "count", "recursive", "line-number"], longValued: ["include", "exclude", "exclude-dir", "color"] },
  rg: {
    flags: "iIsSFwxvclnNoqLuUH0.ab",
    valued: "egtTmABCrM",
    numeric: false,
    long: ["ignore-case", "case-sensitive", "smart-case", "fixed-strings", "word-regexp", "line-regexp", "invert-match", "count", "count-matches", "files", "files-with-matches", "files-without-match", "line-number", "no-line-number", "only-matching", "quiet", "hidden", "no-ignore", "no-ignore-vcs", "follow", "json", "vimgrep", "heading", "no-heading", "with-filename", "no-filename", "multiline", "multiline-dotall", "pcre2", "stats", "sort-files", "type-list", "column", "trim", "null", "byte-offset", "passthru", "no-messages", "text", "unrestricted"],
    longValued: ["regexp", "glob", "iglob", "type", "type-not", "max-count", "after-context", "before-context", "context", "max-depth", "sort", "sortr", "color", "colors", "max-columns", "replace", "threads", "max-filesize", "encoding", "type-add", "engine"],
  },
  tree: { flags: "adflifgpsughDFqNQrtvUCAnSxL", valued: "LPI", long: ["noreport", "dirsfirst", "du", "prune", "gitignore"], longValued: ["charset", "filelimit", "sort"] },
  stat: { flags: "LftZ", valued: "c", long: ["dereference", "file-system", "terse"], longValued: ["format", "printf"] },
  file: { flags: "bhiLNkrsz", long: ["brief", "mime", "mime-type", "dereference", "no-dereference", "keep-going"] },
  du: { flags: "acbhHksLmSx0D", valued: "dBt", long: ["all", "apparent-size", "bytes", "human-readable", "si", "summarize", "total", "dereference", "one-file-system", "count-links"], longValued: ["max-depth", "block-size", "threshold", "exclude", "time"] },
  df: { flags: "ahHiklPTx", valued: "Bt", long: ["all", "human-readable", "si", "inodes", "local", "portability", "print-type", "total"], longValued: ["block-size", "type", "exclude-type", "output"] },
  pwd: { flags: "LP", maxOperands: 0 },
  echo: { flags: "neE" },
  which: { flags: "as", long: ["all"] },
  whereis: { flags: "bmsu" },
  type: { flags: "afptP" },
  whoami: { maxOperands: 0 },
  id: { flags: "gGnruz", long: ["group", "groups", "name", "real", "user", "zero"] },
  uname: { flags: "asnrvmpio", long: ["all", "kernel-name", "kernel-release", "machine", "operating-system"], maxOperands: 0 },
  hostname: { flags: "fisAI", long: ["fqdn", "short", "ip-address"], maxOperands: 0 },
  date: { flags: "uRI", valued: "dr", long: ["utc", "universal", "rfc-email"], longValued: ["date", "iso-8601", "rfc-3339", "reference"], maxOperands: 1 },
  sort: { flags: "bdfgiMhnRrsuVcCz", valued: "ktS", long: ["ignore-leading-blanks", "dictionary-order", "ignore-case", "general-numeric-sort", "human-numeric-sort", "numeric-sort", "reverse", "unique", "version-sort", "stable", "check", "zero-terminated", "random-sort", "month-sort"], longValued: ["key", "field-separator", "sort", "buffer-size", "parallel"] },
  uniq: { flags: "cdDiuz", valued: "fsw", long: ["count", "repeated", "ignore-case", "unique", "zero-terminated"], longValued: ["skip-fields", "skip-chars", "check-chars"], maxOperands: 1 },
  cut: { flags: "snz", valued: "bcdf", long: ["only-delimited", "complement", "zero-terminated"], longValued: ["bytes", "characters", "delimiter", "fields", "output-delimiter"] },
  tr: { flags: "cCdst", long: ["complement", "delete", "squeeze-repeats", "truncate-set1"] },
  diff: { flags: "iEZbwBaqsyupTtNrc", valued: "UCWx", numeric: true, long: ["ignore-case", "ignore-all-space", "ignore-space-change", "ignore-blank-lines", "text", "brief", "report-identical-files", "side-by-side", "unified", "recursive", "new-file", "color", "strip-trailing-cr", "minimal"], longValued: ["unified", "context", "color", "exclude", "width", "label"] },
  cmp: { flags: "blsz", valued: "in", long: ["print-bytes", "verbose", "quiet", "silent"] },
  comm: { flags: "123iz", long: ["check-order", "nocheck-order", "total", "zero-terminated"], longValued: ["output-delimiter"] },
  basename: { flags: "asz", valued: "s", long: ["multiple", "zero"], longValued: ["suffix"] },
  dirname: { flags: "z", long: ["zero"] },
  realpath: { flags: "eLmPqsz", long: ["canonicalize-existing", "canonicalize-missing", "logical", "physical", "quiet", "strip", "no-symlinks", "zero"], longValued: ["relative-to", "relative-base"] },
  readlink: { flags: "femnqsvz", long: ["canonicalize", "canonicalize-existing", "canonicalize-missing", "no-newline", "quiet", "silent", "verbose", "zero"] },
  true: {},
  false: {},
  column: { flags: "tnxe", valued: "sco", long: ["table", "fillrows"], longValued: ["separator", "output-separator", "table-columns"] },
  nl: { flags: "p", valued: "bdfhilnsvw" },
  seq: { flags: "w", valued: "fs", long: ["equal-width"], longValued: ["format", "separator"] },
  md5sum: { flags: "bctwz", long: ["binary", "check", "text", "tag", "quiet", "status", "strict", "warn", "zero"] },
  sha1sum: { flags: "bctwz", long: ["binary", "check", "text", "tag", "quiet", "status", "strict", "warn", "zero"] },
  sha256sum: { flags: "bctwz", long: ["binary", "check", "text", "tag", "quiet", "status", "strict", "warn", "zero"] },
  sha512sum: { flags: "bctwz", long: ["binary", "check", "text", "tag", "quiet", "status", "strict", "warn", "zero"] },
  shasum: { flags: "bctUp0", valued: "a", long: ["binary", "check", "text", "status", "warn", "strict", "tag"], longValued: ["algorithm"] },
  od: { flags: "bcdfiloxsv", valued: "AjNtwS", longValued: ["address-radix", "skip-bytes", "read-bytes", "format", "width"] },
  hexdump: { flags: "bcCdovx", valued: "efns" },
  xxd: { flags: "abCeEiup", valued: "cgloOs", long: ["autoskip", "bits", "capitalize", "ps", "uppercase", "plain"] , maxOperands: 1 },
  strings: { flags: "afw", valued: "ntne", numeric: true, long: ["all", "print-file-name"], longValued: ["bytes", "radix", "encoding"] },
  pgrep: { flags: "flvxnoicaAw", valued: "dgGPsuUt", long: ["list-name", "list-full", "full", "inverse", "exact", "newest", "oldest", "count", "ignore-case"], longValued: ["delimiter", "group", "parent", "session", "euid", "uid", "terminal"] },
  free: { flags: "bkmghlLtvw", long: ["bytes", "kilo", "mega", "giga", "human", "si", "lohi", "total", "wide"], maxOperands: 0 },
  uptime: { flags: "ps", long: ["pretty", "since"], maxOperands: 0 },
  nproc: { long: ["all"], maxOperands: 0 },
  cal: { flags: "13jmyw", maxOperands: 2 },
  tac: { flags: "br", valued: "s", long: ["before", "regex"], longValued: ["separator"] },
  rev: {},
  fold: { flags: "bs", valued: "w", long: ["bytes", "spaces"], longValued: ["width"] },
  fmt: { flags: "cstu", valued: "wgp", numeric: true, longValued: ["width", "goal", "prefix"] },
  paste: { flags: "sz", valued: "d", long: ["serial", "zero-terminated"], longValued: ["delimiters"] },
  join: { flags: "ivz", valued: "aejot12", long: ["ignore-case", "check-order", "nocheck-order", "header"] },
  expand: { flags: "i", valued: "t", long: ["initial"], longValued: ["tabs"] },
  unexpand: { flags: "a", valued: "t", long: ["all", "first-only"], longValued: ["tabs"] },
  cd: { flags: "LPe", maxOperands: 1 },
  pushd: { maxOperands: 1 },
  popd: { maxOperands: 0 },
  groups: {},
  locale: { flags: "akmv", long: ["all-locales", "charmaps", "keyword-name", "category-name", "verbose"] },
  tty: { flags: "s", long: ["silent", "quiet"], maxOperands: 0 },
  sleep: { maxOperands: 2 },
  lsof: { flags: "nPlitRVw", valued: "pciud" },
  test: {},
  "[": {},
  // fzf only filters its input; --preview, --bind (execute) and --listen run or serve commands and are not listed
  fzf: { flags: "emiIx0123+", valued: "qfdn", long: ["exact", "multi", "no-multi", "reverse", "ansi", "no-sort", "tac", "cycle", "select-1", "exit-0", "print-query", "read0", "print0", "sync", "version", "help", "man", "no-mouse", "no-hscroll", "inline-info", "no-info", "border", "no-bold", "keep-right", "literal", "track", "no-unicode", "disabled", "phony", "extended", "no-extended", "ignore-case", "no-ignore-case", "smart-case", "header-first", "no-scrollbar", "highlight-line", "wrap", "raw"], longValued: ["query", "filter", "height", "min-height", "layout", "prompt", "header", "header-lines", "delimiter", "nth", "with-nth", "tiebreak", "info", "margin", "padding", "color", "pointer", "marker", "tabstop", "scheme", "border", "border-label", "separator", "scrollbar", "ellipsis", "expect", "algo", "walker", "walker-root", "walker-skip", "gap", "style", "tmux", "accept-nth", "ghost", "footer"] },
  // fd finds names; -x/--exec and -X/--exec-batch run commands and are not listed
  fd: { flags: "HIsiFgLa0puhV1qlA", valued: "edtESjcdo", numeric: false, long: ["hidden", "no-ignore", "no-ignore-vcs", "no-ignore-parent", "unrestricted", "case-sensitive", "ignore-case", "glob", "regex", "fixed-strings", "absolute-path", "list-details", "follow", "full-path", "print0", "prune", "one-file-system", "show-errors", "quiet", "help", "version", "strip-cwd-prefix", "no-require-git", "hyperlink"], longValued: ["extension", "type", "exclude", "max-depth", "min-depth", "exact-depth", "size", "changed-within", "changed-before", "owner", "max-results", "color", "threads", "base-directory", "search-path", "format", "and", "ignore-file", "path-separator"] },
};

/**
 * Programs whose inertness depends on more than their options: a check beyond the option table.
 * Each returns a refusal reason, or `undefined` when the words are inert.
 */
export const INERT_EXTRA: Record<string, (command: FoundCommand, operands: string[]) => string | undefined> = {
  // `test -v 'a[$(cmd)]'` runs cmd through arithmetic evaluation of the subscript; so do -eq and friends on arrays
  test: (command) => (command.args.some((arg) => /[[$`]/.test(arg)) ? "test operands with subscripts or expansions can run code" : undefined),
  "[": (command) => (command.args.some((arg) => /[[$`]/.test(arg) && arg !== "]") ? "test operands with subscripts or expansions can run code" : undefined),
  // `echo` and `printf` are inert; `printf -v` assigns (and can run code through subscripts)
  echo: () => undefined,
  // `ps e`, `ps eww`, `ps -E`: other processes' environments (keys and tokens)
  // `date -s` sets the clock; the table refuses it. `date -f FILE` reads a file: refused by the table too.
  hostname: (_command, operands) => (operands.length > 0 ? "sets the host name" : undefined),
  // a second operand of uniq is the file it writes
  xxd: (command) => (command.args.some((arg) => /^-r/.test(arg)) ? "xxd -r writes binary files" : undefined),
};

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
