/**
 * Readers of the small programs `sed` and `awk` are given: a script is inert when it only
 * selects, edits in memory and prints to standard output. Anything the readers do not know
 * (sed's r, R, e, v, w to a file; awk's system, getline, pipes, redirections to files) refuses.
 */

/** The standard streams and /dev/null: writing there is printing. */
const STREAM = /^\/dev\/(stdout|stderr|null)$/;

/** A sed script made only of addresses and the commands that print, delete, hold or substitute in memory. */
export function sedScriptInert(script: string): boolean {
  let at = 0;
  const n = script.length;
  const peek = () => script[at] ?? "";
  const spaces = () => {
    while (at < n && /[ \t]/.test(peek())) at++;
  };
  const digits = () => {
    while (/\d/.test(peek())) at++;
  };
  // text up to an unescaped delimiter, on one line; false when it never ends
  const delimited = (delimiter: string): boolean => {
    while (at < n && peek() !== delimiter) {
      if (peek() === "\\") at++;
      else if (peek() === "\n") return false;
      at++;
    }
    if (at >= n) return false;
    at++;
    return true;
  };
  const address = (): boolean => {
    if (/\d/.test(peek())) {
      digits();
      if (peek() === "~") {
        at++;
        digits();
      }
      return true;
    }
    if (peek() === "$") {
      at++;
      return true;
    }
    if (peek() === "/" || peek() === "\\") {
      if (peek() === "\\") at++;
      const delimiter = script[at++];
      if (delimiter === undefined || delimiter === "\n" || delimiter === "\\" || !delimited(delimiter)) return false;
      while (/[IM]/.test(peek())) at++;
    }
    return true;
  };
  const restOfLine = () => {
    const start = at;
    while (at < n && peek() !== "\n") at++;
    return script.slice(start, at).trim();
  };
  while (at < n) {
    while (at < n && /[\s;]/.test(peek())) at++;
    if (at >= n) break;
    if (peek() === "#") {
      restOfLine();
      continue;
    }
    if (!address()) return false;
    spaces();
    if (peek() === ",") {
      at++;
      spaces();
      if (peek() === "+" || peek() === "~") {
        at++;
        digits();
      } else if (!address()) return false;
    }
    spaces();
    while (peek() === "!") {
      at++;
      spaces();
    }
    const command = script[at++] ?? "";
    if ("{}pdDnNgGhHxz=FP".includes(command)) continue;
    if ("lqQ".includes(command)) {
      spaces();
      digits();
      continue;
    }
    if ("btT:".includes(command)) {
      while (at < n && !/[;\n]/.test(peek())) at++;
      continue;
    }
    if ("aic".includes(command)) {
      // GNU one-line text (`a text`, `a\` then the text): printed, never run
      while (at < n && peek() !== "\n") at += peek() === "\\" ? 2 : 1;
      continue;
    }
    if (command === "w" || command === "W") {
      if (!STREAM.test(restOfLine())) return false;
      continue;
    }
    if (command === "s" || command === "y") {
      const delimiter = script[at++];
      if (delimiter === undefined || delimiter === "\n" || delimiter === "\\" || !delimited(delimiter) || !delimited(delimiter)) return false;
      if (command === "y") continue;
      while (/[gpiImM0-9]/.test(peek())) at++;
      // the e flag runs the pattern space as a command; w writes it to a file
      if (peek() === "e") return false;
      if (peek() === "w") {
        at++;
        if (!STREAM.test(restOfLine())) return false;
      }
      continue;
    }
    return false;
  }
  return true;
}

/**
 * Why an awk program is not inert: it calls system, getline or close, reads the environment or
 * changes ARGV (which names the files it reads), loads code (`@load`, indirect calls), or a print
 * writes to a file or a pipe (`print > "f"`, `print | "cmd"`) other than the standard streams.
 * A `>` that is a comparison (`NR > 1`, `print ($1 > 0)`) is not a redirection.
 */
export function awkProgramProblem(program: string): string | undefined {
  if (/\b(system|getline|close|fflush|ENVIRON|PROCINFO|ARGV|ARGC)\b|@|\\\n/.test(program)) return "the awk program can run commands, read other files or the environment";
  let at = 0;
  let inPrint = false;
  let depth = 0;
  let previous = "";
  while (at < program.length) {
    const char = program[at]!;
    if (char === '"') {
      const start = at;
      at++;
      while (at < program.length && program[at] !== '"') at += program[at] === "\\" ? 2 : 1;
      at++;
      previous = program.slice(start, at);
      continue;
    }
    // a slash where an operand is expected starts a regular expression
    if (char === "/" && (previous === "" || /[(,{;!~&|=\n]$/.test(previous))) {
      at++;
      while (at < program.length && program[at] !== "/" && program[at] !== "\n") at += program[at] === "\\" ? 2 : 1;
      at++;
      previous = "/re/";
      continue;
    }
    const word = /^[A-Za-z_]\w*/.exec(program.slice(at))?.[0];
    if (word) {
      if (word === "print" || word === "printf") {
        inPrint = true;
        depth = 0;
      }
      at += word.length;
      previous = word;
      continue;
    }
    if (inPrint) {
      if (char === "(") depth++;
      else if (char === ")") depth--;
      else if (char === ";" || char === "\n" || (char === "}" && depth <= 0)) inPrint = false;
      else if (depth <= 0 && (char === ">" || (char === "|" && program[at + 1] !== "|"))) {
        const target = /^(>>?|\|)\s*"([^"]*)"\s*(?=[;}\n]|$)/.exec(program.slice(at));
        if (char === "|" || !target || !STREAM.test(target[2]!)) return "the awk program writes to a file or a command";
        at += target[0].length;
        previous = '"';
        continue;
      }
    }
    if (!/\s/.test(char)) previous = char;
    at++;
  }
  return undefined;
}
