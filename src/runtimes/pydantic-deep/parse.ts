import type { HookInput } from "../../hook/input.js";
import { eventNameOf, parseHostEvent, sniffFields, toolFields } from "../_canonical.js";
import type { ParsedEvent } from "../types.js";

/** pydantic-deep's events and the canonical ones; the rest (before_run, after_run, …) only observe and keep their names. */
export const PYDANTIC_DEEP_EVENTS: Readonly<Record<string, string>> = {
  pre_tool_use: "PreToolUse",
  post_tool_use: "PostToolUse",
  post_tool_use_failure: "PostToolUseFailure",
};

const OBSERVING = new Set(["before_run", "after_run", "run_error", "before_model_request", "after_model_request", "model_fallback_triggered"]);

const canonicalEvent = (name: string) => (Object.hasOwn(PYDANTIC_DEEP_EVENTS, name) ? PYDANTIC_DEEP_EVENTS[name]! : name);

/**
 * Read a pydantic-deep command hook's stdin, always five keys: `event`, `tool_name`, `tool_input`,
 * `tool_result` (the result as text, or null) and `tool_error` (or null). Tools mapped (`execute`
 * → Bash, `write_file` → Write, `edit_file` → Edit, `read_file` → Read; a `path` is also
 * `file_path`), results as `tool_response`, errors as `error`. The event names no session or
 * folder: the hook process's own folder is the project.
 */
export function parsePydanticDeepEvent(text: string): ParsedEvent {
  return parseHostEvent(
    "pydantic-deep",
    text,
    (value) => {
      const event = eventNameOf(value, "event", "pydantic-deep");
      const { event: _event, tool_result: result, tool_error: error, ...rest } = value;
      const input: Record<string, unknown> = {
        ...rest,
        hook_event_name: canonicalEvent(event),
        ...toolFields(value["tool_name"], value["tool_input"]),
        ...(result !== null && result !== undefined ? { tool_response: result } : {}),
        ...(error !== null && error !== undefined ? { error } : {}),
      };
      return { input, event, ...(typeof value["tool_name"] === "string" ? { toolName: value["tool_name"] } : {}) };
    },
    recoverPydanticDeep,
  );
}

function recoverPydanticDeep(text: string): Partial<HookInput> {
  const found = sniffFields(text, ["event", "tool_name"]);
  return {
    ...(found["event"] !== undefined ? { hook_event_name: canonicalEvent(found["event"]) } : {}),
    ...(found["tool_name"] !== undefined ? toolFields(found["tool_name"], undefined) : {}),
  } as Partial<HookInput>;
}

/** A pydantic-deep event: its own `event` names and no `hook_event_name` (no other host sends that shape). */
export function detectPydanticDeep(input: unknown): boolean {
  if (typeof input !== "object" || input === null) return false;
  const record = input as Record<string, unknown>;
  const event = record["event"];
  return record["hook_event_name"] === undefined && typeof event === "string" && (Object.hasOwn(PYDANTIC_DEEP_EVENTS, event) || OBSERVING.has(event));
}
