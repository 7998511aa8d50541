import { forEachChild, parse, type Word, type WordPart } from "unbash";

/** One command that the line would run, after wrappers (`sudo`, `env`, `bash -c`, …) are unwrapped. */
export interface FoundCommand {
  /** The program's base name (`rm` for `/bin/rm`, `\rm`, `r''m`), or `null` when it is not a plain word. */
  name: string | null;
  /** The program was named by a path (`./scripts/cat`, `/usr/bin/git`), not found through `PATH`. */
  byPath: boolean;
  /** The working folder it runs in, as the line has changed it (`cd`, `pushd`, `env -C`, `git -C`): `.` is where the line starts, `~…` the home folder, `null` unknown. */
  cwd: string | null;
  /** Text fed to its standard input by heredocs and here-strings. */
  stdinText: string[];
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
  /** The arguments that are unquoted glob patterns, which the shell expands to any matching name. */
  globWords?: string[];
  /** Every redirection that applies to it (its own, and those of enclosing compound commands); `dynamic` when the target is computed. */
  redirects: Array<{ operator: string; target: string; dynamic?: boolean }>;
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
  /** Commands given in its options (`sort --compress-program=sh`, `ssh -o ProxyCommand=…`), read as their own commands too. */
  optionCode?: string[];
  /** A wrapper (`trap`, `watch`, `flock -c`, `su -c`, `script -c`) whose code was read as its own commands. */
  wrapsCode?: boolean;
  /** The string `xargs -I` replaces with each input line, when it runs inside `xargs -I`/`-i`/`--replace`. */
  xargsReplace?: string;
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
  /** An endless loop (`while true`, `until false`, `for ((;;))`) that starts background jobs and never waits or leaves. */
  endlessBackgroundLoop?: boolean;
  /** The line nests deeper, or is longer, than hookjudge reads: never allowed by a rule. */
  tooDeep?: boolean;
}

/** The deepest nesting of `$(`, `(`, `{` and backticks read; deeper lines are not parsed at all. */
export const MAX_NESTING = 48;
/** The longest line parsed, in characters. */
export const MAX_LINE = 64 * 1024;

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
  pypy: ["-c"],
  py: ["-c"],
  r: ["-e"],
  rscript: ["-e"],
  julia: ["-e", "--eval"],
  pwsh: ["-c", "-command"],
  cmd: ["/c", "/k"],
  "cmd.exe": ["/c", "/k"],
  tclsh: [],
  osascript: ["-e"],
  groovy: ["-e"],
  elixir: ["-e", "--eval"],
  erl: ["-eval"],
};

/**
 * Parse a command line into every command it would run: through pipelines, lists, subshells,
 * functions, command and process substitutions, heredocs fed to shells, `bash -c` and `eval`
 * strings (recursively, to a bounded depth), and wrappers such as `sudo`, `env`, `timeout`,
 * `xargs` and `find -exec`.
 */
export function analyzeCommandLine(source: string, depth = 0, via: string[] = [], startCwd: string | null = "."): LineAnalysis {
  const bare = withoutQuotesAndComments(source.slice(0, MAX_LINE));
  const loop = ENDLESS_LOOP.exec(bare);
  const analysis: LineAnalysis = { source, commands: [], pipelines: [], errors: [], forkBomb: FORK_BOMB.test(bare) || recursiveFunctions(bare), endlessBackgroundLoop: loop !== null && unwaitedBackground(loop[1]!) };
  if (source.length > MAX_LINE || nestingDepth(source) > MAX_NESTING) {
    analysis.errors.push(source.length > MAX_LINE ? `the line is longer than ${MAX_LINE} characters` : `the line nests deeper than ${MAX_NESTING} levels`);
    analysis.tooDeep = true;
    return analysis;
  }
  try {
    walk(source, depth, via, startCwd, analysis);
    if (depth < MAX_DEPTH) readAgain(source, depth, via, startCwd, analysis);
  } catch (error) {
    // a parser or walker failure is an unknown line, never an allowed one
    analysis.errors.push(`the line could not be read: ${(error as Error)?.message ?? String(error)}`);
    analysis.tooDeep = true;
  }
  return analysis;
}

/** How deeply `$(`, `(`, `{`, `${` and backticks nest, counted on the raw text (quotes ignored: an over-count only refuses). */
export function nestingDepth(source: string): number {
  let depth = 0;
  let deepest = 0;
  let backticks = 0;
  for (let index = 0; index < source.length; index++) {
    const char = source[index];
    if (char === "\\") {
      index++;
      continue;
    }
    if (char === "(" || char === "{") deepest = Math.max(deepest, ++depth + backticks);
    else if ((char === ")" || char === "}") && depth > 0) depth--;
    else if (char === "`") backticks = backticks > 0 ? backticks - 1 : 1;
  }
  return deepest;
}

/**
 * Read the line again the ways it could run that one parse does not show: with the variables it
 * sets put in (`X=/; rm -rf $X`, `for f in …`), without broken quotes (a line bash would still
 * run in part), and with scripts it writes and then runs (`echo 'rm -rf ~' > a.sh; bash a.sh`).
 * What these readings find joins the line's commands, for deny and ask rules; a line with them
 * is never allowed, since they only add commands.
 */
function readAgain(source: string, depth: number, via: string[], startCwd: string | null, analysis: LineAnalysis): void {
  const values = new Map<string, string[]>();
  const remember = (name: string, value: string) => values.set(name, [...(values.get(name) ?? []), value.replace(/^(["'])(.*)\1$/s, "$2")]);
  for (const command of analysis.commands) {
    for (const assignment of command.assignments) {
      const at = assignment.indexOf("=");
      if (at > 0) remember(assignment.slice(0, at), assignment.slice(at + 1));
    }
    // `set -- a b` sets $1 and $2
    if (command.decodedName === "set" && command.args[0] === "--") command.args.slice(1, 10).forEach((value, index) => remember(String(index + 1), value));
    if (command.decodedName === "export" || command.decodedName === "declare" || command.decodedName === "local" || command.decodedName === "readonly" || command.decodedName === "typeset") {
      for (const arg of command.args) if (/^[A-Za-z_]\w*=/.test(arg)) remember(arg.slice(0, arg.indexOf("=")), arg.slice(arg.indexOf("=") + 1));
    }
  }
  for (const match of source.matchAll(/\bfor\s+([A-Za-z_]\w*)\s+in\s+([^;\n]*?)\s*(;|\n)\s*do\b/g)) {
    for (const word of match[2]!.split(/\s+/).filter(Boolean).slice(0, 4)) remember(match[1]!, word);
  }
  // a reading is certain when the line gives the word one plain value; a guess otherwise (several
  // values, a value that is itself computed or would be split and expanded again, a parse repaired)
  const readings: Array<{ text: string; certain: boolean }> = [];
  const resetsHash = /(^|[\s;&|(])PATH=/.test(source);
  // `hash -p /bin/rm echo`: the name runs another program from then on
  for (const command of analysis.commands) {
    if (command.decodedName !== "hash") continue;
    const at = command.args.indexOf("-p");
    const [program, name] = [command.args[at + 1], command.args[at + 2]];
    // a builtin of that name still runs first, unless `enable -n` turned it off
    const builtinOn = BUILTINS.has(name ?? "") && !analysis.commands.some((other) => other.decodedName === "enable" && other.args.includes("-n") && other.args.includes(name!));
    // assigning PATH empties the hash table: the name may be looked up afresh
    if (at !== -1 && program && name && /^[\w.+-]+$/.test(name) && !builtinOn) readings.push({ text: source.replace(new RegExp(`(?<![\\w./-])${name.replace(/[.+]/g, "\\$&")}(?![\\w./-])`, "g"), program.replaceAll("$", "$$$$")), certain: !resetsHash });
  }
  for (const [name, list] of values) {
    for (const value of list.slice(0, 4)) {
      const pattern = new RegExp(`\\$\\{${name}\\}|\\$${name}(?![A-Za-z0-9_])`, "g");
      if (pattern.test(source)) readings.push({ text: source.replace(pattern, value.replaceAll("$", "$$$$")), certain: list.length === 1 && !/[\s$`{}*?[\]()'"\\]/.test(value) });
    }
  }
  if (analysis.errors.length > 0 && !analysis.tooDeep) readings.push({ text: source.replace(/['"]/g, " "), certain: false });
  // a script written with fixed text and run later on the line
  const written = new Map<string, string>();
  for (const command of analysis.commands) {
    if (command.emits !== undefined) {
      for (const redirect of command.redirects) if (/^(>|>>|>\||&>)$/.test(redirect.operator)) written.set(redirect.target.replace(/^\.\//, ""), command.emits);
    }
    const runs = command.byPath ? [command.decodedName] : /^(sh|bash|zsh|dash|ksh|source|\.|python|python3|perl|ruby|node)$/.test(command.decodedName) ? command.args.filter((arg) => !arg.startsWith("-")).slice(0, 1) : [];
    for (const file of runs) {
      const text = written.get(file.replace(/^\.\//, "")) ?? [...written.entries()].find(([path]) => path.endsWith(`/${file}`) || file.endsWith(`/${path}`))?.[1];
      // shell text run by a shell is certain; by another interpreter, a guess
      if (text !== undefined) readings.push({ text, certain: command.byPath || /^(sh|bash|zsh|dash|ksh|source|\.)$/.test(command.decodedName) });
    }
  }
  for (const { text, certain } of readings.slice(0, 8)) {
    if (text === source) continue;
    const again = analyzeCommandLine(text, depth + 1, [...via, certain ? "read again" : READ_AGAIN_GUESS], startCwd);
    analysis.commands.push(...again.commands);
    analysis.pipelines.push(...again.pipelines);
    analysis.forkBomb ||= again.forkBomb;
  }
}

/** The `via` step of a command found by reading the line again with a guessed value. */
export const READ_AGAIN_GUESS = "read again, guessing";

/** bash's builtins: they run before any program of the same name that `hash -p` names. */
const BUILTINS = new Set(["echo", "printf", "test", "[", "pwd", "cd", "read", "true", "false", "kill", "type", "command", "eval", "exec", "exit", "export", "set", "unset", "source", ".", "alias", "unalias", "let", "local", "declare", "typeset", "readonly", "shift", "trap", "wait", "jobs", "fg", "bg", "hash", "help", "history", "builtin", "enable", "getopts", "umask", "ulimit", "times", "dirs", "pushd", "popd", "shopt", "caller", "compgen", "complete", "disown", "suspend", "logout", "mapfile", "readarray", "return", "break", "continue", ":"]);

interface WalkState {
  cwd: string | null;
}

function walk(source: string, depth: number, via: string[], startCwd: string | null, analysis: LineAnalysis): void {
  const script = parse(source);
  for (const error of script.errors ?? []) analysis.errors.push(error.message);
  const state: WalkState = { cwd: startCwd };
  const visit = (node: unknown, trail: string[], inherited: Redirect[]): void => {
    if (!node || typeof node !== "object") return;
    const typed = node as { type?: string };
    if (typed.type === "Redirected") {
      const redirected = node as { command: unknown; redirects: ReadonlyArray<RedirectNode> };
      const own = redirected.redirects.flatMap(redirectOf);
      visit(redirected.command, trail, [...inherited, ...own]);
      for (const item of redirected.redirects) visitWordParts(item, trail, inherited);
      return;
    }
    if (typed.type === "Subshell") {
      // a subshell's `cd` ends with it
      const saved = state.cwd;
      forEachChild(node as never, (child) => visit(child, trail, inherited));
      state.cwd = saved;
      return;
    }
    if (typed.type === "Pipeline") {
      const stages = (node as { commands: unknown[] }).commands;
      const flat: FoundCommand[] = [];
      const heads: Array<{ found: FoundCommand; nested: LineAnalysis[] }> = [];
      for (const stage of stages) {
        if ((stage as { type?: string }).type === "Command") {
          const head = describe(stage as CommandNode, trail, depth, analysis, state, inherited);
          heads.push(head);
          flat.push(head.found);
        } else {
          // a compound stage (`| (bash)`, `| { sh; }`): every command inside reads the pipe
          const before = analysis.commands.length;
          visit(stage, trail, inherited);
          flat.push(...analysis.commands.slice(before).filter((found) => found.via.length === trail.length));
        }
      }
      if (flat.length > 1) analysis.pipelines.push(flat);
      for (const head of heads) head.nested.forEach((nested) => merge(analysis, nested));
      // fixed text piped into a shell is code too: `echo 'rm -rf /' | sh`, `cat <<EOF | bash`;
      // piped into xargs, it becomes arguments
      heads.forEach((head, index) => {
        const before = heads[index - 1]?.found.emits;
        if (before !== undefined && head.found.via.includes("xargs")) {
          const input = before.trim();
          const words = [head.found.decodedName, ...head.found.args];
          const marker = head.found.xargsReplace ?? "{}";
          const replaced = words.some((word) => word.includes(marker)) ? words.map((word) => word.replaceAll(marker, input)) : null;
          head.found.args.push(...before.split(/\s+/).filter(Boolean));
          if (replaced && depth < MAX_DEPTH) merge(analysis, analyzeCommandLine(replaced.map(quote).join(" "), depth + 1, [...trail, "xargs"], head.found.cwd));
        }
        if (head.found.shellReadsStdin && before !== undefined && INTERPRETERS[head.found.decodedName] && head.found.code === undefined) {
          // `printf '…' | python`: the text is the interpreter's code
          head.found.code = { interpreter: head.found.decodedName, text: before };
          if (depth < MAX_DEPTH) for (const shell of shellStrings(before)) merge(analysis, analyzeCommandLine(shell, depth + 1, [...trail, `${head.found.decodedName} system()`], head.found.cwd));
        } else if (head.found.shellReadsStdin && before !== undefined && depth < MAX_DEPTH) {
          merge(analysis, analyzeCommandLine(before, depth + 1, [...trail, `| ${head.found.decodedName}`], head.found.cwd));
        }
      });
      stages.forEach((stage) => {
        if ((stage as { type?: string }).type === "Command") forEachChild(stage as never, (child) => visit(child, [...trail], []));
      });
      return;
    }
    if (typed.type === "Command") {
      const { nested } = describe(node as CommandNode, trail, depth, analysis, state, inherited);
      nested.forEach((entry) => merge(analysis, entry));
      forEachChild(node as never, (child) => visit(child, trail, []));
      return;
    }
    if (typed.type === "CommandExpansion" || typed.type === "ProcessSubstitution") {
      const saved = state.cwd;
      forEachChild(node as never, (child) => visit(child, [...trail, typed.type === "CommandExpansion" ? "$(…)" : "<(…)"], []));
      state.cwd = saved;
      return;
    }
    forEachChild(node as never, (child) => visit(child, trail, inherited));
  };
  const visitWordParts = (node: unknown, trail: string[], inherited: Redirect[]) => forEachChild(node as never, (child) => visit(child, trail, inherited));
  visit(script, via, []);
}

type Redirect = { operator: string; target: string; dynamic: boolean };
type RedirectNode = { type: string; operator?: string; target?: Word; body?: { text?: string } };

function redirectOf(item: RedirectNode): Redirect[] {
  if (item.type === "Redirect" && item.target) return [{ operator: item.operator ?? ">", target: item.target.value, dynamic: !isLiteral(item.target) }];
  return [];
}

// `:(){ :|:& };:` and its renamed forms
const FORK_BOMB = /([\w:.]+)\s*\(\)\s*\{[^}]*?(?<![\w:.])\1\s*(\|\s*\1(?![\w:.])|&)[^}]*\}/;

// the conditions that are always true: `true`, `:`, `((1))`, a test of one fixed word (`[ 1 ]`, `[[ x ]]`)
const ENDLESS_LOOP = /\b(?:while\s+(?:true|:|\/\S*true|\(\(\s*[1-9]\d*\s*\)\)|\[\[?\s*[\w.:/+]+\s*\]\]?)|until\s+(?:false|\/\S*false|\(\(\s*0\s*\)\))|for\s*\(\(\s*[^;]*;\s*;[^)]*\)\))\s*;?\s*do\b([^]*?)\bdone\b/;
/** A `&` that sends a job to the background (not `&&`, `>&`, `&>`, `|&`). */
const BACKGROUND = /(?<![&<>|])&(?![&>])/;

/**
 * A loop body that leaves a background job running when it goes round again: a `&` after the last
 * `wait` that always runs. A `wait`, `break` or `exit` inside `if`, `case`, `&&`/`||` or a subshell
 * may not run (or waits for nothing), and a job started inside a subshell is never the loop's to wait for.
 */
function unwaitedBackground(body: string): boolean {
  let flat = body;
  for (let guard = 0; guard < 8; guard++) {
    const next = flat
      .replace(/\bif\b((?:(?!\bif\b|\bfi\b)[^])*)\bfi\b/g, (_, inner: string) => (BACKGROUND.test(inner) ? " & " : " "))
      .replace(/\bcase\b((?:(?!\bcase\b|\besac\b)[^])*)\besac\b/g, (_, inner: string) => (BACKGROUND.test(inner) ? " & " : " "))
      .replace(/\(([^()]*)\)/g, (_, inner: string) => (inner.includes("\u2691") || jobsLeftRunning(inner) ? " \u2691 " : " "));
    if (next === flat) break;
    flat = next;
  }
  flat = flat.replace(/(&&|\|\|)\s*(wait|break|exit|return)\b/g, "$1 ");
  if (/(^|[;\s{])(break|exit|return)\b/.test(flat)) return false;
  // a `wait` anywhere in the body also waits, the next time round, for the jobs started after it
  return flat.includes("\u2691") || (BACKGROUND.test(flat) && !/(^|[;\s{])wait\b/.test(flat)) || /(?<![&<>|])&(?![&>])[^]*\bdisown\b/.test(flat);
}

/** Code of a subshell that ends with jobs still running: a `&` after its last `wait`, or disowned. */
function jobsLeftRunning(code: string): boolean {
  const lastWait = Math.max(-1, ...[...code.matchAll(/(^|[;\s{])wait\b/g)].map((match) => match.index! + match[1]!.length));
  return [...code.matchAll(new RegExp(BACKGROUND.source, "g"))].some((match) => match.index! > lastWait) || (BACKGROUND.test(code) && /\bdisown\b/.test(code));
}

/** Functions that call one another in a cycle with a `&` or a pipe on the way: `a(){ b & }; b(){ a; }; a`. */
function recursiveFunctions(bare: string): boolean {
  // two function definitions at least: `f()`, `function f`
  if ((bare.match(/\(\s*\)|\bfunction\s/g)?.length ?? 0) < 2) return false;
  const bodies = new Map<string, string>();
  const defined = new Map<string, number>();
  let outside = bare;
  for (const match of bare.matchAll(/(?:\bfunction\s+)?([\w:.-]+)\s*\(\s*\)\s*\{([^{}]*)\}|\bfunction\s+([\w:.-]+)\s*\{([^{}]*)\}/g)) {
    bodies.set(match[1] ?? match[3]!, match[2] ?? match[4]!);
    defined.set(match[1] ?? match[3]!, match.index! + match[0].length);
    outside = outside.slice(0, match.index!) + " ".repeat(match[0].length) + outside.slice(match.index! + match[0].length);
  }
  if (bodies.size < 2) return false;
  const escape = (name: string) => name.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  const calls = new Map([...bodies].map(([name, body]) => [name, [...bodies.keys()].filter((other) => new RegExp(`(^|[\\s;&|({])${escape(other)}(?=$|[\\s;&|)}])`).test(body))]));
  const reaches = (from: string, to: string): boolean => {
    const seen = new Set<string>();
    const stack = [...(calls.get(from) ?? [])];
    while (stack.length > 0) {
      const name = stack.pop()!;
      if (name === to) return true;
      if (seen.has(name)) continue;
      seen.add(name);
      stack.push(...(calls.get(name) ?? []));
    }
    return false;
  };
  // a call that runs before the whole cycle is defined fails with "command not found"
  const firstCall = (name: string) => new RegExp(`(^|[\\s;&|({])${escape(name)}(?=$|[\\s;&|)}])`).exec(outside)?.index ?? -1;
  return [...bodies].some(([name, body]) => {
    if (!(BACKGROUND.test(body) || /(?<!\|)\|(?!\|)/.test(body))) return false;
    const cycle = [...bodies.keys()].filter((other) => other === name || (reaches(name, other) && reaches(other, name)));
    const complete = Math.max(...cycle.map((member) => defined.get(member)!));
    return (calls.get(name) ?? []).some((callee) => reaches(callee, name)) && cycle.some((member) => firstCall(member) > complete);
  });
}

/** The line without quoted text and comments: what a fork bomb's shape is looked for in. */
function withoutQuotesAndComments(source: string): string {
  return source.replace(/'[^']*'|"(?:[^"\\]|\\.)*"/g, "''").replace(/(^|\s)#[^\n]*/g, "$1");
}

interface CommandNode {
  type: "Command";
  name: Word | undefined;
  prefix: ReadonlyArray<RedirectNode>;
  suffix: ReadonlyArray<RedirectNode>;
}

function merge(into: LineAnalysis, from: LineAnalysis): void {
  into.commands.push(...from.commands);
  into.pipelines.push(...from.pipelines);
  into.errors.push(...from.errors);
  into.forkBomb ||= from.forkBomb;
}

/** One Command node: its effective command (wrappers unwrapped) and what it runs inside it. */
function describe(node: CommandNode, trail: string[], depth: number, analysis: LineAnalysis, state: WalkState, inherited: Redirect[]): { found: FoundCommand; nested: LineAnalysis[] } {
  const items = [...node.prefix, ...node.suffix];
  const words = node.suffix.filter((item): item is Word & { type: "Word" } => item.type === "Word");
  // every redirection counts, wherever it is written: before the name, after it, or on an enclosing compound command
  const redirects: Redirect[] = [...items.flatMap(redirectOf), ...inherited];
  const stdinCode = items.flatMap((item) =>
    item.type === "HereDoc" ? [item.body?.text ?? ""] : item.type === "HereString" && item.target ? [item.target.value] : [],
  );
  const nested: LineAnalysis[] = [];
  const name = node.name;
  let argv = name ? [name, ...words] : [...words];
  const chain = [...trail];
  let cwd = state.cwd;
  const assignments = node.prefix.flatMap((item) => (item.type === "Assignment" ? [(item as unknown as { text: string }).text] : []));
  let wrapper: string | undefined;
  let xargsReplace: string | undefined;
  const recurseAt = (code: string, label: string) => {
    if (depth + 1 > MAX_DEPTH) return false;
    nested.push(analyzeCommandLine(code, depth + 1, [...chain, label], cwd));
    return true;
  };
  // unwrap wrappers: the command they run is what matters
  for (let guard = 0; guard < 8 && argv.length > 0; guard++) {
    const head = baseName(argv[0]!.value);
    const values = argv.map((word) => word.value);
    // `env -S 'cmd args'` splits its string into the command line
    const split = head === "env" ? values.findIndex((value) => /^(-S|--split-string)(=|$)|^-S./.test(value)) : -1;
    if (split !== -1) {
      const flag = values[split]!;
      const text = flag === "-S" || flag === "--split-string" ? (values[split + 1] ?? "") : flag.replace(/^(--split-string=|-S)/, "");
      wrapper = "env";
      recurseAt(text, "env -S");
      argv = [];
      break;
    }
    if (head === "env") {
      assignments.push(...values.slice(1).filter((value) => /^[A-Za-z_][A-Za-z0-9_]*=|^BASH_FUNC_[^=]*=/.test(value)));
      const chdir = values.findIndex((value) => value === "-C" || value === "--chdir" || /^(-C.|--chdir=)/.test(value));
      if (chdir !== -1) cwd = changeFolder(cwd, values[chdir]!.length > 2 && !values[chdir]!.startsWith("--chdir") ? values[chdir]!.slice(2) : values[chdir]!.startsWith("--chdir=") ? values[chdir]!.slice(8) : (values[chdir + 1] ?? ""));
    }
    // wrappers that take their command as one string of code
    const codeFlag = CODE_WRAPPERS[head]?.(values);
    if (codeFlag !== undefined) {
      wrapper = head;
      // `parallel ::: 'cmd' …` has no command of its own: the inputs are the commands
      const inputs = head === "parallel" && codeFlag.length === 0 ? argv.slice(values.findIndex((value) => /^:::+$/.test(value)) + 1) : [];
      if ((codeFlag.length > 0 || inputs.length > 0) && codeFlag.every((index) => argv[index] && isLiteral(argv[index]!)) && inputs.every(isLiteral)) {
        if (!recurseAt(head === "parallel" ? parallelCode(argv.map((word) => word.value), codeFlag) : codeFlag.map((index) => argv[index]!.value).join(" "), head)) return tooDeepCommand(argv, chain, redirects, assignments, cwd, stdinCode, analysis, nested);
      } else {
        const found = tooDeepCommand(argv, chain, redirects, assignments, cwd, stdinCode, analysis, nested);
        found.found.opaqueCode = true;
        found.found.tooDeep = undefined;
        return found;
      }
      argv = [];
      break;
    }
    // xargs -I R / -iR / --replace=R: the string each input line is put in for
    if (head === "xargs") {
      const option = values.findIndex((value, index) => index > 0 && /^(-I.*|-i.*|--replace(=.*)?)$/.test(value));
      const value = values[option];
      if (value !== undefined) xargsReplace = value === "-I" ? values[option + 1] : value.startsWith("--replace=") ? value.slice(10) : /^-[Ii]./.test(value) ? value.slice(2) : "{}";
    }
    const skip = WRAPPERS[head]?.(values);
    // a wrapper with nothing to run (`env`, `time`) is the command itself
    if (skip === undefined || skip >= argv.length) break;
    chain.push(head);
    argv = argv.slice(skip);
    // `nohup -- cmd`, `busybox -- rm`: the end of the wrapper's options
    if (argv[0]?.value === "--" && argv.length > 1) argv = argv.slice(1);
  }
  if (argv.length === 0 && wrapper !== undefined) {
    // the wrapper's code was read above; the wrapper itself is recorded as what ran it
    const found: FoundCommand = { name: wrapper, byPath: false, cwd, stdinText: stdinCode, decodedName: wrapper, args: [], argsText: [], dynamicArgs: false, globArgs: false, redirects, assignments, via: chain, wrapsCode: true };
    analysis.commands.push(found);
    return { found, nested };
  }
  const [program, ...rest] = argv;
  // $'\x72\x6d' decodes to a name, but one written to hide it: deny rules see it, allow rules never do
  const literal = program !== undefined && isLiteral(program) && !(program.parts ?? []).some((part) => part.type === "AnsiCQuoted");
  // a computed program word (`rm${IFS}-rf${IFS}/`, `{rm,-rf,/}`) is re-read the way the shell would split it
  const respelled = program && !literal ? respell(program.text) : undefined;
  const found: FoundCommand = {
    name: literal ? baseName(program.value) : null,
    byPath: literal && program.value.includes("/"),
    cwd,
    stdinText: stdinCode,
    decodedName: canonicalName(respelled ? baseName(respelled[0]!) : program ? baseName(program.value) : ""),
    args: [...(respelled?.slice(1) ?? []), ...rest.map((word) => word.value)],
    argsText: rest.map((word) => word.text),
    dynamicArgs: rest.some((word) => !isLiteral(word) && !isGlobOnly(word)) || chain.includes("xargs"),
    globArgs: rest.some(isGlobOnly),
    globWords: rest.filter(isGlobOnly).map((word) => word.value),
    redirects,
    assignments,
    via: chain,
    ...(xargsReplace ? { xargsReplace } : {}),
  };
  // `cd` and `pushd` move the rest of the line; `git -C dir` moves only its own command
  if (found.decodedName === "cd" || found.decodedName === "pushd") {
    const target = rest.find((word) => !word.value.startsWith("-") || word.value === "-");
    state.cwd = target === undefined ? "~" : isLiteral(target) || /^~/.test(target.text) ? changeFolder(state.cwd, target.text.startsWith("~") ? target.text : target.value) : null;
    if (target?.value === "-") state.cwd = null;
  } else if (found.decodedName === "popd") state.cwd = null;
  if (found.decodedName === "git") {
    const at = found.args.indexOf("-C");
    if (at !== -1) found.cwd = changeFolder(cwd, found.args[at + 1] ?? "");
  }
  if (split_marker(argv)) found.opaqueCode = true;
  analysis.commands.push(found);
  const decoded = found.decodedName;
  if (decoded === "echo" && rest.every(isLiteral)) found.emits = unescape(found.args.filter((arg) => !/^-[neE]+$/.test(arg)).join(" "));
  if (decoded === "printf" && rest.every(isLiteral) && found.args.length > 0) found.emits = printfText(found.args);
  if (decoded === "cat" && stdinCode.length > 0) found.emits = stdinCode.join("\n");
  const recurse = (code: string, label: string) => {
    if (depth + 1 > MAX_DEPTH) {
      found.tooDeep = true;
      return;
    }
    nested.push(analyzeCommandLine(code, depth + 1, [...chain, label], found.cwd));
  };
  // `env 'BASH_FUNC_f%%=() { …; }' bash -c f` exports a function; `alias x='…'` defines code run later
  for (const assignment of assignments) {
    const body = /^BASH_FUNC_[^=]*=\s*\(\)\s*(\{[^]*\})\s*$/.exec(assignment)?.[1];
    if (body !== undefined) recurse(body, "exported function");
  }
  if (decoded === "alias") {
    for (const item of node.suffix as ReadonlyArray<{ type: string; value?: Word }>) if (item.type === "Assignment" && item.value && isLiteral(item.value)) recurse(item.value.value, "alias");
    for (const arg of found.args) if (/^[^=\s]+=./s.test(arg)) recurse(arg.slice(arg.indexOf("=") + 1), "alias");
  }
  const optionCommands = optionCode(decoded, found.args);
  if (optionCommands.length > 0) found.optionCode = optionCommands;
  for (const code of optionCommands) recurse(code, `${decoded} option`);
  // `ssh host 'cmd'`: the remote command is read like a local one (the other machine matters too)
  if (decoded === "ssh") {
    let at = 0;
    while (at < found.args.length && found.args[at]!.startsWith("-")) at += /^-[46AaCfGgKkMNnqsTtVvXxYy]*[bcDEeFIiJLlmOopQRSWw]$/.test(found.args[at]!) ? 2 : 1;
    const remote = found.args.slice(at + 1);
    if (remote.length > 0 && rest.every(isLiteral)) recurse(remote.join(" "), "ssh");
  }
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
    } else if (!shellOperands(rest.map((word) => word.value)).some((value) => !/^\/dev\/(stdin|fd\/0)$/.test(value)) || rest.some((word) => /^(\/dev\/stdin|\/dev\/fd\/0|-)$/.test(word.value))) {
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
    const at = rest.findIndex((word) => flags.includes(word.value.toLowerCase()) || (/^-[a-zA-Z]+$/.test(word.value) && flags.some((flag) => /^-[a-zA-Z]$/.test(flag) && word.value.endsWith(flag.slice(1)))));
    // code glued to its flag: `python -Ic'…'`, `perl -we'…'`, `cmd /Cdel …`
    const glued = rest.map((word) => word.value).map((value) => flags.map((flag) => (/^-[a-zA-Z]$/.test(flag) ? new RegExp(`^-[a-zA-Z]*${flag.slice(1)}(.+)$`, "s").exec(value)?.[1] : /^\/[a-z]$/.test(flag) && value.toLowerCase().startsWith(flag) && value.length > 2 ? value.slice(2) : undefined)).find((text) => text !== undefined)).find((text) => text !== undefined);
    // `pwsh -Command -`, `python -c -`: the code comes on standard input
    if (at !== -1 && rest[at + 1]?.value === "-") found.shellReadsStdin = true;
    else if (at !== -1 && rest[at + 1]) found.code = { interpreter: decoded, text: rest.slice(at + 1).map((word) => word.value).join(decoded === "cmd" || decoded === "cmd.exe" || decoded === "pwsh" ? " " : "\n").split("\n")[0]! === rest[at + 1]!.value ? rest[at + 1]!.value : rest.slice(at + 1).map((word) => word.value).join(" ") };
    else if (glued !== undefined) {
      // `cmd /Cdel x`: cmd's code is every word after the switch
      const after = decoded === "cmd" || decoded === "cmd.exe" ? rest.slice(rest.findIndex((word) => word.value.endsWith(glued)) + 1).map((word) => word.value) : [];
      found.code = { interpreter: decoded, text: [glued, ...after].join(" ") };
    } else if (stdinCode.length > 0 && rest.every((word) => word.value.startsWith("-") || /^\/dev\/(stdin|fd\/0)$/.test(word.value))) found.code = { interpreter: decoded, text: stdinCode.join("\n") };
    else if (rest.every((word) => word.value.startsWith("-") || /^\/dev\/(stdin|fd\/0)$/.test(word.value))) found.shellReadsStdin = true;
  }
  // shell commands an interpreter hands to the system: system('…'), execSync("…"), subprocess.run("…"), `…`
  if (found.code) for (const shell of shellStrings(found.code.text)) recurse(shell, `${decoded} system()`);
  return { found, nested };
}

/** A shell's operands (a script file and its arguments), past options such as `-eu`, `+n` and `-o pipefail`. */
function shellOperands(args: string[]): string[] {
  for (let index = 0; index < args.length; index++) {
    const arg = args[index]!;
    if (arg === "--") return args.slice(index + 1);
    if (/^[-+][a-zA-Z]*[oO]$/.test(arg)) index++;
    else if (!/^[-+]/.test(arg) || arg === "-") return args.slice(index);
  }
  return [];
}

/** Options whose value is a command the program runs: `ssh -o ProxyCommand=…`, `rsync -e …`, `tar --to-command=…`. */
const OPTION_CODE: Record<string, { short?: string; long?: string[]; sshOption?: boolean }> = {
  ssh: { sshOption: true },
  scp: { sshOption: true },
  sftp: { sshOption: true },
  rsync: { short: "e", long: ["rsh"] },
  tar: { short: "IF", long: ["to-command", "info-script", "new-volume-script", "use-compress-program", "rsh-command"] },
  sort: { long: ["compress-program"] },
  zip: { long: ["unzip-command"] },
  man: { short: "P", long: ["pager"] },
  git: { long: ["upload-pack", "receive-pack", "exec"] },
};

function optionCode(program: string, args: readonly string[]): string[] {
  const spec = OPTION_CODE[program];
  if (!spec) return [];
  const found: string[] = [];
  for (let index = 0; index < args.length; index++) {
    const arg = args[index]!;
    if (spec.sshOption) {
      // -o Key=Value, -oKey=Value, bundled -voKey=Value
      const option = /^-[a-zA-Z]*?o(.*)$/.exec(arg);
      const value = option ? (option[1] !== "" ? option[1]! : (args[index + 1] ?? "")) : "";
      const command = /^(ProxyCommand|KnownHostsCommand|LocalCommand|RemoteCommand|PKCS11Provider|SecurityKeyProvider)[= ]\s*(.*)$/is.exec(value);
      if (command) found.push(command[2]!);
      continue;
    }
    if (arg.startsWith("--")) {
      const equals = arg.indexOf("=");
      const written = equals === -1 ? arg : arg.slice(0, equals);
      // GNU accepts a unique prefix of a long option: --compress for --compress-program
      const long = (spec.long ?? []).find((name) => written === `--${name}` || (written.length >= 5 && `--${name}`.startsWith(written)));
      if (long) found.push(equals !== -1 ? arg.slice(equals + 1) : (args[index + 1] ?? ""));
      continue;
    }
    if (spec.short && /^-[a-zA-Z]/.test(arg)) {
      for (let at = 1; at < arg.length; at++) {
        if (spec.short.includes(arg[at]!)) {
          found.push(at + 1 < arg.length ? arg.slice(at + 1) : (args[index + 1] ?? ""));
          break;
        }
      }
    }
  }
  if (program === "tar") for (const arg of args) if (/^--checkpoint-action=exec=/.test(arg)) found.push(arg.slice(arg.indexOf("exec=") + 5));
  return found.filter((code) => code.trim() !== "");
}

/** Shell command strings inside interpreter code: the arguments of system(), exec*(), popen(), subprocess calls, backticks. */
function shellStrings(code: string): string[] {
  const found: string[] = [];
  const call = /\b(?:os\.system|os\.popen|system|exec|execSync|execFileSync|spawnSync|popen|shell_exec|passthru|proc_open|subprocess\.(?:run|call|check_call|check_output|Popen|getoutput|getstatusoutput)|Open3\.\w+|IO\.popen|commands\.getoutput)\s*\(\s*(?:\[\s*)?(["'`])((?:(?!\1)[^\\]|\\.)*)\1/g;
  for (const match of code.matchAll(call)) found.push(match[2]!.replace(/\\(["'\\])/g, "$1"));
  for (const match of code.matchAll(/`([^`]+)`|%x\{([^}]+)\}|%x\(([^)]+)\)/g)) found.push(match[1] ?? match[2] ?? match[3]!);
  // a program run from an argument list: subprocess.run(["nah", "hook"]), spawn("pi", ["--no-extensions"]), os.execvp("sh", ["sh", "-c", …])
  const argvCall = /\b(?:subprocess\.\w+|os\.(?:exec|spawn|posix_spawn)\w*|spawn(?:Sync)?|execFile(?:Sync)?|execa(?:Sync)?|Popen|Process\.spawn|IO\.popen|(?:\w+\.)?(?:run|call|check_call|check_output))["'\]]*\s*\(\s*(?:(["'])((?:(?!\1)[^\\]|\\.)*)\1\s*,\s*)?\[([^\]]*)\]/g;
  // a program and its arguments as separate strings: system("nah", "trust", "."), os.execlp("rm", "rm", "-rf", "/")
  for (const match of code.matchAll(/\b(?:system|exec|spawn|os\.exec\w*|os\.spawn\w*|Process\.spawn|Kernel\.system|pcntl_exec)(?:\s*\(\s*|\s+)((?:(["'])(?:(?!\2)[^\\]|\\.)*\2\s*,\s*)+(["'])(?:(?!\3)[^\\]|\\.)*\3)\s*(?:[,);]|$)/g)) {
    const words = [...match[1]!.matchAll(/(["'])((?:(?!\1)[^\\]|\\.)*)\1/g)].map((word) => word[2]!.replace(/\\(["'\\])/g, "$1"));
    if (words.length > 1 && words[0] === words[1]) words.shift();
    found.push(words.map(quote).join(" "));
  }
  for (const match of code.matchAll(argvCall)) {
    const words = [...match[3]!.matchAll(/(["'])((?:(?!\1)[^\\]|\\.)*)\1/g)].map((word) => word[2]!.replace(/\\(["'\\])/g, "$1"));
    // execv-style lists repeat the program as their first word
    if (match[2] !== undefined && words[0] !== match[2]) words.unshift(match[2]);
    if (words.length > 0) found.push(words.map(quote).join(" "));
  }
  return found.slice(0, 8);
}

/** Build the record of a wrapper whose code could not be read (too deep, or computed). */
function tooDeepCommand(argv: Word[], chain: string[], redirects: Redirect[], assignments: string[], cwd: string | null, stdinText: string[], analysis: LineAnalysis, nested: LineAnalysis[]): { found: FoundCommand; nested: LineAnalysis[] } {
  const head = argv[0] ? baseName(argv[0].value) : "";
  const found: FoundCommand = {
    name: head,
    byPath: false,
    cwd,
    stdinText,
    decodedName: head,
    args: argv.slice(1).map((word) => word.value),
    argsText: argv.slice(1).map((word) => word.text),
    dynamicArgs: true,
    globArgs: false,
    redirects,
    assignments,
    via: chain,
    tooDeep: true,
  };
  analysis.commands.push(found);
  return { found, nested };
}

/**
 * The working folder after `cd target` from `from`: `.`-relative inside the line's start folder,
 * `~`-relative in the home folder, absolute, or `null` when it cannot be known.
 */
export function changeFolder(from: string | null, target: string): string | null {
  if (target === "" || target.includes("$") || /[*?[]/.test(target)) return null;
  if (target === "~" || target.startsWith("~/")) return normalizeFolder(target);
  if (target.startsWith("~")) return null;
  if (target.startsWith("/")) return normalizeFolder(target);
  if (from === null) return null;
  return normalizeFolder(`${from}/${target}`);
}

function normalizeFolder(path: string): string {
  const [head, ...rest] = path.split("/");
  const parts: string[] = [];
  const root = head === "" ? "" : head!;
  for (const part of rest) {
    if (part === "" || part === ".") continue;
    if (part === "..") {
      if (parts.length > 0 && parts.at(-1) !== "..") parts.pop();
      else if (root === "." || root === "..") parts.push("..");
      else if (root === "~") parts.push("..");
    } else parts.push(part);
  }
  if (root === "..") parts.unshift("..");
  const base = root === ".." ? "." : root;
  return parts.length === 0 ? (base === "" ? "/" : base) : `${base}/${parts.join("/")}`;
}

/** Wrappers whose command is one string of code: the indices of the words that make it up. */
const CODE_WRAPPERS: Record<string, (argv: string[]) => number[] | undefined> = {
  trap: (argv) => (argv.length >= 3 && !argv[1]!.startsWith("-") ? [1] : undefined),
  // `tmux new-session -d 'cmd'`, `tmux send-keys 'cmd' Enter`, `tmux run-shell 'cmd'`: the last word is a shell command
  tmux: (argv) => (/^(new-session|new|new-window|neww|split-window|splitw|run-shell|run|respawn-pane|respawnp|respawn-window|send-keys|send|display-popup|popup|pipe-pane)$/.test(argv.find((word, index) => index > 0 && !word.startsWith("-")) ?? "") ? [argv.length - 1] : undefined),
  screen: (argv) => (argv.some((word) => /^-[a-zA-Z]*(d|D)m/.test(word) || word === "-X") ? [argv.length - 1] : undefined),
  watch: (argv) => {
    const start = skipOptions(argv, new Set(["-n", "-d", "--interval", "--differences", "-q", "--equexit"]));
    return start < argv.length ? argv.slice(start).map((_, index) => start + index) : undefined;
  },
  flock: (argv) => codeAfter(argv, ["-c", "--command"]),
  su: (argv) => codeAfter(argv, ["-c", "--command", "--session-command"]),
  runuser: (argv) => codeAfter(argv, ["-c", "--command", "--session-command"]),
  script: (argv) => codeAfter(argv, ["-c", "--command"]),
  parallel: (argv) => {
    const start = skipOptions(argv, new Set(["-j", "--jobs", "-S", "--sshlogin", "--delay", "-N", "--results", "--joblog", "--tmpdir", "-a", "--arg-file"]));
    const end = argv.findIndex((word, index) => index >= start && /^:::+$/.test(word));
    const stop = end === -1 ? argv.length : end;
    return stop > start || end !== -1 ? argv.slice(start, stop).map((_, index) => start + index) : undefined;
  },
};

/** The commands `parallel CMD… ::: ARGS…` runs: each argument put in for `{}`, or after the command; no command means the arguments are commands. */
function parallelCode(argv: string[], commandAt: number[]): string {
  const words = commandAt.map((index) => argv[index]!);
  const marker = argv.findIndex((word) => /^:::+$/.test(word));
  const inputs = marker === -1 ? ["{}"] : argv.slice(marker + 1).filter((word) => !/^:::+$/.test(word)).slice(0, 8);
  if (words.length === 0) return inputs.join("\n");
  const placed = words.some((word) => word.includes("{}"));
  return inputs
    .flatMap((input) => [
      // GNU parallel hands the command words to a shell as they are, with each input quoted
      (placed ? words.map((word) => word.replaceAll("{}", quote(input))) : [...words, quote(input)]).join(" "),
      // and with -q (or another parallel) each word stays one word
      (placed ? words.map((word) => quote(word.replaceAll("{}", input))) : [...words.map(quote), quote(input)]).join(" "),
    ])
    .join("\n");
}

function codeAfter(argv: string[], flags: string[]): number[] | undefined {
  for (let index = 1; index < argv.length; index++) {
    const word = argv[index]!;
    if (flags.includes(word)) return index + 1 < argv.length ? [index + 1] : undefined;
    const long = flags.find((flag) => flag.startsWith("--") && word.startsWith(`${flag}=`));
    if (long) return undefined;
  }
  return undefined;
}

/** How many leading words a wrapper takes before the command it runs, or `undefined` when not a wrapper. */
const WRAPPERS: Record<string, (argv: string[]) => number | undefined> = {
  busybox: () => 1,
  unshare: (argv) => skipOptions(argv, new Set(["-S", "-G", "--setuid", "--setgid", "-R", "--root", "-w", "--wd"])),
  lvm: () => 1,
  sem: (argv) => skipOptions(argv, new Set(["-j", "--jobs", "--id"])),
  doas: (argv) => skipOptions(argv, new Set(["-u", "-C"])),
  firejail: (argv) => skipOptions(argv, new Set()),
  proxychains: (argv) => skipOptions(argv, new Set(["-f"])),
  proxychains4: (argv) => skipOptions(argv, new Set(["-f"])),
  torsocks: () => 1,
  caffeinate: (argv) => skipOptions(argv, new Set(["-t", "-w"])),
  "pkexec": (argv) => skipOptions(argv, new Set(["--user"])),
  toybox: () => 1,
  setsid: (argv) => skipOptions(argv, new Set()),
  unbuffer: () => 1,
  flock: (argv) => skipOptions(argv, new Set(["-w", "-E", "--timeout", "--conflict-exit-code"])) + 1,
  chroot: (argv) => skipOptions(argv, new Set(["--userspec", "--groups"])) + 1,
  watch: (argv) => skipOptions(argv, new Set(["-n", "-d", "--interval"])),
  "systemd-run": (argv) => skipOptions(argv, new Set(["-p", "--property", "-u", "--unit", "--uid", "--gid", "-E", "--setenv"])),
  runuser: (argv) => skipOptions(argv, new Set(["-u", "-g", "-G", "--user", "--group"])),
  sudo: (argv) => skipOptions(argv, new Set(["-u", "-g", "-C", "-D", "-h", "-p", "-r", "-t", "-U", "-T", "--user", "--group"])),
  env: (argv) => {
    let index = 1;
    while (index < argv.length) {
      const word = argv[index]!;
      if (word === "--") return index + 1;
      if (/^-(u|C|S|P)$/.test(word) || word === "--unset" || word === "--chdir") index += 2;
      else if (word.startsWith("-") || /^[A-Za-z_][A-Za-z0-9_]*=|^BASH_FUNC_[^=]*=/.test(word)) index += 1;
      else break;
    }
    return index;
  },
  command: (argv) => skipOptions(argv, new Set()),
  builtin: () => 1,
  exec: (argv) => skipOptions(argv, new Set(["-a"])),
  nohup: (argv) => (argv[1] === "--" ? 2 : 1),
  time: (argv) => skipOptions(argv, new Set(["-f", "-o"])),
  nice: (argv) => skipOptions(argv, new Set(["-n", "--adjustment"])),
  ionice: (argv) => skipOptions(argv, new Set(["-c", "-n", "-p"])),
  stdbuf: (argv) => skipOptions(argv, new Set(["-i", "-o", "-e"])),
  chrt: (argv) => skipOptions(argv, new Set()) + 1,
  timeout: (argv) => {
    const index = skipOptions(argv, new Set(["-s", "-k", "--signal", "--kill-after"]));
    return index + 1;
  },
  xargs: (argv) => skipOptions(argv, new Set(["-n", "-I", "-P", "-d", "-L", "-E", "-s", "-a", "--max-args", "--max-procs", "--delimiter", "--arg-file"])),
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
  if (part.type === "Literal" || part.type === "SingleQuoted" || part.type === "AnsiCQuoted") return true;
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

/** What `printf FORMAT ARGS…` prints, for `%s`, `%b` and `%c` (other conversions print their argument as is). */
function printfText(args: string[]): string {
  const [format, ...values] = args;
  let next = 0;
  const once = (): string => unescape(format!).replace(/%(-?\d*)([sbcdq%])/g, (_, _width: string, kind: string) => (kind === "%" ? "%" : kind === "b" ? unescape(values[next++] ?? "") : (values[next++] ?? "")));
  let text = once();
  // the format repeats while arguments remain
  for (let guard = 0; next < values.length && guard < 64; guard++) text += once();
  return text;
}

/** Decode the escapes `printf` and `echo -e` would: `\x72\x6d` is `rm`. */
function unescape(text: string): string {
  return text
    .replace(/\\x([0-9a-fA-F]{2})/g, (_, hex: string) => String.fromCharCode(Number.parseInt(hex, 16)))
    .replace(/\\u([0-9a-fA-F]{4})|\\U([0-9a-fA-F]{8})/g, (_, short: string | undefined, long: string | undefined) => String.fromCodePoint(Number.parseInt(short ?? long!, 16)))
    .replace(/\\([0-7]{1,3})/g, (_, octal: string) => String.fromCharCode(Number.parseInt(octal, 8) & 0xff))
    .replace(/\\n/g, "\n");
}

/** The name deny rules match: lower case (case-insensitive file systems run `GIT` as git), versions dropped (`python3.12`). */
function canonicalName(name: string): string {
  const lower = name.toLowerCase();
  const versioned = /^(python|pypy|node|ruby|perl|php|lua|pwsh|bash|zsh)(\d[\d.]*)$/.exec(lower);
  if (versioned) return versioned[1] === "python" ? (versioned[2]!.startsWith("2") ? "python2" : "python3") : versioned[1]!;
  return lower === "powershell" || lower === "powershell.exe" ? "pwsh" : lower;
}

function baseName(value: string): string {
  const slash = value.lastIndexOf("/");
  return slash === -1 ? value : value.slice(slash + 1);
}

function quote(value: string): string {
  return /^[\w@%+=:,./-]+$/.test(value) ? value : `'${value.replaceAll("'", "'\\''")}'`;
}
