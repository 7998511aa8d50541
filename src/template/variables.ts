import type { HookInput } from "../hook/input.js";
import { valueToText } from "../internal/text.js";
import { lastAssistantText, readTranscript, renderTranscript, type Transcript } from "./transcript.js";

/** What a variable can read while a prompt is rendered. */
export interface VariableContext {
  input: HookInput;
  /** The session transcript, read at most once per render. */
  transcript(): Transcript;
  /** Character budget for `$TRANSCRIPT`. */
  transcriptBudgetChars: number;
  /** Values the caller adds (a loop's task, promise and iteration). */
  extra: Readonly<Record<string, string>>;
}

/** A named variable: its documentation and how to read its value (`undefined` when absent). */
export interface VariableSpec {
  description: string;
  resolve(context: VariableContext): string | undefined;
}

const field = (name: string) => (context: VariableContext) => {
  const value = context.input[name];
  return value === undefined || value === null ? undefined : valueToText(value);
};

/**
 * The variable catalogue. `$ARGUMENTS` is the whole input as compact JSON, as in Claude Code; the
 * others fill what Claude Code documents but leaves literal.
 */
export const VARIABLES: Readonly<Record<string, VariableSpec>> = {
  ARGUMENTS: {
    description: "the whole hook input as compact JSON (as Claude Code's $ARGUMENTS)",
    resolve: (context) => JSON.stringify(context.input),
  },
  HOOK_EVENT_NAME: { description: "the event, e.g. Stop or PreToolUse", resolve: field("hook_event_name") },
  TOOL_NAME: {
    description: "tool events: the tool's name as the host calls it, e.g. Bash (run_shell_command on Gemini CLI)",
    resolve: (context) => context.extra["HOST_TOOL_NAME"] ?? field("tool_name")(context),
  },
  TOOL_INPUT: { description: "tool events: the tool's input as indented JSON", resolve: field("tool_input") },
  TOOL_RESULT: {
    description: "PostToolUse: the tool's response; PostToolUseFailure: its error",
    resolve: (context) => field("tool_response")(context) ?? field("error")(context),
  },
  USER_PROMPT: { description: "UserPromptSubmit: the prompt the user typed", resolve: field("prompt") },
  LAST_ASSISTANT_MESSAGE: {
    description:
      "Stop/SubagentStop: the agent's final text, from the input field or else from the transcript",
    resolve: (context) => field("last_assistant_message")(context) ?? lastAssistantText(context.transcript()),
  },
  TRANSCRIPT: {
    description: "the recent conversation under a size budget, with a note of how many earlier messages were omitted",
    resolve: (context) => renderTranscript(context.transcript(), { budgetChars: context.transcriptBudgetChars }),
  },
  TRANSCRIPT_PATH: { description: "the session transcript's path", resolve: field("transcript_path") },
  CWD: { description: "the project directory of the event", resolve: field("cwd") },
  SESSION_ID: { description: "the session's id", resolve: field("session_id") },
  LOOP_TASK: { description: "loop verifiers: the loop's task", resolve: (context) => context.extra["LOOP_TASK"] },
  PROMISE: { description: "loop verifiers: the completion promise the agent made", resolve: (context) => context.extra["PROMISE"] },
  ITERATION: { description: "loop verifiers: the loop's iteration (blocks so far)", resolve: (context) => context.extra["ITERATION"] },
  COMMAND_SUMMARY: {
    description: "review-command: the commands the line would run and what the rules said of each",
    resolve: (context) => context.extra["COMMAND_SUMMARY"],
  },
};

/** True when `name` is in the catalogue. */
export function isKnownVariable(name: string): boolean {
  return Object.hasOwn(VARIABLES, name);
}

/** Read a dotted path such as `tool_input.command` from the input; `undefined` when absent. */
export function resolvePath(input: HookInput, path: string): string | undefined {
  let value: unknown = input;
  for (const key of path.split(".")) {
    if (typeof value !== "object" || value === null) return undefined;
    value = Array.isArray(value) ? value[Number(key)] : (value as Record<string, unknown>)[key];
  }
  return value === undefined || value === null ? undefined : valueToText(value);
}

/** The transcript a variable should read: the subagent's own on SubagentStop, else the session's. */
export function transcriptReader(input: HookInput): () => Transcript {
  let cached: Transcript | undefined;
  return () => {
    if (cached) return cached;
    const agentPath = typeof input.agent_transcript_path === "string" && input.agent_transcript_path !== "" ? input.agent_transcript_path : undefined;
    const path = agentPath ?? input.transcript_path;
    // a subagent's transcript is all sidechain lines
    cached = path ? readTranscript(path, { includeSidechain: agentPath !== undefined, ...(input.cwd ? { cwd: input.cwd } : {}) }) : { messages: [], skippedLines: 0, readFromTail: false };
    return cached;
  };
}
