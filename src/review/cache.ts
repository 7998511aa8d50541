import { hmacSha256Hex, randomBytes, sameHex, sha256Hex } from "../internal/crypto.js";
import type { Verdict } from "../judge/verdict.js";
import * as z from "../internal/zod.js";
import { readDocument, type StateStore } from "../store/store.js";

const entrySchema = z.strictObject({
  version: z.literal(2),
  key: z.string(),
  verdict: z.strictObject({ ok: z.boolean(), reason: z.string(), unsure: z.optional(z.boolean()), impossible: z.optional(z.boolean()) }),
  model: z.string(),
  createdAt: z.string(),
  /** HMAC-SHA-256 over the rest of the entry, under the store's cache key. */
  mac: z.string(),
});

type Entry = z.infer<typeof entrySchema>;

/** Where a store keeps the random key that authenticates its cache entries. */
export const CACHE_SECRET_KEY = "secrets/cache-key";

const secrets = new WeakMap<StateStore, Promise<Buffer>>();

/**
 * The store's cache key: 32 random bytes made on first use, under a lock so concurrent processes
 * agree on one (a file store writes it readable by its owner only). Kept in the store, so servers
 * sharing a Redis store share it too; a key that is not 64 hex digits is set aside and replaced.
 */
export function cacheSecret(store: StateStore): Promise<Buffer> {
  let secret = secrets.get(store);
  if (!secret) {
    secret = loadSecret(store);
    secrets.set(store, secret);
    secret.catch(() => secrets.delete(store));
  }
  return secret;
}

async function loadSecret(store: StateStore): Promise<Buffer> {
  const parse = (text: string | undefined) => (text !== undefined && /^[0-9a-f]{64}$/.test(text.trim()) ? Buffer.from(text.trim(), "hex") : undefined);
  const found = parse(await store.read(CACHE_SECRET_KEY));
  if (found) return found;
  return store.withLock(CACHE_SECRET_KEY, async () => {
    const text = await store.read(CACHE_SECRET_KEY);
    const again = parse(text);
    if (again) return again;
    if (text !== undefined) await store.setAside(CACHE_SECRET_KEY);
    const made = randomBytes(32);
    await store.write(CACHE_SECRET_KEY, made.toString("hex") + "\n");
    return made;
  });
}

function entryMac(secret: Buffer, entry: Omit<Entry, "mac">): string {
  const { verdict } = entry;
  return hmacSha256Hex(
    secret,
    JSON.stringify([entry.version, entry.key, verdict.ok, verdict.reason, verdict.unsure ?? null, verdict.impossible ?? null, entry.model, entry.createdAt]),
  );
}

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
 * valid: a corrupt, unauthenticated or forged entry (its MAC does not match under the store's key,
 * or it answers another key) is set aside, never trusted.
 */
export async function readCachedVerdict(store: StateStore, key: string, ttlMs = DEFAULT_CACHE_TTL_MS): Promise<Verdict | undefined> {
  try {
    const read = await readDocument(store, entryKey(key), entrySchema);
    if (read.status !== "ok") return undefined;
    const { mac, ...rest } = read.value;
    if (rest.key !== key || !sameHex(mac, entryMac(await cacheSecret(store), rest))) {
      await store.setAside(entryKey(key));
      return undefined;
    }
    const created = Date.parse(read.value.createdAt);
    // an unreadable or future date is not trusted; an entry is good for less than ttlMs
    if (!Number.isFinite(created) || created > Date.now() + 60_000 || Date.now() - created >= ttlMs) return undefined;
    const { verdict } = read.value;
    return { ok: verdict.ok, reason: verdict.reason, ...(verdict.unsure === undefined ? {} : { unsure: verdict.unsure }) };
  } catch {
    return undefined;
  }
}

/**
 * Store a real verdict (never an error), authenticated with the store's cache key. Atomic:
 * concurrent hook processes never see half an entry.
 */
export async function writeCachedVerdict(store: StateStore, key: string, verdict: Verdict, model: string, ttlMs = DEFAULT_CACHE_TTL_MS): Promise<void> {
  const entry: Omit<Entry, "mac"> = {
    version: 2,
    key,
    verdict: {
      ok: verdict.ok,
      reason: verdict.reason,
      ...(verdict.unsure === undefined ? {} : { unsure: verdict.unsure }),
      ...(verdict.impossible === undefined ? {} : { impossible: verdict.impossible }),
    },
    model,
    createdAt: new Date().toISOString(),
  };
  const text = JSON.stringify({ ...entry, mac: entryMac(await cacheSecret(store), entry) }) + "\n";
  await store.write(entryKey(key), text, { ttlSeconds: ttlMs / 1000 });
}
