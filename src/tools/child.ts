
/** What a finished child process left. */
export interface ChildResult {
  /** Standard output: its head and its tail when it was long, with a marker between. */
  stdout: string;
  stderr: string;
  exitCode: number | null;
  /** Why it was stopped early, if it was. */
  stoppedBy?: "timeout" | "deadline";
  /** Bytes of output left out between the heads and the tails. */
  droppedBytes: number;
}

/** Options for {@link runChild}. */
export interface RunChildOptions {
  cwd: string;
  env: NodeJS.ProcessEnv;
  /** The run's deadline: aborting it kills the child's whole process group. */
  signal: AbortSignal;
  timeoutMs: number;
  /** Output kept per stream: half from its start, half from its end (test summaries come last). */
  maxBytes: number;
}

/** Keeps the first and the last bytes of a stream, and counts what lies between. */
class HeadTail {
  readonly #head: Buffer[] = [];
  #headBytes = 0;
  #tail = Buffer.alloc(0);
  dropped = 0;

  constructor(private readonly half: number) {}

  push(chunk: Buffer): void {
    if (this.#headBytes < this.half) {
      const take = chunk.subarray(0, this.half - this.#headBytes);
      this.#head.push(take);
      this.#headBytes += take.length;
      chunk = chunk.subarray(take.length);
    }
    if (chunk.length === 0) return;
    const joined = Buffer.concat([this.#tail, chunk]);
    this.dropped += Math.max(0, joined.length - this.half);
    this.#tail = joined.subarray(Math.max(0, joined.length - this.half));
  }

  text(): string {
    const head = Buffer.concat(this.#head).toString("utf8");
    const tail = this.#tail.toString("utf8");
    return this.dropped > 0 ? `${head}\n[… ${this.dropped} bytes cut …]\n${tail}` : head + tail;
  }
}

/**
 * Run a program without a shell in a process group of its own, and kill the whole group on the
 * deadline, on its own timeout, and as soon as it exits (so nothing it started in the background
 * outlives the call, or holds its output open).
 */
export function runChild(file: string, args: string[], options: RunChildOptions): Promise<ChildResult> {
  return new Promise((resolve) => {
    if (options.signal.aborted) {
      resolve({ stdout: "", stderr: "", exitCode: null, stoppedBy: "deadline", droppedBytes: 0 });
      return;
    }
    // node:child_process (and node:net) load on the first command, not in every hook process
    const { spawn } = process.getBuiltinModule("node:child_process");
    const child = spawn(file, args, { cwd: options.cwd, env: options.env, detached: true, stdio: ["ignore", "pipe", "pipe"] });
    const out = new HeadTail(Math.floor(options.maxBytes / 2));
    const err = new HeadTail(Math.floor(options.maxBytes / 2));
    let stoppedBy: ChildResult["stoppedBy"];
    child.stdout.on("data", (chunk: Buffer) => out.push(chunk));
    child.stderr.on("data", (chunk: Buffer) => err.push(chunk));
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
    let exitCode: number | null = null;
    let settled = false;
    const finish = () => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      options.signal.removeEventListener("abort", onAbort);
      killGroup();
      resolve({ stdout: out.text(), stderr: err.text(), exitCode, ...(stoppedBy ? { stoppedBy } : {}), droppedBytes: out.dropped + err.dropped });
    };
    // when the program exits, whatever it left in the background goes too; then its pipes close
    child.on("exit", (code) => {
      exitCode = code;
      killGroup();
    });
    child.on("error", (error) => {
      err.push(Buffer.from(error.message));
      finish();
    });
    child.on("close", () => finish());
  });
}

/** The only variables a verifier's command inherits, by name, and the `LC_*` family. */
export const ALLOWED_ENV_NAMES = ["PATH", "HOME", "LANG", "TERM", "TMPDIR", "USER", "SHELL"] as const;

/**
 * The environment a verifier's command runs with: only {@link ALLOWED_ENV_NAMES} and `LC_*` from
 * `from`, plus `extra`. Keys, tokens and every `ANTHROPIC_*` / `HOOKJUDGE_*` variable stay out:
 * a command the model runs must not be able to print the judge's credentials.
 */
export function verifierEnvironment(extra: Record<string, string> = {}, from: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(from)) {
    if (value === undefined) continue;
    if ((ALLOWED_ENV_NAMES as readonly string[]).includes(name) || /^LC_[A-Z_]+$/.test(name)) env[name] = value;
  }
  return { ...env, ...extra };
}
