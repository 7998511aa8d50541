import * as z from "../internal/zod.js";
import type { BackendResponse, BackendTool, ContentBlock } from "../backends/spec.js";
import type { HookEventName } from "../hook/input.js";
import { findDuplicateKey } from "../internal/json-duplicate-keys.js";

/**
 * A judge's answer. `ok: false` needs a reason. `unsure` asks a human where the event can ask
 * (PreToolUse, PermissionRequest); `impossible` tells a Stop judge that the condition cannot be
 * met in this session, so the stop goes ahead with a visible message.
 */
export const verdictSchema = z
  .strictObject({
    ok: z.boolean(),
    reason: z.optional(z.string()),
    unsure: z.optional(z.boolean()),
    impossible: z.optional(z.boolean()),
  })
  .check(
    z.refine((verdict) => verdict.ok || (verdict.reason ?? "").trim() !== "", {
      message: "ok:false needs a non-empty reason",
      path: ["reason"],
    }),
  );

/** A validated verdict. */
export interface Verdict {
  ok: boolean;
  reason: string;
  unsure?: boolean;
  impossible?: boolean;
}

/** The name of the tool the judge must call. */
export const VERDICT_TOOL_NAME = "verdict";

const ASK_EVENTS = new Set<string>(["PreToolUse", "PermissionRequest"]);
const STOP_EVENTS = new Set<string>(["Stop", "SubagentStop"]);

/** True for the events that can ask the user (and so honour `unsure`). */
export function eventCanAsk(event: string): boolean {
  return ASK_EVENTS.has(event);
}

/** True for Stop and SubagentStop. */
export function isStopEvent(event: string): boolean {
  return STOP_EVENTS.has(event);
}

/** The verdict tool, with the optional fields the event can use. */
export function verdictTool(event: HookEventName | string): BackendTool {
  const properties: Record<string, unknown> = {
    ok: { type: "boolean", description: "true when the condition holds (let the action go ahead), false when it does not" },
    reason: { type: "string", description: "one or two sentences: the evidence for the verdict; required when ok is false" },
  };
  if (eventCanAsk(event)) {
    properties["unsure"] = { type: "boolean", description: "true when the evidence is not enough to decide and a human should be asked" };
  }
  if (isStopEvent(event)) {
    properties["impossible"] = {
      type: "boolean",
      description: "true only when the condition can never be met in this session (the agent may stop); use sparingly",
    };
  }
  return {
    name: VERDICT_TOOL_NAME,
    description: "Report your verdict. Call this exactly once.",
    inputSchema: { type: "object", properties, required: ["ok", "reason"], additionalProperties: false },
  };
}

/** Why a reply could not be read, and what the repair request must answer. */
export interface VerdictParseFailure {
  message: string;
  /** False when asking again cannot help (the reply was cut at max_tokens, or refused). */
  repairable: boolean;
  /** Tool calls in the reply that need a `tool_result` in the repair request. */
  toolUseIds: string[];
}

/**
 * Read a verdict from a reply, strictly. The `verdict` tool call wins; without one, the text must
 * be exactly one JSON object or exactly one fenced JSON block. JSON inside prose is refused: the
 * judged data could carry a verdict of its own; so is JSON that repeats a key. A tool call's input
 * arrives already parsed by the backend (the API itself re-serialises it), so a repeated key there
 * cannot be seen.
 */
export function parseVerdict(response: BackendResponse): { verdict: Verdict } | { failure: VerdictParseFailure } {
  const toolUses = response.content.filter((block): block is Extract<ContentBlock, { type: "tool_use" }> => block.type === "tool_use");
  const toolUseIds = toolUses.map((block) => block.id);
  if (response.stopReason === "max_tokens") {
    return { failure: { message: "the reply was cut at max_tokens before the verdict was complete", repairable: false, toolUseIds } };
  }
  if (response.stopReason === "refusal") {
    return { failure: { message: "the model refused to answer", repairable: false, toolUseIds } };
  }
  const calls = toolUses.filter((block) => block.name === VERDICT_TOOL_NAME);
  if (calls.length > 1) {
    return { failure: { message: `the reply called the verdict tool ${calls.length} times; call it exactly once`, repairable: true, toolUseIds } };
  }
  if (calls[0]) return validate(calls[0].input, "the verdict tool call", toolUseIds);
  if (toolUses.length > 0) {
    return { failure: { message: `the reply called ${toolUses.map((block) => block.name).join(", ")} instead of the verdict tool`, repairable: true, toolUseIds } };
  }
  const text = response.content
    .map((block) => (block.type === "text" ? block.text : ""))
    .join("")
    .trim();
  const json = exactJson(text);
  if (json === undefined) {
    return {
      failure: {
        message:
          text === ""
            ? "the reply was empty"
            : "the reply has no verdict tool call and is not exactly one JSON object or one fenced JSON block (JSON inside prose is not accepted)",
        repairable: true,
        toolUseIds,
      },
    };
  }
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch (error) {
    return { failure: { message: `the reply's JSON does not parse: ${(error as Error).message}`, repairable: true, toolUseIds } };
  }
  // JSON.parse keeps the last of two equal keys; a verdict that says two things is malformed
  let duplicate: ReturnType<typeof findDuplicateKey>;
  try {
    duplicate = findDuplicateKey(json);
  } catch (error) {
    return { failure: { message: `the reply's JSON does not parse: ${(error as Error).message}`, repairable: true, toolUseIds } };
  }
  if (duplicate) {
    const where = duplicate.path.length > 0 ? ` (in ${duplicate.path.map((segment) => JSON.stringify(segment)).join(" › ")})` : "";
    return {
      failure: { message: `the reply's JSON repeats the key ${JSON.stringify(duplicate.key)}${where}; give each key once`, repairable: true, toolUseIds },
    };
  }
  return validate(value, "the reply's JSON", toolUseIds);
}

function exactJson(text: string): string | undefined {
  if (text.startsWith("{") && text.endsWith("}")) return text;
  const fenced = /^```[ \t]*(?:json)?[ \t]*\n([\s\S]*?)\n?```$/.exec(text);
  if (fenced && !fenced[1]!.includes("```")) {
    const inner = fenced[1]!.trim();
    if (inner.startsWith("{") && inner.endsWith("}")) return inner;
  }
  return undefined;
}

function validate(value: unknown, what: string, toolUseIds: string[]): { verdict: Verdict } | { failure: VerdictParseFailure } {
  const parsed = verdictSchema.safeParse(value);
  if (!parsed.success) {
    return {
      failure: {
        message: `${what} is not a valid verdict: ${z.prettifyError(parsed.error).replaceAll("\n", " ")}`,
        repairable: true,
        toolUseIds,
      },
    };
  }
  const verdict: Verdict = { ok: parsed.data.ok, reason: (parsed.data.reason ?? "").trim() };
  if (parsed.data.unsure !== undefined) verdict.unsure = parsed.data.unsure;
  if (parsed.data.impossible !== undefined) verdict.impossible = parsed.data.impossible;
  return { verdict };
}
