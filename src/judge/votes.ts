import { emptyStats, sumStats, type Outcome, type OutcomeStats } from "./outcome.js";

/** One judgment's side in a vote: it lets the action go, blocks it, or asks a person. */
export type VoteSide = "ok" | "block" | "ask";

/** How a vote was taken. */
export interface VoteOptions {
  /** How many judgments at most (odd, ≥ 1). */
  votes: number;
  /** The event can ask a person (`PreToolUse`, `PermissionRequest`): an `unsure` judgment is a vote to ask. */
  canAsk: boolean;
  /** The deadline of the whole vote; judgments still running when it is settled are aborted. */
  signal: AbortSignal;
}

/** The outcome of a vote: the majority's verdict (or a judge error), with every judgment taken. */
export type VotedOutcome = Outcome & {
  /** Every judgment that finished, in the order they finished (errors included: they are not votes). */
  votes: Outcome[];
  /** The sides of the valid votes, in the same order. */
  sides: VoteSide[];
  /** All valid votes took one side (escalation climbs when they did not). */
  unanimous: boolean;
};

/** The side a verdict takes on an event that can (or cannot) ask. */
export function voteSide(outcome: Outcome, canAsk: boolean): VoteSide | undefined {
  if (outcome.kind !== "verdict") return undefined;
  if (outcome.verdict.unsure === true && canAsk) return "ask";
  return outcome.verdict.ok ? "ok" : "block";
}

/**
 * Take a majority vote of `votes` judgments with early exit: start ⌈N/2⌉ at once, and add one at a
 * time only while no side can still reach a majority with the judgments in flight — so judges that
 * agree cost ⌈N/2⌉ calls and one model latency. Errors are not votes; when too few valid votes remain
 * possible for a majority, the result is a judge error (the failure policy answers it). With three
 * sides and no majority (possible where `unsure` asks), the result asks a person.
 */
export async function judgeByVotes(judgeOnce: (signal: AbortSignal) => Promise<Outcome>, options: VoteOptions): Promise<VotedOutcome> {
  const total = options.votes;
  if (!Number.isInteger(total) || total < 1 || total % 2 === 0) throw new RangeError(`votes must be an odd whole number ≥ 1 (got ${total})`);
  const majority = Math.ceil(total / 2);
  const started = performance.now();
  const abort = new AbortController();
  const onAbort = () => abort.abort(options.signal.reason);
  if (options.signal.aborted) onAbort();
  else options.signal.addEventListener("abort", onAbort, { once: true });

  const finished: Outcome[] = [];
  const sides: VoteSide[] = [];
  const counts: Record<VoteSide, number> = { ok: 0, block: 0, ask: 0 };
  const inFlight = new Map<number, Promise<{ id: number; outcome: Outcome }>>();
  let launched = 0;
  const launch = () => {
    const id = launched++;
    inFlight.set(
      id,
      judgeOnce(abort.signal).then(
        (outcome) => ({ id, outcome }),
        (error: unknown) => ({ id, outcome: { ...emptyStats(), kind: "error", code: "api", message: String((error as Error)?.message ?? error) } as Outcome }),
      ),
    );
  };
  try {
    for (;;) {
      const leader = (Object.keys(counts) as VoteSide[]).reduce((best, side) => (counts[side] > counts[best] ? side : best), "block" as VoteSide);
      if (counts[leader] >= majority) return settle(leader);
      const errors = finished.length - sides.length;
      if (total - errors < majority) return failed(`${errors} of ${total} judgments failed, too few left for a majority`);
      const need = majority - counts[leader];
      while (inFlight.size < need && launched < total) launch();
      if (inFlight.size === 0) {
        // every judgment is in: no side has a majority
        if (errors > 0) return failed(`the valid votes split (${describe()}) after ${errors} failed judgment${errors === 1 ? "" : "s"}`);
        return settle("ask", true);
      }
      const { id, outcome } = await Promise.race(inFlight.values());
      inFlight.delete(id);
      finished.push(outcome);
      const side = voteSide(outcome, options.canAsk);
      if (side) {
        sides.push(side);
        counts[side]++;
      }
    }
  } finally {
    options.signal.removeEventListener("abort", onAbort);
    // the vote is settled: what is still running is not needed
    if (inFlight.size > 0) abort.abort(new Error("the vote is settled"));
  }

  function describe(): string {
    return (Object.keys(counts) as VoteSide[]).filter((side) => counts[side] > 0).map((side) => `${counts[side]} ${side}`).join(", ");
  }

  function stats(): OutcomeStats {
    return { ...sumStats(finished), latencyMs: performance.now() - started };
  }

  function settle(side: VoteSide, split = false): VotedOutcome {
    const unanimous = sides.every((each) => each === sides[0]);
    const majoritySide = split ? [] : finished.filter((outcome) => voteSide(outcome, options.canAsk) === side);
    const reasons = [...new Set((majoritySide.length > 0 ? majoritySide : finished).flatMap((outcome) => (outcome.kind === "verdict" && outcome.verdict.reason.trim() !== "" ? [outcome.verdict.reason.trim()] : [])))];
    const reason = majoritySide.length > 0 ? reasons.join(" · ") : `the judges split (${describe()}); a person decides${reasons.length > 0 ? `: ${reasons.join(" · ")}` : ""}`;
    const verdict = side === "ask" ? { ok: false, reason, unsure: true } : { ok: side === "ok", reason };
    return { ...stats(), kind: "verdict", verdict, votes: finished, sides, unanimous };
  }

  function failed(message: string): VotedOutcome {
    const firstError = finished.find((outcome) => outcome.kind === "error");
    const code = firstError?.kind === "error" ? firstError.code : "no-verdict";
    const detail = firstError?.kind === "error" ? `: ${firstError.message}` : "";
    return { ...stats(), kind: "error", code, message: `${message}${detail}`, votes: finished, sides, unanimous: false };
  }
}
