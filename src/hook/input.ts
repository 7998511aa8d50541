import * as z from "../internal/zod.js";
import { HookJudgeError } from "../errors.js";

/** The events a prompt hook can judge, with the shape of their answers (see the protocol). */
export const HOOK_EVENTS = [
  "PreToolUse",
  "PermissionRequest",
  "PostToolUse",
  "PostToolUseFailure",
  "PostToolBatch",
  "PermissionDenied",
  "UserPromptSubmit",
  "UserPromptExpansion",
  "Stop",
  "SubagentStop",
  "TaskCreated",
  "TaskCompleted",
  "TeammateIdle",
] as const;

export type HookEventName = (typeof HOOK_EVENTS)[number];

// a field of the wrong type is dropped, not fatal: the rest of the event can still be judged
const lenient = <T extends z.ZodMiniType>(schema: T) => z.catch(z.optional(schema), undefined);

/**
 * The hook input, read leniently: the fields hookjudge uses are typed (a field of the wrong type
 * reads as absent), everything else the runtime sends is kept as it is and reaches `$ARGUMENTS`
 * unchanged. Only `hook_event_name` is required.
 */
export const hookInputSchema = z.looseObject({
  hook_event_name: z.string().check(z.minLength(1)),
  session_id: lenient(z.string()),
  transcript_path: lenient(z.string()),
  cwd: lenient(z.string()),
  permission_mode: lenient(z.string()),
  agent_id: lenient(z.string()),
  agent_type: lenient(z.string()),
  agent_transcript_path: lenient(z.string()),
  tool_name: lenient(z.string()),
  tool_input: z.optional(z.unknown()),
  tool_response: z.optional(z.unknown()),
  tool_use_id: lenient(z.string()),
  error: z.optional(z.unknown()),
  prompt: lenient(z.string()),
  stop_hook_active: lenient(z.boolean()),
  last_assistant_message: lenient(z.string()),
});

/** A parsed hook input. Unknown fields are kept. */
export type HookInput = z.infer<typeof hookInputSchema>;

/** True when `name` is an event hookjudge knows how to answer. */
export function isKnownEvent(name: string): name is HookEventName {
  return (HOOK_EVENTS as readonly string[]).includes(name);
}

/**
 * Parse the hook input text (stdin). Errors are `input` errors that say what was wrong; the raw
 * text is never lost: it is quoted (shortened) in the message.
 */
export function parseHookInput(text: string): HookInput {
  if (text.trim() === "") {
    throw new HookJudgeError(
      "input",
      "expected the hook input as one JSON object on stdin, received nothing. Run hookjudge from a hook, or pipe an event in: echo '{\"hook_event_name\":\"Stop\",…}' | hookjudge run <hook>",
    );
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new HookJudgeError(
      "input",
      `the hook input on stdin is not valid JSON (${(error as Error).message}); received ${preview(text)}`,
      { cause: error },
    );
  }
  const parsed = hookInputSchema.safeParse(value);
  if (!parsed.success) {
    throw new HookJudgeError(
      "input",
      `the hook input is not a hook event: ${z.prettifyError(parsed.error).replaceAll("\n", " ")}; received ${preview(text)}`,
    );
  }
  return parsed.data;
}

/**
 * Recover what can be read from input that is not a valid hook event (broken JSON, a missing
 * event name): the event, the session, the project folder, the tool, so that the failure policy,
 * the matcher, the block cap and the audit log still work.
 */
export function sniffHookInput(text: string): Partial<HookInput> {
  const found: Record<string, unknown> = {};
  for (const key of ["hook_event_name", "session_id", "cwd", "tool_name", "agent_id", "agent_type", "transcript_path"]) {
    const match = new RegExp(`"${key}"\\s*:\\s*"((?:[^"\\\\]|\\\\.)*)"`).exec(text);
    if (!match) continue;
    try {
      found[key] = JSON.parse(`"${match[1]}"`);
    } catch {
      // an undecodable value stays unknown
    }
  }
  const active = /"stop_hook_active"\s*:\s*(true|false)/.exec(text);
  if (active) found["stop_hook_active"] = active[1] === "true";
  return found as Partial<HookInput>;
}

function preview(text: string): string {
  const flat = text.replace(/\s+/g, " ").trim();
  return JSON.stringify(flat.length > 120 ? flat.slice(0, 120) + "…" : flat);
}
