// (h) Peers: every command of the peer guards' test corpora (../shared/corpora/*.jsonl, each
// labelled allow/ask/block by its peer) through reviewCommand in process, with a yes-man judge, so
// what no rule decides counts as allowed. Per corpus a confusion table of the peer's label against
// how hookjudge decided; then block cases stopped by a rule, Dippy's allow cases decided without a
// model, allow cases a rule denies, and the rule path's latency. Skipped when the corpora are absent.
// `--write-docs` writes docs/peer-differences.md; `--json FILE` a machine-readable summary.
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { cpus, loadavg, tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { loadHook, reviewCommand } from "../dist/lib/index.js";
import { ms, printTable, quantile } from "./stats.mjs";

const CORPORA = new URL("../../shared/corpora/", import.meta.url);
const DOCS = new URL("../docs/peer-differences.md", import.meta.url);
const REASONS = new URL("./peer-differences-reasons.json", import.meta.url);
const LABELS = ["allow", "ask", "block"];
const COLUMNS = ["rule-deny", "rule-ask", "rule-allow", "model", "error"];
const HEADERS = ["rule-deny", "rule-ask", "rule-allow", "model (yes-man ⇒ allowed)", "error"];
const TARGETS = { blockOverall: 98, blockPeer: 95, dippyRuleAllow: 90, allowDenied: 1, p99Ms: 1 };
const COMMAND_CHARS = 160;

/**
 * @param {{ writeDocs?: boolean, json?: string }} [options]
 * @returns {Promise<{ misses: number }>}
 */
export async function peers({ writeDocs = false, json } = {}) {
  console.log(`\n## (h) Peers — the peer guards' test corpora through the gate, yes-man judge\n`);
  const folder = fileURLToPath(CORPORA);
  if (!existsSync(folder)) {
    console.log(`skipped: the corpora folder ${folder} is not there.`);
    return { misses: 0 };
  }
  const files = readdirSync(folder).filter((name) => name.endsWith(".jsonl")).sort();
  const cases = files.flatMap((file) =>
    readFileSync(join(folder, file), "utf8")
      .split("\n")
      .filter((line) => line.trim() !== "")
      .map((line, index) => {
        const entry = JSON.parse(line);
        if (typeof entry.command !== "string" || !LABELS.includes(entry.peer)) throw new Error(`peers: ${file}:${index + 1} is not {command, peer: allow|ask|block, source}`);
        return { file, command: entry.command, peer: entry.peer, source: String(entry.source ?? "") };
      }),
  );

  const project = mkdtempSync(join(tmpdir(), "hookjudge-bench-peers-"));
  mkdirSync(join(project, ".git"));
  let modelCalls = 0;
  const hook = loadHook("bash-review");
  const options = {
    judgeWith: () => ({ hook, model: "yes-man" }),
    projectRules: {},
    stateDir: false,
    cache: false,
    judge: async () => {
      modelCalls++;
      return { kind: "verdict", verdict: { ok: true, reason: "" }, usage: { inputTokens: 0, outputTokens: 0, costUsd: 0 }, latencyMs: 0, turns: 1, toolCalls: 0, model: "yes-man" };
    },
  };
  const input = (command) => ({ session_id: "bench", hook_event_name: "PreToolUse", tool_name: "Bash", tool_input: { command }, cwd: project });
  const rulePathTimes = [];
  let unstable = 0;
  try {
    // the first pass is an untimed warm-up (JIT); the second is the one recorded and timed
    for (let pass = 0; pass < 2; pass++) {
      modelCalls = 0;
      for (const entry of cases) {
        const started = performance.now();
        const outcome = await classify(entry.command, input(entry.command), options);
        const elapsed = performance.now() - started;
        if (pass === 0) {
          entry.warm = outcome.column;
          continue;
        }
        if (outcome.column !== entry.warm) unstable++;
        Object.assign(entry, outcome);
        if (outcome.column.startsWith("rule-")) {
          // two more timings of the same call: the fastest of three is the rule path's own cost, without
          // the other processes and collector pauses of a shared machine (the first timing is kept as well)
          let best = elapsed;
          for (let again = 0; again < 2; again++) {
            const restarted = performance.now();
            await reviewCommand(entry.command, input(entry.command), options);
            best = Math.min(best, performance.now() - restarted);
          }
          rulePathTimes.push({ elapsed: best, first: elapsed, command: entry.command });
        }
      }
    }
  } finally {
    rmSync(project, { recursive: true, force: true });
  }

  for (const file of files) {
    const mine = cases.filter((entry) => entry.file === file);
    console.log(`\n### ${file} — ${mine.length} cases\n`);
    printConfusion(mine);
  }
  console.log(`\n### all files — ${cases.length} cases\n`);
  printConfusion(cases);

  const blockFiles = files.filter((file) => cases.some((entry) => entry.file === file && entry.peer === "block"));
  const allowFiles = files.filter((file) => cases.some((entry) => entry.file === file && entry.peer === "allow"));
  const share = (list, test) => ({ count: list.filter(test).length, of: list.length, percent: list.length === 0 ? NaN : (100 * list.filter(test).length) / list.length });
  const stopped = (entry) => entry.column === "rule-deny" || entry.column === "rule-ask";
  const blocks = cases.filter((entry) => entry.peer === "block");
  const allows = cases.filter((entry) => entry.peer === "allow");
  const timesSorted = rulePathTimes.map((time) => time.elapsed);
  const firstSorted = rulePathTimes.map((time) => time.first).sort((a, b) => a - b);
  const slowest = rulePathTimes.reduce((worst, time) => (worst && worst.elapsed >= time.elapsed ? worst : time), undefined);
  const figures = {
    blockStopped: {
      perFile: Object.fromEntries(blockFiles.map((file) => [file, share(blocks.filter((entry) => entry.file === file), stopped)])),
      overall: share(blocks, stopped),
    },
    dippyAllowRuleDecided: share(
      allows.filter((entry) => entry.file === "dippy.jsonl"),
      (entry) => entry.column === "rule-allow",
    ),
    allowDenied: {
      perFile: Object.fromEntries(allowFiles.map((file) => [file, share(allows.filter((entry) => entry.file === file), (entry) => entry.column === "rule-deny")])),
      overall: share(allows, (entry) => entry.column === "rule-deny"),
    },
    rulePath: { calls: timesSorted.length, p50Ms: quantile(timesSorted, 0.5), p99Ms: quantile(timesSorted, 0.99), maxMs: slowest?.elapsed ?? NaN, firstP50Ms: quantile(firstSorted, 0.5), firstP99Ms: quantile(firstSorted, 0.99) },
  };

  const targets = [];
  const rows = [];
  const row = (figure, scope, value, target, met) => {
    if (met !== undefined) targets.push({ figure, scope, target, met });
    rows.push([figure, scope, value, target, met === undefined ? "—" : met ? "✓" : "✗"]);
  };
  for (const [file, value] of Object.entries(figures.blockStopped.perFile)) row("(1) peer block stopped by a rule (deny or ask)", file, percent(value), `≥ ${TARGETS.blockPeer} %`, value.percent >= TARGETS.blockPeer);
  row("(1) peer block stopped by a rule (deny or ask)", "all files", percent(figures.blockStopped.overall), `≥ ${TARGETS.blockOverall} %`, figures.blockStopped.overall.percent >= TARGETS.blockOverall);
  if (figures.dippyAllowRuleDecided.of > 0) {
    row("(2) Dippy allow decided by a rule, no model call", "dippy.jsonl", percent(figures.dippyAllowRuleDecided), `≥ ${TARGETS.dippyRuleAllow} %`, figures.dippyAllowRuleDecided.percent >= TARGETS.dippyRuleAllow);
  }
  for (const [file, value] of Object.entries(figures.allowDenied.perFile)) row("(3) peer allow denied by a rule", file, percent(value), "—", undefined);
  row("(3) peer allow denied by a rule", "all files", percent(figures.allowDenied.overall), `≤ ${TARGETS.allowDenied} %`, figures.allowDenied.overall.percent <= TARGETS.allowDenied);
  const rulePathFigure = `(4) rule path in process, ${figures.rulePath.calls} rule-decided calls after a warm-up pass`;
  row(rulePathFigure, "p50, fastest of 3", `${ms(figures.rulePath.p50Ms)} ms`, "—", undefined);
  row(rulePathFigure, "p99, fastest of 3", `${ms(figures.rulePath.p99Ms)} ms`, `< ${TARGETS.p99Ms} ms`, figures.rulePath.p99Ms < TARGETS.p99Ms);
  row(rulePathFigure, "p99, first timing", `${ms(figures.rulePath.firstP99Ms)} ms`, "—", undefined);
  console.log("");
  printTable(["figure", "scope", "value", "target", "met"], rows, ["l", "l", "r", "r", "r"]);

  const threw = cases.filter((entry) => entry.threw !== undefined);
  console.log(`\n${cases.length} commands from ${files.length} files in ${folder}; ${modelCalls} reached the (yes-man) model.`);
  // one timed call per command: a busy machine shows in the tail, so its load is printed with it
  if (slowest) console.log(`Slowest rule-decided call: ${ms(slowest.elapsed)} ms (${JSON.stringify(clip(slowest.command, 80))}); load average ${loadavg()[0].toFixed(2)} on ${cpus().length} cores.`);
  if (threw.length > 0) console.log(`reviewCommand threw on ${threw.length} command(s) (counted as error), e.g. ${JSON.stringify(clip(threw[0].command, 80))}: ${threw[0].threw}`);
  if (unstable > 0) console.log(`${unstable} command(s) were decided differently in the warm-up pass and the timed pass.`);

  const notStopped = blocks.filter((entry) => !stopped(entry));
  const allowDenied = allows.filter((entry) => entry.column === "rule-deny");
  if (writeDocs) {
    writeDifferences(files, notStopped, allowDenied);
    console.log(`Wrote ${fileURLToPath(DOCS)} (${notStopped.length} block cases not stopped, ${allowDenied.length} allow cases denied).`);
  }
  if (json) {
    const summary = {
      generated: new Date().toISOString(),
      node: process.version,
      corpora: folder,
      targets: TARGETS,
      files: files.map((file) => ({ file, cases: cases.filter((entry) => entry.file === file).length, confusion: confusion(cases.filter((entry) => entry.file === file)) })),
      confusion: confusion(cases),
      modelCalls,
      threw: threw.length,
      unstable,
      figures,
      results: targets,
      blockNotStopped: notStopped.map(caseSummary),
      allowDenied: allowDenied.map(caseSummary),
    };
    writeFileSync(resolve(json), `${JSON.stringify(summary, null, 2)}\n`);
    console.log(`Wrote ${resolve(json)}.`);
  }
  return { misses: targets.filter((target) => !target.met).length };
}

/** Review one command; the column of the confusion table it lands in, and what decided it. */
async function classify(command, input, options) {
  let result;
  try {
    result = await reviewCommand(command, input, options);
  } catch (error) {
    return { column: "error", decidedBy: "error", kind: "error", threw: String(error?.message ?? error).split("\n")[0] };
  }
  const { decision, decidedBy } = result;
  const reason = decision.kind === "pass" ? "" : decision.reason;
  if (decidedBy.startsWith("rule:")) {
    const column = decision.kind === "block" ? "rule-deny" : decision.kind === "ask" ? "rule-ask" : "rule-allow";
    return { column, decidedBy, kind: decision.kind, reason };
  }
  return { column: decidedBy === "model" ? "model" : "error", decidedBy, kind: decision.kind, reason };
}

function confusion(list) {
  return Object.fromEntries(
    LABELS.filter((label) => list.some((entry) => entry.peer === label)).map((label) => [label, Object.fromEntries(COLUMNS.map((column) => [column, list.filter((entry) => entry.peer === label && entry.column === column).length]))]),
  );
}

function printConfusion(list) {
  const table = confusion(list);
  printTable(
    ["peer \\ hookjudge", ...HEADERS, "cases"],
    Object.entries(table).map(([label, counts]) => [label, ...COLUMNS.map((column) => counts[column]), Object.values(counts).reduce((sum, count) => sum + count, 0)]),
  );
}

function percent({ count, of }) {
  return of === 0 ? "—" : `${((100 * count) / of).toFixed(1)} % (${count}/${of})`;
}

function clip(text, length) {
  const flat = text.replace(/\r?\n/g, "⏎");
  return [...flat].length > length ? `${[...flat].slice(0, length).join("")}…` : flat;
}

function caseSummary(entry) {
  return { file: entry.file, command: entry.command, peer: entry.peer, source: entry.source, column: entry.column, decidedBy: entry.decidedBy, kind: entry.kind, reason: entry.reason ?? entry.threw ?? "" };
}

// Markdown-escape a cell: what a renderer could read as inline markup or a cell border gets a backslash
function cell(text) {
  return text.replace(/&/g, "&amp;").replace(/[\\`*_[\]<>|~]/g, "\\$&");
}

function decisionText(entry) {
  if (entry.column === "model") return "model (yes-man: allowed)";
  if (entry.column === "error") return entry.threw ? `error (threw: ${clip(entry.threw, 80)})` : "error";
  return `${entry.column} (${entry.decidedBy})`;
}

function writeDifferences(files, notStopped, allowDenied) {
  const reasons = existsSync(fileURLToPath(REASONS)) ? JSON.parse(readFileSync(REASONS, "utf8")) : {};
  const reasonFor = (command) => (typeof reasons[command] === "string" && reasons[command] !== "" ? cell(reasons[command]) : "(not yet reviewed)");
  const lines = [
    "<!-- Generated by `node bench/run.mjs peers --write-docs`; do not edit by hand: reasons go in bench/peer-differences-reasons.json. -->",
    "",
    "# Where hookjudge differs from its peers",
    "",
    `Generated ${new Date().toISOString()} from the peer corpora (\`../shared/corpora/*.jsonl\`), each command reviewed in process with no project rules and a judge that approves everything, so a command no rule decides counts as allowed.`,
    "",
    `## Peer block cases no rule stops (${notStopped.length})`,
  ];
  for (const file of files) {
    const mine = notStopped.filter((entry) => entry.file === file);
    if (mine.length === 0) continue;
    lines.push("", `### ${file} (${mine.length})`, "", "| command | source | hookjudge | reason hookjudge differs |", "|---|---|---|---|");
    for (const entry of mine) lines.push(`| ${cell(clip(entry.command, COMMAND_CHARS))} | ${cell(entry.source)} | ${cell(decisionText(entry))} | ${reasonFor(entry.command)} |`);
  }
  lines.push("", `## Peer allow cases a rule denies (${allowDenied.length})`);
  for (const file of files) {
    const mine = allowDenied.filter((entry) => entry.file === file);
    if (mine.length === 0) continue;
    lines.push("", `### ${file} (${mine.length})`, "", "| command | source | hookjudge | reason hookjudge differs |", "|---|---|---|---|");
    for (const entry of mine) lines.push(`| ${cell(clip(entry.command, COMMAND_CHARS))} | ${cell(entry.source)} | ${cell(`${decisionText(entry)}: ${clip(entry.reason, COMMAND_CHARS)}`)} | ${reasonFor(entry.command)} |`);
  }
  writeFileSync(DOCS, `${lines.join("\n")}\n`);
}
