import { analyzeCommandLine, type LineAnalysis } from "./analyze.js";

/**
 * Read the line again the ways it could run that one parse does not show: with the variables it
 * sets put in (`X=/; rm -rf $X`, `for f in …`), without broken quotes (a line bash would still
 * run in part), and with scripts it writes and then runs (`echo 'rm -rf ~' > a.sh; bash a.sh`).
 * What these readings find joins the line's commands, for deny and ask rules; a line with them
 * is never allowed, since they only add commands.
 */
export function readAgain(source: string, depth: number, via: string[], startCwd: string | null, analysis: LineAnalysis): void {
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
