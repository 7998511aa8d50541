import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { findDuplicateKey } from "../../src/internal/json-duplicate-keys.js";

describe("findDuplicateKey", () => {
  it("finds a key given twice in one object, wherever the object is", () => {
    expect(findDuplicateKey('{"ok":false,"reason":"x","ok":true}')).toEqual({ key: "ok", path: [], offset: 25 });
    expect(findDuplicateKey('{"a":[1,{"b":1,"c":{},"b":2}]}')).toEqual({ key: "b", path: ["a", 1], offset: 22 });
    expect(findDuplicateKey('{ "a" : { "x" : 1 } , "b" : { "x" : 2 , "x" : 3 } }')).toMatchObject({ key: "x", path: ["b"] });
  });

  it("compares keys decoded, so an escape cannot hide a repeat", () => {
    expect(findDuplicateKey('{"ok":false,"o\\u006b":true}')).toMatchObject({ key: "ok" });
    expect(findDuplicateKey('{"a\\/b":1,"a/b":2}')).toMatchObject({ key: "a/b" });
    expect(findDuplicateKey('{"__proto__":1,"__proto__":2}')).toMatchObject({ key: "__proto__" });
  });

  it("does not take equal keys in different objects, or key-like text inside strings, for a repeat", () => {
    expect(findDuplicateKey('{"a":{"ok":1},"b":{"ok":2}}')).toBeUndefined();
    expect(findDuplicateKey('[{"ok":1},{"ok":2}]')).toBeUndefined();
    expect(findDuplicateKey('{"reason":"\\"ok\\":true, \\"ok\\":false","ok":true}')).toBeUndefined();
    expect(findDuplicateKey('{"OK":1,"ok":2}')).toBeUndefined();
    expect(findDuplicateKey("  [1, -2.5e+3, true, false, null, \"x\", {}, []]\n")).toBeUndefined();
  });

  it("refuses text that is not one JSON value", () => {
    for (const bad of ["", "{", '{"a"}', '{"a":1,}', "[1,]", "{'a':1}", '{"a":1}{"b":2}', '"\\x"', '"\u0001"', "01", "-", "tru", '{"a":1 "b":2}', "[1 2]"]) {
      expect(() => findDuplicateKey(bad), bad).toThrow(SyntaxError);
    }
  });

  it("survives nesting deeper than the call stack", () => {
    const deep = "[".repeat(200_000) + "]".repeat(200_000);
    expect(findDuplicateKey(deep)).toBeUndefined();
  });

  it("agrees with JSON.parse: any serialised value parses, has no repeat, and one injected repeat is found", () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const text = JSON.stringify(value);
        expect(findDuplicateKey(text)).toBeUndefined();
        expect(findDuplicateKey(JSON.stringify(value, null, 2))).toBeUndefined();
      }),
    );
    fc.assert(
      fc.property(fc.dictionary(fc.string(), fc.jsonValue(), { minKeys: 1 }), fc.jsonValue(), (object, extra) => {
        const key = Object.keys(object)[0]!;
        const text = JSON.stringify(object).slice(0, -1) + `,${JSON.stringify(key)}:${JSON.stringify(extra)}}`;
        expect(findDuplicateKey(text)).toMatchObject({ key, path: [] });
      }),
    );
  });
});
