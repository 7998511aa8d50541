import { sumStats, type Outcome } from "./outcome.js";

/** One rung of an escalation ladder: a judge (a model, or a hook such as an agent verifier). */
export interface Rung {
  /** What judges on this rung, for the audit log and `--dry-run` (`claude-haiku-4-5`, `stop-verify`). */
  name: string;
  /** Judge within `signal`, which aborts when the rung's share of the time (`budgetMs`) is spent. */
  judge(signal: AbortSignal, budgetMs: number): Promise<Outcome & { unanimous?: boolean }>;
}

/** What one rung said. */
export interface RungOutcome {
  name: string;
  outcome: Outcome & { unanimous?: boolean };
}

/** The ladder's outcome: the deciding rung's, with the usage of every rung climbed. */
export type LadderOutcome = Outcome & {
  /** Every rung that judged, in order. */
  rungs: RungOutcome[];
  /** The rung whose outcome stands. */
  decidedBy: string;
};

/** A verdict the next rung should check: the judge was unsure, or its votes split. */
export function escalates(outcome: Outcome & { unanimous?: boolean }): boolean {
  return outcome.kind === "verdict" && (outcome.verdict.unsure === true || outcome.unanimous === false);
}

/**
 * Climb `rungs` until one gives a verdict that does not escalate (or the last rung has judged).
 * The whole ladder stays inside one deadline: with `n` rungs left, a rung may use at most `1/n` of
 * the time that remains, so a slow first rung always leaves the next ones their share, and a rung
 * that finishes early gives its time to those after it. A judge error ends the climb: it goes to the
 * failure policy, as it would without a ladder.
 */
export async function climbLadder(rungs: readonly Rung[], options: { signal: AbortSignal; timeoutMs: number; now?: () => number }): Promise<LadderOutcome> {
  if (rungs.length === 0) throw new RangeError("an escalation ladder needs at least one rung");
  const now = options.now ?? (() => performance.now());
  const started = now();
  const climbed: RungOutcome[] = [];
  for (const [index, rung] of rungs.entries()) {
    const remaining = Math.max(0, options.timeoutMs - (now() - started));
    const share = Math.floor(remaining / (rungs.length - index));
    const signal = AbortSignal.any([options.signal, AbortSignal.timeout(Math.max(1, share))]);
    const outcome = await rung.judge(signal, share);
    climbed.push({ name: rung.name, outcome });
    if (index === rungs.length - 1 || !escalates(outcome) || options.signal.aborted) break;
  }
  const last = climbed.at(-1)!;
  const total = { ...sumStats(climbed.map((each) => each.outcome), last.outcome.model), latencyMs: now() - started };
  const { usage: _usage, latencyMs: _latency, turns: _turns, toolCalls: _toolCalls, model: _model, ...result } = last.outcome;
  return { ...result, ...total, ...(last.outcome.trace ? { trace: last.outcome.trace } : {}), rungs: climbed, decidedBy: last.name } as LadderOutcome;
}
