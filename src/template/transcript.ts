import { closeSync, fstatSync, readSync, realpathSync } from "node:fs";
import { delimiter as pathListSeparator, resolve, sep } from "node:path";
import { openChecked, OpenRefusedError } from "../internal/files.js";
import { claudeCodeTranscriptFolder } from "../runtimes/claude-code/transcript.js";
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
  /** Why the transcript was not read at all (outside the allowed folders, not a regular file). */
  refused?: string;
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
  /**
   * The event's project folder: a transcript under it is accepted, besides the host's transcript
   * folder (see {@link transcriptRoots}).
   * @default process.cwd()
   */
  cwd?: string;
}

/**
 * The folders a transcript may be read from: the host's transcript folder
 * (`$CLAUDE_CONFIG_DIR/projects`, else `~/.claude/projects`), `$CLAUDE_PROJECT_DIR`, the project
 * (`cwd`), and every folder in `$HOOKJUDGE_TRANSCRIPT_ROOTS` (a `:`-separated list, for tests and
 * unusual set-ups). Each is resolved with realpath.
 */
export function transcriptRoots(cwd: string = process.cwd(), env: NodeJS.ProcessEnv = process.env): string[] {
  const roots = [claudeCodeTranscriptFolder(env), cwd];
  if (env["CLAUDE_PROJECT_DIR"]) roots.push(env["CLAUDE_PROJECT_DIR"]);
  for (const extra of (env["HOOKJUDGE_TRANSCRIPT_ROOTS"] ?? "").split(pathListSeparator)) if (extra !== "") roots.push(extra);
  return roots.map((root) => {
    try {
      return realpathSync.native(resolve(root));
    } catch {
      return resolve(root);
    }
  });
}

/**
 * Open a transcript only if it is a regular file under one of {@link transcriptRoots}, checked on
 * the opened descriptor (O_NOFOLLOW|O_NONBLOCK, real path from the descriptor).
 * @throws OpenRefusedError saying why it was refused, or the file system's error
 */
export function openTranscript(path: string, cwd?: string): number {
  const roots = transcriptRoots(cwd);
  let named = resolve(cwd ?? process.cwd(), path);
  try {
    named = realpathSync.native(named);
  } catch {
    // a missing file fails at open
  }
  const { fd } = openChecked(named, (real) =>
    roots.some((root) => real === root || real.startsWith(root.endsWith(sep) ? root : root + sep))
      ? undefined
      : new OpenRefusedError(`${path} is outside the host's transcript folder and the project (${roots.join(", ")})`, "outside"),
  );
  return fd;
}

const TOOL_NOTE_CHARS = 300;
/**
 * Read a Claude Code session transcript (JSONL). Assistant lines that share `message.id` are
 * merged into one message; lines that are not JSON are skipped and counted, never fatal. A
 * missing or unreadable file gives an empty transcript; a path outside the allowed folders, or
 * not a regular file, gives an empty transcript with `refused` saying why.
 */
export function readTranscript(path: string, options: ReadTranscriptOptions = {}): Transcript {
  const maxBytes = options.maxBytes ?? 8 * 1024 * 1024;
  let text: string;
  let readFromTail = false;
  try {
    let fd: number;
    try {
      fd = openTranscript(path, options.cwd);
    } catch (error) {
      // a refusal is reported, never silent; a missing file is an empty transcript as before
      if (error instanceof OpenRefusedError) return { messages: [], skippedLines: 0, readFromTail: false, refused: error.message };
      throw error;
    }
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
  /** The fence tag of the turns; random per call when left out (tests pass a fixed one). */
  delimiter?: string;
}

/**
 * Render the most recent messages that fit the budget, oldest first, under a note saying how
 * many earlier messages were left out. Each message sits in its own fence, between lines carrying
 * a tag drawn for this call and checked against every message, with its role on a header line
 * outside the fence: a message's text cannot close its fence or forge another turn.
 */
export function renderTranscript(transcript: Transcript, options: RenderTranscriptOptions = {}): string {
  const budget = options.budgetChars ?? 24_000;
  const messageChars = options.messageChars ?? 4_000;
  if (transcript.refused !== undefined) return `[the transcript was refused and not read: ${transcript.refused}]`;
  const texts = transcript.messages.map((message) => truncateMiddle(message.text, messageChars));
  const tag = options.delimiter ?? pickDelimiter(texts, "turn");
  const rendered: string[] = [];
  let used = 0;
  let index = transcript.messages.length - 1;
  for (; index >= 0; index--) {
    const message = transcript.messages[index]!;
    const label = message.role === "user" ? (message.meta ? "user (injected)" : "user") : "assistant";
    const block = `[turn ${index + 1}: ${label}]\n<${tag}>\n${texts[index]!}\n</${tag}>`;
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
  else notes.push(`[each turn's text is between <${tag}> and </${tag}> lines; its role is the [turn N: role] line above it]`);
  return [...notes, ...rendered.reverse()].join("\n\n");
}

// The fence stays closed because the tag is checked against every value, not because it is hard to
// guess: data written before the call cannot hold a tag drawn after it and tested against it. So
// Math.random serves, and a hook process that only renders need not load node:crypto.
const drawHex = (): string => Math.floor(Math.random() * 0x1000000).toString(16).padStart(6, "0");

/** A fence tag `<prefix>-<12 hex>` drawn at random and contained in none of `values`. */
export function pickDelimiter(values: string[], prefix = "data"): string {
  for (;;) {
    const tag = `${prefix}-${drawHex()}${drawHex()}`;
    if (!values.some((value) => value.includes(tag))) return tag;
  }
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
