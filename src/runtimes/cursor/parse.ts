import type { HookInput } from "../../hook/input.js";
import { eventNameOf, jsonOrValue, parseHostEvent, sniffFields, toolFields } from "../_canonical.js";
import { CONTINUATION, isContinuation } from "../_continuation.js";
import type { ParsedEvent } from "../types.js";

/** Cursor's events and the canonical ones; the rest keep their names (nothing to judge). */
export const CURSOR_EVENTS: Readonly<Record<string, string>> = {
  beforeShellExecution: "PreToolUse",
  beforeMCPExecution: "PreToolUse",
  beforeReadFile: "PreToolUse",
  preToolUse: "PreToolUse",
  afterShellExecution: "PostToolUse",
  afterMCPExecution: "PostToolUse",
  afterFileEdit: "PostToolUse",
  postToolUse: "PostToolUse",
  postToolUseFailure: "PostToolUseFailure",
  beforeSubmitPrompt: "UserPromptSubmit",
  stop: "Stop",
  subagentStop: "SubagentStop",
};

/** Events only Cursor sends (Copilot's camelCase dialect names none in its payload). */
const CURSOR_ONLY = new Set([
  "beforeShellExecution",
  "beforeMCPExecution",
  "beforeReadFile",
  "afterShellExecution",
  "afterMCPExecution",
  "afterFileEdit",
  "beforeSubmitPrompt",
  "afterAgentResponse",
  "afterAgentThought",
  "stop",
  "subagentStart",
]);

const canonicalEvent = (name: string) => (Object.hasOwn(CURSOR_EVENTS, name) ? CURSOR_EVENTS[name]! : name);

/** The tool a Cursor event is about: its shell and file events name none, so they stand for Shell, Read and Edit. */
function toolOf(event: string, value: Record<string, unknown>): { name?: string; input?: unknown; response?: unknown } {
  if (event === "beforeShellExecution" || event === "afterShellExecution") return { name: "Shell", input: { command: value["command"], ...(value["cwd"] !== undefined ? { cwd: value["cwd"] } : {}) }, response: value["output"] };
  if (event === "beforeReadFile") return { name: "Read", input: { file_path: value["file_path"] } };
  if (event === "afterFileEdit") return { name: "Edit", input: { file_path: value["file_path"], edits: value["edits"] } };
  return { ...(typeof value["tool_name"] === "string" ? { name: value["tool_name"] } : {}), input: jsonOrValue(value["tool_input"]), response: value["tool_output"] ?? value["result_json"] ?? value["tool_response"] };
}

/**
 * Read a Cursor event (`.cursor/hooks.json` command hooks): beforeShellExecution, beforeMCPExecution,
 * beforeReadFile and preToolUse → PreToolUse; after* and postToolUse → PostToolUse;
 * beforeSubmitPrompt → UserPromptSubmit; stop → Stop (a `loop_count` above 0 is
 * `stop_hook_active`; an `aborted` or `error` status passes unjudged). `conversation_id` is the session, the first workspace root the folder when
 * no `cwd` is given. Field names are from Cursor's docs and third-party reports, not a run.
 */
export function parseCursorEvent(text: string): ParsedEvent {
  return parseHostEvent(
    "cursor",
    text,
    (value) => {
      const event = eventNameOf(value, "hook_event_name", "cursor");
      const tool = toolOf(event, value);
      const input: Record<string, unknown> = { ...value, hook_event_name: canonicalEvent(event), ...toolFields(tool.name, tool.input) };
      if (tool.response !== undefined) input["tool_response"] = tool.response;
      if (typeof value["conversation_id"] === "string" && input["session_id"] === undefined) input["session_id"] = value["conversation_id"];
      const roots = value["workspace_roots"];
      if (typeof input["cwd"] !== "string" && Array.isArray(roots) && typeof roots[0] === "string") input["cwd"] = roots[0];
      if (typeof value["loop_count"] === "number" && input["stop_hook_active"] === undefined) input["stop_hook_active"] = value["loop_count"] > 0;
      const continued = event === "beforeSubmitPrompt" && typeof value["prompt"] === "string" && isContinuation(value["prompt"]);
      // a run the user aborted or an error ended did not claim to be done: nothing to check
      const cut = event === "stop" && (value["status"] === "aborted" || value["status"] === "error");
      const unjudged = continued ? CONTINUATION : cut ? `the run ended ${String(value["status"])}, not by the agent finishing` : undefined;
      return { input, event, ...(tool.name !== undefined ? { toolName: tool.name } : {}), ...(unjudged !== undefined ? { unjudged } : {}) };
    },
    recoverCursor,
  );
}

function recoverCursor(text: string): Partial<HookInput> {
  const found = sniffFields(text, ["hook_event_name", "conversation_id", "cwd", "tool_name"]);
  const event = found["hook_event_name"];
  const tool = event === "beforeShellExecution" ? "Shell" : event === "beforeReadFile" ? "Read" : found["tool_name"];
  return {
    ...(event !== undefined ? { hook_event_name: canonicalEvent(event) } : {}),
    ...(found["conversation_id"] !== undefined ? { session_id: found["conversation_id"] } : {}),
    ...(found["cwd"] !== undefined ? { cwd: found["cwd"] } : {}),
    ...(tool !== undefined ? toolFields(tool, undefined) : {}),
  } as Partial<HookInput>;
}

/** A Cursor event: an event name only Cursor uses, or its `conversation_id` / `workspace_roots`. */
export function detectCursor(input: unknown): boolean {
  if (typeof input !== "object" || input === null) return false;
  const record = input as Record<string, unknown>;
  const name = record["hook_event_name"];
  if (typeof name !== "string") return false;
  return CURSOR_ONLY.has(name) || typeof record["conversation_id"] === "string" || Array.isArray(record["workspace_roots"]);
}
