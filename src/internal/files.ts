import { closeSync, constants, fstatSync, openSync, readFileSync, readlinkSync, realpathSync, statSync } from "node:fs";

/**
 * Open `path` for reading only if it is a regular file. It is opened without blocking, so a FIFO
 * or a device named by an input (a transcript path, a config file in a given folder) can never
 * hang the process; anything but a regular file is refused.
 * @throws the open error (ENOENT, EACCES …), or an Error when it is not a regular file
 */
export function openRegularFile(path: string): number {
  const fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
  if (!fstatSync(fd).isFile()) {
    closeSync(fd);
    throw new Error(`${path} is not a regular file`);
  }
  return fd;
}

/** The whole of a regular file as UTF-8, opened as {@link openRegularFile} does. */
export function readRegularFile(path: string): string {
  const fd = openRegularFile(path);
  try {
    return readFileSync(fd, "utf8");
  } finally {
    closeSync(fd);
  }
}

/** Why {@link openChecked} refused a file. */
export class OpenRefusedError extends Error {
  override name = "OpenRefusedError";
  constructor(
    message: string,
    readonly reason: "symlink" | "not-regular" | "outside" | "secret",
  ) {
    super(message);
  }
}

/**
 * The real path of an open descriptor: `/proc/self/fd/<fd>` on Linux; elsewhere the realpath of
 * `path`, accepted only when it is the very file the descriptor holds (same device and inode).
 * @throws OpenRefusedError when the name no longer leads to the open file
 */
export function descriptorPath(fd: number, path: string): string {
  try {
    return readlinkSync(`/proc/self/fd/${fd}`);
  } catch {
    const real = realpathSync.native(path);
    const open = fstatSync(fd);
    const named = statSync(real);
    if (open.dev !== named.dev || open.ino !== named.ino) throw new OpenRefusedError(`${path} changed while it was opened`, "outside");
    return real;
  }
}

/**
 * Open a file, then check what was opened (never the name, then the file again): opened with
 * `O_NOFOLLOW | O_NONBLOCK` (a final symlink is refused, a FIFO cannot block), the descriptor must
 * be a regular file, and its real path must pass `accept` (inside the root, not a secret …).
 * @returns the open descriptor and its real path; the caller closes it
 * @throws OpenRefusedError, or the file system's error (ENOENT, EACCES …)
 */
export function openChecked(path: string, accept: (realPath: string) => OpenRefusedError | undefined): { fd: number; realPath: string } {
  let fd: number;
  try {
    fd = openSync(path, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ELOOP") throw new OpenRefusedError(`${path} is a symbolic link`, "symlink");
    throw error;
  }
  try {
    if (!fstatSync(fd).isFile()) throw new OpenRefusedError(`${path} is not a regular file`, "not-regular");
    const realPath = descriptorPath(fd, path);
    const refusal = accept(realPath);
    if (refusal) throw refusal;
    return { fd, realPath };
  } catch (error) {
    closeSync(fd);
    throw error;
  }
}
