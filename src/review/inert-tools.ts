import type { FoundCommand } from "../shell/analyze.js";
import type { InertSpec, ParsedOption } from "./options.js";

/**
 * More of the gate's allow-list (see inert.ts): archive and compression listers, encoders, and
 * macOS inspection tools. Each lists only the options that read; a tool whose default writes
 * (gzip replaces its input, unzip extracts, textutil converts in place) is inert only in the
 * modes its extra check requires.
 */
export const INERT_TOOLS: Record<string, InertSpec> = {
  exa: { flags: "1lGxRTaAdDFhHigmuUnbBSXr@", valued: "LsIt", long: ["long", "all", "tree", "recurse", "header", "git", "icons", "group-directories-first", "oneline", "grid", "across", "classify", "reverse", "binary", "bytes", "group", "inode", "links", "modified", "accessed", "created", "changed", "numeric", "git-ignore", "only-dirs", "extended"], longValued: ["level", "sort", "ignore-glob", "time", "time-style", "color", "colour"] },
  // without -c, -l or -t, gzip and gunzip replace their input files
  gzip: { flags: "cdfklLnNqrtv123456789", valued: "S", long: ["stdout", "to-stdout", "decompress", "uncompress", "force", "keep", "list", "no-name", "name", "quiet", "recursive", "test", "verbose", "fast", "best"], longValued: ["suffix"] },
  gunzip: { flags: "cfklLnNqrtv", valued: "S", long: ["stdout", "to-stdout", "force", "keep", "list", "no-name", "name", "quiet", "recursive", "test", "verbose"], longValued: ["suffix"] },
  zcat: { flags: "fLqv", long: ["force", "quiet", "verbose"] },
  // GNU -i ignores garbage; macOS -i names the input (then an operand, checked like one); macOS -o writes and is not listed
  base64: { flags: "dDi", valued: "wb", long: ["decode", "ignore-garbage"], longValued: ["wrap"] },
  // unzip extracts unless a listing, test or comment mode is given (the extra check requires one)
  unzip: { flags: "lvtZzqh12smMTC", permute: true },
  iconv: { flags: "lcs", valued: "fto", long: ["list", "silent", "verbose"], longValued: ["from-code", "to-code", "output"] },
  mktemp: { flags: "uqdt", valued: "p", long: ["dry-run", "quiet", "directory"], longValued: ["tmpdir", "suffix"], maxOperands: 1 },
  arch: { maxOperands: 0 },
  // a NAME=VALUE operand sets a kernel variable, as -w does; -p and --system load settings files
  sysctl: { flags: "aAbdeNnhoqx", long: ["all", "binary", "ignore", "names", "values", "quiet"] },
  // -w writes, -d and -c delete attributes
  xattr: { flags: "lprsvx" },
  // -s signs; --entitlements writes them to a file unless it is "-" (the extra check)
  codesign: { flags: "dvhR", long: ["display", "verify", "deep", "strict", "validate-constraint", "verbose"], longValued: ["entitlements", "verbose"] },
  lipo: { dashWords: ["-info", "-archs", "-detailed_info", "-verify_arch"] },
  plutil: { dashWords: ["-p", "-lint", "-s", "-help"] },
  sips: { flags: "1", valued: "g", long: ["verify"], longValued: ["getProperty"] },
  // -convert and -cat write a file next to the input unless -stdout is given (the extra check)
  textutil: { dashWords: ["-info", "-stdout", "-help"], dashValued: ["-convert", "-cat"] },
  qlmanage: { flags: "mh", maxOperands: 0 },
  // without -t (test), mdimport writes the Spotlight index
  mdimport: { dashWords: ["-t", "-d1", "-d2", "-d3", "-L", "-A", "-X"] },
  symbols: { dashWords: ["-v", "-uuid", "-noHeaders", "-printSignature"], dashValued: ["-arch", "-lookup"] },
  // say -o writes a sound file and -n sends the audio to a network address; neither is listed
  say: { valued: "vr", longValued: ["voice", "rate"] },
  // caffeinate COMMAND runs the command: operands are not allowed
  caffeinate: { flags: "dimsu", valued: "tw", maxOperands: 0 },
  // isort and black rewrite files unless they only check or print a diff (the extra check)
  isort: { flags: "cdqv", long: ["check-only", "check", "diff", "quiet", "verbose", "color", "no-color"] },
  black: { flags: "qv", long: ["check", "diff", "quiet", "verbose", "color", "no-color", "fast", "safe"], longValued: ["line-length", "target-version"] },
  help: { flags: "dms" },
  // with an interface and settings, ifconfig changes it: only the listings
  ifconfig: { flags: "aslLvdu", maxOperands: 0 },
  // ls replacements: none of their options writes
  eza: { flags: "1lGxRTaAdDFhHigmuUnbBSXrsZ@", valued: "LsIt", long: ["long", "all", "almost-all", "tree", "recurse", "header", "git", "icons", "no-icons", "group-directories-first", "oneline", "grid", "across", "classify", "reverse", "binary", "bytes", "group", "inode", "links", "modified", "accessed", "created", "changed", "numeric", "octal-permissions", "no-permissions", "no-filesize", "no-user", "no-time", "git-ignore", "only-dirs", "only-files", "dereference", "hyperlink", "extended"], longValued: ["level", "sort", "ignore-glob", "time", "time-style", "color", "colour", "icons", "width", "color-scale"] },
  locate: { flags: "icbwAeEq0S", valued: "ln", long: ["ignore-case", "basename", "wholename", "count", "existing", "all", "null", "regex", "statistics", "quiet"], longValued: ["limit"] },
  // spctl --assess and --status read; --add, --enable, --master-disable change the policy (not listed)
  spctl: { flags: "av", valued: "t", long: ["assess", "verbose", "status", "raw"], longValued: ["type", "context"] },
  // yq (mikefarah): -i edits files in place, -s writes one file per document, --from-file reads the expression: none listed
  yq: { flags: "CMePNrjn0v", valued: "Iop", long: ["colors", "no-colors", "exit-status", "prettyPrint", "no-doc", "unwrapScalar", "null-input", "verbose"], longValued: ["output-format", "input-format", "indent"] },
  // tee writes to its operands: only the standard streams and /dev/null (the extra check)
  tee: { flags: "ai", long: ["append", "ignore-interrupts"] },
};

const STREAMS = /^(\/dev\/null|\/dev\/stdout|\/dev\/stderr)$/;
const has = (options: ParsedOption[], names: RegExp) => options.some((option) => names.test(option.name));

/** The modes these tools must be in to be inert, and values that must not name a file to write. */
export const INERT_TOOLS_EXTRA: Record<string, (command: FoundCommand, operands: string[], options: ParsedOption[]) => string | undefined> = {
  gzip: (_command, _operands, options) => (has(options, /^(-c|-l|-t|--stdout|--to-stdout|--list|--test)$/) ? undefined : "gzip without -c, -l or -t replaces its input files"),
  gunzip: (_command, _operands, options) => (has(options, /^(-c|-l|-t|--stdout|--to-stdout|--list|--test)$/) ? undefined : "gunzip without -c, -l or -t replaces its input files"),
  unzip: (_command, _operands, options) => (has(options, /^-[lvtZzh]$/) ? undefined : "unzip without -l, -v, -t, -Z or -z extracts files"),
  iconv: (_command, _operands, options) => (options.some((option) => /^(-o|--output)$/.test(option.name) && !STREAMS.test(option.value ?? "")) ? "iconv -o writes a file" : undefined),
  mktemp: (_command, _operands, options) => (has(options, /^(-u|--dry-run)$/) ? undefined : "mktemp creates a file"),
  sysctl: (_command, operands) => (operands.some((operand) => operand.includes("=")) ? "sysctl NAME=VALUE sets a kernel variable" : undefined),
  codesign: (_command, _operands, options) =>
    !has(options, /^(-d|-v|-h|--display|--verify|--validate-constraint)$/) ? "codesign without -d or -v signs" : options.some((option) => option.name === "--entitlements" && !/^:?-$/.test(option.value ?? "")) ? "codesign --entitlements FILE writes it" : undefined,
  textutil: (_command, _operands, options) => (has(options, /^-(convert|cat)$/) && !has(options, /^-stdout$/) ? "textutil -convert writes a file" : undefined),
  mdimport: (_command, _operands, options) => (has(options, /^-[tLAX]$/) ? undefined : "mdimport without -t writes the Spotlight index"),
  lipo: (_command, _operands, options) => (options.length > 0 ? undefined : "lipo without -info, -archs or -verify_arch"),
  isort: (_command, _operands, options) => (has(options, /^(-c|-d|--check-only|--check|--diff)$/) ? undefined : "isort without --check or --diff rewrites files"),
  black: (_command, _operands, options) => (has(options, /^(--check|--diff)$/) ? undefined : "black without --check or --diff rewrites files"),
  // yq's load operators read other files, env and strenv the environment
  yq: (_command, operands) => (operands.some((operand) => /\b(load\w*|env|strenv|envsubst|eval)\b/.test(operand)) ? "the yq expression reads other files or the environment" : undefined),
  tee: (_command, operands) => (operands.every((operand) => STREAMS.test(operand)) ? undefined : "tee writes its operands"),
};

/** Commands of 7-Zip that only read: list, test, hash, benchmark, info; and the switches they take. */
export function sevenZipInert(command: FoundCommand): string | undefined {
  const [verb, ...rest] = command.args;
  if (verb === undefined) return undefined;
  if (!/^[lthbi]$/.test(verb)) return `7-Zip command ${verb} is not known to be inert`;
  const bad = rest.find((arg) => arg.startsWith("-") && !/^-(slt|scrc[\w*]*|mmt(=?\w+)?|mm=\w+|ba|bb[0-3]?|bt|p|y|r-?|scs[\w-]+|scc[\w-]+|t\w+|sn[lh]?)$/.test(arg));
  return bad === undefined ? undefined : `7-Zip switch ${bad} is not known to be inert`;
}

/**
 * tar in list mode only (`-t`, `--list`, old-style `tvf`): the letters and long options that
 * change how it lists. An archive name with a colon is a remote host (rsh) unless it is a path.
 */
export function tarInert(command: FoundCommand): string | undefined {
  const args = [...command.args];
  const letters = "tvfzjJZaOwpsS";
  let listing = false;
  const archives: string[] = [];
  // the first word may be an old-style bundle without a dash: `tar tvzf archive.tar.gz`
  if (args[0] !== undefined && !args[0].startsWith("-")) args[0] = `-${args[0]}`;
  for (let index = 0; index < args.length; index++) {
    const arg = args[index]!;
    if (arg === "--") break;
    if (/^--(list|verbose|gzip|gunzip|bzip2|xz|zstd|lzma|auto-compress|numeric-owner|wildcards|no-wildcards|wildcards-match-slash|full-time|utc|quiet|totals|ignore-case|anchored|no-anchored)$/.test(arg)) {
      listing ||= arg === "--list";
      continue;
    }
    if (/^--(file|exclude|occurrence|blocking-factor|record-size)=/.test(arg)) {
      if (arg.startsWith("--file=")) archives.push(arg.slice(7));
      continue;
    }
    if (/^--(file|exclude)$/.test(arg)) {
      if (arg === "--file") archives.push(args[index + 1] ?? "");
      index++;
      continue;
    }
    if (arg.startsWith("--")) return `tar option ${arg} is not known to be inert`;
    if (!arg.startsWith("-") || arg === "-") continue;
    for (let at = 1; at < arg.length; at++) {
      const letter = arg[at]!;
      if (!letters.includes(letter)) return `tar option -${letter} is not known to be inert`;
      if (letter === "t") listing = true;
      if (letter === "f") {
        const rest = arg.slice(at + 1);
        archives.push(rest !== "" ? rest : (args[++index] ?? ""));
        break;
      }
    }
  }
  if (!listing) return "tar that does not list (-t) can write or extract";
  // GNU tar reads `host:path` as an archive on another machine, through rsh
  if (archives.some((archive) => /^[^/]*:/.test(archive))) return "a tar archive named host:path is on another machine";
  return undefined;
}
