// The entry of the shell reading: a line in, every command it would run out. The walk over the
// parse is in walk.ts and describe.ts, wrappers and interpreters in their own files.
import { ENDLESS_LOOP, FORK_BOMB, recursiveFunctions, unwaitedBackground, withoutQuotesAndComments } from "./loops.js";
import { readAgain } from "./read-again.js";
import { walk } from "./walk.js";

export { READ_AGAIN_GUESS } from "./read-again.js";
export { changeFolder, isLiteral } from "./words.js";

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
  /** The words of each wrapper unwrapped from it (`env -u X`, `xargs -0 -n1`, `sudo -u bob`), outermost first, program name included; `byPath` when it was named by a path. */
  wrappers?: Array<{ name: string; args: string[]; byPath: boolean }>;
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

/** How many times code inside code (`bash -c`, `eval`, `$(…)` text, interpreters' system calls) is read again. */
export const MAX_DEPTH = 4;

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
