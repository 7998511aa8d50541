/**
 * Option parsing the way the programs themselves parse: bundled short options (`-la`), attached
 * values (`-n5`, `-o/path`), `--long=value` and `--long value`, `--` ending the options. A spec
 * lists what is known to be inert; any option it does not list makes the command unknown.
 */

/** What a program accepts without writing, running code or reaching the network. */
export interface InertSpec {
  /** Short options that take no value, as one string of letters (`"alh"`). */
  flags?: string;
  /** Short options that take a value (attached or as the next word). */
  valued?: string;
  /** Long options that take no value, without the dashes. Matched exactly: abbreviations are unknown. */
  long?: readonly string[];
  /** Long options that take a value (`--name=value` or `--name value`). */
  longValued?: readonly string[];
  /** `-5` style numeric options (`head -20`). @default false */
  numeric?: boolean;
  /** Most operands allowed. @default Infinity */
  maxOperands?: number;
  /** Options anywhere, or only before the first operand (POSIX, `find`-like tools). @default true */
  permute?: boolean;
  /** Whole single-dash options that take no value (`-info`, `-lint`), for tools that spell long options with one dash. */
  dashWords?: readonly string[];
  /** Whole single-dash options that take the next word as their value (`-arch x86_64`). */
  dashValued?: readonly string[];
}

/** One option as parsed: its name as written (`-n`, `--lines`) and its value, if it takes one. */
export interface ParsedOption {
  name: string;
  value?: string;
}

/** A parsed argument list: the options seen and the operands, or why the list is not inert. */
export type ParsedOptions =
  | { ok: true; options: ParsedOption[]; operands: string[] }
  | { ok: false; reason: string };

/** Parse `args` against `spec`; an option the spec does not list is a refusal naming it. */
export function parseInert(args: readonly string[], spec: InertSpec): ParsedOptions {
  const options: Array<{ name: string; value?: string }> = [];
  const operands: string[] = [];
  const flags = spec.flags ?? "";
  const valued = spec.valued ?? "";
  const long = spec.long ?? [];
  const longValued = spec.longValued ?? [];
  let onlyOperands = false;
  for (let index = 0; index < args.length; index++) {
    const arg = args[index]!;
    if (onlyOperands || arg === "-" || !arg.startsWith("-")) {
      operands.push(arg);
      if (spec.permute === false) onlyOperands = true;
      continue;
    }
    if (arg === "--") {
      onlyOperands = true;
      continue;
    }
    if (arg.startsWith("--")) {
      const equals = arg.indexOf("=");
      const name = equals === -1 ? arg.slice(2) : arg.slice(2, equals);
      if (long.includes(name) && equals === -1) {
        options.push({ name: `--${name}` });
        continue;
      }
      if (longValued.includes(name)) {
        const value = equals === -1 ? args[++index] : arg.slice(equals + 1);
        if (value === undefined) return { ok: false, reason: `--${name} needs a value` };
        options.push({ name: `--${name}`, value });
        continue;
      }
      return { ok: false, reason: `option --${name} is not known to be inert` };
    }
    if (spec.dashWords?.includes(arg)) {
      options.push({ name: arg });
      continue;
    }
    if (spec.dashValued?.includes(arg)) {
      const value = args[++index];
      if (value === undefined) return { ok: false, reason: `${arg} needs a value` };
      options.push({ name: arg, value });
      continue;
    }
    if (spec.numeric && /^-\d+$/.test(arg)) {
      options.push({ name: "-N", value: arg.slice(1) });
      continue;
    }
    // a bundle of short options: each letter is a flag until one that takes a value
    for (let at = 1; at < arg.length; at++) {
      const letter = arg[at]!;
      if (valued.includes(letter)) {
        const rest = arg.slice(at + 1);
        const value = rest !== "" ? rest : args[++index];
        if (value === undefined) return { ok: false, reason: `-${letter} needs a value` };
        options.push({ name: `-${letter}`, value });
        break;
      }
      if (!flags.includes(letter)) return { ok: false, reason: `option -${letter} is not known to be inert` };
      options.push({ name: `-${letter}` });
    }
  }
  if (operands.length > (spec.maxOperands ?? Number.POSITIVE_INFINITY)) return { ok: false, reason: `more than ${spec.maxOperands} operands` };
  return { ok: true, options, operands };
}

/** GNU getopt_long accepts any unique prefix of a long option: true when `written` could stand for `full`. */
export function abbreviates(written: string, full: string, minimum = 3): boolean {
  const name = written.replace(/^--/, "").split("=")[0]!;
  return name.length >= minimum && full.replace(/^--/, "").startsWith(name);
}
