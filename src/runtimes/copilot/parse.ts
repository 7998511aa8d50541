import type { HookInput } from "../../hook/input.js";
import { HookJudgeError } from "../../errors.js";
import { jsonOrValue, parseHostEvent, sniffFields, toolFields } from "../_canonical.js";
import { CONTINUATION, isContinuation } from "../_continuation.js";
import type { ParsedEvent } from "../types.js";

/** Copilot CLI's camelCase events and the canonical ones; PascalCase names are Claude Code's already. */
export const COPILOT_EVENTS: Readonly<Record<string, string>> = {
  preToolUse: "PreToolUse",
  postToolUse: "PostToolUse",
  postToolUseFailure: "PostToolUseFailure",
  permissionRequest: "PermissionRequest",
  agentStop: "Stop",
  subagentStop: "SubagentStop",
  userPromptSubmitted: "UserPromptSubmit",
  AgentStop: "Stop",
  UserPromptSubmitted: "UserPromptSubmit",
};

const canonicalEvent = (name: string) => (Object.hasOwn(COPILOT_EVENTS, name) ? COPILOT_EVENTS[name]! : name);

/**
 * The camelCase dialect names no event: what the payload carries tells it (a `toolResult` after
 * a tool, `toolName` before one, `stopReason` at a stop, `prompt` for a prompt).
 */
function camelEvent(value: Record<string, unknown>): string {
  if (value["toolResult"] !== undefined) {
    const type = (value["toolResult"] as { resultType?: unknown } | null)?.resultType;
    return type === "failure" || type === "error" ? "postToolUseFailure" : "postToolUse";
  }
  if (typeof value["toolName"] === "string") return "preToolUse";
  if (value["stopReason"] !== undefined) return value["agentName"] !== undefined || value["agentId"] !== undefined ? "subagentStop" : "agentStop";
  if (typeof value["prompt"] === "string") return "userPromptSubmitted";
  throw new HookJudgeError("input", "the copilot hook event names no event and carries none of toolName, toolResult, stopReason or prompt: it is not an event hookjudge answers");
}

/**
 * Read a Copilot CLI event in either dialect: camelCase (`sessionId`, `toolName`, `toolArgs` as
 * an object or a JSON string, `toolResult`, `transcriptPath`, `stopReason`; the event told from
 * the payload) or, under PascalCase event names, snake_case (`hook_event_name`, `tool_name`,
 * `tool_input`, `tool_result`). agentStop → Stop, userPromptSubmitted → UserPromptSubmit, `bash`
 * → Bash, `create` → Write, `edit` → Edit. A prompt that is hookjudge's own Stop reason fed
 * back (Copilot sends it as the next prompt) passes unjudged.
 */
export function parseCopilotEvent(text: string): ParsedEvent {
  return parseHostEvent(
    "copilot",
    text,
    (value) => {
      const named = value["hook_event_name"] ?? value["hookEventName"];
      const event = typeof named === "string" && named !== "" ? named : camelEvent(value);
      const input: Record<string, unknown> = { ...value, hook_event_name: canonicalEvent(event) };
      const hostTool = value["tool_name"] ?? value["toolName"];
      Object.assign(input, toolFields(hostTool, value["tool_input"] ?? jsonOrValue(value["toolArgs"])));
      const result = value["tool_result"] ?? value["toolResult"];
      if (result !== undefined) input["tool_response"] = result;
      if (typeof value["sessionId"] === "string" && input["session_id"] === undefined) input["session_id"] = value["sessionId"];
      if (typeof value["transcriptPath"] === "string" && input["transcript_path"] === undefined) input["transcript_path"] = value["transcriptPath"];
      const continued = input["hook_event_name"] === "UserPromptSubmit" && typeof value["prompt"] === "string" && isContinuation(value["prompt"]);
      return { input, event, ...(typeof hostTool === "string" ? { toolName: hostTool } : {}), ...(continued ? { unjudged: CONTINUATION } : {}) };
    },
    recoverCopilot,
  );
}

function recoverCopilot(text: string): Partial<HookInput> {
  const found = sniffFields(text, ["hook_event_name", "session_id", "sessionId", "cwd", "tool_name", "toolName"]);
  const event = found["hook_event_name"] ?? (found["toolName"] !== undefined ? "preToolUse" : undefined);
  const tool = found["tool_name"] ?? found["toolName"];
  return {
    ...(event !== undefined ? { hook_event_name: canonicalEvent(event) } : {}),
    ...(found["session_id"] ?? found["sessionId"] ? { session_id: found["session_id"] ?? found["sessionId"] } : {}),
    ...(found["cwd"] !== undefined ? { cwd: found["cwd"] } : {}),
    ...(tool !== undefined ? toolFields(tool, undefined) : {}),
  } as Partial<HookInput>;
}

/**
 * A Copilot CLI event: the camelCase dialect (`sessionId` with a numeric `timestamp`, no other
 * host sends it), or the snake_case one — an ISO `timestamp` beside a Claude Code event name, no
 * `permission_mode` and no `turn_id`, and `transcript_path` only beside `stop_reason` (Qwen Code
 * sends a timestamp too, with a transcript path on every event).
 */
export function detectCopilot(input: unknown): boolean {
  if (typeof input !== "object" || input === null) return false;
  const record = input as Record<string, unknown>;
  if (typeof record["sessionId"] === "string" && typeof record["timestamp"] === "number") return true;
  if (typeof record["hook_event_name"] !== "string" || typeof record["timestamp"] !== "string") return false;
  if (record["permission_mode"] !== undefined || record["turn_id"] !== undefined) return false;
  return record["transcript_path"] === undefined || record["stop_reason"] !== undefined;
}
