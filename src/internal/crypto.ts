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

/** The HMAC-SHA-256 of `text` (UTF-8) under `key`, in lower-case hex. */
export function hmacSha256Hex(key: Buffer, text: string): string {
  return nodeCrypto().createHmac("sha256", key).update(text).digest("hex");
}

/** Whether two hex strings are equal, in time that does not depend on where they differ. */
export function sameHex(a: string, b: string): boolean {
  const left = Buffer.from(a, "utf8");
  const right = Buffer.from(b, "utf8");
  return left.length === right.length && nodeCrypto().timingSafeEqual(left, right);
}
