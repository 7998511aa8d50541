// A command's words as the families read them: its flags, operands, where they land, git's subcommand.
import type { FoundCommand } from "../../shell/analyze.js";
import { abbreviates } from "../options.js";
import { isCriticalPath, resolveOperand, type RuleContext } from "../paths.js";

/** Folders every system has: `rm` without `-r` and `unlink` cannot remove them. */
export const FOLDER_ROOTS = /^(\/|\/(etc|usr|bin|sbin|lib|lib32|lib64|var|boot|dev|proc|sys|opt|root|home|srv|tmp|System|Library|Applications|Users|private)|~|\/home\/[^/]+|\/Users\/[^/]+)\/?$/;

/** The first `n` letters of `--recursive` and friends that GNU accepts as abbreviations. */
function longFlag(arg: string, name: string): boolean {
  return arg === `--${name}` || (arg.startsWith("--") && !arg.includes("=") && abbreviates(arg, `--${name}`, 3));
}

/** Given `-r`, `-R` or `--recursive` (GNU abbreviations too). */
export function recursive(command: FoundCommand): boolean {
  return command.args.some((arg) => /^-[a-zA-Z]*[rR][a-zA-Z]*$/.test(arg) || longFlag(arg, "recursive"));
}

/** Given `-f` or `--force` (GNU abbreviations too). */
export function forced(command: FoundCommand): boolean {
  return command.args.some((arg) => /^-[a-zA-Z]*f[a-zA-Z]*$/.test(arg) || longFlag(arg, "force"));
}

/** Non-option words, as decoded and as written (`$HOME`, `~` kept). */
export function operands(command: FoundCommand): string[] {
  const values = command.args.filter((arg) => !arg.startsWith("-") || arg === "-");
  const written = command.argsText.filter((arg) => !arg.startsWith("-"));
  return [...new Set([...values, ...written])];
}

/** Where an operand lands, for critical-path tests: resolved through the command's working folder. */
export function landing(value: string, command: FoundCommand, context: RuleContext): string[] {
  const resolved = resolveOperand(value, command, context);
  return resolved === null ? [value] : [value, resolved];
}

/** Whether an operand lands on a critical path ({@link isCriticalPath}), as written or resolved through the command's working folder. */
export function critical(value: string, command: FoundCommand, context: RuleContext): boolean {
  const base = context.projectDir ?? context.cwd;
  return landing(value, command, context).some((path) => isCriticalPath(path, base));
}

/** The arguments of a git command after its global options, and the subcommand. */
export function gitWords(command: FoundCommand): { globals: string[]; sub: string; rest: string[] } | undefined {
  if (command.decodedName !== "git") return undefined;
  let index = 0;
  while (index < command.args.length) {
    const arg = command.args[index]!;
    if (arg === "-C" || arg === "-c" || arg === "--git-dir" || arg === "--work-tree" || arg === "--namespace" || arg === "--exec-path" || arg === "--config-env") index += 2;
    else if (arg.startsWith("-")) index += 1;
    else break;
  }
  return { globals: command.args.slice(0, index), sub: command.args[index] ?? "", rest: command.args.slice(index + 1) };
}

/** The inline code an interpreter is given, or the empty string. */
export function code(command: FoundCommand): string {
  return command.code?.text ?? "";
}
