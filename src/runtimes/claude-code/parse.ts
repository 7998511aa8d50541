import { isHookJudgeError } from "../../errors.js";
import { parseHookInput, sniffHookInput } from "../../hook/input.js";
import type { ParsedEvent } from "../types.js";

/**
 * Read a Claude Code event (stdin of a command hook, the body of an HTTP hook). Claude Code's
 * shape is the canonical one, so its names are kept as they are.
 */
export function parseClaudeCodeEvent(text: string): ParsedEvent {
  try {
    const input = parseHookInput(text);
    return {
      ok: true,
      input,
      host: { runtime: "claude-code", event: input.hook_event_name, ...(input.tool_name !== undefined ? { toolName: input.tool_name } : {}) },
      text,
    };
  } catch (error) {
    if (!isHookJudgeError(error)) throw error;
    return { ok: false, error, recovered: sniffHookInput(text), host: { runtime: "claude-code" }, text };
  }
}

/**
 * Whether an event looks like Claude Code's: a `hook_event_name` in its snake_case shape, or a
 * hook process Claude Code started (`CLAUDECODE=1`, `CLAUDE_PROJECT_DIR`).
 */
export function detectClaudeCode(input: unknown, env: Record<string, string | undefined>): boolean {
  if (env["CLAUDECODE"] === "1" || env["CLAUDE_PROJECT_DIR"] !== undefined) return true;
  return typeof input === "object" && input !== null && typeof (input as { hook_event_name?: unknown }).hook_event_name === "string";
}
