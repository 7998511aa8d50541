// Small helpers shared by the benchmarks: order statistics and Markdown tables.

/** The value at quantile `q` (0..1) of `values`, by nearest rank. */
export function quantile(values, q) {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil(q * sorted.length)));
  return sorted[rank - 1];
}

/** The median of `values` (the mean of the two middle values for an even count). */
export function median(values) {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/** Milliseconds with a precision that suits the size. */
export function ms(value) {
  if (!Number.isFinite(value)) return "—";
  if (value < 10) return value.toFixed(3);
  if (value < 100) return value.toFixed(1);
  return value.toFixed(0);
}

/** A ratio such as `1.84×`. */
export function ratio(value) {
  return Number.isFinite(value) ? `${value.toFixed(2)}×` : "—";
}

/** `PASS` when `ok`, else `MISS`; `—` when there is no target. */
export function mark(ok) {
  return ok === undefined ? "—" : ok ? "PASS" : "MISS";
}

/** Print a Markdown table with padded columns; `align` is "l" or "r" per column. */
export function printTable(headers, rows, align = headers.map((_, index) => (index === 0 ? "l" : "r"))) {
  const cells = [headers, ...rows].map((row) => row.map((cell) => String(cell)));
  const widths = headers.map((_, column) => Math.max(3, ...cells.map((row) => [...row[column]].length)));
  const pad = (text, column) => {
    const gap = " ".repeat(widths[column] - [...text].length);
    return align[column] === "r" ? gap + text : text + gap;
  };
  const line = (row) => `| ${row.map(pad).join(" | ")} |`;
  console.log(line(cells[0]));
  console.log(`|${widths.map((width, column) => (align[column] === "r" ? "-".repeat(width + 1) + ":" : ":" + "-".repeat(width + 1))).join("|")}|`);
  for (const row of cells.slice(1)) console.log(line(row));
}

/** The Stop event every benchmark judges, for a project folder `cwd`. */
export function stopEvent(cwd) {
  return {
    session_id: "bench",
    transcript_path: "/nonexistent.jsonl",
    cwd,
    hook_event_name: "Stop",
    stop_hook_active: false,
    last_assistant_message: "All done: tests pass.",
  };
}
