import type * as NodeCrypto from "node:crypto";

// node:crypto loads node:stream and friends, several milliseconds of a hook process's start-up, so
// it is loaded on first use, by the paths that hash or draw random bytes, and only then
let loaded: typeof NodeCrypto | undefined;
const nodeCrypto = (): typeof NodeCrypto => (loaded ??= process.getBuiltinModule("node:crypto"));

/** The SHA-256 of `text` (UTF-8) in lower-case hex. */
export function sha256Hex(text: string): string {
  return nodeCrypto().createHash("sha256").update(text).digest("hex");
}

/** `size` cryptographically strong random bytes. */
export function randomBytes(size: number): Buffer {
  return nodeCrypto().randomBytes(size);
}
