import { realpathSync } from "node:fs";
import { basename, isAbsolute, relative, resolve, sep } from "node:path";
import { toolError, type ToolResult } from "./types.js";

/**
 * Sensitive files, as globs on a file's name (matched case-insensitively): environment files,
 * keys, credentials. The one list feeds the name check and the search tools' exclusions.
 */
export const SENSITIVE_GLOBS = [
  ".env",
  ".env.*",
  "*.pem",
  "*.key",
  "*.p12",
  "*.pfx",
  "*.jks",
  "*.keystore",
  "*.asc",
  "*.gpg",
  "id_rsa*",
  "id_dsa*",
  "id_ecdsa*",
  "id_ed25519*",
  ".npmrc",
  ".pypirc",
  ".netrc",
  ".pgpass",
  ".git-credentials",
  ".htpasswd",
  "credentials",
  "credentials.json",
  "secret",
  "secrets",
  "secret.*",
  "secrets.*",
  "service-account*",
  "service_account*",
];
/** Folders whose whole content is sensitive (and `.git`, whose config can hold tokens). */
export const SENSITIVE_FOLDERS = [".ssh", ".aws", ".gnupg", ".docker", ".kube", ".git"];

const SENSITIVE_NAMES = SENSITIVE_GLOBS.map(
  (glob) => new RegExp(`^${glob.split("*").map((part) => part.replace(/[.+?^${}()|[\]\\]/g, "\\$&")).join(".*")}$`, "i"),
);
const SENSITIVE_FOLDER_SET = new Set(SENSITIVE_FOLDERS);

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
  context: { root: string; transcriptPath?: string; allowSensitiveFiles: boolean },
): string {
  if (path.includes("\0")) throw new SandboxError("the path contains a NUL byte");
  const requested = isAbsolute(path) ? resolve(path) : resolve(context.root, path);
  const transcript = context.transcriptPath === undefined ? undefined : resolve(context.transcriptPath);
  const outside = () => new SandboxError(`${path} is outside the project root ${context.root}; only files inside the project can be read`);
  // refused before the file system is asked, so that nothing outside answers whether it exists
  if (requested !== transcript && !isWithin(context.root, requested)) throw outside();
  const real = realpathSync.native(requested);
  if (transcript !== undefined && requested === transcript) return real;
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

/** True for a path (relative to the root) that names a sensitive file or lies in a credentials folder. */
export function isSensitive(relativePath: string): boolean {
  const parts = relativePath.split(/[\\/]/);
  if (parts.some((part) => SENSITIVE_FOLDER_SET.has(part.toLowerCase()))) return true;
  const name = basename(relativePath);
  return SENSITIVE_NAMES.some((pattern) => pattern.test(name));
}

/**
 * A path a tool was given, resolved inside the sandbox; or, when it cannot be used, the tool's
 * answer saying why (refused by the sandbox, missing, unreadable).
 */
export function resolveForTool(
  path: string,
  context: { root: string; transcriptPath?: string; allowSensitiveFiles: boolean },
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
