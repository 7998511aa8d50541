import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { HookInput } from "../../src/hook/input.js";
import { findProjectDir, projectStateName, stateHome } from "../../src/internal/state.js";

/** The repository root. */
export const ROOT = fileURLToPath(new URL("../..", import.meta.url));
/** The built CLI, run as a real child process. */
export const CLI = join(ROOT, "dist", "cli.js");

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Run `node dist/cli.js …` as a child process with `input` on stdin. Asynchronous, so a loopback
 * server in the test process keeps answering while the child runs. The environment is the
 * given one only (plus PATH, and a HOME of the test file's own), so the developer's own keys and
 * state never leak into a test.
 */
export function runCli(args: string[], options: { input?: string; env?: Record<string, string>; cwd?: string } = {}): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], {
      cwd: options.cwd ?? ROOT,
      env: { PATH: process.env["PATH"] ?? "", HOME: testHome(), HOOKJUDGE_TRANSCRIPT_ROOTS: process.env["HOOKJUDGE_TRANSCRIPT_ROOTS"] ?? "", ...options.env },
      stdio: ["pipe", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
    // a child that exits without reading stdin (a failed start) closes the pipe: not an error of the test
    child.stdin.on("error", (error: NodeJS.ErrnoException) => {
      if (error.code !== "EPIPE") reject(error);
    });
    child.stdin.end(options.input ?? "");
  });
}

const made: string[] = [];
let home: string | undefined;

/** A HOME for the child processes of one test file, so state never lands in the real one. */
export function testHome(): string {
  return (home ??= temporaryDirectory("hookjudge-home-"));
}

/**
 * The state folder a child process with `env` uses for `project` (the state root in
 * `$HOOKJUDGE_HOME`, `$XDG_STATE_HOME` or the test HOME, then `projects/<name>-<hash>`).
 */
export function stateFolder(project: string, env: Record<string, string | undefined> = {}): string {
  const full = { HOME: testHome(), ...env };
  return join(stateHome(full), "projects", projectStateName(findProjectDir(project, full)));
}

/** Remove every folder {@link temporaryDirectory} made (test/helpers/setup.ts runs it after each file). */
export function removeTemporaryDirectories(): void {
  home = undefined;
  for (const folder of made.splice(0)) rmSync(folder, { recursive: true, force: true });
}

/** A fresh temporary folder, removed after the test file that made it. */
export function temporaryDirectory(prefix = "hookjudge-test-"): string {
  const folder = mkdtempSync(join(tmpdir(), prefix));
  made.push(folder);
  return folder;
}

/** A fixture hook input with its `CWD` and `TRANSCRIPT` placeholders filled. */
export function fixtureInput(name: string, fill: { cwd: string; transcript?: string }): HookInput {
  const text = readFileSync(join(ROOT, "fixtures", "inputs", `${name}.json`), "utf8");
  const filled = text
    .replaceAll("CWD", fill.cwd)
    .replaceAll("TRANSCRIPT", fill.transcript ?? join(fill.cwd, "missing-transcript.jsonl"));
  return JSON.parse(filled) as HookInput;
}

/** Path of a fixture file. */
export function fixturePath(...parts: string[]): string {
  return join(ROOT, "fixtures", ...parts);
}
