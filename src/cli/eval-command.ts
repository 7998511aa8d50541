import { isHookJudgeError } from "../errors.js";
import { readAuditFile } from "../audit/log.js";
import { analyzeCommandLine } from "../shell/analyze.js";
import { summarize } from "../review/review.js";
import { applyRules } from "../review/rules.js";
import type { EvalCase, Expectation } from "../eval/cases.js";
import { readCases } from "../eval/cases.js";
import { runEval, type EvalSubject, type SubjectReport } from "../eval/run-eval.js";
import { hookApplies } from "../hook/applies.js";
import { hookInputSchema } from "../hook/input.js";
import { definitionOrThrow, readHook } from "../hook/load.js";
import { stateRoot } from "../internal/state.js";
import { truncateEnd } from "../internal/text.js";
import { parseCommandArgs, parsePositiveNumber, parseVotes } from "./args.js";
import { UsageError, type CliIo } from "./io.js";
import { join, resolve } from "node:path";
import { FLAGS } from "./flags.js";

/**
 * `hookjudge eval <hook> [<hook>] --cases FILE | --replay AUDIT`: judge labelled cases several
 * times each and report accuracy, stability, latency and cost; exit 1 below the thresholds.
 */
export async function evalCommand(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommandArgs("eval", argv, FLAGS["eval"]);
  if (positionals.length === 0 || positionals.length > 2) throw new UsageError("hookjudge eval: name one hook, or two to compare");
  if ((values.cases === undefined) === (values.replay === undefined)) throw new UsageError("hookjudge eval: give --cases FILE or --replay AUDIT_LOG (one of them)");
  const models = values.model ?? [];
  if (positionals.length === 2 && models.length > 1) throw new UsageError("hookjudge eval: compare two hooks or two models, not both");
  if (models.length > 2) throw new UsageError("hookjudge eval: compare at most two models");
  const repeat = parsePositiveNumber("--repeat", values.repeat, true) ?? (values.replay ? 1 : 3);
  const concurrency = parsePositiveNumber("--concurrency", values.concurrency, true) ?? 4;
  const votes = parseVotes(values.votes);
  const minAccuracy = fraction("--min-accuracy", values["min-accuracy"]);
  const maxFlipRate = fraction("--max-flip-rate", values["max-flip-rate"]);
  const maxErrors = values["max-errors"] === undefined ? undefined : parseCountFlag("--max-errors", values["max-errors"]);

  if (!values.batch && (values["poll-interval"] !== undefined || values["batch-wait"] !== undefined)) throw new UsageError("hookjudge eval: --poll-interval and --batch-wait go with --batch");

  const hooks = positionals.map((reference) => definitionOrThrow(readHook(reference, { cwd: io.cwd })));
  const subjects: EvalSubject[] =
    models.length > 1
      ? models.map((model) => ({ label: model, hook: hooks[0]!, model }))
      : hooks.map((hook, index) => ({ label: hooks.length > 1 && hooks[0]!.name === hooks[1]!.name ? `${hook.name}#${index + 1}` : hook.name, hook, ...(models[0] ? { model: models[0] } : {}) }));
  const replayed = values.replay ? replayCases(resolve(io.cwd, values.replay), hooks[0]!) : undefined;
  const cases = replayed ?? readCases(resolve(io.cwd, values.cases!));
  if (cases.length === 0) {
    throw new UsageError(values.replay ? `no decision of ${hooks[0]!.name} with a recorded input in ${values.replay} (turn on audit.inputs)` : `the cases file ${values.cases} holds no case`);
  }
  // a case the hook would never judge is a mistake in the file, not a judge error
  for (const hook of hooks) {
    const stray = cases.find((entry) => !hookApplies(hook, entry.input));
    if (stray) throw new UsageError(`${stray.location}: ${hook.name} does not judge this case's event (${stray.input.hook_event_name}${stray.input.tool_name ? ` on ${stray.input.tool_name}` : ""})`);
  }

  // a model that cannot be reached (no key, an unknown provider) stops the run before the first case, saying what to set
  // (a batch checks its own provider and key)
  if (!values.batch) await checkModels(subjects, io.env);

  const cacheDir = values["no-cache"] ? false : join(stateRoot(io.cwd, io.env), "cache", "eval");
  const batch = values.batch
    ? await (await import("./eval-batch.js")).runEvalBatch(
        { subjects, cases, repeat, extraFor: commandSummary, ...(votes !== undefined ? { votes } : {}) },
        { io, cacheDir, pollSeconds: parsePositiveNumber("--poll-interval", values["poll-interval"], false) ?? 30, waitSeconds: parsePositiveNumber("--batch-wait", values["batch-wait"], false) },
      )
    : undefined;
  const bar = batch ? undefined : progressBar(io);
  const reports = await runEval({
    subjects,
    cases,
    repeat,
    concurrency,
    env: io.env,
    cacheDir,
    onProgress: bar,
    extraFor: commandSummary,
    ...(votes !== undefined ? { votes } : {}),
    ...(batch ? { batch } : {}),
  });
  // the verdicts are in the cache now: a finished batch is not resumed again
  batch?.forget();
  const batchLine = batch && batch.requests > 0 ? `\nbatch ${batch.id}: ${batch.requests} requests at the batch price (half the list price): ${describeCounts(batch.counts)}; latency per request not measured; a malformed reply is an error at once (no repair request in batch mode)\n` : "";
  // a case no run could judge always fails the gate; so do more judge errors than allowed
  const failing = reports.filter(
    (report) =>
      (minAccuracy !== undefined && report.summary.accuracy < minAccuracy) ||
      (maxFlipRate !== undefined && report.summary.flipRate > maxFlipRate) ||
      (maxErrors !== undefined && report.summary.errors > maxErrors) ||
      report.cases.some((entry) => entry.majority === "error"),
  );
  if (values.json) {
    io.stdout(
      JSON.stringify(
        {
          repeat,
          ...(batch ? { batch: { id: batch.id || null, requests: batch.requests, counts: batch.counts } } : {}),
          reports,
          ...(reports.length === 2 ? { disagreements: disagreements(reports[0]!, reports[1]!) } : {}),
          ...(replayed ? { changed: changedVerdicts(reports) } : {}),
          thresholds: { minAccuracy: minAccuracy ?? null, maxFlipRate: maxFlipRate ?? null, maxErrors: maxErrors ?? null },
          passed: failing.length === 0,
        },
        null,
        2,
      ) + "\n",
    );
    return failing.length === 0 ? 0 : 1;
  }
  for (const report of reports) io.stdout(formatReport(report, repeat, replayed !== undefined) + "\n" + formatErrors(report));
  if (reports.length === 2) io.stdout(formatDisagreements(reports[0]!, reports[1]!) + "\n");
  if (batchLine) io.stdout(batchLine);
  if (replayed) {
    const changed = changedVerdicts(reports);
    io.stdout(changed.length === 0 ? "No past verdict would change.\n" : `Verdicts that would change (${changed.length}):\n${changed.map((line) => `  ${line}`).join("\n")}\n`);
  }
  for (const report of failing) {
    const unjudged = report.cases.filter((entry) => entry.majority === "error").length;
    io.stdout(
      `FAILED ${report.label}: accuracy ${percent(report.summary.accuracy)}${minAccuracy !== undefined ? ` (min ${percent(minAccuracy)})` : ""}, flip rate ${percent(report.summary.flipRate)}${maxFlipRate !== undefined ? ` (max ${percent(maxFlipRate)})` : ""}, judge errors ${report.summary.errors}${maxErrors !== undefined ? ` (max ${maxErrors})` : ""}${unjudged > 0 ? `, ${unjudged} case(s) no run could judge` : ""}\n`,
    );
  }
  return failing.length === 0 ? 0 : 1;
}

/**
 * Past verdicts of this hook with a recorded input, as cases whose expectation is what the judge
 * said then (from the verdict, not the final decision a cap or policy may have changed). Lines
 * without a verdict (judge errors, passes without judging) are not verdicts and are left out.
 */
function replayCases(auditFile: string, hook: ReturnType<typeof definitionOrThrow>): EvalCase[] {
  const { entries, missing } = readAuditFile(auditFile, 1_000_000);
  if (missing) throw new UsageError(`no audit log at ${auditFile}`);
  const seen = new Set<string>();
  return entries.flatMap((entry, index) => {
    if (entry.hook !== hook.name || entry.outcome !== "verdict" || entry.ok === null) return [];
    const parsed = hookInputSchema.safeParse(entry.input);
    if (!parsed.success || !hookApplies(hook, parsed.data)) return [];
    const key = `${entry.time}|${entry.session}|${JSON.stringify(entry.input)}`;
    if (seen.has(key)) return [];
    seen.add(key);
    const askable = parsed.data.hook_event_name === "PreToolUse" || parsed.data.hook_event_name === "PermissionRequest";
    const expect: Expectation = entry.decision === "ask" && askable ? "ask" : entry.ok ? "pass" : "block";
    return [{ name: `${entry.time} ${entry.event} ${entry.hook}`, input: parsed.data, expect, location: `${auditFile}#${index + 1}` }];
  });
}

/** Replayed decisions whose new majority differs from what was decided then. */
function changedVerdicts(reports: SubjectReport[]): string[] {
  return reports.flatMap((report) =>
    report.cases.filter((entry) => entry.majority !== entry.expect).map((entry) => `${entry.name}: was ${entry.expect}, now ${entry.majority}${reports.length > 1 ? ` (${report.label})` : ""}`),
  );
}

function formatReport(report: SubjectReport, repeat: number, replay: boolean): string {
  const ladder = report.cases.some((entry) => entry.rungs);
  const header = ["case", replay ? "was" : "expected", "majority", "agreement", "calls/run", "p50 ms", "p95 ms", "tokens", "cost $/run", ...(ladder ? ["decided by"] : []), ""];
  const rows = report.cases.map((entry) => [
    truncateEnd(entry.name, 40),
    entry.expect,
    entry.majority,
    `${Math.round(entry.agreement * entry.runs.filter((run) => run.verdict !== "error").length)}/${entry.runs.length}`,
    entry.callsPerRun.toFixed(1),
    String(Math.round(entry.p50Ms)),
    String(Math.round(entry.p95Ms)),
    String(entry.tokens),
    entry.costPerRun.toFixed(4),
    ...(ladder ? [Object.entries(entry.rungs ?? {}).map(([rung, count]) => `${rung} ×${count}`).join(", ")] : []),
    entry.correct ? "ok" : entry.majority === "error" ? "ERROR" : "WRONG",
  ]);
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column]!.length)));
  const table = [header, ...rows].map((row) => row.map((cell, column) => cell.padEnd(widths[column]!)).join("  ").trimEnd()).join("\n");
  const { summary } = report;
  const matrix = (["pass", "block", "ask"] as const)
    .map((expected) => `  ${expected.padEnd(6)} ${(["pass", "block", "ask", "error"] as const).map((got) => String(summary.confusion[expected][got]).padStart(5)).join(" ")}`)
    .join("\n");
  return [
    `## ${report.label} — ${summary.cases} cases × ${repeat} runs`,
    "",
    table,
    "",
    `accuracy ${percent(summary.accuracy)} · flip rate ${percent(summary.flipRate)} (${percent(summary.flipRateSingle)} with one judgment) · judge errors ${summary.errors} · calls/case ${summary.callsPerCase.toFixed(2)} · cost/case $${summary.costPerCase.toFixed(4)} · tokens ${summary.tokens} · cost $${summary.costUsd.toFixed(4)}`,
    "",
    "confusion (rows: expected; columns: majority)",
    `         ${["pass", "block", "ask", "error"].map((name) => name.padStart(5)).join(" ")}`,
    matrix,
  ].join("\n");
}

/** The cases on which two subjects' majorities differ. */
function disagreements(left: SubjectReport, right: SubjectReport): Array<{ case: string; expected: Expectation; [label: string]: string }> {
  return left.cases.flatMap((entry, index) => {
    const other = right.cases[index]!;
    return entry.majority === other.majority ? [] : [{ case: entry.name, expected: entry.expect, [left.label]: entry.majority, [right.label]: other.majority }];
  });
}

function formatDisagreements(left: SubjectReport, right: SubjectReport): string {
  const lines = disagreements(left, right).map((entry) => `  ${entry.case}: ${left.label} ${entry[left.label]}, ${right.label} ${entry[right.label]} (expected ${entry.expected})`);
  return lines.length === 0 ? `${left.label} and ${right.label} agree on every case.` : `Where ${left.label} and ${right.label} disagree (${lines.length}):\n${lines.join("\n")}`;
}

/** For a Bash call, what review-command tells bash-review about the line (the same summary). */
function commandSummary(entry: EvalCase): Record<string, string> | undefined {
  const command = (entry.input.tool_input as { command?: unknown } | undefined)?.command;
  if (entry.input.tool_name !== "Bash" || typeof command !== "string") return undefined;
  const analysis = analyzeCommandLine(command);
  return { COMMAND_SUMMARY: summarize(analysis, applyRules(analysis, {}, { cwd: entry.input.cwd ?? "/" })) };
}

/** Every subject's model can be set up (its key is there, its provider known, its SDK installed); a usage error naming the fix otherwise. */
async function checkModels(subjects: EvalSubject[], env: Record<string, string | undefined>): Promise<void> {
  const [{ createBackend }, { resolveModel }] = await Promise.all([import("../backends/index.js"), import("../executor/model.js")]);
  for (const model of new Set(subjects.map((subject) => resolveModel(subject.hook, { ...(subject.model ? { model: subject.model } : {}), env })))) {
    try {
      createBackend({ model, env });
    } catch (error) {
      if (!isHookJudgeError(error)) throw error;
      throw new UsageError(`hookjudge eval: no case was run, the model ${model} cannot be used: ${error.message}`);
    }
  }
}

/** The judge errors of a report, each distinct message once with its count: why runs failed, not only that they did. */
function formatErrors(report: SubjectReport): string {
  const counts = new Map<string, number>();
  for (const entry of report.cases) for (const run of entry.runs) if (run.verdict === "error" && run.error) counts.set(run.error, (counts.get(run.error) ?? 0) + 1);
  if (counts.size === 0) return "";
  const lines = [...counts].sort((a, b) => b[1] - a[1]).slice(0, 5).map(([message, count]) => `  ${count} × ${truncateEnd(message, 300)}`);
  return `\njudge errors of ${report.label}:\n${lines.join("\n")}${counts.size > 5 ? `\n  … and ${counts.size - 5} other messages (--json has them all)` : ""}\n`;
}

function parseCountFlag(flag: string, value: string): number {
  if (!/^\d+$/.test(value.trim())) throw new UsageError(`${flag} expects a whole number, received ${JSON.stringify(value)}`);
  return Number.parseInt(value, 10);
}

function describeCounts(counts: { succeeded: number; errored: number; expired: number; canceled: number }): string {
  return `${counts.succeeded} succeeded, ${counts.errored} errored, ${counts.expired} expired, ${counts.canceled} canceled`;
}

function percent(value: number): string {
  return `${(value * 100).toFixed(1)}%`;
}

function fraction(flag: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\s*\d*\.?\d+\s*%?\s*$/.test(value)) throw new UsageError(`${flag} expects a fraction between 0 and 1 (or a percentage), received ${JSON.stringify(value)}`);
  const number = Number(value.trim().endsWith("%") ? Number(value.trim().slice(0, -1)) / 100 : value);
  if (!Number.isFinite(number) || number < 0 || number > 1) throw new UsageError(`${flag} expects a fraction between 0 and 1 (or a percentage), received ${JSON.stringify(value)}`);
  return number;
}

/** A progress bar on stderr when it is a terminal; nothing otherwise. */
function progressBar(io: CliIo): ((done: number, total: number) => void) | undefined {
  if (!process.stderr.isTTY || io.env["CI"]) return undefined;
  return (done, total) => {
    const width = 30;
    const filled = Math.round((done / total) * width);
    io.stderr(`\r[${"#".repeat(filled)}${"-".repeat(width - filled)}] ${done}/${total}${done === total ? "\n" : ""}`);
  };
}
