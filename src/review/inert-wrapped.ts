import type { FoundCommand } from "./analyze.js";

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
/** Programs that may run under `find -exec` with `{}`: a found path is never an option, and none of these print file contents. */
const FIND_EXEC_INERT = new Set([...XARGS_INERT, "wc", "du", "file", "md5sum", "sha1sum", "sha256sum", "sha512sum", "shasum", "cksum"]);

/** True when the only run-time words are the ones xargs appends: the written words are all literal. */
export function dynamicOnlyThroughXargs(command: FoundCommand): boolean {
  return command.via.at(-1) === "xargs" && command.argsText.every((text) => !/[$`]/.test(text));
}

/** Why the wrappers `command` runs inside are not inert for it, or `undefined`. */
export function wrapperProblem(command: FoundCommand): string | undefined {
  for (const step of command.via) {
    if (PLAIN_STEPS.test(step) || SHELL_STEP.test(step)) continue;
    if (step === "xargs" && XARGS_INERT.has(command.name!)) continue;
    if (step === "find -exec" && FIND_EXEC_INERT.has(command.name!)) continue;
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
