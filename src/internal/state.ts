import { appendFileSync, mkdirSync, renameSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { randomBytes } from "./crypto.js";

/**
 * The state root: `$HOOKJUDGE_HOME` when set, else `<cwd>/.hookjudge`, where `cwd` is the hook
 * input's project folder.
 */
export function stateRoot(cwd: string, env: Record<string, string | undefined> = process.env): string {
  const home = env["HOOKJUDGE_HOME"];
  return home ? resolve(home) : join(resolve(cwd), ".hookjudge");
}

/** Write a file atomically: a temporary file beside it, then a rename. */
export function writeFileAtomic(path: string, text: string): void {
  const temporary = `${path}.${process.pid}.${randomBytes(4).toString("hex")}.tmp`;
  withFolder(path, () => writeFileSync(temporary, text));
  renameSync(temporary, path);
}

/** Append one line to a file, creating its folder. */
export function appendLine(path: string, line: string): void {
  withFolder(path, () => appendFileSync(path, line.endsWith("\n") ? line : line + "\n"));
}

// the folder usually exists: create it only when a write says it does not
function withFolder(path: string, write: () => void): void {
  try {
    write();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
    mkdirSync(dirname(path), { recursive: true });
    write();
  }
}
