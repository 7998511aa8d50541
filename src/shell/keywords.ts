// The shell's own test and arithmetic commands, `[[ … ]]` and `(( … ))`: recorded as commands
// named `[[` and `((` so that the rules see them (their `$(…)` are walked as commands apart).
import type { FoundCommand } from "./analyze.js";
import type { Redirect } from "./describe.js";
import { isLiteral } from "./words.js";
import type { Word } from "unbash";

/** The words and operators of a `[[ … ]]` expression, in the order they are written. */
function testWords(node: unknown, out: Array<Word | string>): void {
  if (!node || typeof node !== "object") return;
  const typed = node as { type?: string; operator?: unknown; left?: unknown; right?: unknown; operand?: unknown; operands?: unknown[]; expression?: unknown };
  if (typed.type === "Word") {
    out.push(node as Word);
    return;
  }
  if (Array.isArray(typed.operands)) {
    typed.operands.forEach((operand, index) => {
      if (index > 0 && typeof typed.operator === "string") out.push(typed.operator);
      testWords(operand, out);
    });
    return;
  }
  if (/Not$/.test(typed.type ?? "")) out.push("!");
  if (typed.left !== undefined) testWords(typed.left, out);
  if (typeof typed.operator === "string") out.push(typed.operator);
  if (typed.operand !== undefined) testWords(typed.operand, out);
  if (typed.right !== undefined) testWords(typed.right, out);
  if (typed.expression !== undefined) testWords(typed.expression, out);
}

/** The command a `TestCommand` or `ArithmeticCommand` node stands for, or `undefined` for other nodes. */
export function keywordCommand(node: { type?: string }, via: string[], cwd: string | null, redirects: Redirect[]): FoundCommand | undefined {
  let name: string;
  let args: string[];
  let argsText: string[];
  let dynamicArgs: boolean;
  if (node.type === "TestCommand") {
    const words: Array<Word | string> = [];
    testWords((node as { expression?: unknown }).expression, words);
    const cleaned = words;
    name = "[[";
    args = cleaned.map((word) => (typeof word === "string" ? word : word.value));
    argsText = cleaned.map((word) => (typeof word === "string" ? word : word.text));
    dynamicArgs = cleaned.some((word) => typeof word !== "string" && !isLiteral(word));
  } else if (node.type === "ArithmeticCommand") {
    const body = (node as { body?: string }).body ?? "";
    name = "((";
    args = [body.trim()];
    argsText = args;
    dynamicArgs = /[$`]/.test(body);
  } else return undefined;
  return { name, byPath: false, cwd, stdinText: [], decodedName: name, args, argsText, dynamicArgs, globArgs: false, redirects, assignments: [], via };
}
