import * as z from "../internal/zod.js";

/**
 * Where the state that hook processes and servers share lives: the Stop block counters, the loop
 * state and the verdict cache. Keys are `/`-separated paths (`loops/<id>.json`). Two kinds: a
 * folder (the default: the project's state folder, see `stateRoot`) and Redis (`--store redis://…`), for
 * several servers behind one load balancer. The audit log is not shared: each writer keeps its own.
 */
export interface StateStore {
  /** Where it is, for messages (a folder, or a Redis URL without its password). */
  readonly where: string;
  /** The text at `key`, or `undefined` when there is none. */
  read(key: string): Promise<string | undefined>;
  /** Replace the text at `key` atomically; with `ttlSeconds`, it expires after that long. */
  write(key: string, text: string, options?: { ttlSeconds?: number }): Promise<void>;
  /** Delete `key`; nothing happens when it is missing. */
  remove(key: string): Promise<void>;
  /** Move `key` aside as `<key>.corrupt-<time>` (never trusted again, never lost); returns where it went. */
  setAside(key: string): Promise<string>;
  /** The keys directly under `folder` (`loops/`), sorted. */
  list(folder: string): Promise<string[]>;
  /** Run `work` holding the lock `name`, exclusive across processes and servers. */
  withLock<T>(name: string, work: () => Promise<T>): Promise<T>;
  /** Let go of connections. */
  close(): Promise<void>;
}

/** The result of reading a JSON document from a store. */
export type DocumentRead<T> =
  | { status: "missing" }
  | { status: "ok"; value: T }
  /** It was not valid: it was set aside to `setAsideTo` and is no longer trusted; `text` is what it held. */
  | { status: "corrupt"; setAsideTo: string; problem: string; text: string };

/** Read the JSON document at `key` and check it with `schema`; a corrupt one is set aside and reported. */
export async function readDocument<T>(store: StateStore, key: string, schema: z.ZodMiniType<T>): Promise<DocumentRead<T>> {
  const text = await store.read(key);
  if (text === undefined) return { status: "missing" };
  try {
    return { status: "ok", value: schema.parse(JSON.parse(text)) };
  } catch (error) {
    return { status: "corrupt", setAsideTo: await store.setAside(key), problem: describeProblem(error), text };
  }
}

/** The time stamp that set-aside keys end with. */
export function asideStamp(): string {
  return new Date().toISOString().replace(/[:.]/g, "-");
}

// a zod error names the field; anything else (a JSON syntax error) its first line
function describeProblem(error: unknown): string {
  const issues = (error as { issues?: Array<{ path: PropertyKey[]; message: string }> }).issues;
  if (Array.isArray(issues) && issues[0]) return `${issues[0].path.map(String).join(".") || "value"}: ${issues[0].message}`;
  return (error as Error).message?.split("\n")[0] ?? "invalid";
}
