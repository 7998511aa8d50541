// What a family is and what it finds.
import type { FoundCommand, LineAnalysis } from "../../shell/analyze.js";
import type { RuleContext } from "../paths.js";

/**
 * What a family found: its reason (decided as the family decides), or a reason with a milder
 * decision — a deny family asks where it reads the harm heuristically (code inside an interpreter's
 * source, text computed on the line) or where the command may do nothing at all.
 */
export type Finding = string | { reason: string; decision: "ask" };

/** A deny family's finding that a person should decide instead. */
export function asks(reason: string): Finding {
  return { reason, decision: "ask" };
}

/** A deny or ask rule: a named family, what it guards against, and its test. */
export interface RuleFamily {
  name: string;
  decision: "deny" | "ask";
  /** One line for `--explain` and the README. */
  summary: string;
  /** Why this command matched, or `undefined`. */
  command?(command: FoundCommand, line: LineAnalysis, context: RuleContext): Finding | undefined;
  /** Why the whole line matched (what flows between commands), or `undefined`. */
  line?(line: LineAnalysis, context: RuleContext): Finding | undefined;
}
