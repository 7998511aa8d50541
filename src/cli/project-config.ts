import { existsSync } from "node:fs";
import { readRegularFile } from "../internal/files.js";
import { join } from "node:path";
import type { CliIo } from "./io.js";

/** The project's `.hookjudge/config.json`: `{"audit": {"inputs": true}}` keeps inputs in the audit log. */
export function readProjectConfig(cwd: string, io: CliIo): { auditInputs: boolean } {
  const path = join(cwd, ".hookjudge", "config.json");
  if (!existsSync(path)) return { auditInputs: false };
  try {
    const config = JSON.parse(readRegularFile(path)) as { audit?: { inputs?: unknown } };
    return { auditInputs: config.audit?.inputs === true };
  } catch (error) {
    io.stderr(`hookjudge: ignoring ${path}: ${(error as Error).message}\n`);
    return { auditInputs: false };
  }
}
