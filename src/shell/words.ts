import type { Word, WordPart } from "unbash";

/**
 * The working folder after `cd target` from `from`: `.`-relative inside the line's start folder,
 * `~`-relative in the home folder, absolute, or `null` when it cannot be known.
 */
export function changeFolder(from: string | null, target: string): string | null {
  if (target === "" || target.includes("$") || /[*?[]/.test(target)) return null;
  if (target === "~" || target.startsWith("~/")) return normalizeFolder(target);
  if (target.startsWith("~")) return null;
  if (target.startsWith("/")) return normalizeFolder(target);
  if (from === null) return null;
  return normalizeFolder(`${from}/${target}`);
}

function normalizeFolder(path: string): string {
  const [head, ...rest] = path.split("/");
  const parts: string[] = [];
  const root = head === "" ? "" : head!;
  for (const part of rest) {
    if (part === "" || part === ".") continue;
    if (part === "..") {
      if (parts.length > 0 && parts.at(-1) !== "..") parts.pop();
      else if (root === "." || root === "..") parts.push("..");
      else if (root === "~") parts.push("..");
    } else parts.push(part);
  }
  if (root === "..") parts.unshift("..");
  const base = root === ".." ? "." : root;
  return parts.length === 0 ? (base === "" ? "/" : base) : `${base}/${parts.join("/")}`;
}

/** A word with no expansion, substitution or glob: its value is fixed before the line runs. */
export function isLiteral(word: Word): boolean {
  return (word.parts ?? []).every(literalPart);
}

/** A word whose only non-literal parts are glob patterns (`src/*.ts`). */
export function isGlobOnly(word: Word): boolean {
  const parts = word.parts ?? [];
  return parts.some((part) => part.type === "Glob") && parts.every((part) => part.type === "Glob" || literalPart(part));
}

function literalPart(part: WordPart): boolean {
  if (part.type === "Literal" || part.type === "SingleQuoted" || part.type === "AnsiCQuoted") return true;
  if (part.type === "DoubleQuoted") return part.parts.every((child) => child.type === "Literal");
  return false;
}

/** The words a computed program word would split into: `${IFS}` as a space, braces expanded. */
export function respell(text: string): string[] | undefined {
  let spelled = text.replace(/\$\{?IFS\}?/g, " ");
  const brace = /^\{([^{}]*,[^{}]*)\}$/.exec(spelled);
  if (brace) spelled = brace[1]!.split(",").join(" ");
  spelled = spelled.replace(/['"\\]/g, "");
  const words = spelled.split(/\s+/).filter(Boolean);
  return words.length > 0 && spelled !== text ? words : undefined;
}

/** What `printf FORMAT ARGS…` prints, for `%s`, `%b` and `%c` (other conversions print their argument as is). */
export function printfText(args: string[]): string {
  const [format, ...values] = args;
  let next = 0;
  const once = (): string => unescape(format!).replace(/%(-?\d*)([sbcdq%])/g, (_, _width: string, kind: string) => (kind === "%" ? "%" : kind === "b" ? unescape(values[next++] ?? "") : (values[next++] ?? "")));
  let text = once();
  // the format repeats while arguments remain
  for (let guard = 0; next < values.length && guard < 64; guard++) text += once();
  return text;
}

/** Decode the escapes `printf` and `echo -e` would: `\x72\x6d` is `rm`. */
export function unescape(text: string): string {
  return text
    .replace(/\\x([0-9a-fA-F]{2})/g, (_, hex: string) => String.fromCharCode(Number.parseInt(hex, 16)))
    .replace(/\\u([0-9a-fA-F]{4})|\\U([0-9a-fA-F]{8})/g, (_, short: string | undefined, long: string | undefined) => String.fromCodePoint(Number.parseInt(short ?? long!, 16)))
    .replace(/\\([0-7]{1,3})/g, (_, octal: string) => String.fromCharCode(Number.parseInt(octal, 8) & 0xff))
    .replace(/\\n/g, "\n");
}

/** The name deny rules match: lower case (case-insensitive file systems run `GIT` as git), versions dropped (`python3.12`). */
export function canonicalName(name: string): string {
  const lower = name.toLowerCase();
  const versioned = /^(python|pypy|node|ruby|perl|php|lua|pwsh|bash|zsh)(\d[\d.]*)$/.exec(lower);
  if (versioned) return versioned[1] === "python" ? (versioned[2]!.startsWith("2") ? "python2" : "python3") : versioned[1]!;
  return lower === "powershell" || lower === "powershell.exe" ? "pwsh" : lower;
}

/** The last segment of a path: the program a path names. */
export function baseName(value: string): string {
  const slash = value.lastIndexOf("/");
  return slash === -1 ? value : value.slice(slash + 1);
}

/** A word quoted for a shell, so reading it again gives the same single word. */
export function quote(value: string): string {
  return /^[\w@%+=:,./-]+$/.test(value) ? value : `'${value.replaceAll("'", "'\\''")}'`;
}
