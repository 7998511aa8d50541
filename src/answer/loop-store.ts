import { openStore } from "../store/open.js";
import type { StateStore } from "../store/store.js";

/**
 * Run `work` on the loops' store: the given shared one, else the one `spec` names (`--store`),
 * else the state folder. A store opened here is closed after.
 */
export async function withLoopStore<T>(shared: StateStore | undefined, spec: string | undefined, stateDir: string, work: (store: StateStore) => Promise<T>): Promise<T> {
  if (shared && spec === undefined) return work(shared);
  const store = await openStore(spec, stateDir);
  try {
    return await work(store);
  } finally {
    await store.close();
  }
}
