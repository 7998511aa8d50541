/** Collapse runs of whitespace and trim. */
export function normalizePromise(text: string): string {
  return text.replace(/\s+/g, " ").trim();
}

/**
 * True when `message` ends with the completion promise: `<promise>TEXT</promise>` standing alone on
 * its last non-empty line, with TEXT equal to the promise once whitespace is normalised on both
 * sides. The bare word, a tag with other text on its line, or a tag quoted mid-message do not count.
 */
export function hasPromise(message: string | undefined, promise: string): boolean {
  if (!message) return false;
  const lines = message.split(/\r?\n/).filter((line) => line.trim() !== "");
  const last = lines.at(-1)?.trim();
  if (!last) return false;
  const tag = /^<promise>([\s\S]*)<\/promise>$/.exec(last);
  return tag !== null && normalizePromise(tag[1]!) === normalizePromise(promise);
}
