import { existsSync, realpathSync } from "node:fs";
import { join } from "node:path";
import { appendAudit } from "../audit/log.js";
import type { HookInput } from "../hook/input.js";
import { stateRoot } from "../internal/state.js";
import type { Outcome } from "../judge/outcome.js";
import { handleLoopStop } from "../loop/stop-hook.js";
import type { Decision } from "../policy/decision.js";
import type { ParsedEvent } from "../runtimes/types.js";
import { withLoopStore } from "./loop-store.js";
import { runOptionsOf, totalUsage, type Answer, type AnswerOptions } from "./types.js";

/** Options for {@link answerLoopStop}. */
export interface LoopStopAnswerOptions extends AnswerOptions {
  /** The loops' store as `--store` names it (`redis://…`). @default `store`, else the state folder */
  storeSpec?: string;
}

/**
 * The loops' Stop hook: the loop of this session (if any) moves on, ends, or blocks with its task
 * again; see `handleLoopStop`. Whatever goes wrong, the answer stays a hook answer: the agent may
 * stop, and a `systemMessage` says why no loop ran. The model SDK loads only for a verifier.
 */
export async function answerLoopStop(event: ParsedEvent, options: LoopStopAnswerOptions): Promise<Answer> {
  if (!event.ok) {
    const { message } = event.error;
    return unjudged(`hookjudge loop could not read the Stop event (${message}); no loop ran this time`, message);
  }
  // a stop the host says was no finish (a run the user aborted) moves no loop on
  if (event.unjudged !== undefined) return { ...answerOf({ kind: "pass", source: "guard" }, [], []), judged: false, host: event.host };
  const { input } = event;
  const outcomes: Outcome[] = [];
  let decision: Decision | null;
  try {
    const eventFolder = realFolder(input.cwd ?? options.cwd);
    const shared = options.store !== undefined || options.storeSpec !== undefined;
    // a shared store holds every project's loops; the state folder is found from the event's
    const stateDir = shared ? stateRoot(eventFolder, options.env) : loopStateDir(eventFolder, options.env);
    if (stateDir === undefined) return { ...answerOf({ kind: "pass", source: "guard" }, [], []), judged: false };
    const loopDecision = await withLoopStore(options.store, options.storeSpec, stateDir, (store) =>
      handleLoopStop(input, {
        store,
        eventFolder,
        ...(options.signal ? { signal: options.signal } : {}),
        judge: async (reference, judged, extra) => {
          // the hook loader (YAML), the executor and the model SDK load only when a loop has a verifier to run
          const [{ runHook }, { readHook }] = await Promise.all([import("../executor/run-hooks.js"), import("../hook/load.js")]);
          const hook = readHook(reference, { cwd: eventFolder }).definition;
          const result = await runHook(hook, judged, { ...runOptionsOf(options), render: { extra }, blockCap: false, stateDir });
          for (const entry of result.results) if (entry.outcome) outcomes.push(entry.outcome);
          return result;
        },
      }),
    );
    decision = loopDecision;
    if (decision !== null) auditLoop(stateDir, input, decision, outcomes);
  } catch (error) {
    const message = (error as Error)?.message ?? String(error);
    return unjudged(`hookjudge loop could not run: ${message}`, message);
  }
  return { ...answerOf(decision ?? { kind: "pass", source: "guard" }, outcomes, []), host: event.host };
}

/** The loop's own audit line (the verifier's, if one ran, is written by the executor): `hookjudge log` shows every loop Stop. */
function auditLoop(stateDir: string, input: HookInput, decision: Decision, outcomes: Outcome[]): void {
  const reason = decision.kind === "block" ? decision.reason : (decision.systemMessage ?? "the loop let the agent stop");
  // a block carries the task fed back: its status line says which loop and iteration
  const line = reason.split("\n").find((each) => each.startsWith("[hookjudge loop")) ?? reason.split("\n")[0]!;
  writeLoopAudit(stateDir, { session: input.session_id ?? null, event: input.hook_event_name, decision: decision.kind, source: decision.source, reason: line }, outcomes);
}

/**
 * One audit line of a loop (its start, each Stop it answers, its end), so `hookjudge log` tells a
 * loop's story; a log that cannot be written never changes what the loop does.
 */
export function writeLoopAudit(stateDir: string, entry: { session: string | null; event: string; decision: string; source: string; reason: string }, outcomes: Outcome[] = []): void {
  const usage = totalUsage(outcomes);
  try {
    appendAudit(stateDir, [
      {
        time: new Date().toISOString(),
        ...entry,
        hook: "loop",
        promptHash: "",
        model: null,
        outcome: "loop",
        ok: null,
        reason: entry.reason.slice(0, 500),
        latencyMs: 0,
        turns: outcomes.reduce((sum, outcome) => sum + outcome.turns, 0),
        inputTokens: usage.inputTokens,
        outputTokens: usage.outputTokens,
        costUsd: usage.costUsd,
        decidedBy: "loop",
      },
    ]);
  } catch {
    // the loop goes on without its line
  }
}

function answerOf(decision: Decision, outcomes: Outcome[], diagnostics: string[]): Answer {
  const failed = outcomes.some((outcome) => outcome.kind === "error");
  return { event: "Stop", decision, decidedBy: failed ? "error" : "loop", outcomes, usage: totalUsage(outcomes), diagnostics, judged: true };
}

function unjudged(systemMessage: string, problem: string): Answer {
  return { ...answerOf({ kind: "pass", source: "error", systemMessage }, [], [`hookjudge loop: ${problem}\n`]), decidedBy: "error", judged: false };
}

function realFolder(path: string): string {
  try {
    return realpathSync.native(path);
  } catch {
    return path;
  }
}

/**
 * Where a Stop event's loops live: the state folder of the event's project (found from a subfolder
 * the agent `cd`-ed into too), or none when that project has no loops.
 */
function loopStateDir(eventFolder: string, env: Record<string, string | undefined>): string | undefined {
  const stateDir = stateRoot(eventFolder, env);
  return existsSync(join(stateDir, "loops")) ? stateDir : undefined;
}
