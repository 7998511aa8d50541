import { closeSync, openSync, statSync, unlinkSync, writeSync } from "node:fs";
import { HookJudgeError } from "../errors.js";

/** Options for {@link withFileLock}. */
export interface LockOptions {
  /** Give up after this long. @default 10_000 */
  timeoutMs?: number;
  /** A lock older than this is taken to be left by a process that died. @default 30_000 */
  staleMs?: number;
}

const sleeper = new Int32Array(new SharedArrayBuffer(4));

/**
 * Run `work` while holding an exclusive lock file (created with O_EXCL, so only one process can
 * hold it). Waits with short random pauses; a lock older than `staleMs` is broken. Synchronous on
 * purpose: the work it guards is a read-modify-write of one small file.
 * @throws HookJudgeError `state` when the lock cannot be had in time.
 */
export function withFileLock<T>(lockPath: string, work: () => T, options: LockOptions = {}): T {
  const deadline = Date.now() + (options.timeoutMs ?? 10_000);
  const staleMs = options.staleMs ?? 30_000;
  let fd: number | undefined;
  while (fd === undefined) {
    try {
      fd = openSync(lockPath, "wx");
      writeSync(fd, String(process.pid));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      breakIfStale(lockPath, staleMs);
      if (Date.now() > deadline) throw new HookJudgeError("state", `could not lock ${lockPath}: another hookjudge process holds it`);
      Atomics.wait(sleeper, 0, 0, 2 + Math.floor(Math.random() * 8));
    }
  }
  try {
    return work();
  } finally {
    closeSync(fd);
    try {
      unlinkSync(lockPath);
    } catch {
      // already broken as stale by another process
    }
  }
}

function breakIfStale(lockPath: string, staleMs: number): void {
  try {
    if (Date.now() - statSync(lockPath).mtimeMs > staleMs) unlinkSync(lockPath);
  } catch {
    // gone already
  }
}
