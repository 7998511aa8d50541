import { createHash } from "node:crypto";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { sha256Hex } from "../../src/internal/crypto.js";

const reference = (text: string) => createHash("sha256").update(text).digest("hex");

describe("sha256Hex", () => {
  it("matches node:crypto at the padding edges and on multi-byte text", () => {
    for (const text of ["", "abc", "a".repeat(55), "a".repeat(56), "a".repeat(63), "a".repeat(64), "a".repeat(119), "é🙂\u0000", "x".repeat(4096)]) expect(sha256Hex(text), text.slice(0, 20)).toBe(reference(text));
  });

  it("matches node:crypto on any text", () => {
    fc.assert(fc.property(fc.string({ unit: "grapheme", maxLength: 400 }), (text) => sha256Hex(text) === reference(text)), { numRuns: 1000, seed: 20261203 });
  });
});
