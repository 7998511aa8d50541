import { forEachChild, parse, type Word, type WordPart } from "unbash";

/** One command that the line would run, after wrappers (`sudo`, `env`, `bash -c`, …) are unwrapped. */
export interface FoundCommand {
  /** The program's base name (`rm` for `/bin/rm`, `\rm`, `r''m`), or `null` when it is not a plain word. */
  name: string | null;
  /** The program as decoded by the shell, even when obfuscated (`$'\x72m'` → `rm`); for deny rules only. */
  decodedName: string;
  /** The arguments after quote removal. */
  args: string[];
  /** The arguments as written (to see `$HOME`, `~`, `$(…)`). */
  argsText: string[];
  /** Some argument is computed at run time (expansions, substitutions). */
  dynamicArgs: boolean;
  /** Some argument is a glob pattern (`*.ts`), expanded by the shell inside the folder. */
  globArgs: boolean;
  redirects: Array<{ operator: string; target: string }>;
  /** Environment assignments before it (`A=1 cmd`, `env A=1 cmd`): they can change what any program does. */
  assignments: string[];
  /** The wrappers it was found inside, outermost first: `sudo`, `bash -c`, `xargs`, `find -exec`, `$(…)`. */
  via: string[];
  /** Inline code handed to an interpreter (`python -c`, `node -e`, `perl -e`). */
  code?: { interpreter: string; text: string };
  /** A shell that reads its commands from standard input (`… | sh`). */
  shellReadsStdin?: boolean;
  /** A shell or `eval` whose code cannot be read before it runs. */
  opaqueCode?: boolean;
  /** Code nested deeper than the parser follows (`bash -c "bash -c …"` many times over). */
  tooDeep?: boolean;
  /** Paths a `find -delete` removes. */
  findDeletes?: string[];
  /** Fixed text it writes to standard output (`echo`/`printf` of literals, `cat` of a heredoc). */
  emits?: string;
}

/** What a command line would run. */
export interface LineAnalysis {
  source: string;
  commands: FoundCommand[];
  /** Each pipeline's stages (the effective command of each), in order. */
  pipelines: FoundCommand[][];
  /** Parse errors: a line that does not parse is unknown. */
  errors: string[];
  /** A function that calls itself in the background through a pipe. */
  forkBomb: boolean;
}

const MAX_DEPTH = 4;
const SHELLS = new Set(["sh", "bash", "zsh", "dash", "ksh", "mksh", "fish", "ash", "csh", "tcsh"]);
const INTERPRETERS: Record<string, string[]> = {
  python: ["-c"],
  python2: ["-c"],
  python3: ["-c"],
  node: ["-e", "--eval", "-p", "--print"],
  nodejs: ["-e", "--eval", "-p", "--print"],
  deno: ["eval"],
  bun: ["-e", "--eval"],
  perl: ["-e", "-E"],
  ruby: ["-e"],
  php: ["-r"],
  lua: ["-e"],
};

/**
 * Parse a command line into every command it would run: through pipelines, lists, subshells,
 * functions, command and process substitutions, heredocs fed to shells, `bash -c` and `eval`
 * strings (recursively, to a bounded depth), and wrappers such as `sudo`, `env`, `timeout`,
 * `xargs` and `find -exec`.
 */
export function analyzeCommandLine(source: string, depth = 0, via: string[] = []): LineAnalysis {
  const analysis: LineAnalysis = { source, commands: [], pipelines: [], errors: [], forkBomb: FORK_BOMB.test(source) };
  let script;
  try {
    script = parse(source);
  } catch (error) {
    analysis.errors.push((error as Error).message);
    return analysis;
  }
  for (const error of script.errors ?? []) analysis.errors.push(error.message);
  const visit = (node: unknown, trail: string[]): void => {
    if (!node || typeof node !== "object") return;
    const typed = node as { type?: string };
    if (typed.type === "Pipeline") {
      const stages = (node as { commands: unknown[] }).commands;
      const heads = stages.flatMap((stage) => ((stage as { type?: string }).type === "Command" ? [describe(stage as CommandNode, trail, depth, analysis)] : []));
      if (heads.length > 1) analysis.pipelines.push(heads.map((head) => head.found));
      for (const head of heads) head.nested.forEach((nested) => merge(analysis, nested));
      // fixed text piped into a shell is code too: `echo 'rm -rf /' | sh`, `cat <<EOF | bash`;
      // piped into xargs, it becomes arguments
      heads.forEach((head, index) => {
        const before = heads[index - 1]?.found.emits;
        if (before !== undefined && head.found.via.includes("xargs")) head.found.args.push(...before.split(/\s+/).filter(Boolean));
        if (head.found.shellReadsStdin && before !== undefined && depth < MAX_DEPTH) {
          merge(analysis, analyzeCommandLine(before, depth + 1, [...trail, `| ${head.found.decodedName}`]));
        }
      });
      stages.forEach((stage) => {
        if ((stage as { type?: string }).type === "Command") forEachChild(stage as never, (child) => visit(child, [...trail]));
        else visit(stage, trail);
      });
      return;
    }
    if (typed.type === "Command") {
      const { found, nested } = describe(node as CommandNode, trail, depth, analysis);
      nested.forEach((entry) => merge(analysis, entry));
      // a heredoc or here-string fed straight to a shell is code
      void found;
    }
    if (typed.type === "CommandExpansion" || typed.type === "ProcessSubstitution") {
      forEachChild(node as never, (child) => visit(child, [...trail, typed.type === "CommandExpansion" ? "$(…)" : "<(…)"]));
      return;
    }
    forEachChild(node as never, (child) => visit(child, trail));
  };
  visit(script, via);
  return analysis;
}

// `:(){ :|:& };:` and its renamed forms
const FORK_BOMB = /([\w:.]+)\s*\(\)\s*\{[^}]*?(?<![\w:.])\1\s*[|&]\s*\1(?![\w:.])[^}]*\}/;

interface CommandNode {
  type: "Command";
  name: Word | undefined;
  prefix: ReadonlyArray<{ type: string }>;
  suffix: ReadonlyArray<{ type: string; operator?: string; target?: Word; body?: { text?: string } }>;
}

function merge(into: LineAnalysis, from: LineAnalysis): void {
  into.commands.push(...from.commands);
  into.pipelines.push(...from.pipelines);
  into.errors.push(...from.errors);
  into.forkBomb ||= from.forkBomb;
}

/** One Command node: its effective command (wrappers unwrapped) and what it runs inside it. */
function describe(node: CommandNode, trail: string[], depth: number, analysis: LineAnalysis): { found: FoundCommand; nested: LineAnalysis[] } {
  const words = node.suffix.filter((item): item is Word & { type: "Word" } => item.type === "Word");
  const redirects = node.suffix.flatMap((item) =>
    item.type === "Redirect" && item.target ? [{ operator: item.operator ?? ">", target: item.target.value }] : [],
  );
  const stdinCode = node.suffix.flatMap((item) =>
    item.type === "HereDoc" ? [item.body?.text ?? ""] : item.type === "HereString" && item.target ? [item.target.value] : [],
  );
  const nested: LineAnalysis[] = [];
  const name = node.name;
  let argv = name ? [name, ...words] : [...words];
  const chain = [...trail];
  const assignments = node.prefix.flatMap((item) => (item.type === "Assignment" ? [(item as unknown as { text: string }).text] : []));
  // unwrap wrappers: the command they run is what matters
  for (let guard = 0; guard < 8 && argv.length > 0; guard++) {
    const head = baseName(argv[0]!.value);
    const values = argv.map((word) => word.value);
    // `env -S 'cmd args'` splits its string into the command line
    const split = head === "env" ? values.findIndex((value) => /^(-S|--split-string)(=|$)|^-S./.test(value)) : -1;
    if (split !== -1) {
      const flag = values[split]!;
      const text = flag === "-S" || flag === "--split-string" ? (values[split + 1] ?? "") : flag.replace(/^(--split-string=|-S)/, "");
      chain.push("env -S");
      if (depth < MAX_DEPTH) nested.push(analyzeCommandLine(text, depth + 1, [...chain]));
      argv = [];
      break;
    }
    if (head === "env") assignments.push(...values.slice(1).filter((value) => /^[A-Za-z_][A-Za-z0-9_]*=/.test(value)));
    const skip = WRAPPERS[head]?.(values);
    // a wrapper with nothing to run (`env`, `time`) is the command itself
    if (skip === undefined || skip >= argv.length) break;
    chain.push(head);
    argv = argv.slice(skip);
  }
  const [program, ...rest] = argv;
  const literal = program !== undefined && isLiteral(program);
  // a computed program word (`rm${IFS}-rf${IFS}/`, `{rm,-rf,/}`) is re-read the way the shell would split it
  const respelled = program && !literal ? respell(program.text) : undefined;
  const found: FoundCommand = {
    name: literal ? baseName(program.value) : null,
    decodedName: respelled ? baseName(respelled[0]!) : program ? baseName(program.value) : "",
    args: [...(respelled?.slice(1) ?? []), ...rest.map((word) => word.value)],
    argsText: rest.map((word) => word.text),
    dynamicArgs: rest.some((word) => !isLiteral(word) && !isGlobOnly(word)) || chain.includes("xargs"),
    globArgs: rest.some(isGlobOnly),
    redirects,
    assignments,
    via: chain,
  };
  if (split_marker(argv)) found.opaqueCode = true;
  analysis.commands.push(found);
  const decoded = found.decodedName;
  if ((decoded === "echo" || decoded === "printf") && rest.every(isLiteral)) found.emits = unescape(found.args.filter((arg) => !/^-[neE]+$/.test(arg)).join(" "));
  if (decoded === "cat" && stdinCode.length > 0) found.emits = stdinCode.join("\n");
  const recurse = (code: string, label: string) => {
    if (depth + 1 > MAX_DEPTH) {
      found.tooDeep = true;
      return;
    }
    nested.push(analyzeCommandLine(code, depth + 1, [...chain, label]));
  };
  if (SHELLS.has(decoded)) {
    const commandFlag = rest.findIndex((word) => /^-[a-zA-Z]*c[a-zA-Z]*$/.test(word.value));
    if (commandFlag !== -1) {
      // `sh -c -- 'code' $0 $1…`: skip `--`, and put the positional words where the code uses them
      let at = commandFlag + 1;
      while (rest[at]?.value === "--" || /^-[a-z]$/.test(rest[at]?.value ?? "")) at++;
      const code = rest[at];
      const positional = rest.slice(at + 1).map((word) => word.value);
      if (code && isLiteral(code)) recurse(code.value.replace(/\$\{?([0-9])\}?/g, (_, index: string) => positional[Number(index)] ?? ""), `${decoded} -c`);
      else found.opaqueCode = true;
    } else if (!rest.some((word) => !word.value.startsWith("-") || /^\/dev\/(stdin|fd\/0)$/.test(word.value)) || rest.some((word) => /^(\/dev\/stdin|\/dev\/fd\/0|-)$/.test(word.value))) {
      found.shellReadsStdin = true;
      for (const code of stdinCode) recurse(code, `${decoded} <<`);
    }
  } else if ((decoded === "." || decoded === "source") && rest.some((word) => /^(\/dev\/stdin|\/dev\/fd\/0|-)$/.test(word.value))) {
    found.shellReadsStdin = true;
  } else if (decoded === "eval") {
    if (rest.every(isLiteral)) recurse(rest.map((word) => word.value).join(" "), "eval");
    else found.opaqueCode = true;
  } else if (decoded === "find") {
    found.findDeletes = findDeletes(found.args);
    const exec = found.args.findIndex((arg) => /^-(exec|execdir|ok|okdir)$/.test(arg));
    if (exec !== -1) {
      const end = found.args.findIndex((arg, index) => index > exec && (arg === ";" || arg === "+"));
      const inner = found.args.slice(exec + 1, end === -1 ? undefined : end);
      const start = found.args.find((arg) => !arg.startsWith("-")) ?? ".";
      if (inner.length > 0) recurse(inner.map((arg) => (arg === "{}" ? start : arg)).map(quote).join(" "), "find -exec");
    }
  } else if (INTERPRETERS[decoded]) {
    const flags = INTERPRETERS[decoded]!;
    // `-e`, `--eval`, and combined short flags such as `node -pe`
    const at = rest.findIndex((word) => flags.includes(word.value) || (/^-[a-zA-Z]+$/.test(word.value) && flags.some((flag) => /^-[a-zA-Z]$/.test(flag) && word.value.endsWith(flag.slice(1)))));
    if (at !== -1 && rest[at + 1]) found.code = { interpreter: decoded, text: rest[at + 1]!.value };
    else if (stdinCode.length > 0 && rest.some((word) => word.value === "-")) found.code = { interpreter: decoded, text: stdinCode.join("\n") };
    else if (rest.every((word) => word.value.startsWith("-"))) found.shellReadsStdin = true;
  }
  return { found, nested };
}

/** How many leading words a wrapper takes before the command it runs, or `undefined` when not a wrapper. */
const WRAPPERS: Record<string, (argv: string[]) => number | undefined> = {
  busybox: () => 1,
  toybox: () => 1,
  setsid: (argv) => skipOptions(argv, new Set()),
  unbuffer: () => 1,
  flock: (argv) => skipOptions(argv, new Set(["-w", "-E", "--timeout", "--conflict-exit-code"])) + 1,
  chroot: (argv) => skipOptions(argv, new Set(["--userspec", "--groups"])) + 1,
  watch: (argv) => skipOptions(argv, new Set(["-n", "-d", "--interval"])),
  "systemd-run": (argv) => skipOptions(argv, new Set(["-p", "--property", "-u", "--unit", "--uid", "--gid", "-E", "--setenv"])),
  runuser: (argv) => skipOptions(argv, new Set(["-u", "-g", "-G", "--user", "--group"])),
  sudo: (argv) => skipOptions(argv, new Set(["-u", "-g", "-C", "-D", "-h", "-p", "-r", "-t", "-U", "-T", "--user", "--group"])),
  doas: (argv) => skipOptions(argv, new Set(["-u", "-C"])),
  env: (argv) => {
    let index = 1;
    while (index < argv.length) {
      const word = argv[index]!;
      if (word === "--") return index + 1;
      if (/^-(u|C|S|P)$/.test(word) || word === "--unset" || word === "--chdir") index += 2;
      else if (word.startsWith("-") || /^[A-Za-z_][A-Za-z0-9_]*=/.test(word)) index += 1;
      else break;
    }
    return index;
  },
  command: (argv) => skipOptions(argv, new Set()),
  builtin: () => 1,
  exec: (argv) => skipOptions(argv, new Set(["-a"])),
  nohup: () => 1,
  time: (argv) => skipOptions(argv, new Set(["-f", "-o"])),
  nice: (argv) => skipOptions(argv, new Set(["-n", "--adjustment"])),
  ionice: (argv) => skipOptions(argv, new Set(["-c", "-n", "-p"])),
  stdbuf: (argv) => skipOptions(argv, new Set(["-i", "-o", "-e"])),
  chrt: (argv) => skipOptions(argv, new Set()) + 1,
  timeout: (argv) => {
    const index = skipOptions(argv, new Set(["-s", "-k", "--signal", "--kill-after"]));
    return index + 1;
  },
  xargs: (argv) => skipOptions(argv, new Set(["-n", "-I", "-P", "-d", "-L", "-E", "-s", "-a", "--max-args", "--max-procs", "--delimiter", "--arg-file", "--replace"])),
};

function skipOptions(argv: string[], takesValue: Set<string>): number {
  let index = 1;
  while (index < argv.length) {
    const word = argv[index]!;
    if (word === "--") return index + 1;
    if (!word.startsWith("-") || word === "-") break;
    index += takesValue.has(word) ? 2 : 1;
  }
  return index;
}

function findDeletes(args: string[]): string[] | undefined {
  if (!args.includes("-delete")) return undefined;
  const paths: string[] = [];
  for (const arg of args) {
    if (arg.startsWith("-") || arg === "(" || arg === "!") break;
    paths.push(arg);
  }
  return paths.length > 0 ? paths : ["."];
}

/** A word with no expansion, substitution or glob: its value is fixed before the line runs. */
export function isLiteral(word: Word): boolean {
  return (word.parts ?? []).every(literalPart);
}

/** A word whose only non-literal parts are glob patterns (`src/*.ts`). */
function isGlobOnly(word: Word): boolean {
  const parts = word.parts ?? [];
  return parts.some((part) => part.type === "Glob") && parts.every((part) => part.type === "Glob" || literalPart(part));
}

function literalPart(part: WordPart): boolean {
  if (part.type === "Literal" || part.type === "SingleQuoted") return true;
  if (part.type === "DoubleQuoted") return part.parts.every((child) => child.type === "Literal");
  return false;
}

// `su -c CODE`, `script -c CODE`, `parallel`: their code is not read here, so they are opaque
function split_marker(argv: Word[]): boolean {
  const head = argv[0] ? baseName(argv[0].value) : "";
  return head === "su" || head === "script" || head === "parallel" || head === "xargs";
}

/** The words a computed program word would split into: `${IFS}` as a space, braces expanded. */
function respell(text: string): string[] | undefined {
  let spelled = text.replace(/\$\{?IFS\}?/g, " ");
  const brace = /^\{([^{}]*,[^{}]*)\}$/.exec(spelled);
  if (brace) spelled = brace[1]!.split(",").join(" ");
  spelled = spelled.replace(/['"\\]/g, "");
  const words = spelled.split(/\s+/).filter(Boolean);
  return words.length > 0 && spelled !== text ? words : undefined;
}

/** Decode the escapes `printf` and `echo -e` would: `\x72\x6d` is `rm`. */
function unescape(text: string): string {
  return text
    .replace(/\\x([0-9a-fA-F]{2})/g, (_, hex: string) => String.fromCharCode(Number.parseInt(hex, 16)))
    .replace(/\\([0-7]{1,3})/g, (_, octal: string) => String.fromCharCode(Number.parseInt(octal, 8)))
    .replace(/\\n/g, "\n");
}

function baseName(value: string): string {
  const slash = value.lastIndexOf("/");
  return slash === -1 ? value : value.slice(slash + 1);
}

function quote(value: string): string {
  return /^[\w@%+=:,./-]+$/.test(value) ? value : `'${value.replaceAll("'", "'\\''")}'`;
}
