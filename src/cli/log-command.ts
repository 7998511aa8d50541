import { formatAuditTable, readAudit, type AuditEntry } from "../audit/log.js";
import { stateRoot } from "../internal/state.js";
import { parseCommandArgs, parsePositiveNumber } from "./args.js";
import { UsageError, type CliIo } from "./io.js";
import { FLAGS } from "./flags.js";

const DECISIONS = ["pass", "allow", "block", "ask"];
const UNIT_MS: Record<string, number> = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/**
 * `hookjudge log [--limit N] [--json] [--hook NAME] [--event EVENT] [--decision D] [--since WHEN]`:
 * the last N decisions of the audit log that match every filter given.
 */
export async function logCommand(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommandArgs("log", argv, FLAGS["log"]);
  if (positionals.length > 0) throw new UsageError(`hookjudge log takes no arguments, received ${JSON.stringify(positionals[0])}`);
  const limit = parsePositiveNumber("--limit", values.limit, true) ?? 20;
  if (values.decision !== undefined && !DECISIONS.includes(values.decision)) throw new UsageError(`--decision expects one of ${DECISIONS.join(", ")}, received ${JSON.stringify(values.decision)}`);
  const since = values.since === undefined ? undefined : parseSince(values.since, Date.now());
  const filters: Array<(entry: AuditEntry) => boolean> = [];
  if (values.hook !== undefined) filters.push((entry) => entry.hook === values.hook);
  if (values.event !== undefined) filters.push((entry) => entry.event.toLowerCase() === values.event!.toLowerCase());
  if (values.decision !== undefined) filters.push((entry) => entry.decision === values.decision);
  if (since !== undefined) filters.push((entry) => Date.parse(entry.time) >= since);
  const stateDir = stateRoot(io.cwd, io.env);
  // with filters, the whole log is read so that the last N matches are found, however far back
  const read = readAudit(stateDir, filters.length === 0 ? limit : Number.MAX_SAFE_INTEGER);
  if (read.missing) {
    io.stderr(`hookjudge log: no decisions yet (no audit log at ${stateDir}/audit.jsonl)\n`);
    return 0;
  }
  const entries = read.entries.filter((entry) => filters.every((keep) => keep(entry))).slice(-limit);
  if (entries.length === 0 && filters.length > 0) {
    io.stderr(`hookjudge log: no decision matches the filters (${read.entries.length} in the log)\n`);
  } else if (values.json) {
    for (const entry of entries) io.stdout(JSON.stringify(entry) + "\n");
  } else {
    io.stdout(formatAuditTable(entries) + "\n");
  }
  if (read.skipped > 0) io.stderr(`hookjudge log: skipped ${read.skipped} unreadable line${read.skipped === 1 ? "" : "s"} of the audit log\n`);
  return 0;
}

/** `--since`: an ISO time, or a span back from `now` (`90s`, `10m`, `2h`, `1d`), as epoch milliseconds. */
export function parseSince(value: string, now: number): number {
  const span = /^\s*(\d+(?:\.\d+)?)\s*([smhd])\s*$/.exec(value);
  if (span) return now - Number(span[1]) * UNIT_MS[span[2]!]!;
  const time = /^\d{4}-\d{2}-\d{2}/.test(value.trim()) ? Date.parse(value.trim()) : Number.NaN;
  if (Number.isNaN(time)) throw new UsageError(`--since expects an ISO time (2026-01-31 or 2026-01-31T12:00:00Z) or a span back from now (30s, 10m, 2h, 1d), received ${JSON.stringify(value)}`);
  return time;
}
