import * as z from "../internal/zod.js";
import { HOOK_EVENTS, type HookEventName } from "./input.js";
import type { HookJudgeError } from "../errors.js";
import { parseTemplate, type ParsedTemplate } from "../template/render.js";
import { modelStringProblem } from "../backends/model-string.js";

const eventSchema = z.enum(HOOK_EVENTS);

/**
 * The front matter of a hook file: the one schema for every way a hook is defined. Keys are
 * kebab-case; any other key is an error.
 */
export const frontMatterSchema = z.strictObject({
  name: z.optional(z.string().check(z.minLength(1))).check(z.describe("The hook's name in logs and messages. @default the file name")),
  description: z.optional(z.string()).check(z.describe("One line on what the hook judges.")),
  type: z.optional(z.enum(["prompt", "agent"])).check(z.describe("`prompt`: one model call; `agent`: a read-only verifier. @default \"prompt\"")),
  events: z.optional(z.array(eventSchema).check(z.minLength(1))).check(z.describe("The events the hook judges; any other event passes without a model call. @default all")),
  matcher: z.optional(z.string()).check(z.describe("Tool-name (or agent-type) matcher with Claude Code's semantics. @default all")),
  model: z.optional(z.string().check(z.minLength(1), z.refine((value) => modelStringProblem(value) === undefined, { error: (issue) => modelStringProblem(String(issue.input)) }))).check(z.describe("The model: `provider:id` (anthropic, openai, ollama, bedrock, vertex, claude-code) or a bare Anthropic id. @default see the model precedence")),
  timeout: z.optional(z.number().check(z.gt(0), z.lte(3600))).check(z.describe("Seconds for the whole judgment, retries included. @default 30 (prompt), 60 (agent)")),
  "on-error": z.optional(z.enum(["allow", "block", "ask"])).check(z.describe("What a judge error does. @default by event")),
  "max-blocks": z.optional(z.int().check(z.gte(0))).check(z.describe("Consecutive Stop blocks per session before the stop is let through (0: no cap). @default 8")),
  "pass-decision": z.optional(z.enum(["none", "allow"])).check(z.describe("What a PreToolUse/PermissionRequest pass answers: `none` leaves the user's rules in charge. @default \"none\"")),
  "respect-stop-hook-active": z.optional(z.boolean()).check(z.describe("Pass at once when a Stop continuation was caused by a stop hook. @default false")),
  "max-turns": z.optional(z.int().check(z.gt(0))).check(z.describe("Agent hooks: the turn cap. @default 50")),
  tools: z.optional(z.array(z.enum(["Read", "Grep", "Glob", "Bash"]))).check(z.describe("Agent hooks: the verifier's tools. @default [\"Read\", \"Grep\", \"Glob\"]")),
  "allow-commands": z.optional(z.array(z.string().check(z.minLength(1)))).check(z.describe("Agent hooks: command patterns the verifier may run. @default []")),
  "token-budget": z.optional(z.int().check(z.gt(0))).check(z.describe("Agent hooks: input plus output tokens over the whole run. @default 200000")),
  "allow-sensitive-files": z.optional(z.boolean()).check(z.describe("Agent hooks: let the verifier read `.env*`, keys and credential files. @default false")),
  votes: z.optional(z.int().check(z.gte(1), z.lte(9), z.refine((value) => value % 2 === 1, "votes must be odd (1, 3, 5, 7 or 9), so a majority always exists"))).check(z.describe("Judgments per event, decided by majority with early exit (odd, 1\u20139). @default 1")),
  escalate: z.optional(z.array(z.string().check(z.minLength(1))).check(z.minLength(1), z.maxLength(4))).check(z.describe("Rungs that judge the same event when the verdict is unsure or the votes split: model ids (`claude-sonnet-4-5`, `openai:\u2026`) or hooks (`stop-verify`, a file).")),
});

/** The front matter, validated (`events` is always a list; a single name is accepted and wrapped). */
export type FrontMatter = z.infer<typeof frontMatterSchema>;

/** A loaded, validated hook. */
export interface HookDefinition {
  name: string;
  description?: string;
  type: "prompt" | "agent";
  /** The events it judges; `undefined` means every event. */
  events?: HookEventName[];
  matcher?: string;
  model?: string;
  /** Seconds. */
  timeout: number;
  onError?: "allow" | "block" | "ask";
  maxBlocks: number;
  passDecision: "none" | "allow";
  respectStopHookActive: boolean;
  maxTurns: number;
  tools: Array<"Read" | "Grep" | "Glob" | "Bash">;
  allowCommands: string[];
  /** Agent hooks: the total token budget. */
  tokenBudget: number;
  allowSensitiveFiles: boolean;
  /** Judgments per event (odd); the majority decides. */
  votes: number;
  /** The escalation ladder above this hook: model ids or hook names/files, in order. */
  escalate: string[];
  /** A Claude Code permission rule such as `Bash(git *)` that must match (settings entries only). */
  if?: string;
  /** The prompt template (the Markdown body). */
  template: string;
  /** The template, parsed; its problems have been reported at load time. */
  parsed: ParsedTemplate;
  /** Where it came from: a file path, `builtin:<name>`, or a settings file. */
  source: string;
  /** The line of the source at which the template starts. */
  templateLine: number;
  /** Set when the hook could not be loaded: judging it gives this `config` error. */
  loadError?: HookJudgeError;
}

/** Defaults for fields a hook leaves out. */
export const HOOK_DEFAULTS = {
  promptTimeout: 30,
  agentTimeout: 60,
  maxBlocks: 8,
  maxTurns: 50,
  tokenBudget: 200_000,
} as const;

/** Turn validated front matter and a parsed template into a {@link HookDefinition}. */
export function toDefinition(
  front: FrontMatter,
  template: string,
  parsed: ParsedTemplate,
  where: { name: string; source: string; templateLine: number },
): HookDefinition {
  const type = front.type ?? "prompt";
  const definition: HookDefinition = {
    name: front.name ?? where.name,
    type,
    timeout: front.timeout ?? (type === "agent" ? HOOK_DEFAULTS.agentTimeout : HOOK_DEFAULTS.promptTimeout),
    maxBlocks: front["max-blocks"] ?? HOOK_DEFAULTS.maxBlocks,
    passDecision: front["pass-decision"] ?? "none",
    respectStopHookActive: front["respect-stop-hook-active"] ?? false,
    maxTurns: front["max-turns"] ?? HOOK_DEFAULTS.maxTurns,
    tools: front.tools ?? ["Read", "Grep", "Glob"],
    allowCommands: front["allow-commands"] ?? [],
    tokenBudget: front["token-budget"] ?? HOOK_DEFAULTS.tokenBudget,
    allowSensitiveFiles: front["allow-sensitive-files"] ?? false,
    votes: front.votes ?? 1,
    escalate: front.escalate ?? [],
    template,
    parsed,
    source: where.source,
    templateLine: where.templateLine,
  };
  if (front.description !== undefined) definition.description = front.description;
  if (front.events !== undefined) definition.events = front.events;
  if (front.matcher !== undefined) definition.matcher = front.matcher;
  if (front.model !== undefined) definition.model = front.model;
  if (front["on-error"] !== undefined) definition.onError = front["on-error"];
  return definition;
}

/**
 * A stand-in for a hook that could not be loaded, so that the failure policy answers for it on
 * every event instead of the whole run failing.
 */
export function brokenHook(name: string, source: string, error: HookJudgeError): HookDefinition {
  const definition = toDefinition({}, "", parseTemplate(""), { name, source, templateLine: 1 });
  definition.loadError = error;
  return definition;
}
