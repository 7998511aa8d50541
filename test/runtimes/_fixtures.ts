import { readFileSync } from "node:fs";
import { join } from "node:path";
import { ROOT } from "../helpers/cli.js";

/** A host's captured (or reference-shaped) event from test/fixtures/runtimes/<host>/, as text. */
export function hostEvent(host: string, name: string, patch: Record<string, unknown> = {}): string {
  const value = JSON.parse(readFileSync(join(ROOT, "test", "fixtures", "runtimes", host, `${name}.json`), "utf8")) as Record<string, unknown>;
  return JSON.stringify({ ...value, ...patch });
}
