import { HookJudgeError } from "../errors.js";

/**
 * Compile a matcher with Claude Code's semantics: `*`, empty or absent matches everything; a string
 * of only letters, digits, `_`, `-`, space, `,` and `|` is a list of exact names; anything else is
 * an unanchored JavaScript regular expression.
 */
export function compileMatcher(matcher: string | undefined): (name: string) => boolean {
  if (matcher === undefined || matcher === "" || matcher === "*") return () => true;
  if (/^[A-Za-z0-9_\- ,|]+$/.test(matcher)) {
    const names = new Set(
      matcher
        .split(/[,|]/)
        .map((name) => name.trim())
        .filter((name) => name !== ""),
    );
    return (name) => names.has(name);
  }
  let pattern: RegExp;
  try {
    pattern = new RegExp(matcher);
  } catch (error) {
    throw new HookJudgeError("config", `matcher ${JSON.stringify(matcher)} is not a valid regular expression: ${(error as Error).message}`);
  }
  return (name) => pattern.test(name);
}
