import { HookJudgeError } from "../errors.js";
import { hookInputSchema, type HookInput } from "../hook/input.js";
import * as z from "../internal/zod.js";
import type { ParsedEvent, RuntimeName } from "./types.js";

/**
 * Hosts' tool names and the canonical (Claude Code) name each stands for. A name not listed
 * keeps its own name (an MCP tool, a host's own tool).
 */
const TOOL_NAMES: Readonly<Record<string, string>> = {
  // shells: Gemini CLI and Qwen Code, pydantic-deep, Copilot CLI, Cursor
  run_shell_command: "Bash",
  execute: "Bash",
  bash: "Bash",
  Shell: "Bash",
  shell: "Bash",
  // file writes and edits
  write_file: "Write",
  create: "Write",
  replace: "Edit",
  edit_file: "Edit",
  hashline_edit: "Edit",
  edit: "Edit",
  // reads and searches
  read_file: "Read",
  view: "Read",
  read: "Read",
  glob: "Glob",
  grep: "Grep",
  search_file_content: "Grep",
  grep_search: "Grep",
  web_fetch: "WebFetch",
  task: "Task",
};

/** The canonical name of a host's tool (`run_shell_command` → `Bash`); unknown names stay as they are. */
export function canonicalToolName(name: string): string {
  return Object.hasOwn(TOOL_NAMES, name) ? TOOL_NAMES[name]! : name;
}

/**
 * A host's tool input in the canonical shape: a file tool's `path` is also `file_path` (pydantic-deep's
 * `write_file(path, …)`, Copilot's `create`/`edit`), so the file guard and `if` rules see it. Every
 * field the host sent is kept.
 */
export function canonicalToolInput(tool: string, input: unknown): unknown {
  if (typeof input !== "object" || input === null || Array.isArray(input)) return input;
  const record = input as Record<string, unknown>;
  if ((tool === "Write" || tool === "Edit" || tool === "Read") && record["file_path"] === undefined && typeof record["path"] === "string") {
    return { ...record, file_path: record["path"] };
  }
  return record;
}

/** A tool's input that a host may send as a JSON string (Copilot's `toolArgs`, Cursor's MCP `tool_input`). */
export function jsonOrValue(value: unknown): unknown {
  if (typeof value !== "string") return value;
  try {
    return JSON.parse(value) as unknown;
  } catch {
    return value;
  }
}

/**
 * The string fields `keys` found in text that is not valid JSON, so the failure policy can still
 * tell the event and the tool.
 */
export function sniffFields(text: string, keys: string[]): Record<string, string> {
  const found: Record<string, string> = {};
  for (const key of keys) {
    const match = new RegExp(`"${key}"\\s*:\\s*"((?:[^"\\\\]|\\\\.)*)"`).exec(text);
    if (!match) continue;
    try {
      found[key] = JSON.parse(`"${match[1]}"`) as string;
    } catch {
      // an undecodable value stays unknown
    }
  }
  return found;
}

/** What a host's event reads as: the canonical fields (and the host's own kept beside), and the host's names. */
export interface Mapped {
  /** The canonical input before validation; must name `hook_event_name`. */
  input: Record<string, unknown>;
  /** The host's event name. */
  event: string;
  /** The host's tool name, for a tool event. */
  toolName?: string;
  /** See `ParsedEvent.unjudged`. */
  unjudged?: string;
}

/**
 * Read a host's event: parse the JSON object, map it with `map` (which may throw an `input`
 * error), and validate the canonical input. Never throws: unreadable text is an `input` error
 * with what `recover` could read of it.
 */
export function parseHostEvent(
  runtime: RuntimeName,
  text: string,
  map: (value: Record<string, unknown>) => Mapped,
  recover: (text: string) => Partial<HookInput>,
): ParsedEvent {
  const failed = (message: string, cause?: unknown): ParsedEvent => ({
    ok: false,
    error: new HookJudgeError("input", message, cause === undefined ? undefined : { cause }),
    recovered: recover(text),
    host: { runtime },
    text,
  });
  if (text.trim() === "") return failed(`expected a ${runtime} hook event as one JSON object on stdin, received nothing`);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return failed(`the ${runtime} hook event is not valid JSON (${(error as Error).message}); received ${preview(text)}`, error);
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) return failed(`the ${runtime} hook event must be a JSON object, received ${preview(text)}`);
  let mapped: Mapped;
  try {
    mapped = map(value as Record<string, unknown>);
  } catch (error) {
    if (error instanceof HookJudgeError) return failed(error.message);
    throw error;
  }
  const parsed = hookInputSchema.safeParse(mapped.input);
  if (!parsed.success) return failed(`the ${runtime} hook event is not a hook event: ${z.prettifyError(parsed.error).replaceAll("\n", " ")}; received ${preview(text)}`);
  return {
    ok: true,
    input: parsed.data,
    host: { runtime, event: mapped.event, ...(mapped.toolName !== undefined ? { toolName: mapped.toolName } : {}) },
    text,
    ...(mapped.unjudged !== undefined ? { unjudged: mapped.unjudged } : {}),
  };
}

/** The event name a host gave (a string, or an `input` error saying which field was expected). */
export function eventNameOf(value: Record<string, unknown>, field: string, runtime: RuntimeName): string {
  const name = value[field];
  if (typeof name !== "string" || name === "") throw new HookJudgeError("input", `the ${runtime} hook event has no ${field}: it is not a hook event`);
  return name;
}

/**
 * The canonical tool fields of a host's tool event: `tool_name` canonical (the host's own goes in
 * `ParsedEvent.host.toolName`), the input in the canonical shape.
 */
export function toolFields(hostTool: unknown, toolInput: unknown): Record<string, unknown> {
  if (typeof hostTool !== "string") return {};
  const tool = canonicalToolName(hostTool);
  return { tool_name: tool, ...(toolInput !== undefined ? { tool_input: canonicalToolInput(tool, jsonOrValue(toolInput)) } : {}) };
}

/** A reason that is never blank (hosts refuse a block with an empty reason). */
export function nonBlank(reason: string, fallback: string): string {
  return reason.trim() === "" ? fallback : reason;
}

/** What a host's JSON answer carries: nothing printed when empty. */
export function jsonLine(output: Record<string, unknown>): string {
  return Object.keys(output).length > 0 ? JSON.stringify(output) + "\n" : "";
}

/** `systemMessage` is shown to the user; a few hosts cap it (Claude Code at 10,000 characters). */
export function shortMessage(message: string, chars = 9_500): string {
  return message.length > chars ? message.slice(0, chars) + "…" : message;
}

function preview(text: string): string {
  const flat = text.replace(/\s+/g, " ").trim();
  return JSON.stringify(flat.length > 120 ? flat.slice(0, 120) + "…" : flat);
}
