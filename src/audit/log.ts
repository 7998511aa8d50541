import { closeSync, fstatSync, openSync, readSync } from "node:fs";
import { join } from "node:path";
import { appendLine } from "../internal/state.js";
import { redactSecrets, redactText } from "./redact.js";
import { truncateEnd } from "../internal/text.js";

/** One line of `audit.jsonl`: one hook's decision on one event. */
export interface AuditEntry {
  /** ISO time of the decision. */
  time: string;
  session: string | null;
  event: string;
  hook: string;
  /** sha256 of the hook's template, first 16 hex digits: which version of the prompt judged. */
  promptHash: string;
  model: string | null;
  /** `verdict`, or the judge error's name (`timeout`, `api`, …). */
  outcome: string;
  /** The verdict's `ok`, when there was one. */
  ok: boolean | null;
  /** `pass`, `allow`, `block` or `ask`. */
  decision: string;
  /** Why: `verdict`, `error`, `cap` or `guard`. */
  source: string;
  /** The verdict's reason or the error's message. */
  reason: string;
  latencyMs: number;
  /** Model requests made (a repair or a reminder counts). */
  turns: number;
  inputTokens: number;
  outputTokens: number;
  costUsd: number | null;
  /** The hook input, secrets redacted, when the project keeps inputs (`audit.inputs`). */
  input?: Record<string, unknown>;
  /** review-command: what decided (`rule:<name>`, `cache`, `model`, `error`). */
  decidedBy?: string;
  /** Agent hooks: why the run ended (`verdict`, `no-verdict`, `max-turns`, `budget`, `timeout`, …). */
  endReason?: string;
  /** Agent hooks: each tool call with a short argument summary, its duration and result size. */
  toolCalls?: Array<{ name: string; summary: string; durationMs: number; bytes: number; isError: boolean }>;
  /** Hooks with `votes`: every judgment taken, in the order they finished (an error is no vote). */
  votes?: JudgmentRecord[];
  /** Hooks with `escalate`: every rung that judged, in order; the last one decided. */
  rungs?: Array<JudgmentRecord & { name: string }>;
}

/** One judgment in an audit line: its verdict's `ok` (and `unsure`), or the error's name, and why. */
export interface JudgmentRecord {
  outcome: string;
  ok: boolean | null;
  unsure?: boolean;
  reason: string;
}

/** The audit log's path under a state folder. */
export function auditPath(stateDir: string): string {
  return join(stateDir, "audit.jsonl");
}

/**
 * Append entries, one JSON line each. What may quote the judged data is redacted on the way to
 * disk, whoever built the entry: the reason (a judge can cite a password it saw), the tool-call
 * summaries and the kept input.
 */
export function appendAudit(stateDir: string, entries: AuditEntry[]): void {
  if (entries.length === 0) return;
  appendLine(auditPath(stateDir), entries.map((entry) => JSON.stringify(redactEntry(entry))).join("\n"));
}

/** An entry with the fields that can carry secrets redacted. */
export function redactEntry(entry: AuditEntry): AuditEntry {
  const redacted: AuditEntry = { ...entry, reason: redactText(entry.reason) };
  if (entry.toolCalls) redacted.toolCalls = entry.toolCalls.map((call) => ({ ...call, summary: redactText(call.summary) }));
  if (entry.input) redacted.input = redactSecrets(entry.input);
  if (entry.votes) redacted.votes = entry.votes.map((vote) => ({ ...vote, reason: redactText(vote.reason) }));
  if (entry.rungs) redacted.rungs = entry.rungs.map((rung) => ({ ...rung, reason: redactText(rung.reason) }));
  return redacted;
}

/** Read the last `limit` entries; lines that are not entries are counted and skipped. */
export function readAudit(stateDir: string, limit: number): { entries: AuditEntry[]; skipped: number; missing: boolean } {
  return readAuditFile(auditPath(stateDir), limit);
}

/** {@link readAudit} for an audit file at any path. */
export function readAuditFile(path: string, limit: number): { entries: AuditEntry[]; skipped: number; missing: boolean } {
  let text: string;
  try {
    const fd = openSync(path, "r");
    try {
      const size = fstatSync(fd).size;
      // enough for the requested lines at a generous size each
      const length = Math.min(size, Math.max(1 << 20, limit * 8192));
      const buffer = Buffer.alloc(length);
      readSync(fd, buffer, 0, length, size - length);
      text = buffer.toString("utf8");
      if (length < size) text = text.slice(text.indexOf("\n") + 1);
    } finally {
      closeSync(fd);
    }
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return { entries: [], skipped: 0, missing: true };
    throw error;
  }
  const entries: AuditEntry[] = [];
  let skipped = 0;
  for (const line of text.split("\n")) {
    if (line.trim() === "") continue;
    try {
      const value = JSON.parse(line) as AuditEntry;
      if (isEntry(value)) entries.push(value);
      else skipped++;
    } catch {
      skipped++;
    }
  }
  return { entries: entries.slice(-limit), skipped, missing: false };
}

// the fields the table and the JSON output rely on
function isEntry(value: unknown): value is AuditEntry {
  if (typeof value !== "object" || value === null) return false;
  const entry = value as Record<string, unknown>;
  return (
    ["time", "event", "hook", "decision", "source", "outcome", "reason"].every((key) => typeof entry[key] === "string") &&
    ["latencyMs", "inputTokens", "outputTokens"].every((key) => typeof entry[key] === "number")
  );
}

/** Render entries as a fixed-width table, oldest first. */
export function formatAuditTable(entries: AuditEntry[]): string {
  const header = ["time", "event", "hook", "decision", "outcome", "ms", "tokens", "reason"];
  const rows = entries.map((entry) => [
    entry.time.replace("T", " ").slice(0, 19),
    entry.event,
    truncateEnd(entry.hook, 28),
    entry.source === "verdict" ? entry.decision : `${entry.decision} (${entry.source})`,
    entry.outcome,
    String(Math.round(entry.latencyMs)),
    String(entry.inputTokens + entry.outputTokens),
    truncateEnd(entry.reason.replace(/\s+/g, " "), 72),
  ]);
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column]!.length)));
  const line = (cells: string[]) => cells.map((cell, column) => (column === cells.length - 1 ? cell : cell.padEnd(widths[column]!))).join("  ");
  return [line(header), ...rows.map(line)].join("\n");
}
