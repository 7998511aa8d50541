import { execFileSync, spawn } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

/** The cache the hosts are installed into (`$HOOKJUDGE_E2E_CACHE`, else `~/.cache/hookjudge-e2e`), never the package's dependencies. */
export const e2eCache = () => process.env["HOOKJUDGE_E2E_CACHE"] ?? join(homedir(), ".cache", "hookjudge-e2e");

/**
 * Install `spec` from the npm registry into `<cache>/<folder>` unless `probe` (a path inside
 * that folder) exists already; install scripts are skipped. Returns the folder.
 */
export function installIntoCache(folder: string, spec: string, probe: string, extraArgs: string[] = []): string {
  const prefix = join(e2eCache(), folder);
  if (existsSync(join(prefix, probe))) return prefix;
  mkdirSync(prefix, { recursive: true });
  try {
    execFileSync("npm", ["install", "--prefix", prefix, "--no-save", "--ignore-scripts", "--no-audit", "--no-fund", ...extraArgs, spec], { stdio: ["ignore", "ignore", "pipe"], timeout: 600_000 });
  } catch (error) {
    throw new Error(`the host end-to-end tests need ${spec} from the npm registry, and installing it into ${prefix} failed: ${(error as Error).message}`);
  }
  if (!existsSync(join(prefix, probe))) throw new Error(`${spec} installed into ${prefix}, but ${probe} is missing (is ${process.platform}-${process.arch} supported?)`);
  return prefix;
}

/** What a host process left. */
export interface ProcessRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  /** Whether the hard kill timeout fired. */
  timedOut: boolean;
}

/** Run a process to its end with only the given environment, killing it (SIGKILL) after `timeoutMs`. */
export function runProcess(command: string, args: string[], options: { cwd: string; env: Record<string, string>; timeoutMs: number; input?: string }): Promise<ProcessRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: options.cwd, env: options.env, stdio: ["pipe", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    let timedOut = false;
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill("SIGKILL");
    }, options.timeoutMs);
    child.on("error", (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr, timedOut });
    });
    child.stdin.end(options.input ?? "");
  });
}

/** What the recording hook answers on one call; nothing set = exit 0 with no output. */
export interface HookAnswer {
  /** Printed on stdout; an object is printed as JSON. */
  stdout?: string | Record<string, unknown>;
  stderr?: string;
  /** @default 0 */
  code?: number;
  /** Wait this long (milliseconds) before writing anything. @default 0 */
  sleepMs?: number;
  /** Wait this long (milliseconds) after writing, before exiting. @default 0 */
  lingerMs?: number;
}

const RECORD_HOOK = fileURLToPath(new URL("./record-hook.mjs", import.meta.url));
const quote = (text: string) => `'${text.replaceAll("'", "'\\''")}'`;

/**
 * A plain command hook in `folder`: each call's stdin is saved under a label, and the answers
 * are scripted per label (one for every call, or a list by call number).
 */
export function createRecorder(folder: string) {
  mkdirSync(folder, { recursive: true });
  const answers: Record<string, HookAnswer | HookAnswer[]> = {};
  return {
    folder,
    /** The shell command that runs the recording hook under this label. */
    command: (label: string) => `${quote(process.execPath)} ${quote(RECORD_HOOK)} ${quote(folder)} ${quote(label)}`,
    /** Script the answers for a label: one answer for every call, or several taken in call order. */
    answer(label: string, ...scripted: HookAnswer[]) {
      answers[label] = scripted.length === 1 ? scripted[0]! : scripted;
      writeFileSync(join(folder, "answers.json"), JSON.stringify(answers));
    },
    /** The stdin payloads recorded under a label, parsed, in call order. */
    payloads(label: string): Array<Record<string, unknown>> {
      return readdirSync(folder)
        .filter((name) => name.startsWith(`${label}-`) && name.endsWith(".json"))
        .map((name) => ({ name, call: Number(name.slice(label.length + 1, -5)) }))
        .sort((a, b) => a.call - b.call)
        .map(({ name }) => JSON.parse(readFileSync(join(folder, name), "utf8")) as Record<string, unknown>);
    },
  };
}

/** The recorder type, for harness options. */
export type Recorder = ReturnType<typeof createRecorder>;
