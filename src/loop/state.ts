import { randomBytes } from "../internal/crypto.js";
import { mkdirSync, readdirSync, readFileSync, unlinkSync } from "node:fs";
import { join } from "node:path";
import { withFileLock } from "../internal/lock.js";
import { readJsonState, writeFileAtomic } from "../internal/state.js";
import * as z from "../internal/zod.js";

/** One loop's state file. */
export const loopStateSchema = z.strictObject({
  version: z.literal(1),
  id: z.string().check(z.regex(/^[a-z0-9-]+$/)),
  task: z.string().check(z.minLength(1)),
  /** The session the loop belongs to; `null` until the first Stop event claims it. */
  sessionId: z.nullable(z.string()),
  /** The project folder (realpath) it was armed in: only Stop events from inside it can touch it. */
  project: z.string().check(z.minLength(1)),
  /** Blocks allowed; 0 means no limit (only when asked for explicitly). */
  maxIterations: z.int().check(z.gte(0)),
  completionPromise: z.string().check(z.minLength(1)),
  /** The verifier hook (a path or a built-in name), or `null`. */
  verify: z.nullable(z.string()),
  maxMinutes: z.nullable(z.number().check(z.gt(0))),
  maxJudgeTokens: z.int().check(z.gt(0)),
  startedAt: z.string(),
  /** Blocks so far: the first feedback is iteration 1. */
  iteration: z.int().check(z.gte(0)),
  judgeTokens: z.int().check(z.gte(0)),
  lastReason: z.nullable(z.string()),
  /** How many verifier rejections in a row gave the same reason. */
  sameReasonCount: z.int().check(z.gte(0)),
  /** Verifier errors in a row. */
  verifierErrors: z.int().check(z.gte(0)),
});

export type LoopState = z.infer<typeof loopStateSchema>;

/** The loops folder under a state root. */
export function loopsDir(stateDir: string): string {
  return join(stateDir, "loops");
}

/** A fresh loop id: the time and a few random letters, so ids sort by start. */
export function newLoopId(): string {
  return `${new Date().toISOString().replace(/[-:T.Z]/g, "").slice(0, 14)}-${randomBytes(3).toString("hex")}`;
}

/** What reading the loops folder found. */
export interface LoopScan {
  loops: Array<{ path: string; state: LoopState }>;
  /** Files that were not valid loop state: each was set aside, with a message and, when it could be read, its session. */
  setAside: Array<{ message: string; sessionId: string | null }>;
}

/** Read every loop file; corrupt ones are renamed aside and reported, never trusted. */
export function scanLoops(stateDir: string): LoopScan {
  const dir = loopsDir(stateDir);
  let names: string[];
  try {
    names = readdirSync(dir).filter((name) => name.endsWith(".json"));
  } catch {
    return { loops: [], setAside: [] };
  }
  const scan: LoopScan = { loops: [], setAside: [] };
  for (const name of names.sort()) {
    const path = join(dir, name);
    const read = readJsonState(path, (value) => loopStateSchema.parse(value));
    if (read.status === "ok") scan.loops.push({ path, state: read.value });
    if (read.status === "corrupt") {
      scan.setAside.push({
        message: `hookjudge loop: the loop state file ${path} was corrupt (${read.problem}); set aside as ${read.setAsideTo}, so that loop has ended and the agent may stop`,
        sessionId: sniffSession(read.setAsideTo),
      });
    }
  }
  return scan;
}

function sniffSession(path: string): string | null {
  try {
    return /"sessionId"\s*:\s*"([^"]+)"/.exec(readFileSync(path, "utf8"))?.[1] ?? null;
  } catch {
    return null;
  }
}

/** True when the loops folder holds no loop file (answered without creating or locking anything). */
export function noLoops(stateDir: string): boolean {
  try {
    return !readdirSync(loopsDir(stateDir)).some((name) => name.endsWith(".json"));
  } catch {
    return true;
  }
}

/** The path of a loop's state file. */
export function loopPath(stateDir: string, id: string): string {
  return join(loopsDir(stateDir), `${id}.json`);
}

/** Write a loop's state atomically. */
export function writeLoop(stateDir: string, state: LoopState): void {
  // what is written must read back: a state that would not validate is refused here
  writeFileAtomic(loopPath(stateDir, state.id), JSON.stringify(loopStateSchema.parse(state), null, 2) + "\n");
}

/** Remove a loop's state file (the loop has ended). */
export function removeLoop(stateDir: string, id: string): void {
  try {
    unlinkSync(loopPath(stateDir, id));
  } catch {
    // already gone
  }
}

/**
 * Run `update` under the loops folder's lock, so that concurrent Stop hooks, starts and cancels
 * never lose one another's writes.
 */
export function withLoopsLock<T>(stateDir: string, update: () => T): T {
  mkdirSync(loopsDir(stateDir), { recursive: true });
  return withFileLock(join(loopsDir(stateDir), ".lock"), update);
}
