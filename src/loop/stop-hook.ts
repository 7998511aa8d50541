import type { RunResult } from "../executor/run-hooks.js";
import type { HookInput } from "../hook/input.js";
import type { Decision } from "../policy/decision.js";
import { lastAssistantText, readTranscript } from "../template/transcript.js";
import { isWithin } from "../tools/sandbox.js";
import { hasPromise, normalizePromise } from "./promise.js";
import type { StateStore } from "../store/store.js";
import { loopKey, noLoops, readLoop, removeLoop, scanLoops, withLoopsLock, writeLoop, type LoopState } from "./state.js";

/** Runs the loop's verifier hook on the Stop event, with the loop's variables. */
export type LoopJudge = (reference: string, input: HookInput, extra: Record<string, string>) => Promise<RunResult>;

/** Options for {@link handleLoopStop}. */
export interface LoopStopOptions {
  /** Where loops live: the state folder, or a store shared by several servers. */
  store: StateStore;
  /** The folder the event comes from (realpath): only loops armed in it, or above it, are touched. */
  eventFolder: string;
  judge: LoopJudge;
  /** The caller's cancellation: a Stop whose answer nobody will read must not move the loop on. */
  signal?: AbortSignal;
}

/** How many verifier rejections in a row with the same reason end a loop. */
export const STAGNATION_LIMIT = 3;
/** How many verifier errors in a row end a loop (a verifier that cannot run can never confirm). */
export const VERIFIER_ERROR_LIMIT = 3;

/** A session id that means something: not empty, not "null". */
export function meaningfulSession(value: string | undefined | null): string | undefined {
  const trimmed = value?.trim();
  return trimmed === undefined || trimmed === "" || trimmed === "null" || trimmed === "undefined" ? undefined : trimmed;
}

/**
 * The loop's Stop hook. No loop for this session in this project: `null` (answer nothing).
 * Otherwise the promise is read from the agent's last message; a promise confirmed by the
 * verifier (or made, when the loop has none) ends the loop; anything else blocks with the task
 * again, until a budget (iterations, minutes, judge tokens, stagnation, verifier errors) ends the
 * loop, which the `systemMessage` names.
 */
export async function handleLoopStop(input: HookInput, options: LoopStopOptions): Promise<Decision | null> {
  const { store } = options;
  if (input.hook_event_name !== "Stop" || (await noLoops(store))) return null;
  const session = meaningfulSession(input.session_id);
  const here = (loop: LoopState) => isWithin(loop.project, options.eventFolder);
  const claimed = await withLoopsLock(store, async () => {
    const scan = await scanLoops(store);
    let found = scan.loops.find((state) => session !== undefined && state.sessionId === session && here(state));
    if (!found && session !== undefined) {
      // a loop armed without a session belongs to the first session that stops in its project
      found = scan.loops.find((state) => state.sessionId === null && here(state));
      if (found) {
        found.sessionId = session;
        await writeLoop(store, found);
      }
    }
    const notes = scan.setAside.filter((entry) => entry.sessionId === null || entry.sessionId === session).map((entry) => entry.message);
    return { loop: found, notes };
  });
  const withNotes = (decision: Decision | null): Decision | null => {
    if (claimed.notes.length === 0) return decision;
    const systemMessage = [decision?.systemMessage, ...claimed.notes].filter(Boolean).join("\n");
    return decision ? { ...decision, systemMessage } : { kind: "pass", source: "guard", systemMessage };
  };
  if (!claimed.loop) return withNotes(null);
  const loop = claimed.loop;
  // the input field first: the transcript is written asynchronously and can lag behind
  const message =
    typeof input.last_assistant_message === "string"
      ? input.last_assistant_message
      : input.transcript_path
        ? lastAssistantText(readTranscript(input.transcript_path))
        : undefined;
  const promised = hasPromise(message, loop.completionPromise);

  type Check = { kind: "confirmed" } | { kind: "rejected"; reason: string; impossible: boolean } | { kind: "error"; message: string };
  let check: Check | undefined;
  let tokens = 0;
  if (promised && loop.verify !== null) {
    // the verifier runs outside the lock: it may take a while
    const result = await options.judge(loop.verify, { ...input, stop_hook_active: false }, {
      LOOP_TASK: loop.task,
      PROMISE: loop.completionPromise,
      ITERATION: String(loop.iteration),
    });
    tokens = result.results.reduce((sum, entry) => sum + (entry.outcome ? entry.outcome.usage.inputTokens + entry.outcome.usage.outputTokens : 0), 0);
    const outcome = result.results[0]?.outcome;
    if (!outcome) check = { kind: "error", message: `the verifier hook ${loop.verify} did not judge this Stop event` };
    else if (outcome.kind === "error") check = { kind: "error", message: `${outcome.code}: ${outcome.message}` };
    else if (outcome.verdict.ok) check = { kind: "confirmed" };
    else check = { kind: "rejected", reason: outcome.verdict.reason, impossible: outcome.verdict.impossible === true };
  }
  if (options.signal?.aborted) throw new Error("the Stop event was cancelled before it was answered; the loop is left as it was");

  return withNotes(
    await withLoopsLock(store, async (): Promise<Decision | null> => {
      // the loop may have been cancelled, or another Stop may have moved it on, meanwhile
      const read = await readLoop(store, loopKey(loop.id));
      if (read.status === "missing") return null;
      if (read.status === "corrupt") {
        return { kind: "pass", source: "guard", systemMessage: `hookjudge loop: the loop state was corrupt (${read.problem}); set aside as ${read.setAsideTo}, so the loop has ended and the agent may stop` };
      }
      const state = read.value;
      state.judgeTokens += tokens;
      const end = async (systemMessage: string): Promise<Decision> => {
        await removeLoop(store, state.id);
        return { kind: "pass", source: "guard", systemMessage };
      };
      const elapsedMinutes = (Date.now() - Date.parse(state.startedAt)) / 60_000;
      const spent = `${state.iteration} iteration${state.iteration === 1 ? "" : "s"}, ${formatMinutes(elapsedMinutes)}`;

      if (promised && (state.verify === null || check?.kind === "confirmed")) {
        const how = state.verify === null ? "promised (no verifier configured)" : `confirmed by ${state.verify}`;
        return await end(`hookjudge loop ${state.id}: done after ${spent} — <promise>${state.completionPromise}</promise> ${how}.`);
      }
      // what this Stop taught is recorded before any budget is checked
      let feedback = "";
      if (check?.kind === "rejected") {
        const same = state.lastReason !== null && normalizeReason(state.lastReason) === normalizeReason(check.reason);
        state.sameReasonCount = same ? state.sameReasonCount + 1 : 1;
        state.lastReason = check.reason;
        state.verifierErrors = 0;
        if (check.impossible) return await end(`hookjudge loop ${state.id} ended: the verifier says the task cannot be done in this session, after ${spent}: ${check.reason}`);
        if (state.sameReasonCount >= STAGNATION_LIMIT) {
          return await end(`hookjudge loop ${state.id} ended: stagnation — the verifier rejected the promise ${STAGNATION_LIMIT} times in a row for the same reason, after ${spent}: ${check.reason}`);
        }
        feedback = `Your promise was checked and not confirmed: ${check.reason}\n\n`;
      } else if (check?.kind === "error") {
        state.verifierErrors += 1;
        if (state.verifierErrors >= VERIFIER_ERROR_LIMIT) {
          return await end(`hookjudge loop ${state.id} ended: the verifier failed ${VERIFIER_ERROR_LIMIT} times in a row (${check.message}), after ${spent}; the promise was never confirmed.`);
        }
        feedback = `Your promise could not be checked (${check.message}); keep working and make it again when the task is done.\n\n`;
      } else if (!promised && message !== undefined && message.includes("<promise>")) {
        feedback = "A promise counts only as the tag alone on the last line of your final message.\n\n";
      }
      const budget = spentBudget(state, elapsedMinutes);
      if (budget) return await end(`hookjudge loop ${state.id} ended: ${budget}, after ${spent}; the task may be unfinished.${lastReasonNote(state)}`);

      state.iteration += 1;
      await writeLoop(store, state);
      const of = state.maxIterations > 0 ? ` of ${state.maxIterations}` : "";
      const header = `[hookjudge loop ${state.id} · iteration ${state.iteration}${of} · ${formatMinutes(elapsedMinutes)} elapsed]`;
      const finish = `When the task is completely done, end your final message with this line alone:\n<promise>${state.completionPromise}</promise>${state.verify === null ? "" : "\nA verifier will check the work before the loop ends."}`;
      return {
        kind: "block",
        source: "verdict",
        reason: `${state.task}\n\n${header}\n${feedback}${finish}`,
        systemMessage: `hookjudge loop ${state.id}: iteration ${state.iteration}${of}${check?.kind === "error" ? ` (verifier error: ${check.message})` : ""}`,
      };
    }),
  );
}

/** The budget a loop has spent, in words, or `undefined`. */
function spentBudget(state: LoopState, elapsedMinutes: number): string | undefined {
  if (state.maxIterations > 0 && state.iteration >= state.maxIterations) return `the iteration budget (${state.maxIterations}) is spent`;
  if (state.maxMinutes !== null && elapsedMinutes >= state.maxMinutes) return `the time budget (${state.maxMinutes} min) is spent`;
  if (state.judgeTokens >= state.maxJudgeTokens) return `the verifier's token budget (${state.maxJudgeTokens}) is spent`;
  return undefined;
}

function lastReasonNote(state: LoopState): string {
  return state.lastReason ? ` The verifier's last reason: ${state.lastReason}` : "";
}

function normalizeReason(reason: string): string {
  return normalizePromise(reason).toLowerCase();
}

/** `45 s`, `3 min`, `2 h 5 min`. */
export function formatMinutes(minutes: number): string {
  if (minutes < 1) return `${Math.round(minutes * 60)} s`;
  if (minutes < 60) return `${Math.round(minutes)} min`;
  return `${Math.floor(minutes / 60)} h ${Math.round(minutes % 60)} min`;
}
