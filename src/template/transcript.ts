import { closeSync, fstatSync, readSync } from "node:fs";
import { openRegularFile } from "../internal/files.js";
import { truncateEnd, truncateMiddle } from "../internal/text.js";

/** One message of a session transcript, with the assistant lines of one API message merged. */
export interface TranscriptMessage {
  role: "user" | "assistant";
  /** The readable text: typed text, assistant text, and one-line notes for tool calls and results. */
  text: string;
  /** True when the message carries assistant text (not only tool calls). */
  hasText: boolean;
  /** The text blocks alone (assistant messages), joined with newlines. */
  plainText: string;
  /** Hook feedback and other messages the runtime injected. */
  meta: boolean;
}

/** What was read from a transcript file. */
export interface Transcript {
  messages: TranscriptMessage[];
  /** Lines that were not JSON (partial writes, garbled bytes); they are skipped. */
  skippedLines: number;
  /** True when the file was larger than the read limit and only its end was read. */
  readFromTail: boolean;
}

/** Options for {@link readTranscript}. */
export interface ReadTranscriptOptions {
  /**
   * Read at most this many bytes from the end of the file.
   * @default 8_388_608 (8 MiB)
   */
  maxBytes?: number;
  /**
   * Keep `isSidechain` lines. A subagent's own transcript is made of them; in a session
   * transcript they are a subagent's messages mixed in, and are left out.
   * @default false
   */
  includeSidechain?: boolean;
}

const TOOL_NOTE_CHARS = 300;

/**
 * Read a Claude Code session transcript (JSONL). Assistant lines that share `message.id` are
 * merged into one message; lines that are not JSON are skipped and counted, never fatal. A
 * missing or unreadable file gives an empty transcript.
 */
export function readTranscript(path: string, options: ReadTranscriptOptions = {}): Transcript {
  const maxBytes = options.maxBytes ?? 8 * 1024 * 1024;
  let text: string;
  let readFromTail = false;
  try {
    const fd = openRegularFile(path);
    try {
      const size = fstatSync(fd).size;
      const length = Math.min(size, maxBytes);
      const buffer = Buffer.alloc(length);
      readSync(fd, buffer, 0, length, size - length);
      text = buffer.toString("utf8");
      if (length < size) {
        readFromTail = true;
        // the first line is probably cut: drop it
        text = text.slice(text.indexOf("\n") + 1);
      }
    } finally {
      closeSync(fd);
    }
  } catch {
    return { messages: [], skippedLines: 0, readFromTail: false };
  }
  return parseTranscript(text, { readFromTail, includeSidechain: options.includeSidechain ?? false });
}

/** Parse transcript JSONL text; see {@link readTranscript}. */
export function parseTranscript(text: string, options: { readFromTail?: boolean; includeSidechain?: boolean } = {}): Transcript {
  const readFromTail = options.readFromTail ?? false;
  const messages: TranscriptMessage[] = [];
  const assistantById = new Map<string, TranscriptMessage>();
  let skippedLines = 0;
  for (const line of text.split("\n")) {
    if (line.trim() === "") continue;
    let entry: unknown;
    try {
      entry = JSON.parse(line);
    } catch {
      skippedLines++;
      continue;
    }
    if (!isRecord(entry) || !isRecord(entry["message"])) continue;
    if (entry["isSidechain"] === true && options.includeSidechain !== true) continue;
    const message = entry["message"];
    if (entry["type"] === "user") {
      const parts = contentParts(message["content"], "user");
      if (parts.text === "") continue;
      messages.push({
        role: "user",
        text: parts.text,
        hasText: parts.plain !== "",
        plainText: parts.plain,
        meta: entry["isMeta"] === true,
      });
    } else if (entry["type"] === "assistant") {
      const parts = contentParts(message["content"], "assistant");
      const id = typeof message["id"] === "string" ? message["id"] : undefined;
      const existing = id === undefined ? undefined : assistantById.get(id);
      if (existing) {
        existing.text = joinText(existing.text, parts.text);
        existing.plainText = joinText(existing.plainText, parts.plain);
        existing.hasText = existing.plainText !== "";
        continue;
      }
      const merged: TranscriptMessage = {
        role: "assistant",
        text: parts.text,
        hasText: parts.plain !== "",
        plainText: parts.plain,
        meta: false,
      };
      if (id !== undefined) assistantById.set(id, merged);
      messages.push(merged);
    }
  }
  return { messages: messages.filter((message) => message.text !== ""), skippedLines, readFromTail };
}

/**
 * The text of the agent's last message of the current turn: the last assistant message with text
 * after the last user line (typed, or hook feedback), or `undefined` (a turn that ended in tool
 * calls only).
 */
export function lastAssistantText(transcript: Transcript): string | undefined {
  for (let index = transcript.messages.length - 1; index >= 0; index--) {
    const message = transcript.messages[index]!;
    // a user line (typed, or hook feedback) closes the previous turn
    if (message.role === "user" && message.hasText) return undefined;
    if (message.role === "assistant" && message.hasText) return message.plainText;
  }
  return undefined;
}

/** Options for {@link renderTranscript}. */
export interface RenderTranscriptOptions {
  /**
   * The most characters the rendered conversation may take.
   * @default 24_000
   */
  budgetChars?: number;
  /**
   * The most characters one message may take before its middle is cut.
   * @default 4_000
   */
  messageChars?: number;
}

/**
 * Render the most recent messages that fit the budget, oldest first, under a note saying how
 * many earlier messages were left out.
 */
export function renderTranscript(transcript: Transcript, options: RenderTranscriptOptions = {}): string {
  const budget = options.budgetChars ?? 24_000;
  const messageChars = options.messageChars ?? 4_000;
  const rendered: string[] = [];
  let used = 0;
  let index = transcript.messages.length - 1;
  for (; index >= 0; index--) {
    const message = transcript.messages[index]!;
    const label = message.role === "user" ? (message.meta ? "User (injected)" : "User") : "Assistant";
    const block = `${label}: ${truncateMiddle(message.text, messageChars)}`;
    if (used + block.length > budget && rendered.length > 0) break;
    rendered.push(block);
    used += block.length + 2;
  }
  const omitted = index + 1;
  const notes: string[] = [];
  if (omitted > 0) notes.push(`[${omitted} earlier message${omitted === 1 ? "" : "s"} omitted]`);
  if (transcript.readFromTail) notes.push("[the transcript is long: only its end was read]");
  if (transcript.skippedLines > 0) {
    notes.push(`[${transcript.skippedLines} unreadable transcript line${transcript.skippedLines === 1 ? "" : "s"} skipped]`);
  }
  if (rendered.length === 0) notes.push("[the transcript has no messages]");
  return [...notes, ...rendered.reverse()].join("\n\n");
}

function contentParts(content: unknown, role: "user" | "assistant"): { text: string; plain: string } {
  if (typeof content === "string") return { text: content.trim(), plain: content.trim() };
  if (!Array.isArray(content)) return { text: "", plain: "" };
  const text: string[] = [];
  const plain: string[] = [];
  for (const block of content) {
    if (!isRecord(block)) continue;
    if (block["type"] === "text" && typeof block["text"] === "string") {
      text.push(block["text"]);
      plain.push(block["text"]);
    } else if (block["type"] === "tool_use") {
      const input = truncateEnd(JSON.stringify(block["input"] ?? {}), TOOL_NOTE_CHARS);
      text.push(`[tool call ${String(block["name"])}: ${input}]`);
    } else if (block["type"] === "tool_result" && role === "user") {
      const result = truncateEnd(toolResultText(block["content"]).replace(/\s+/g, " ").trim(), TOOL_NOTE_CHARS);
      text.push(`[tool result${block["is_error"] === true ? " (error)" : ""}: ${result}]`);
    }
  }
  return { text: text.join("\n").trim(), plain: plain.join("\n").trim() };
}

function toolResultText(content: unknown): string {
  if (typeof content === "string") return content;
  if (!Array.isArray(content)) return "";
  return content
    .map((block) => (isRecord(block) && typeof block["text"] === "string" ? block["text"] : ""))
    .join(" ");
}

function joinText(left: string, right: string): string {
  if (left === "") return right;
  if (right === "") return left;
  return `${left}\n${right}`;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
