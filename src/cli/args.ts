import { parseArgs, type ParseArgsConfig } from "node:util";
import { RUNTIME_NAMES } from "../runtimes/types.js";
import { UsageError } from "./io.js";

/**
 * Parse a command's arguments strictly: `--flag value` and `--flag=value` both work, and an
 * unknown flag is an error that names it, never a positional.
 */
export function parseCommandArgs<const T extends NonNullable<ParseArgsConfig["options"]>>(
  command: string,
  argv: string[],
  options: T,
): ReturnType<typeof parseArgs<{ args: string[]; options: T; allowPositionals: true; strict: true }>> {
  const end = argv.indexOf("--");
  if ((end === -1 ? argv : argv.slice(0, end)).some((arg) => arg === "--help" || arg === "-h")) throw new HelpRequested(command, options);
  try {
    return parseArgs({ args: argv, options, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError(`hookjudge ${command}: ${(error as Error).message}. Run 'hookjudge help' for usage.`);
  }
}

/** `--help` on a command: the CLI prints the command's usage and the flags it declares, and exits 0. */
export class HelpRequested extends Error {
  constructor(
    readonly command: string,
    readonly options: NonNullable<ParseArgsConfig["options"]>,
  ) {
    super(`help for hookjudge ${command}`);
  }
}

/** A positive number from a flag, or a usage error naming the flag. */
export function parsePositiveNumber(flag: string, value: string | undefined, integer = false): number | undefined {
  if (value === undefined) return undefined;
  const number = Number(value);
  if (!/^\d+(\.\d+)?$/.test(value.trim()) || !(number > 0) || (integer && !Number.isInteger(number))) {
    throw new UsageError(`${flag} expects a positive ${integer ? "whole " : ""}number, received ${JSON.stringify(value)}`);
  }
  return number;
}

/** A `--runtime` that names no host is a usage error (a hook command answers it through the failure policy). */
export function checkRuntimeName(name: string | undefined): void {
  if (name !== undefined && !(RUNTIME_NAMES as readonly string[]).includes(name)) {
    throw new UsageError(`--runtime expects one of ${RUNTIME_NAMES.join(", ")}, received ${JSON.stringify(name)}`);
  }
}

/** `--votes N`: odd, 1–9, like the front matter's `votes`. */
export function parseVotes(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const votes = Number(value.trim());
  if (!Number.isInteger(votes) || votes < 1 || votes > 9 || votes % 2 === 0) throw new UsageError(`--votes expects an odd whole number from 1 to 9, received ${JSON.stringify(value)}`);
  return votes;
}
