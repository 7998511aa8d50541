import { parse, type Word, type WordPart } from "unbash";

/** A command line that is one plain program call, or the reason it is not. */
export type SimpleCommand = { argv: string[] } | { refusal: string };

/**
 * Parse a command line with a real shell parser and accept it only when it is one simple command
 * whose words are all literal: no `;`, `&&`, `||`, `|`, `&`, redirections, assignments, subshells,
 * command or process substitutions, parameter or arithmetic expansions, globs, braces or `~`.
 * The result is the argument vector, to run without a shell.
 */
export function parseSimpleCommand(source: string): SimpleCommand {
  if (source.trim() === "") return { refusal: "the command is empty" };
  const script = parse(source);
  if (script.errors && script.errors.length > 0) return { refusal: `the command does not parse: ${script.errors[0]!.message}` };
  if (script.commands.length !== 1) return { refusal: "only one command may run at a time (no ; or newlines)" };
  const statement = script.commands[0]!;
  if (statement.background) return { refusal: "commands cannot run in the background (&)" };
  const command = statement.command;
  if (command.type === "AndOr") return { refusal: "commands cannot be chained (&& or ||)" };
  if (command.type === "Pipeline") return { refusal: "pipes (|) are not allowed" };
  if (command.type !== "Command") return { refusal: `a ${command.type} is not a simple command` };
  if (command.prefix.some((item) => item.type === "Assignment")) return { refusal: "variable assignments (NAME=value) are not allowed" };
  if (command.prefix.length > 0 || command.suffix.some((item) => item.type === "Redirect")) {
    return { refusal: "redirections (<, >, >>, 2>&1, …) are not allowed" };
  }
  if (!command.name) return { refusal: "the command has no program name" };
  const words: Word[] = [command.name];
  for (const item of command.suffix) {
    if (item.type !== "Word") return { refusal: `${(item as { text?: string }).text ?? "an argument"} is not a plain argument` };
    words.push(item);
  }
  const argv: string[] = [];
  for (const word of words) {
    const problem = literalProblem(word);
    if (problem) return { refusal: `${word.text}: ${problem}` };
    argv.push(word.value);
  }
  return { argv };
}

function literalProblem(word: Word): string | undefined {
  if (/^~/.test(word.text)) return "~ expansion is not allowed";
  for (const part of word.parts ?? []) {
    const problem = partProblem(part);
    if (problem) return problem;
  }
  return undefined;
}

function partProblem(part: WordPart): string | undefined {
  switch (part.type) {
    case "Literal":
    case "SingleQuoted":
      return undefined;
    case "DoubleQuoted":
      return part.parts.every((child) => child.type === "Literal") ? undefined : "expansions inside double quotes are not allowed";
    case "CommandExpansion":
    case "ProcessSubstitution":
      return "command substitution is not allowed";
    case "SimpleExpansion":
    case "ParameterExpansion":
      return "variable expansion is not allowed";
    case "ArithmeticExpansion":
      return "arithmetic expansion is not allowed";
    case "Glob":
    case "ExtendedGlob":
      return "glob patterns are not allowed";
    case "BraceExpansion":
      return "brace expansion is not allowed";
    default:
      return `${part.type} is not allowed`;
  }
}

/**
 * True when an argument vector matches an allowed pattern. A pattern is words separated by
 * spaces; `*` inside a word matches any characters of one argument but `/` (and never `..`), and
 * a final `*` word matches any further arguments (or none): `npm test`, `npm run test *`,
 * `pytest tests/*`.
 */
export function commandAllowed(argv: string[], patterns: string[]): string | undefined {
  return patterns.find((pattern) => compiled(pattern)(argv));
}

// patterns are compiled once: review-command checks dozens of them per command
const compiledPatterns = new Map<string, (argv: string[]) => boolean>();

function compiled(pattern: string): (argv: string[]) => boolean {
  let matcher = compiledPatterns.get(pattern);
  if (!matcher) {
    const words = pattern.trim().split(/\s+/);
    const globs = words.map((word) => (word.includes("*") ? wordGlob(word) : undefined));
    matcher = (argv) => {
      for (let index = 0; index < words.length; index++) {
        const word = words[index]!;
        if (word === "*" && index === words.length - 1) return true;
        const argument = argv[index];
        if (argument === undefined) return false;
        const glob = globs[index];
        if (glob === undefined ? argument !== word : !glob.test(argument) || argument.split("/").includes("..")) return false;
      }
      return argv.length === words.length;
    };
    if (compiledPatterns.size > 10_000) compiledPatterns.clear();
    compiledPatterns.set(pattern, matcher);
  }
  return matcher;
}

function wordGlob(word: string): RegExp {
  return new RegExp(`^${word.split("*").map((part) => part.replace(/[.+?^${}()|[\]\\]/g, "\\$&")).join("[^/\\n]*")}$`);
}
