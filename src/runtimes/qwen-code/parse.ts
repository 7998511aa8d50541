import { sniffHookInput, type HookInput } from "../../hook/input.js";
import { canonicalToolName, eventNameOf, parseHostEvent, toolFields } from "../_canonical.js";
import { CONTINUATION, isContinuation } from "../_continuation.js";
import type { ParsedEvent } from "../types.js";

/** Qwen Code's own tool names (Claude Code's never reach its hooks). */
const QWEN_TOOLS = new Set(["run_shell_command", "write_file", "replace", "edit", "read_file", "read_many_files", "glob", "grep_search", "search_file_content", "list_directory", "web_fetch", "todo_write", "task"]);

/**
 * Read a Qwen Code event: Claude Code's shape with Qwen's tool names (`run_shell_command` → Bash,
 * `write_file` → Write, `replace`/`edit` → Edit; the host's kept in `host.toolName`).
 * `stop_hook_active` is dropped: Qwen Code 0.15.10 sends `true` on the first Stop already, so it
 * cannot tell a fresh stop from a continued one (hookjudge's block cap bounds the chain). Two
 * UserPromptSubmit events pass unjudged: the empty prompt Qwen sends when a tool result goes back
 * to the model, and a Stop reason of hookjudge's own coming back as the next prompt.
 */
export function parseQwenEvent(text: string): ParsedEvent {
  return parseHostEvent(
    "qwen-code",
    text,
    (value) => {
      const event = eventNameOf(value, "hook_event_name", "qwen-code");
      const { stop_hook_active: _active, ...rest } = value;
      const input: Record<string, unknown> = { ...rest, ...toolFields(value["tool_name"], value["tool_input"]) };
      const prompt = value["prompt"];
      const unjudged =
        event !== "UserPromptSubmit" || typeof prompt !== "string"
          ? undefined
          : prompt.trim() === ""
            ? "an empty prompt: Qwen Code sends one when a tool result goes back to the model"
            : isContinuation(prompt)
              ? CONTINUATION
              : undefined;
      return { input, event, ...(typeof value["tool_name"] === "string" ? { toolName: value["tool_name"] } : {}), ...(unjudged ? { unjudged } : {}) };
    },
    recoverQwen,
  );
}

function recoverQwen(text: string): Partial<HookInput> {
  const found = sniffHookInput(text);
  delete found.stop_hook_active;
  return found.tool_name !== undefined ? { ...found, ...(toolFields(found.tool_name, undefined) as Partial<HookInput>) } : found;
}

/**
 * A Qwen Code event: a Claude Code event name with one of Qwen's tool names, or with Qwen's
 * `timestamp` beside a `transcript_path` (Claude Code sends no timestamp; Copilot CLI no transcript
 * path but at a stop), or a hook process Qwen started (`QWEN_PROJECT_DIR`).
 */
export function detectQwen(input: unknown, env: Record<string, string | undefined>): boolean {
  if (typeof input === "object" && input !== null) {
    const record = input as Record<string, unknown>;
    if (typeof record["hook_event_name"] !== "string" || record["turn_id"] !== undefined) return false;
    const tool = record["tool_name"];
    if (typeof tool === "string" && QWEN_TOOLS.has(tool) && canonicalToolName(tool) !== tool) return true;
    if (typeof record["timestamp"] === "string" && typeof record["transcript_path"] === "string" && record["stop_reason"] === undefined) return true;
    if (record["tool_call_id"] !== undefined) return true;
  }
  return env["QWEN_PROJECT_DIR"] !== undefined;
}
