import { sniffHookInput } from "../../hook/input.js";
import { eventNameOf, parseHostEvent, toolFields } from "../_canonical.js";
import type { ParsedEvent } from "../types.js";

/**
 * Read a Codex CLI event. Its shape is Claude Code's (`hook_event_name`, `tool_name`, `tool_input`,
 * `tool_response`, `stop_hook_active`, `last_assistant_message`) plus `turn_id` and `model`; its
 * shell tool is already reported as `Bash`. `last_assistant_message` may be null (read as absent).
 */
export function parseCodexEvent(text: string): ParsedEvent {
  return parseHostEvent(
    "codex",
    text,
    (value) => {
      const event = eventNameOf(value, "hook_event_name", "codex");
      const input: Record<string, unknown> = { ...value, ...toolFields(value["tool_name"], value["tool_input"]) };
      for (const key of ["last_assistant_message", "transcript_path"]) if (input[key] === null) delete input[key];
      return { input, event, ...(typeof value["tool_name"] === "string" ? { toolName: value["tool_name"] } : {}) };
    },
    sniffHookInput,
  );
}

/** A Codex event carries `turn_id` beside Claude Code's fields; no other host sends it. */
export function detectCodex(input: unknown): boolean {
  if (typeof input !== "object" || input === null) return false;
  const record = input as Record<string, unknown>;
  return typeof record["hook_event_name"] === "string" && typeof record["turn_id"] === "string";
}
