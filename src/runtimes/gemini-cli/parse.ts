import type { HookInput } from "../../hook/input.js";
import { eventNameOf, parseHostEvent, sniffFields, toolFields } from "../_canonical.js";
import { CONTINUATION, isContinuation } from "../_continuation.js";
import type { ParsedEvent } from "../types.js";
import { GEMINI_EVENT_NAMES, GEMINI_EVENTS } from "./events.js";

const canonicalEvent = (name: string) => (Object.hasOwn(GEMINI_EVENTS, name) ? GEMINI_EVENTS[name]! : name);

/**
 * Read a Gemini CLI event into the canonical input: BeforeTool/AfterTool → PreToolUse/PostToolUse,
 * BeforeAgent → UserPromptSubmit, AfterAgent → Stop (its `prompt_response` is the last assistant
 * message); tool names mapped (`run_shell_command` → Bash, `write_file` → Write, `replace` → Edit),
 * the host's kept in `host.toolName`. An AfterTool whose response has an `error` carries it as
 * `error`. A BeforeAgent prompt that is hookjudge's own Stop reason coming back passes unjudged.
 */
export function parseGeminiEvent(text: string): ParsedEvent {
  return parseHostEvent(
    "gemini-cli",
    text,
    (value) => {
      const event = eventNameOf(value, "hook_event_name", "gemini-cli");
      const input: Record<string, unknown> = { ...value, hook_event_name: canonicalEvent(event), ...toolFields(value["tool_name"], value["tool_input"]) };
      if (event === "AfterAgent" && typeof value["prompt_response"] === "string") input["last_assistant_message"] = value["prompt_response"];
      const response = value["tool_response"] as { error?: unknown } | undefined;
      if (event === "AfterTool" && response?.error !== undefined && response.error !== null) input["error"] = response.error;
      const continued = event === "BeforeAgent" && typeof value["prompt"] === "string" && isContinuation(value["prompt"]);
      return { input, event, ...(typeof value["tool_name"] === "string" ? { toolName: value["tool_name"] } : {}), ...(continued ? { unjudged: CONTINUATION } : {}) };
    },
    recoverGemini,
  );
}

function recoverGemini(text: string): Partial<HookInput> {
  const found = sniffFields(text, ["hook_event_name", "session_id", "cwd", "tool_name", "transcript_path"]);
  return {
    ...found,
    ...(found["hook_event_name"] !== undefined ? { hook_event_name: canonicalEvent(found["hook_event_name"]) } : {}),
    ...(found["tool_name"] !== undefined ? toolFields(found["tool_name"], undefined) : {}),
  } as Partial<HookInput>;
}

/**
 * A Gemini CLI event (its own event names, which no other host uses), or a hook process Gemini
 * started (`GEMINI_SESSION_ID`, `GEMINI_PROJECT_DIR`) whose event names no Claude Code event —
 * Qwen Code sets `GEMINI_PROJECT_DIR` too, so its `QWEN_PROJECT_DIR` rules Gemini out.
 */
export function detectGemini(input: unknown, env: Record<string, string | undefined>): boolean {
  const name = typeof input === "object" && input !== null ? (input as { hook_event_name?: unknown }).hook_event_name : undefined;
  if (typeof name === "string") return GEMINI_EVENT_NAMES.has(name);
  if (env["QWEN_PROJECT_DIR"] !== undefined) return false;
  return env["GEMINI_SESSION_ID"] !== undefined || env["GEMINI_PROJECT_DIR"] !== undefined;
}
