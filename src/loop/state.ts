import { randomBytes } from "../internal/crypto.js";
import * as z from "../internal/zod.js";
import { readDocument, type DocumentRead, type StateStore } from "../store/store.js";

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

const LOOPS = "loops";

/** A fresh loop id: the time and a few random letters, so ids sort by start. */
export function newLoopId(): string {
  return `${new Date().toISOString().replace(/[-:T.Z]/g, "").slice(0, 14)}-${randomBytes(3).toString("hex")}`;
}

/** What reading the loops found. */
export interface LoopScan {
  loops: LoopState[];
  /** Entries that were not valid loop state: each was set aside, with a message and, when it could be read, its session. */
  setAside: Array<{ message: string; sessionId: string | null }>;
}

/** The key of a loop's state. */
export function loopKey(id: string): string {
  return `${LOOPS}/${id}.json`;
}

/** Read every loop; corrupt entries are set aside and reported, never trusted. */
export async function scanLoops(store: StateStore): Promise<LoopScan> {
  const scan: LoopScan = { loops: [], setAside: [] };
  for (const key of (await store.list(LOOPS)).filter((name) => name.endsWith(".json"))) {
    const read = await readLoop(store, key);
    if (read.status === "ok") scan.loops.push(read.value);
    if (read.status === "corrupt") {
      scan.setAside.push({
        message: `hookjudge loop: the loop state ${key} was corrupt (${read.problem}); set aside as ${read.setAsideTo}, so that loop has ended and the agent may stop`,
        sessionId: /"sessionId"\s*:\s*"([^"]+)"/.exec(read.text)?.[1] ?? null,
      });
    }
  }
  return scan;
}

/** One loop's state by its key (see {@link loopKey}). */
export function readLoop(store: StateStore, key: string): Promise<DocumentRead<LoopState>> {
  return readDocument(store, key, loopStateSchema);
}

/** True when there is no loop at all (answered without locking anything). */
export async function noLoops(store: StateStore): Promise<boolean> {
  return !(await store.list(LOOPS)).some((name) => name.endsWith(".json"));
}

/** Write a loop's state atomically. */
export async function writeLoop(store: StateStore, state: LoopState): Promise<void> {
  // what is written must read back: a state that would not validate is refused here
  await store.write(loopKey(state.id), JSON.stringify(loopStateSchema.parse(state), null, 2) + "\n");
}

/** Remove a loop's state (the loop has ended). */
export async function removeLoop(store: StateStore, id: string): Promise<void> {
  await store.remove(loopKey(id));
}

/**
 * Run `update` under the loops' lock, so that concurrent Stop hooks, starts and cancels never
 * lose one another's writes, whichever process or server runs them.
 */
export function withLoopsLock<T>(store: StateStore, update: () => Promise<T>): Promise<T> {
  return store.withLock(`${LOOPS}/`, update);
}
