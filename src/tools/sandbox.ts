import { realpathSync } from "node:fs";
import { basename, isAbsolute, relative, resolve, sep } from "node:path";

/** Names refused unless the hook allows sensitive files: environment files, keys, credentials. */
const SENSITIVE_NAMES = [
  /^\.env(\..*)?$/i,
  /\.(pem|key|p12|pfx|jks|keystore|asc|gpg)$/i,
  /^id_(rsa|dsa|ecdsa|ed25519)(\.pub)?$/i,
  /^\.(npmrc|pypirc|netrc|pgpass|git-credentials|htpasswd)$/i,
  /^credentials(\.json)?$/i,
  /^(secrets?|service[-_]account)(\.[a-z]+)?$/i,
];
const SENSITIVE_FOLDERS = new Set([".ssh", ".aws", ".gnupg", ".docker", ".kube"]);

/** Glob patterns for ripgrep and tinyglobby that leave sensitive files out. */
export const SENSITIVE_GLOBS = [
  ".env",
  ".env.*",
  "*.pem",
  "*.key",
  "*.p12",
  "*.pfx",
  "*.jks",
  "*.keystore",
  "id_rsa*",
  "id_dsa*",
  "id_ecdsa*",
  "id_ed25519*",
  ".npmrc",
  ".pypirc",
  ".netrc",
  ".pgpass",
  ".git-credentials",
  "credentials",
  "credentials.json",
];

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
  const real = realpathSync.native(requested);
  if (context.transcriptPath !== undefined && real === safeRealpath(context.transcriptPath)) return real;
  if (!isWithin(context.root, real)) {
    const via = real === requested ? "" : ` (it resolves to ${real})`;
    throw new SandboxError(`${path} is outside the project root ${context.root}${via}; only files inside the project can be read`);
  }
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
  const parts = relativePath.split(sep);
  if (parts.some((part) => SENSITIVE_FOLDERS.has(part))) return true;
  const name = basename(relativePath);
  return SENSITIVE_NAMES.some((pattern) => pattern.test(name));
}

function safeRealpath(path: string): string | undefined {
  try {
    return realpathSync.native(path);
  } catch {
    return undefined;
  }
}
