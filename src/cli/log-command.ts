import { formatAuditTable, readAudit } from "../audit/log.js";
import { stateRoot } from "../internal/state.js";
import { parseCommandArgs, parsePositiveNumber } from "./args.js";
import { UsageError, type CliIo } from "./io.js";
import { FLAGS } from "./flags.js";

/** `hookjudge log [--limit N] [--json]`: recent decisions from the audit log. */
export async function logCommand(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommandArgs("log", argv, FLAGS["log"]);
  if (positionals.length > 0) throw new UsageError(`hookjudge log takes no arguments, received ${JSON.stringify(positionals[0])}`);
  const limit = parsePositiveNumber("--limit", values.limit, true) ?? 20;
  const stateDir = stateRoot(io.cwd, io.env);
  const { entries, skipped, missing } = readAudit(stateDir, limit);
  if (missing) {
    io.stderr(`hookjudge log: no decisions yet (no audit log at ${stateDir}/audit.jsonl)\n`);
    return 0;
  }
  if (values.json) {
    for (const entry of entries) io.stdout(JSON.stringify(entry) + "\n");
  } else {
    io.stdout(formatAuditTable(entries) + "\n");
  }
  if (skipped > 0) io.stderr(`hookjudge log: skipped ${skipped} unreadable line${skipped === 1 ? "" : "s"} of the audit log\n`);
  return 0;
}
