import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { Backend, BackendResponse } from "../backends/spec.js";
import { writeFileAtomic } from "../internal/state.js";

/**
 * A backend that answers from disk when it has seen the exact request before. The key is the
 * model, the request (with the per-call fence tag normalised, since it is random) and the run's
 * number, so repeated runs of one case still sample the model separately the first time, and a
 * re-run of an unchanged suite sends nothing. Errors are never cached.
 */
export function createCachingBackend(backend: Backend, folder: string, run: number): Backend {
  return {
    specificationVersion: "v1",
    id: backend.id,
    modelId: backend.modelId,
    async complete(request, options) {
      const normalized = JSON.stringify(request).replace(/data-[0-9a-f]{12}/g, "data-fence");
      const key = createHash("sha256").update(JSON.stringify([backend.id, backend.modelId, run, normalized])).digest("hex");
      const path = join(folder, key.slice(0, 2), `${key}.json`);
      try {
        return JSON.parse(readFileSync(path, "utf8")) as BackendResponse;
      } catch {
        // not cached (or unreadable): ask the model
      }
      const response = await backend.complete(request, options);
      try {
        writeFileAtomic(path, JSON.stringify(response));
      } catch {
        // a cache that cannot be written costs a call next time, nothing more
      }
      return response;
    },
  };
}
