import { writeLoopAudit } from "./loop-stop.js";
import { HookJudgeError } from "../errors.js";
import { hookApplies } from "../hook/applies.js";
import { readHook } from "../hook/load.js";
import { findProjectDir, stateRoot } from "../internal/state.js";
import { meaningfulSession } from "../loop/stop-hook.js";
import { newLoopId, removeLoop, scanLoops, withLoopsLock, writeLoop, type LoopState } from "../loop/state.js";
import { withLoopStore } from "./loop-store.js";
import type { AnswerOptions } from "./types.js";

/** The default iteration cap: finite, so a forgotten loop ends on its own. */
export const DEFAULT_MAX_ITERATIONS = 20;
/** The default completion promise. */
export const DEFAULT_PROMISE = "DONE";
/** The default verifier token budget over a loop's life. */
export const DEFAULT_MAX_JUDGE_TOKENS = 500_000;

/** Where the loop commands act: the project of `cwd` (or `$CLAUDE_PROJECT_DIR`), on `store` or `storeSpec`. */
export interface LoopCommandOptions extends Pick<AnswerOptions, "env" | "cwd" | "store"> {
  /** The loops' store as `--store` names it. @default `store`, else the state folder */
  storeSpec?: string;
}

/** A loop to arm; see {@link startLoop}. */
export interface LoopStartOptions extends LoopCommandOptions {
  task: string;
  /** @default 20 (0: no limit) */
  maxIterations?: number;
  /** Already normalised. @default "DONE" */
  completionPromise?: string;
  /** The verifier hook (a file or a built-in), or none: the promise alone ends the loop. */
  verify?: string | null;
  /** @default no limit */
  maxMinutes?: number | null;
  /** @default 500000 */
  maxJudgeTokens?: number;
  /** The session that owns the loop. @default `$CLAUDE_CODE_SESSION_ID`, else the first session to stop in the project */
  sessionId?: string;
}

/**
 * Arm a loop for a session in the project: at most one per session (or one unclaimed).
 * @throws HookJudgeError `config` when the verifier cannot run or a loop is already armed
 */
export async function startLoop(options: LoopStartOptions): Promise<{ state: LoopState; where: string }> {
  const verify = options.verify ?? null;
  if (verify !== null) checkVerifier(verify, options.cwd);
  const session = meaningfulSession(options.sessionId) ?? meaningfulSession(options.env["CLAUDE_CODE_SESSION_ID"]) ?? null;
  const project = findProjectDir(options.cwd, options.env);
  const state: LoopState = {
    version: 1,
    id: newLoopId(),
    task: options.task,
    sessionId: session,
    project,
    maxIterations: options.maxIterations ?? DEFAULT_MAX_ITERATIONS,
    completionPromise: options.completionPromise ?? DEFAULT_PROMISE,
    verify: verify === null ? null : readHook(verify, { cwd: options.cwd }).definition.source.replace(/^builtin:/, ""),
    maxMinutes: options.maxMinutes ?? null,
    maxJudgeTokens: options.maxJudgeTokens ?? DEFAULT_MAX_JUDGE_TOKENS,
    startedAt: new Date().toISOString(),
    iteration: 0,
    judgeTokens: 0,
    lastReason: null,
    sameReasonCount: 0,
    verifierErrors: 0,
  };
  const where = await withLoopStore(options.store, options.storeSpec, stateRoot(project, options.env), (store) =>
    withLoopsLock(store, async () => {
      const existing = (await scanLoops(store)).loops.find((loop) => loop.sessionId === session && loop.project === project);
      if (existing) {
        throw new HookJudgeError(
          "config",
          session === null
            ? `loop ${existing.id} is already waiting for a session to claim it; cancel it first (hookjudge loop cancel ${existing.id})`
            : `session ${session} already has loop ${existing.id}; cancel it first (hookjudge loop cancel)`,
        );
      }
      await writeLoop(store, state);
      return store.where;
    }),
  );
  const firstLine = state.task.split("\n")[0]!;
  writeLoopAudit(stateRoot(project, options.env), {
    session,
    event: "loop start",
    decision: "start",
    source: "loop",
    reason: `loop ${state.id} armed: ${firstLine.length > 120 ? `${firstLine.slice(0, 120)}…` : firstLine} (at most ${state.maxIterations === 0 ? "unlimited" : state.maxIterations} iterations, promise <promise>${state.completionPromise}</promise>${state.verify ? `, verified by ${state.verify}` : ""})`,
  });
  return { state, where };
}

/** The project's active loops, and notes on loop files that were corrupt and set aside. */
export async function listLoops(options: LoopCommandOptions): Promise<{ loops: LoopState[]; notes: string[] }> {
  const stateDir = stateRoot(findProjectDir(options.cwd, options.env), options.env);
  const scan = await withLoopStore(options.store, options.storeSpec, stateDir, (store) => withLoopsLock(store, () => scanLoops(store)));
  return { loops: scan.loops, notes: scan.setAside.map((note) => note.message) };
}

/** Which loops {@link cancelLoops} ends. */
export interface LoopCancelOptions extends LoopCommandOptions {
  /** These loops. */
  ids?: string[];
  /** Every loop of the project. */
  all?: boolean;
  /** The session whose loop ends. @default `$CLAUDE_CODE_SESSION_ID` */
  sessionId?: string;
}

/**
 * Cancel loops: every one (`all`), the ones named, or the session's own (never another session's,
 * even the only one); without a session, the only loop when there is one.
 * @throws HookJudgeError `config` when the choice is unknown or ambiguous
 */
export async function cancelLoops(options: LoopCancelOptions): Promise<LoopState[]> {
  const stateDir = stateRoot(findProjectDir(options.cwd, options.env), options.env);
  const ids = options.ids ?? [];
  return withLoopStore(options.store, options.storeSpec, stateDir, (store) =>
    withLoopsLock(store, async () => {
      const { loops } = await scanLoops(store);
      let chosen: LoopState[];
      if (options.all) chosen = loops;
      else if (ids.length > 0) {
        chosen = loops.filter((loop) => ids.includes(loop.id));
        const unknown = ids.filter((id) => !loops.some((loop) => loop.id === id));
        if (unknown.length > 0) throw new HookJudgeError("config", `no loop ${unknown.join(", ")}; hookjudge loop status lists them`);
      } else {
        const session = meaningfulSession(options.sessionId) ?? meaningfulSession(options.env["CLAUDE_CODE_SESSION_ID"]);
        // a known session cancels its own loop only: never another session's, even the only one
        chosen = session !== undefined ? loops.filter((loop) => loop.sessionId === session) : loops.length === 1 ? loops : [];
        if (chosen.length === 0) {
          if (loops.length === 0) throw new HookJudgeError("config", "no active loops");
          const how = `cancel one with hookjudge loop cancel <id>, or every one with hookjudge loop cancel --all`;
          throw new HookJudgeError(
            "config",
            session !== undefined
              ? `session ${session} has no loop; nothing cancelled. Active: ${describeLoops(loops)}; ${how}`
              : `no session is known (CLAUDE_CODE_SESSION_ID or --session-id) and ${loops.length} loops are active: ${describeLoops(loops)}; ${how}`,
          );
        }
      }
      for (const loop of chosen) await removeLoop(store, loop.id);
      return chosen;
    }),
  );
}

// "3f2a… (session A, iteration 2), 9c1d… (unclaimed, iteration 0)"
function describeLoops(loops: LoopState[]): string {
  return loops.map((loop) => `${loop.id} (${loop.sessionId === null ? "unclaimed" : `session ${loop.sessionId}`}, iteration ${loop.iteration})`).join(", ");
}

/** A verifier must load and must judge Stop events, or no promise could ever end the loop. */
function checkVerifier(reference: string, cwd: string): void {
  const read = readHook(reference, { cwd });
  if (read.problems.length > 0) throw new HookJudgeError("config", `--verify ${reference}: ${read.definition.loadError!.message}`);
  const hook = read.definition;
  if (!hookApplies(hook, { hook_event_name: "Stop", stop_hook_active: false })) {
    throw new HookJudgeError("config", `--verify ${reference}: this hook does not judge Stop events (its events${hook.if ? " or its if rule" : ""} leave Stop out)`);
  }
}
