import { closeSync, constants, fstatSync, openSync, readFileSync } from "node:fs";

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
