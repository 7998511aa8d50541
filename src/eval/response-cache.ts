import { sha256Hex } from "../internal/crypto.js";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { Backend, BackendRequest, BackendResponse } from "../backends/spec.js";
import { writeFileAtomic } from "../internal/state.js";

/** A backend that answers from disk what it has seen before; see {@link createCachingBackend}. */
export interface CachingBackend extends Backend {
  /** Store the responses of this run: call it only when the run ended in a verdict. */
  commit(): void;
  /** True when every response of this run came from the cache. */
  readonly fromCache: boolean;
  /** Requests this run made through it (cached or not). */
  readonly calls: number;
}

/**
 * A backend for one eval run that answers from disk when it has seen the exact request before.
 * The key is the model, the request (with the per-call fence tag normalised, since it is random)
 * and the run's number (and, for a request sent again in the same run, as votes do, which time it
 * is), so repeated runs and votes still sample the model separately the first time, and a re-run
 * of an unchanged suite sends nothing. Responses are written only by `commit`,
 * which the runner calls when the run ended in a verdict: judge errors (a malformed reply, a reply
 * cut at max_tokens) are never cached, nor are thrown errors.
 */
export function createCachingBackend(
  backend: Backend,
  folder: string | false,
  run: number,
  /** Answers a request the cache does not hold, by its key (`eval --batch`); default: the backend. */
  answer?: (key: string, request: BackendRequest) => Promise<BackendResponse>,
): CachingBackend {
  const pending: Array<{ path: string; response: BackendResponse }> = [];
  let hits = 0;
  let calls = 0;
  // votes send one request several times in a run: each occurrence is a sample of its own
  const occurrences = new Map<string, number>();
  return {
    specificationVersion: "v1",
    id: backend.id,
    modelId: backend.modelId,
    get fromCache() {
      return calls > 0 && hits === calls;
    },
    get calls() {
      return calls;
    },
    commit() {
      for (const { path, response } of pending.splice(0)) {
        try {
          writeFileAtomic(path, JSON.stringify(response));
        } catch {
          // a cache that cannot be written costs a call next time, nothing more
        }
      }
    },
    async complete(request, options) {
      calls++;
      const normalized = normalizeRequest(request);
      const occurrence = occurrences.get(normalized) ?? 0;
      occurrences.set(normalized, occurrence + 1);
      const key = keyOf(backend.id, backend.modelId, run, normalized, occurrence);
      const path = folder === false ? undefined : evalCachePath(folder, key);
      if (path) {
        try {
          const cached = JSON.parse(readFileSync(path, "utf8")) as BackendResponse;
          hits++;
          return cached;
        } catch {
          // not cached (or unreadable): ask the model
        }
      }
      const response = answer ? await answer(key, request) : await backend.complete(request, options);
      if (path) pending.push({ path, response });
      return response;
    },
  };
}

/**
 * The cache key of one request of an eval run: the provider, the model, the run's number, the
 * request with its fence tag normalised, and which time in the run it is sent (votes send one
 * request several times). 64 hex digits (a valid Message Batches `custom_id`).
 */
export function evalCacheKey(provider: string, modelId: string, run: number, request: BackendRequest, occurrence = 0): string {
  return keyOf(provider, modelId, run, normalizeRequest(request), occurrence);
}

/** Where the cache folder keeps the response of a key. */
export function evalCachePath(folder: string, key: string): string {
  return join(folder, key.slice(0, 2), `${key}.json`);
}

// the fence tag is random per call: without it the same case is the same request
function normalizeRequest(request: BackendRequest): string {
  return JSON.stringify(request).replace(/data-[0-9a-f]{12}/g, "data-fence");
}

function keyOf(provider: string, modelId: string, run: number, normalized: string, occurrence: number): string {
  return sha256Hex(JSON.stringify(occurrence === 0 ? [provider, modelId, run, normalized] : [provider, modelId, run, normalized, occurrence]));
}
