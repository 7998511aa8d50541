/**
 * Shorten `text` to at most about `maxChars` characters, keeping its head and tail and putting a
 * visible marker where the middle was cut, so that neither the model nor a reader mistakes a cut
 * value for a whole one.
 */
export function truncateMiddle(text: string, maxChars: number): string {
  if (text.length <= maxChars) return text;
  const cut = text.length - maxChars;
  const marker = `\n[… ${cut.toLocaleString("en-US")} characters cut by hookjudge …]\n`;
  const keep = Math.max(0, maxChars - marker.length);
  const head = Math.ceil(keep * 0.6);
  const tail = keep - head;
  return text.slice(0, head) + marker + (tail > 0 ? text.slice(text.length - tail) : "");
}

/** Shorten a one-line summary, with an ellipsis. */
export function truncateEnd(text: string, maxChars: number): string {
  return text.length <= maxChars ? text : text.slice(0, Math.max(0, maxChars - 1)) + "…";
}

/** Render a value as text for a prompt: strings as they are, anything else as indented JSON. */
export function valueToText(value: unknown): string {
  if (typeof value === "string") return value;
  if (value === undefined) return "";
  return JSON.stringify(value, null, 2) ?? String(value);
}

/** 1-based line number of a character offset in `text`. */
export function lineOfOffset(text: string, offset: number): number {
  let line = 1;
  for (let index = 0; index < offset && index < text.length; index++) {
    if (text.charCodeAt(index) === 10) line++;
  }
  return line;
}
