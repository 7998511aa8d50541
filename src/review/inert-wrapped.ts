import type { FoundCommand, LineAnalysis } from "../shell/analyze.js";

/**
 * Commands the gate can allow inside a wrapper: a shell's `-c` code (read as its own commands),
 * `xargs` (whose input words are appended unseen) and `find -exec` (whose `{}` is a found path).
 */

/** Wrappers that change nothing about what their command does. */
const PLAIN_STEPS = /^(\$\(…\)|<\(…\)|time|nice|timeout|command|builtin|stdbuf|nohup)$/;
/** A shell's `-c` code: its commands are read and checked one by one, and the shell itself by shellInert. */
const SHELL_STEP = /^(bash|sh|dash|zsh|ksh|fish) -c$/;
/**
 * Programs that stay inert whatever words xargs appends, even words that are options: they print
 * names and metadata, never file contents, and no option of theirs writes, runs or reads a file
 * (unlike wc and du, whose --files0-from=FILE prints FILE's text in its errors).
 */
const XARGS_INERT = new Set(["ls", "stat", "basename", "dirname", "realpath", "readlink", "echo", "true"]);
/**
 * Programs that may run under `find -exec` with `{}`: a found path is never an option, and the
 * paths are under find's start paths (checked like any operand), so reading them is the same
 * recursive read as `grep -r PATTERN .`. Their written options are checked by their own tables.
 */
export const FIND_EXEC_METADATA = new Set([...XARGS_INERT, "wc", "du", "file", "md5sum", "sha1sum", "sha256sum", "sha512sum", "shasum", "cksum"]);
/** The readers of contents also allowed under `find -exec`, when find's start paths are inside the project. */
export const FIND_EXEC_INERT = new Set([...FIND_EXEC_METADATA, "cat", "head", "tail", "grep", "egrep", "fgrep", "rg"]);

/** Programs whose output stays inert whatever their words are: unknown words only change what they print. */
const ANY_WORDS_INERT = new Set(["echo", "ls"]);

/**
 * True when the run-time words are inert: the ones xargs appends (the written words are all
 * literal), or, for echo and ls, the output of command substitutions (`echo $(whoami)`), whose
 * commands are checked as commands of the line. A variable (`$HOME`, `"$x"`) is never inert.
 */
export function dynamicArgsInert(command: FoundCommand): boolean {
  if (command.via.at(-1) === "xargs") return command.argsText.every((text) => !/[$`]/.test(text));
  // `[[ -z "$x" ]]`, `[[ $a == $b ]]`: a variable's value is only compared (never split, globbed or run); keywordInert checks the operators
  if (command.name === "[[") return command.argsText.every((text) => !/[$`]/.test(text.replace(/\$(\{[A-Za-z_]\w*\}|[A-Za-z_]\w*|[0-9?#])/g, "")));
  return ANY_WORDS_INERT.has(command.name!) && command.argsText.every((text) => !/[$`]/.test(withoutSubstitutions(text) ?? "$"));
}

/** The text with its `$(…)` and backquoted substitutions taken out, or `undefined` when they do not close. */
function withoutSubstitutions(text: string): string | undefined {
  let out = "";
  for (let at = 0; at < text.length; at++) {
    if (text.startsWith("$(", at) && text[at + 2] !== "(") {
      let depth = 0;
      let end = at + 1;
      // quoted parentheses inside the substitution do not open or close it
      for (; end < text.length; end++) {
        const char = text[end]!;
        if (char === "\\") end++;
        else if (char === "'") end = text.indexOf("'", end + 1);
        else if (char === '"') {
          end++;
          while (end < text.length && text[end] !== '"') end += text[end] === "\\" ? 2 : 1;
        } else if (char === "(") depth++;
        else if (char === ")" && --depth === 0) break;
        if (end === -1) return undefined;
      }
      if (end >= text.length) return undefined;
      at = end;
      continue;
    }
    if (text[at] === "`") {
      const end = text.indexOf("`", at + 1);
      if (end === -1) return undefined;
      at = end;
      continue;
    }
    out += text[at];
  }
  return out;
}

/** Why the wrappers `command` runs inside are not inert for it, or `undefined`. */
export function wrapperProblem(command: FoundCommand, line: LineAnalysis): string | undefined {
  for (const step of command.via) {
    if (wrapperNamedByPath(step, line.source)) return `it runs inside ${step.split(" ")[0]} named by a path`;
    if (PLAIN_STEPS.test(step) || SHELL_STEP.test(step)) continue;
    // the command xargs runs is where the parser says only when every xargs option is one it reads the same way
    if (step === "xargs" && XARGS_INERT.has(command.name!) && xargsOptionsKnown(line)) continue;
    if ((step === "find -exec" || step === "fd -x") && FIND_EXEC_INERT.has(command.name!)) continue;
    if (step === "env" && envInert(command)) continue;
    return `it runs inside ${command.via.join(" → ")}`;
  }
  return undefined;
}

/**
 * A shell run only for its `-c` code: `bash -c CODE`, `sh -ec CODE`, `bash -lc CODE`, `bash -o
 * pipefail -c CODE`, with no operands after the code. zsh, ksh and fish parse some text other
 * than bash does (zsh glob qualifiers run code), so for them the code must be plain words.
 */
export function shellInert(command: FoundCommand): string | undefined {
  const args = command.args;
  let index = 0;
  let code: string | undefined;
  while (index < args.length) {
    const arg = args[index]!;
    if (arg === "-o" && /^(pipefail|errexit|nounset|xtrace)$/.test(args[index + 1] ?? "")) {
      index += 2;
      continue;
    }
    if (/^--(login|noprofile|norc)$/.test(arg)) {
      index++;
      continue;
    }
    if (!/^-[exuvlic]+$/.test(arg)) return `${command.name} option ${arg} is not known to be inert`;
    index++;
    if (arg.includes("c")) {
      code = args[index++];
      break;
    }
  }
  if (code === undefined) return `${command.name} without -c reads its commands from elsewhere`;
  if (index < args.length) return `${command.name} -c with operands after the code`;
  if (!/^(bash|sh|dash)$/.test(command.name!) && !/^[\w\s./-]*$/.test(code)) return `${command.name} code that is not plain words`;
  return undefined;
}

/** xargs options read alike by GNU and BSD xargs and by the parser: flags, and options whose value is the next word or attached. */
const XARGS_FLAGS = /^(-0|--null|-r|--no-run-if-empty|-t|--verbose|-x|--exit|-p|--interactive|-o|--open-tty|-i|-l)$/;
const XARGS_VALUED = /^(-[nPLIEsda]|--(max-args|max-procs|delimiter|arg-file))$/;
const XARGS_ATTACHED = /^(-[nPLs]\d+|-[IdEa]\S+|--(max-args|max-procs|max-lines|max-chars|delimiter|arg-file|replace|eof|process-slot-var)=\S*)$/;

/**
 * True when every `xargs` on the line has only options the parser reads as xargs does. A word
 * it could take for the program (`--replace rm ls` runs rm; BSD `-J % rm %`, `-R 5`, GNU
 * `--process-slot-var NAME`) makes the program unknown.
 */
function xargsOptionsKnown(line: LineAnalysis): boolean {
  // quotes and backslashes taken out, `x''args`, `\xargs` and `/usr/bin/xargs` are found too; an xargs not found at all (`$'\x78args'`) refuses
  const uses = line.source.replace(/['"\\]/g, "").split(/(?:^|[\s;&|(`/])xargs(?=\s|$)/).slice(1);
  if (uses.length < line.commands.filter((found) => found.via.includes("xargs")).length) return false;
  return uses.every((after) => {
    const words = after.trim().split(/\s+/);
    for (let index = 0; index < words.length; index++) {
      const word = words[index]!;
      if (word === "--" || !word.startsWith("-")) return true;
      if (XARGS_FLAGS.test(word) || XARGS_ATTACHED.test(word)) continue;
      if (XARGS_VALUED.test(word)) {
        index++;
        continue;
      }
      return false;
    }
    return true;
  });
}

/** Folders a system's own wrappers are installed in: `/usr/bin/xargs` is xargs, `./xargs` is a script. */
const SYSTEM_BIN = /^(\/usr\/bin\/|\/bin\/|\/usr\/local\/bin\/|\/opt\/homebrew\/bin\/)$/;

/** True when the line names the wrapper of `step` by a path other than a system folder (the parser records only its name). */
function wrapperNamedByPath(step: string, source: string): boolean {
  const name = /^[\w.-]+/.exec(step)?.[0];
  if (!name) return false;
  const unquoted = source.replace(/['"\\]/g, "");
  const pattern = new RegExp(`(\\S*/)${name.replace(/[.]/g, "\\.")}(?=\\s|$)`, "g");
  return [...unquoted.matchAll(pattern)].some((match) => !SYSTEM_BIN.test(match[1]!.replace(/^.*?[;&|(`]/, "")));
}

/**
 * True when every `env` around the command only clears, unsets or sets variables or changes the
 * folder: `env -i`, `env -u NAME`, `env -C DIR`, `env NAME=value` (the assignments are checked
 * with the command's own). `-P` (a search path), `-S` and signal options are not listed.
 */
function envInert(command: FoundCommand): boolean {
  const envs = (command.wrappers ?? []).filter((wrapper) => wrapper.name === "env");
  if (envs.length !== command.via.filter((step) => step === "env").length) return false;
  return envs.every((wrapper) => {
    for (let index = 0; index < wrapper.args.length; index++) {
      const word = wrapper.args[index]!;
      if (/^(-u|--unset|-C|--chdir)$/.test(word)) index++;
      else if (!/^(-i|--ignore-environment|-|--|-u\w+|--unset=\w+|-C.+|--chdir=.+|[A-Za-z_][A-Za-z0-9_]*=.*)$/.test(word)) return false;
    }
    return true;
  });
}

/** Operators of `[[ … ]]` that evaluate their operands as arithmetic (a variable's value can hold `a[$(cmd)]`). */
const ARITHMETIC_TEST = /^-(eq|ne|lt|le|gt|ge)$/;

/**
 * Why a `[[ … ]]` or `(( … ))` is not inert, or `undefined`. Arithmetic runs the code in an
 * array subscript, even one inside a variable's value: only literal numbers are compared, and
 * `(( … ))` may only do arithmetic on numbers or assign one to a name.
 */
export function keywordInert(command: FoundCommand): string | undefined {
  const operators = new Set(["&&", "||", "!", "(", ")"]);
  if (command.name === "((") {
    const body = command.args[0] ?? "";
    return /^([A-Za-z_]\w*\s*=\s*)?[-+]?\d+$|^[\d\s+\-*/%()<>=!&|^~?:,]*$/.test(body) ? undefined : "arithmetic on names or subscripts can run code";
  }
  const words = command.args.filter((arg) => !operators.has(arg));
  if (words.some((word) => ARITHMETIC_TEST.test(word)) && !words.every((word) => ARITHMETIC_TEST.test(word) || /^-?\d+$/.test(word))) return "an arithmetic test on names or expansions can run code";
  if (words.includes("-v") && words.some((word) => word.includes("["))) return "[[ -v ]] of a subscript can run code";
  return undefined;
}
