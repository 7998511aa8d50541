import { existsSync, realpathSync } from "node:fs";
import { join } from "node:path";
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
    decision = await withLoopStore(options.store, options.storeSpec, stateDir, (store) =>
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
  } catch (error) {
    const message = (error as Error)?.message ?? String(error);
    return unjudged(`hookjudge loop could not run: ${message}`, message);
  }
  return { ...answerOf(decision ?? { kind: "pass", source: "guard" }, outcomes, []), host: event.host };
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
