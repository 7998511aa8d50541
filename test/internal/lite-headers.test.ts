import { describe, expect, it } from "vitest";
import { LiteHeaders } from "../../src/internal/lite-headers.js";

// LiteHeaders stands in for the global Headers in the CLI: it must behave like it
describe("LiteHeaders matches the platform Headers", () => {
  const build = (Class: new (init?: unknown) => Headers | LiteHeaders) => {
    const headers = new Class({ "Content-Type": " application/json ", "X-Two": "a" });
    headers.append("x-two", "b");
    headers.append("Set-Cookie", "a=1");
    headers.append("set-cookie", "b=2");
    headers.set("Retry-After", "2");
    headers.delete("content-type");
    return headers;
  };

  it("gives the same entries, gets and has", () => {
    const platform = build(Headers as never) as Headers;
    const lite = build(LiteHeaders);
    expect([...lite]).toEqual([...platform]);
    for (const name of ["x-two", "X-TWO", "retry-after", "content-type", "set-cookie", "missing"]) {
      expect(lite.get(name)).toBe(platform.get(name));
      expect(lite.has(name)).toBe(platform.has(name));
    }
    expect(lite.getSetCookie()).toEqual(platform.getSetCookie());
    expect([...lite.keys()]).toEqual([...platform.keys()]);
    expect(new LiteHeaders([["a", "1"]]).get("A")).toBe("1");
    expect(new LiteHeaders(lite).get("x-two")).toBe("a, b");
  });

  it("rejects invalid names like the platform", () => {
    expect(() => new Headers({ "bad name": "x" })).toThrow(TypeError);
    expect(() => new LiteHeaders({ "bad name": "x" })).toThrow(TypeError);
  });
});
