import type { FoundCommand } from "../shell/analyze.js";
import type { InertSpec, ParsedOption } from "./options.js";
import { INERT_TOOLS, INERT_TOOLS_EXTRA } from "./inert-tools.js";

/**
 * The gate's allow-list: per program, the options and operand shapes known to be inert (they
 * cannot write, run other code or reach the network). A command is rule-allowed only when its
 * program is a bare name found through `PATH` and every word is on its program's list; anything
 * else is undecided. Operands are checked apart, for secrets and devices (see rules.ts).
 */
export const INERT: Record<string, InertSpec> = {
  ...INERT_TOOLS,
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
  // only `command -v`/`-V` reaches the table: with neither, the parser unwraps the command it runs
  command: { flags: "pvV" },
  // ifconfig prints, with at most one interface name (INERT_EXTRA): an address or `up`/`down` after it changes the interface
  ifconfig: { flags: "alvsLmdu", maxOperands: 1 },
  whoami: { maxOperands: 0 },
  id: { flags: "gGnruz", long: ["group", "groups", "name", "real", "user", "zero"] },
  uname: { flags: "asnrvmpio", long: ["all", "kernel-name", "kernel-release", "machine", "operating-system"], maxOperands: 0 },
  hostname: { flags: "fisAI", long: ["fqdn", "short", "ip-address"], maxOperands: 0 },
  date: { flags: "uRI", valued: "dr", long: ["utc", "universal", "rfc-email"], longValued: ["date", "iso-8601", "rfc-3339", "reference"], maxOperands: 1 },
  // sort -o writes its output file: only the standard output and /dev/null (INERT_EXTRA)
  sort: { flags: "bdfgiMhnRrsuVcCzm", valued: "ktSTo", long: ["ignore-leading-blanks", "dictionary-order", "ignore-case", "ignore-nonprinting", "general-numeric-sort", "human-numeric-sort", "numeric-sort", "reverse", "unique", "version-sort", "stable", "check", "zero-terminated", "random-sort", "month-sort", "merge"], longValued: ["key", "field-separator", "sort", "buffer-size", "parallel", "check", "temporary-directory", "output"] },
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
  // fzf only filters its input; --preview and --listen run or serve commands and are not listed, --history writes; --bind only with actions that move or select (INERT_EXTRA)
  fzf: { flags: "emiIx0123+", valued: "qfdn", long: ["exact", "multi", "no-multi", "no-multi-line", "no-tty-default", "no-color", "header-border", "footer-border", "bash", "zsh", "fish", "gap", "reverse", "ansi", "no-sort", "tac", "cycle", "select-1", "exit-0", "print-query", "read0", "print0", "sync", "version", "help", "man", "no-mouse", "no-hscroll", "inline-info", "no-info", "border", "no-bold", "keep-right", "literal", "track", "no-unicode", "disabled", "phony", "extended", "no-extended", "ignore-case", "no-ignore-case", "smart-case", "header-first", "no-scrollbar", "highlight-line", "wrap", "raw"], longValued: ["query", "filter", "height", "min-height", "layout", "prompt", "header", "header-lines", "delimiter", "nth", "with-nth", "tiebreak", "info", "margin", "padding", "color", "pointer", "marker", "tabstop", "scheme", "border", "border-label", "separator", "scrollbar", "ellipsis", "expect", "algo", "walker", "walker-root", "walker-skip", "gap", "style", "tmux", "accept-nth", "ghost", "footer", "multi", "tail", "border-label-pos", "scroll-off", "hscroll-off", "preview-window", "preview-border", "preview-label", "history-size", "header-border", "footer-border", "bind"] },
  // fd finds names; -x/--exec and -X/--exec-batch run commands and are not listed
  fd: { flags: "HIsiFgLa0puhV1qlA", valued: "edtESjcdo", numeric: false, long: ["hidden", "no-ignore", "no-ignore-vcs", "no-ignore-parent", "unrestricted", "case-sensitive", "ignore-case", "glob", "regex", "fixed-strings", "absolute-path", "list-details", "follow", "full-path", "print0", "prune", "one-file-system", "show-errors", "quiet", "help", "version", "strip-cwd-prefix", "no-require-git", "hyperlink"], longValued: ["extension", "type", "exclude", "max-depth", "min-depth", "exact-depth", "size", "changed-within", "changed-before", "owner", "max-results", "color", "threads", "base-directory", "search-path", "format", "and", "ignore-file", "path-separator"] },
};

/**
 * Programs whose inertness depends on more than their options: a check beyond the option table.
 * Each returns a refusal reason, or `undefined` when the words are inert.
 */
export const INERT_EXTRA: Record<string, (command: FoundCommand, operands: string[], options: ParsedOption[]) => string | undefined> = {
  // `test -v 'a[$(cmd)]'` runs cmd through arithmetic evaluation of the subscript; so do -eq and friends on arrays
  test: (command) => (command.args.some((arg) => /[[$`]/.test(arg)) ? "test operands with subscripts or expansions can run code" : undefined),
  "[": (command) => (command.args.some((arg) => /[[$`]/.test(arg) && arg !== "]") ? "test operands with subscripts or expansions can run code" : undefined),
  // `echo` and `printf` are inert; `printf -v` assigns (and can run code through subscripts)
  echo: () => undefined,
  // `ps e`, `ps eww`, `ps -E`: other processes' environments (keys and tokens)
  // `date -s` sets the clock; the table refuses it. `date -f FILE` reads a file: refused by the table too.
  hostname: (_command, operands) => (operands.length > 0 ? "sets the host name" : undefined),
  // a second operand of uniq is the file it writes
  sort: (_command, _operands, options) => (options.some((option) => /^(-o|--output)$/.test(option.name) && !/^\/dev\/(null|stdout)$/.test(option.value ?? "")) ? "sort -o writes a file" : undefined),
  fzf: (_command, _operands, options) => (options.some((option) => option.name === "--bind" && !fzfBindInert(option.value ?? "")) ? "fzf --bind with an action that runs a command" : undefined),
  ...INERT_TOOLS_EXTRA,
  xxd: (command) => (command.args.some((arg) => /^-r/.test(arg)) ? "xxd -r writes binary files" : undefined),
  ifconfig: (_command, operands) => (operands.every((operand) => /^(lo|[a-z][a-z0-9-]*\d+([.:]\d+)?)$/.test(operand)) ? undefined : "ifconfig with more than an interface name changes it"),
};

export { READ_VERBS, readVerbProblem } from "./inert-verbs.js";

/** fzf actions that move, select or print, never run a command (execute, become, reload, transform… are not listed). */
const FZF_ACTIONS = /^(abort|accept|accept-non-empty|accept-or-print-query|backward-char|backward-delete-char|backward-kill-word|backward-word|beginning-of-line|cancel|clear-query|clear-screen|clear-selection|deselect|deselect-all|down|down-match|end-of-line|first|forward-char|forward-word|half-page-down|half-page-up|hide-preview|ignore|jump|kill-line|kill-word|last|next-history|next-selected|page-down|page-up|prev-history|prev-selected|preview-bottom|preview-down|preview-half-page-down|preview-half-page-up|preview-page-down|preview-page-up|preview-top|preview-up|print-query|select|select-all|show-preview|toggle|toggle-all|toggle-in|toggle-out|toggle-preview|toggle-preview-wrap|toggle-search|toggle-sort|toggle-track|toggle-wrap|top|unix-line-discard|unix-word-rubout|up|up-match|yank)$/;

/** An fzf `--bind` value whose every binding is `key:action[+action…]` with listed actions. */
export function fzfBindInert(value: string): boolean {
  return value.split(",").every((binding) => {
    const match = /^([\w/-]+):([\w+-]+)$/.exec(binding);
    return match !== null && match[2]!.split("+").every((action) => FZF_ACTIONS.test(action));
  });
}
