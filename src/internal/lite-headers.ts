/**
 * A small `Headers` for the CLI process. Node's global `Headers` loads undici's whole HTTP stack
 * (over 10 ms per process on these machines) although hookjudge sends requests with node:http;
 * the bin installs this class instead, before any request. It follows the Fetch standard's
 * observable behaviour for what the SDK uses: case-insensitive names, values trimmed, several
 * values joined with ", ", iteration sorted by lower-case name, `set-cookie` kept apart.
 */
export class LiteHeaders {
  readonly #values = new Map<string, string[]>();

  constructor(init?: unknown) {
    if (init === undefined || init === null) return;
    const entries: Iterable<unknown> =
      typeof (init as Iterable<unknown>)[Symbol.iterator] === "function"
        ? (init as Iterable<unknown>)
        : Object.entries(init as Record<string, unknown>);
    for (const entry of entries) {
      const pair = entry as [unknown, unknown];
      if (!Array.isArray(pair) || pair.length !== 2) throw new TypeError("Headers: each entry must be a [name, value] pair");
      this.append(String(pair[0]), String(pair[1]));
    }
  }

  append(name: string, value: string): void {
    const key = checkName(name);
    const list = this.#values.get(key);
    if (list) list.push(normalize(value));
    else this.#values.set(key, [normalize(value)]);
  }

  set(name: string, value: string): void {
    this.#values.set(checkName(name), [normalize(value)]);
  }

  delete(name: string): void {
    this.#values.delete(checkName(name));
  }

  has(name: string): boolean {
    return this.#values.has(checkName(name));
  }

  get(name: string): string | null {
    return this.#values.get(checkName(name))?.join(", ") ?? null;
  }

  getSetCookie(): string[] {
    return [...(this.#values.get("set-cookie") ?? [])];
  }

  forEach(callback: (value: string, name: string, headers: LiteHeaders) => void, thisArgument?: unknown): void {
    for (const [name, value] of this) callback.call(thisArgument, value, name, this);
  }

  *entries(): IterableIterator<[string, string]> {
    for (const name of [...this.#values.keys()].sort()) {
      const list = this.#values.get(name)!;
      if (name === "set-cookie") for (const value of list) yield [name, value];
      else yield [name, list.join(", ")];
    }
  }

  *keys(): IterableIterator<string> {
    for (const [name] of this.entries()) yield name;
  }

  *values(): IterableIterator<string> {
    for (const [, value] of this.entries()) yield value;
  }

  [Symbol.iterator](): IterableIterator<[string, string]> {
    return this.entries();
  }

  get [Symbol.toStringTag](): string {
    return "Headers";
  }
}

const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;

function checkName(name: string): string {
  if (!TOKEN.test(name)) throw new TypeError(`Headers: invalid header name ${JSON.stringify(name)}`);
  return name.toLowerCase();
}

function normalize(value: string): string {
  return String(value).replace(/^[\t\n\r ]+|[\t\n\r ]+$/g, "");
}

/**
 * Stands in for the global `FormData`, which the SDK only tests against (`body instanceof
 * FormData`) and the CLI never sends: reading the real one would load undici.
 */
class NoFormData {
  constructor() {
    throw new TypeError("FormData is not available in the hookjudge CLI process");
  }

  static [Symbol.hasInstance](): boolean {
    return false;
  }
}

/**
 * Put {@link LiteHeaders} and a `FormData` placeholder in place of the globals of this process,
 * so that undici never loads. For the CLI's process only; the library leaves globals alone.
 */
export function installLiteHeaders(): void {
  for (const [name, value] of [
    ["Headers", LiteHeaders],
    ["FormData", NoFormData],
  ] as const) {
    Object.defineProperty(globalThis, name, { value, writable: true, configurable: true, enumerable: false });
  }
}
