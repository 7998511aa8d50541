import { hostname } from "node:os";
import { closeSync, mkdirSync, openSync, readFileSync, renameSync, statSync, unlinkSync, writeSync } from "node:fs";
import { randomBytes } from "./crypto.js";
import { HookJudgeError } from "../errors.js";

/** Options for {@link withFileLock}. */
export interface LockOptions {
  /** Give up after this long. @default 10_000 */
  timeoutMs?: number;
  /**
   * A lock older than this is taken to be left by a process that died (the work it guards takes
   * milliseconds). A lock whose holder is known to be dead is broken at once.
   * @default 3_000
   */
  staleMs?: number;
  /** Create this folder when it is missing (the lock file's own). */
  createFolder?: string;
}

/**
 * Run `work` while holding an exclusive lock file (created with O_EXCL, so only one process can
 * hold it; it records the holder's host, pid and a random token). Waits with short random pauses.
 * A lock whose holder is dead (on this host), or that is older than `staleMs`, is broken — by
 * renaming it away and checking that the lock renamed is the one judged stale (by its token, never
 * by an inode number the file system may reuse), so two waiters never both break it; and a holder
 * removes the lock only while it still holds its own token.
 * @throws HookJudgeError `state` when the lock cannot be had in time.
 */
export async function withFileLock<T>(lockPath: string, work: () => Promise<T>, options: LockOptions = {}): Promise<T> {
  const deadline = Date.now() + (options.timeoutMs ?? 10_000);
  const staleMs = options.staleMs ?? 3_000;
  // host and pid tell who holds it; the random part tells this holding from an earlier one
  const mark = `${hostname()}:${process.pid}:${Math.random().toString(36).slice(2)}`;
  let fd: number | undefined;
  while (fd === undefined) {
    try {
      fd = openSync(lockPath, "wx");
      writeSync(fd, mark);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === "ENOENT" && options.createFolder !== undefined) {
        mkdirSync(options.createFolder, { recursive: true });
        continue;
      }
      if (code !== "EEXIST") throw error;
      breakIfStale(lockPath, staleMs);
      if (Date.now() > deadline) throw new HookJudgeError("state", `could not lock ${lockPath}: another hookjudge process holds it`);
      await new Promise((resolve) => setTimeout(resolve, 2 + Math.floor(Math.random() * 8)));
    }
  }
  try {
    return await work();
  } finally {
    closeSync(fd);
    // remove the lock only if it is still ours
    try {
      if (readFileSync(lockPath, "utf8") === mark) unlinkSync(lockPath);
    } catch {
      // already gone
    }
  }
}

function breakIfStale(lockPath: string, staleMs: number): void {
  let info;
  let holder: string;
  try {
    info = statSync(lockPath);
    holder = readFileSync(lockPath, "utf8");
  } catch {
    return;
  }
  // a pid says whether its process lives only on the host that wrote it
  const [host, pidText] = holder.split(":");
  const pid = Number.parseInt(pidText ?? "", 10);
  const dead = host === hostname() && Number.isInteger(pid) && pid > 0 && !isAlive(pid);
  if (!dead && Date.now() - info.mtimeMs <= staleMs) return;
  const aside = `${lockPath}.stale-${randomBytes(4).toString("hex")}`;
  try {
    renameSync(lockPath, aside);
  } catch {
    return;
  }
  try {
    // another waiter may have broken it and a new holder taken it: then put that one back
    if (readFileSync(aside, "utf8") !== holder) renameSync(aside, lockPath);
    else unlinkSync(aside);
  } catch {
    // gone meanwhile
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}
