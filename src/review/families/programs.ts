// Program lists (network tools, shells, interpreters) and what a program does with its input.
import type { FoundCommand } from "../../shell/analyze.js";
import { asks, type Finding } from "./types.js";

/** Programs that reach the network: what they fetch can be code, what they are given can leave the machine. */
export const NETWORK = new Set(["grpcurl", "websocat", "wscat", "httpx", "gsutil", "aws", "gcloud", "az", "curl", "wget", "fetch", "nc", "ncat", "netcat", "socat", "telnet", "http", "https", "xh", "aria2c", "scp", "sftp", "ftp", "rsync", "lftp", "ssh", "httpie", "curlie"]);

/** Shells: what they read is code. */
export const SHELLS = new Set(["sh", "bash", "zsh", "dash", "ksh", "mksh", "fish", "ash", "csh", "tcsh", "busybox"]);

/** Interpreters: what they read is code. */
export const INTERPRETERS = new Set(["python", "python2", "python3", "pypy", "node", "nodejs", "perl", "ruby", "php", "lua", "deno", "bun", "tclsh", "rscript", "osascript", "pwsh", "jshell", "groovy", "scala", "kotlin", "julia", "elixir", "erl", "irb", "ghci", "awk", "gawk", "expect", "wish", "cmd", "cmd.exe"]);

/** Every program that runs a file or text as code. */
export const RUNNERS = new Set([...SHELLS, ...INTERPRETERS, "eval", "source", "."]);

/** Reads its code from standard input: `sh`, `bash -s`, `python -`, a bare interpreter. */
export function runsStdin(command: FoundCommand): boolean {
  if (command.shellReadsStdin === true) return true;
  if (command.decodedName === "eval" || command.decodedName === "source" || command.decodedName === ".") return true;
  if (INTERPRETERS.has(command.decodedName)) return !command.code && !command.args.some((arg) => /^-[a-zA-Z]*m/.test(arg) || arg === "--version" || arg === "-V") && command.args.filter((arg) => !arg.startsWith("-") || arg === "-").every((arg) => arg === "-");
  // `… | xargs sh -c`, `… | parallel bash -c {}`: the input becomes code
  if ((command.via.includes("xargs") || command.via.includes("parallel")) && (SHELLS.has(command.decodedName) || INTERPRETERS.has(command.decodedName))) return true;
  return false;
}

/** `… | xargs sh -c 'fixed script'`: the input becomes the script's arguments, which it never reads as code. */
function fixedScript(command: FoundCommand): boolean {
  if (!(command.via.includes("xargs") || command.via.includes("parallel")) || !SHELLS.has(command.decodedName)) return false;
  const script = command.args[command.args.indexOf("-c") + 1];
  return command.args.includes("-c") && script !== undefined && !/\$[@*#0-9{]|\{\}|\beval\b|\bsource\b|(^|[\s;|&])\.\s/.test(script);
}

/** A shell started with `-n` (or `-o noexec`) reads its code without running it: options before the first operand only. */
function noExec(command: FoundCommand): boolean {
  if (!SHELLS.has(command.decodedName)) return false;
  for (const [index, arg] of command.args.entries()) {
    if (arg === "-o" && command.args[index + 1] === "noexec") return true;
    if (!/^-[a-zA-Z]+$/.test(arg)) return false;
    if (arg.includes("n")) return true;
    if (arg.includes("c") || arg.includes("o")) return false;
  }
  return false;
}

/** What a pipe of `source` into a later stage that runs its input amounts to: certain (deny), or a person should look (ask). */
export function pipedIntoCode(stages: FoundCommand[], source: (stage: FoundCommand) => boolean, surely: (stage: FoundCommand) => boolean, reason: string): Finding | undefined {
  let finding: Finding | undefined;
  for (const [index, stage] of stages.entries()) {
    if (!source(stage)) continue;
    for (const later of stages.slice(index + 1)) {
      if (!runsStdin(later)) continue;
      if (surely(stage) && !noExec(later) && !fixedScript(later)) return reason;
      finding ??= asks(`${reason}, though it may run nothing (${noExec(later) ? "the shell only checks syntax" : fixedScript(later) ? "the input only becomes the script's arguments" : "the command may print nothing"})`);
    }
  }
  return finding;
}

/** Runs a file as code: `bash x.sh`, `python x.py`, `./x`, `source x`. */
export function runsFile(command: FoundCommand): boolean {
  if (command.byPath) return true;
  if (RUNNERS.has(command.decodedName)) return command.args.some((arg) => !arg.startsWith("-"));
  return false;
}
