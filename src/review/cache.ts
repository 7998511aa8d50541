import { sha256Hex } from "../internal/crypto.js";
import type { Verdict } from "../judge/verdict.js";
import * as z from "../internal/zod.js";
import { readDocument, type StateStore } from "../store/store.js";

const entrySchema = z.strictObject({
  version: z.literal(1),
  key: z.string(),
  verdict: z.strictObject({ ok: z.boolean(), reason: z.string(), unsure: z.optional(z.boolean()), impossible: z.optional(z.boolean()) }),
  model: z.string(),
  createdAt: z.string(),
});

/** The week a cached verdict stays good for. */
export const DEFAULT_CACHE_TTL_MS = 7 * 24 * 60 * 60 * 1000;

/** What makes two questions the same: the prompt, the model, the command (as parsed) and where it runs. */
export interface CacheKeyParts {
  promptHash: string;
  model: string;
  command: string;
  cwd: string;
}

/** The cache key: a hash of the prompt, model, parsed command and folder. A new prompt or model misses. */
export function cacheKey(parts: CacheKeyParts): string {
  return sha256Hex(JSON.stringify([parts.promptHash, parts.model, parts.command, parts.cwd]));
}

function entryKey(key: string): string {
  return `cache/review/${key.slice(0, 2)}/${key}.json`;
}

/**
 * A cached verdict, or `undefined` when there is none, it is older than `ttlMs`, or its entry is not
 * valid (a corrupt entry is set aside, never trusted).
 */
export async function readCachedVerdict(store: StateStore, key: string, ttlMs = DEFAULT_CACHE_TTL_MS): Promise<Verdict | undefined> {
  try {
    const read = await readDocument(store, entryKey(key), entrySchema);
    if (read.status !== "ok" || read.value.key !== key) return undefined;
    const created = Date.parse(read.value.createdAt);
    // an unreadable or future date is not trusted; an entry is good for less than ttlMs
    if (!Number.isFinite(created) || created > Date.now() + 60_000 || Date.now() - created >= ttlMs) return undefined;
    const { verdict } = read.value;
    return { ok: verdict.ok, reason: verdict.reason, ...(verdict.unsure === undefined ? {} : { unsure: verdict.unsure }) };
  } catch {
    return undefined;
  }
}

/** Store a real verdict (never an error). Atomic: concurrent hook processes never see half an entry. */
export async function writeCachedVerdict(store: StateStore, key: string, verdict: Verdict, model: string, ttlMs = DEFAULT_CACHE_TTL_MS): Promise<void> {
  const text = JSON.stringify({ version: 1, key, verdict, model, createdAt: new Date().toISOString() }) + "\n";
  await store.write(entryKey(key), text, { ttlSeconds: ttlMs / 1000 });
}
