/**
 * Cap a tool result by lines and by bytes, keeping its head, and say what was cut and how to see
 * the rest, so the model can narrow its next call instead of guessing.
 */
export function capOutput(text: string, limits: { lines: number; bytes: number }, hint: string): string {
  const lines = text.split("\n");
  let kept = lines.length > limits.lines ? lines.slice(0, limits.lines) : lines;
  let output = kept.join("\n");
  let cutBytes = false;
  if (Buffer.byteLength(output) > limits.bytes) {
    output = Buffer.from(output).subarray(0, limits.bytes).toString("utf8").replace(/\uFFFD$/, "");
    // drop a partial last line
    const lastNewline = output.lastIndexOf("\n");
    if (lastNewline > 0) output = output.slice(0, lastNewline);
    kept = output.split("\n");
    cutBytes = true;
  }
  if (kept.length === lines.length && !cutBytes) return text;
  const why = cutBytes ? `${limits.bytes} bytes` : `${limits.lines} lines`;
  return `${output}\n[output cut at ${why}: showing ${kept.length} of ${lines.length} lines. ${hint}]`;
}
