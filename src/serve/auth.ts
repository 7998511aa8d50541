import { createHash, createHmac, timingSafeEqual } from "node:crypto";

/** How long a signed request stays valid, either side of the server's clock. @default 300 s */
export const DEFAULT_REPLAY_WINDOW_SECONDS = 300;

/**
 * Whether an `Authorization` header carries `Bearer <token>`. The comparison takes the same time
 * whatever the header holds (both sides are hashed to a fixed length first).
 */
export function bearerMatches(header: string | undefined, token: string): boolean {
  const match = /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(header ?? "");
  const given = createHash("sha256").update(match?.[1] ?? "").digest();
  const expected = createHash("sha256").update(token).digest();
  return timingSafeEqual(given, expected) && match !== null;
}

/** The signature a sender puts in `X-Hookjudge-Signature`: `sha256=` and the hex HMAC of `<timestamp>.<body>`. */
export function signBody(secret: string, timestamp: string, body: Buffer | string): string {
  return `sha256=${createHmac("sha256", secret).update(`${timestamp}.`).update(body).digest("hex")}`;
}

/**
 * Checks signed requests: `X-Hookjudge-Timestamp` (Unix seconds) within the replay window of the
 * server's clock, and `X-Hookjudge-Signature` the HMAC of `<timestamp>.<raw body>`, compared in
 * constant time. A signature already seen inside the window is a replay and is refused.
 */
export class SignatureChecker {
  readonly #seen = new Map<string, number>();

  constructor(
    private readonly secret: string,
    private readonly windowSeconds = DEFAULT_REPLAY_WINDOW_SECONDS,
    private readonly now: () => number = () => Date.now() / 1000,
  ) {}

  /** `undefined` when the request is good, else why it is refused. */
  check(timestamp: string | undefined, signature: string | undefined, body: Buffer): string | undefined {
    if (!timestamp || !/^\d{1,12}$/.test(timestamp)) return "missing or malformed X-Hookjudge-Timestamp (Unix seconds)";
    if (!signature || !/^sha256=[0-9a-f]{64}$/i.test(signature)) return "missing or malformed X-Hookjudge-Signature (sha256=<hex>)";
    const now = this.now();
    if (Math.abs(now - Number(timestamp)) > this.windowSeconds) return `the timestamp is outside the ${this.windowSeconds} s window`;
    const expected = Buffer.from(signBody(this.secret, timestamp, body));
    const given = Buffer.from(signature.toLowerCase());
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return "the signature does not match the body";
    this.#forgetOld(now);
    if (this.#seen.has(given.toString())) return "this signed request was already received (replay)";
    this.#seen.set(given.toString(), Number(timestamp));
    return undefined;
  }

  // entries arrive in about timestamp order, so the stale ones are at the front
  #forgetOld(now: number): void {
    for (const [signature, timestamp] of this.#seen) {
      if (now - timestamp <= this.windowSeconds) break;
      this.#seen.delete(signature);
    }
  }
}
