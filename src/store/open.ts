import { HookJudgeError } from "../errors.js";
import { FileStore } from "./file-store.js";
import type { StateStore } from "./store.js";

/**
 * The store a `--store` value names: `redis://…` or `rediss://…` for Redis, nothing for the state
 * folder `stateDir`.
 * @throws HookJudgeError `config` for any other value, or a Redis that cannot be reached.
 */
export async function openStore(spec: string | undefined, stateDir: string): Promise<StateStore> {
  if (spec === undefined || spec === "" || spec === "files") return new FileStore(stateDir);
  if (/^rediss?:\/\//i.test(spec)) return (await import("./redis-store.js")).openRedisStore(spec);
  throw new HookJudgeError("config", `--store expects redis://host:port (or rediss://), or files; received ${JSON.stringify(spec)}`);
}
