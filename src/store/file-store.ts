import { readdirSync, readFileSync, renameSync, unlinkSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { withFileLock } from "../internal/lock.js";
import { writeFileAtomic } from "../internal/state.js";
import { asideStamp, type StateStore } from "./store.js";

/**
 * The default store: files under a state folder, written atomically (a temporary file, then a
 * rename), locked with lock files. Instances on one machine, or on a shared folder, can share it.
 * Expiry is read-side: whoever reads an entry with a time-to-live checks its age.
 */
export class FileStore implements StateStore {
  readonly where: string;

  constructor(root: string) {
    this.where = resolve(root);
  }

  #path(key: string): string {
    return join(this.where, ...key.split("/"));
  }

  async read(key: string): Promise<string | undefined> {
    try {
      return readFileSync(this.#path(key), "utf8");
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
      throw error;
    }
  }

  async write(key: string, text: string): Promise<void> {
    writeFileAtomic(this.#path(key), text);
  }

  async remove(key: string): Promise<void> {
    try {
      unlinkSync(this.#path(key));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
    }
  }

  async setAside(key: string): Promise<string> {
    const to = `${this.#path(key)}.corrupt-${asideStamp()}`;
    renameSync(this.#path(key), to);
    return to;
  }

  async list(folder: string): Promise<string[]> {
    const prefix = folder.endsWith("/") ? folder : `${folder}/`;
    try {
      return readdirSync(this.#path(prefix.slice(0, -1)))
        .filter((name) => !name.startsWith("."))
        .sort()
        .map((name) => prefix + name);
    } catch {
      return [];
    }
  }

  withLock<T>(name: string, work: () => Promise<T>): Promise<T> {
    const lockPath = this.#path(`${name}.lock`);
    return withFileLock(lockPath, work, { createFolder: dirname(lockPath) });
  }

  async close(): Promise<void> {}
}
