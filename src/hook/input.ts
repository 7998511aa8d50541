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

/**
 * The hook input, read leniently: the fields hookjudge uses are typed, everything else the
 * runtime sends is kept as it is (and reaches `$ARGUMENTS` unchanged).
 */
export const hookInputSchema = z.looseObject({
  hook_event_name: z.string().check(z.minLength(1)),
  session_id: z.optional(z.string()),
  transcript_path: z.optional(z.string()),
  cwd: z.optional(z.string()),
  permission_mode: z.optional(z.string()),
  agent_id: z.optional(z.string()),
  agent_type: z.optional(z.string()),
  agent_transcript_path: z.optional(z.string()),
  tool_name: z.optional(z.string()),
  tool_input: z.optional(z.unknown()),
  tool_response: z.optional(z.unknown()),
  tool_use_id: z.optional(z.string()),
  error: z.optional(z.unknown()),
  prompt: z.optional(z.string()),
  stop_hook_active: z.optional(z.boolean()),
  last_assistant_message: z.optional(z.string()),
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
 * Find the event name in text that is not valid JSON, so that the failure policy of the right
 * event can still answer.
 */
export function sniffEventName(text: string): string | undefined {
  return /"hook_event_name"\s*:\s*"([A-Za-z]+)"/.exec(text)?.[1];
}

function preview(text: string): string {
  const flat = text.replace(/\s+/g, " ").trim();
  return JSON.stringify(flat.length > 120 ? flat.slice(0, 120) + "…" : flat);
}
