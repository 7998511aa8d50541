import { existsSync } from "node:fs";
import { join } from "node:path";
import { readRegularFile } from "../internal/files.js";

/**
 * The project's `.hookjudge/config.json`: `{"audit": {"inputs": true}}` keeps inputs in the audit
 * log. A file that cannot be read is ignored, and `warn` says so.
 */
export function readProjectConfig(cwd: string, warn: (line: string) => void): { auditInputs: boolean } {
  const path = join(cwd, ".hookjudge", "config.json");
  if (!existsSync(path)) return { auditInputs: false };
  try {
    const config = JSON.parse(readRegularFile(path)) as { audit?: { inputs?: unknown } };
    return { auditInputs: config.audit?.inputs === true };
  } catch (error) {
    warn(`hookjudge: ignoring ${path}: ${(error as Error).message}\n`);
    return { auditInputs: false };
  }
}
