import { closeSync, realpathSync } from "node:fs";
import { isAbsolute, relative, resolve, sep } from "node:path";
import { openChecked, OpenRefusedError } from "../internal/files.js";
import { isSecretPath, SECRET_GLOBS } from "../internal/secrets.js";
import { transcriptRoots } from "../template/transcript.js";
import { toolError, type ToolResult } from "./types.js";

/** Globs for the search tools' exclusions (a first filter; results are checked by name again). */
export const SENSITIVE_GLOBS = SECRET_GLOBS;

/** Why a path was refused, in words the model can act on. */
export class SandboxError extends Error {
  override name = "SandboxError";
}

/**
 * Resolve a path the verifier asked for: relative paths against the root; then realpath, so `..`
 * and symlinks are followed to where they really lead; the result must be inside the root (or be
 * the session transcript), and must not be a sensitive file unless allowed.
 * @throws SandboxError with the reason, or the file system's error for a missing path.
 */
export function resolveInside(
  path: string,
  context: SandboxContext,
): string {
  if (path.includes("\0")) throw new SandboxError("the path contains a NUL byte");
  const requested = isAbsolute(path) ? resolve(path) : resolve(context.root, path);
  const transcript = context.transcriptPath === undefined ? undefined : resolve(context.transcriptPath);
  const outside = () => new SandboxError(`${path} is outside the project root ${context.root}; only files inside the project can be read`);
  // refused before the file system is asked, so that nothing outside answers whether it exists
  if (requested !== transcript && !isWithin(context.root, requested)) throw outside();
  const real = realpathSync.native(requested);
  if (transcript !== undefined && requested === transcript) {
    // the transcript is readable outside the root only where transcripts live (see transcriptRoots)
    if (!transcriptRoots(context.root).some((root) => isWithin(root, real))) throw outside();
    return real;
  }
  if (!isWithin(context.root, real)) throw outside();
  if (!context.allowSensitiveFiles && isSensitive(relative(context.root, real))) {
    throw new SandboxError(`${path} may hold secrets (environment files, keys and credentials are not readable by this verifier)`);
  }
  return real;
}

/** True when `path` is `root` or below it. */
export function isWithin(root: string, path: string): boolean {
  return path === root || path.startsWith(root.endsWith(sep) ? root : root + sep);
}

/** True for a path (relative to the root) that names a file that may hold secrets (see `internal/secrets.ts`). */
export function isSensitive(relativePath: string): boolean {
  return isSecretPath(relativePath);
}

/** Options of the sandbox shared by the tools. */
type SandboxContext = { root: string; transcriptPath?: string; allowSensitiveFiles: boolean };

/**
 * Open a file a tool was given, checking the opened descriptor (not the name): resolved as
 * {@link resolveInside} does, opened with O_NOFOLLOW|O_NONBLOCK, regular files only, and its real
 * path inside the root (or the transcript) and not a secret. A symlink swapped in after the
 * check leads nowhere: what is checked is what was opened.
 * @returns the descriptor (the caller closes it) and its real path, or the tool's answer saying why not
 */
export function openForTool(path: string, context: SandboxContext): { fd: number; realPath: string } | ToolResult {
  const resolved = resolveForTool(path, context);
  if (typeof resolved !== "string") return resolved;
  const transcript = context.transcriptPath === undefined ? undefined : realOrSelf(context.transcriptPath);
  try {
    return openChecked(resolved, (real) => {
      if (real === transcript) return undefined;
      if (!isWithin(context.root, real)) return new OpenRefusedError(`${path} is outside the project root ${context.root}`, "outside");
      if (!context.allowSensitiveFiles && isSensitive(relative(context.root, real))) {
        return new OpenRefusedError(`${path} may hold secrets (environment files, keys and credentials are not readable by this verifier)`, "secret");
      }
      return undefined;
    });
  } catch (error) {
    if (error instanceof OpenRefusedError) {
      if (error.reason === "not-regular") return toolError(`${path} is not a regular file (pipes, sockets and devices are refused)`);
      return toolError(`refused: ${error.message}`);
    }
    return toolError(describePathError(path, error));
  }
}

/** Close a descriptor from {@link openForTool}. */
export function closeQuietly(fd: number): void {
  try {
    closeSync(fd);
  } catch {
    // already closed
  }
}

function realOrSelf(path: string): string {
  try {
    return realpathSync.native(path);
  } catch {
    return resolve(path);
  }
}

/**
 * A path a tool was given, resolved inside the sandbox; or, when it cannot be used, the tool's
 * answer saying why (refused by the sandbox, missing, unreadable).
 */
export function resolveForTool(
  path: string,
  context: SandboxContext,
): string | ToolResult {
  try {
    return resolveInside(path, context);
  } catch (error) {
    return toolError(describePathError(path, error));
  }
}

/** A path error in words: refused by the sandbox, or missing. */
function describePathError(path: string, error: unknown): string {
  if (error instanceof SandboxError) return `refused: ${error.message}`;
  const code = (error as NodeJS.ErrnoException).code;
  if (code === "ENOENT") return `${path} does not exist`;
  if (code === "EACCES") return `${path} cannot be read (permission denied)`;
  return `${path} cannot be read: ${(error as Error).message}`;
}
