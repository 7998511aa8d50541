/** A key that appears twice in one JSON object, where the second occurrence starts. */
export interface DuplicateKey {
  /** The key, decoded (`"o\u006b"` and `"ok"` are the same key). */
  key: string;
  /** Where the object holding it sits, as JSON-pointer-like segments (`[]` for the top level). */
  path: Array<string | number>;
  /** Offset in the text of the second occurrence. */
  offset: number;
}

const WHITESPACE = new Set([" ", "\t", "\n", "\r"]);

interface ObjectFrame {
  kind: "object";
  keys: Set<string>;
  /** The key whose value is being read, once its colon is past. */
  key: string | undefined;
}
interface ArrayFrame {
  kind: "array";
  index: number;
}

/**
 * Find the first key repeated inside one JSON object. `JSON.parse` keeps the last of two equal
 * keys without a word, so `{"ok":false,"reason":"x","ok":true}` reads as `ok: true`; a strict
 * reader refuses such text instead. This is a tokenizer over the text (strings, escapes, numbers,
 * literals, nesting), iterative so that deep nesting cannot overflow the stack. Throws a
 * `SyntaxError` with the offset when the text is not one JSON value.
 */
export function findDuplicateKey(text: string): DuplicateKey | undefined {
  const stack: Array<ObjectFrame | ArrayFrame> = [];
  let position = 0;

  const fail = (expected: string): never => {
    const found = position < text.length ? JSON.stringify(text[position]) : "the end of the text";
    throw new SyntaxError(`expected ${expected} at offset ${position}, found ${found}`);
  };
  const skipWhitespace = () => {
    while (position < text.length && WHITESPACE.has(text[position]!)) position += 1;
  };
  const readString = (): string => {
    const start = position;
    if (text[position] !== '"') fail("a string");
    position += 1;
    while (position < text.length) {
      const char = text[position]!;
      if (char === '"') {
        position += 1;
        // the token is checked character by character above, so JSON.parse only decodes it
        return JSON.parse(text.slice(start, position)) as string;
      }
      if (char === "\\") {
        const escape = text[position + 1];
        if (escape === "u") {
          if (!/^[0-9a-fA-F]{4}$/.test(text.slice(position + 2, position + 6))) {
            position += 2;
            fail("four hex digits after \\u");
          }
          position += 6;
        } else if (escape !== undefined && '"\\/bfnrt'.includes(escape)) {
          position += 2;
        } else {
          position += 1;
          fail("a valid escape");
        }
        continue;
      }
      if (char.charCodeAt(0) < 0x20) fail("no control character inside a string");
      position += 1;
    }
    return fail('a closing "');
  };
  const readNumber = () => {
    const match = /^-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?/.exec(text.slice(position, position + 400));
    if (!match || match[0] === "" || match[0] === "-") fail("a value");
    position += match![0].length;
  };
  const pathOf = (): Array<string | number> =>
    stack.slice(0, -1).map((frame) => (frame.kind === "object" ? frame.key! : frame.index));

  // true while a value is expected next (after `[`, `,` in an array, `:` or at the start)
  let expectValue = true;
  for (;;) {
    skipWhitespace();
    const top = stack[stack.length - 1];
    if (expectValue) {
      const char = text[position];
      if (char === "{") {
        position += 1;
        stack.push({ kind: "object", keys: new Set(), key: undefined });
        skipWhitespace();
        if (text[position] === "}") {
          position += 1;
          stack.pop();
          expectValue = false;
          continue;
        }
        const duplicate = readKey(stack[stack.length - 1] as ObjectFrame);
        if (duplicate) return duplicate;
        continue;
      }
      if (char === "[") {
        position += 1;
        stack.push({ kind: "array", index: 0 });
        skipWhitespace();
        if (text[position] === "]") {
          position += 1;
          stack.pop();
          expectValue = false;
        }
        continue;
      }
      if (char === '"') readString();
      else if (text.startsWith("true", position)) position += 4;
      else if (text.startsWith("false", position)) position += 5;
      else if (text.startsWith("null", position)) position += 4;
      else readNumber();
      expectValue = false;
      continue;
    }
    // a value has just ended
    if (!top) {
      if (position < text.length) fail("the end of the text");
      return undefined;
    }
    const char = text[position];
    if (top.kind === "array") {
      if (char === ",") {
        position += 1;
        top.index += 1;
        expectValue = true;
      } else if (char === "]") {
        position += 1;
        stack.pop();
      } else {
        fail('"," or "]"');
      }
      continue;
    }
    if (char === ",") {
      position += 1;
      skipWhitespace();
      const duplicate = readKey(top);
      if (duplicate) return duplicate;
    } else if (char === "}") {
      position += 1;
      stack.pop();
    } else {
      fail('"," or "}"');
    }
  }

  // reads `"key" :` and leaves a value expected; returns the key when the object already has it
  function readKey(frame: ObjectFrame): DuplicateKey | undefined {
    const offset = position;
    const key = readString();
    skipWhitespace();
    if (text[position] !== ":") fail('":"');
    position += 1;
    if (frame.keys.has(key)) return { key, path: pathOf(), offset };
    frame.keys.add(key);
    frame.key = key;
    expectValue = true;
    return undefined;
  }
}
