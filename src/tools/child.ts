import { spawn } from "node:child_process";

/** What a finished child process left. */
export interface ChildResult {
  stdout: string;
  stderr: string;
  exitCode: number | null;
  /** Why it was stopped early, if it was. */
  stoppedBy?: "timeout" | "deadline";
  /** Bytes of output dropped beyond the cap. */
  droppedBytes: number;
}

/** Options for {@link runChild}. */
export interface RunChildOptions {
  cwd: string;
  env: NodeJS.ProcessEnv;
  /** The run's deadline: aborting it kills the child's whole process group. */
  signal: AbortSignal;
  timeoutMs: number;
  /** Output kept per stream; the rest is drained and counted. */
  maxBytes: number;
}

/**
 * Run a program without a shell in a process group of its own, and kill the whole group on the
 * deadline, on its own timeout, and after it exits (so nothing it started in the background
 * outlives the call).
 */
export function runChild(file: string, args: string[], options: RunChildOptions): Promise<ChildResult> {
  return new Promise((resolve) => {
    if (options.signal.aborted) {
      resolve({ stdout: "", stderr: "", exitCode: null, stoppedBy: "deadline", droppedBytes: 0 });
      return;
    }
    const child = spawn(file, args, { cwd: options.cwd, env: options.env, detached: true, stdio: ["ignore", "pipe", "pipe"] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    let kept = { stdout: 0, stderr: 0 };
    let droppedBytes = 0;
    let stoppedBy: ChildResult["stoppedBy"];
    const collect = (into: Buffer[], stream: "stdout" | "stderr") => (chunk: Buffer) => {
      const room = options.maxBytes - kept[stream];
      if (room > 0) into.push(room >= chunk.length ? chunk : chunk.subarray(0, room));
      kept = { ...kept, [stream]: kept[stream] + Math.min(Math.max(room, 0), chunk.length) };
      droppedBytes += Math.max(0, chunk.length - Math.max(room, 0));
    };
    child.stdout.on("data", collect(out, "stdout"));
    child.stderr.on("data", collect(err, "stderr"));
    const killGroup = () => {
      if (child.pid === undefined) return;
      try {
        process.kill(-child.pid, "SIGKILL");
      } catch {
        // the group is already gone
      }
    };
    const stop = (why: "timeout" | "deadline") => {
      stoppedBy ??= why;
      killGroup();
    };
    const onAbort = () => stop("deadline");
    options.signal.addEventListener("abort", onAbort, { once: true });
    const timer = setTimeout(() => stop("timeout"), options.timeoutMs);
    let settled = false;
    const finish = (exitCode: number | null) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      options.signal.removeEventListener("abort", onAbort);
      // anything the command left running in the background goes with it
      killGroup();
      resolve({
        stdout: Buffer.concat(out).toString("utf8"),
        stderr: Buffer.concat(err).toString("utf8"),
        exitCode,
        ...(stoppedBy ? { stoppedBy } : {}),
        droppedBytes,
      });
    };
    child.on("error", (error) => {
      err.push(Buffer.from(error.message));
      finish(null);
    });
    child.on("close", (code) => finish(code));
  });
}
