import { appendFileSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
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

/** The result of reading a JSON state file. */
export type JsonStateRead<T> =
  | { status: "missing" }
  | { status: "ok"; value: T }
  /** The file was not valid: it was renamed to `setAsideTo` and is no longer trusted. */
  | { status: "corrupt"; setAsideTo: string; problem: string };

/**
 * Read a JSON state file and check it with `validate` (which throws on a bad shape). A corrupt
 * file is renamed aside (`<name>.corrupt-<time>`), never silently trusted nor deleted.
 */
export function readJsonState<T>(path: string, validate: (value: unknown) => T): JsonStateRead<T> {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return { status: "missing" };
    throw error;
  }
  try {
    return { status: "ok", value: validate(JSON.parse(text)) };
  } catch (error) {
    const setAsideTo = `${path}.corrupt-${new Date().toISOString().replace(/[:.]/g, "-")}`;
    renameSync(path, setAsideTo);
    return { status: "corrupt", setAsideTo, problem: describeProblem(error) };
  }
}

// a zod error names the field; anything else (a JSON syntax error) its first line
function describeProblem(error: unknown): string {
  const issues = (error as { issues?: Array<{ path: PropertyKey[]; message: string }> }).issues;
  if (Array.isArray(issues) && issues[0]) return `${issues[0].path.map(String).join(".") || "value"}: ${issues[0].message}`;
  return (error as Error).message?.split("\n")[0] ?? "invalid";
}
