import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import * as z from "../internal/zod.js";
import { HookJudgeError } from "../errors.js";
import { lineOfOffset } from "../internal/text.js";
import { parseTemplate } from "../template/render.js";
import { toDefinition } from "./definition.js";
import { isKnownEvent, type HookEventName } from "./input.js";
import { describeIssue, problemsError, type HookProblem, type HookReadResult } from "./load.js";
import { compileMatcher } from "./matcher.js";
import { modelStringProblem } from "../backends/model-string.js";

/** A Claude Code `type: "prompt"` or `type: "agent"` hook entry, with the fields Claude Code accepts. */
const promptEntrySchema = z.strictObject({
  type: z.enum(["prompt", "agent"]),
  prompt: z.string().check(z.minLength(1)),
  model: z.optional(z.string().check(z.minLength(1), z.refine((value) => modelStringProblem(value) === undefined, { error: (issue) => modelStringProblem(String(issue.input)) }))),
  timeout: z.optional(z.number().check(z.gt(0), z.lte(3600))),
  continueOnBlock: z.optional(z.boolean()),
  statusMessage: z.optional(z.string()),
  if: z.optional(z.string()),
  once: z.optional(z.boolean()),
});

const settingsSchema = z.looseObject({
  hooks: z.optional(
    z.record(z.string(), z.array(z.looseObject({ matcher: z.optional(z.string()), hooks: z.array(z.looseObject({ type: z.string() })) }))),
  ),
});

/** The prompt and agent hooks of a settings file, each read with its problems. */
export function readSettingsHooks(file: string, cwd = process.cwd()): HookReadResult[] {
  const path = resolve(cwd, file);
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (error) {
    throw new HookJudgeError("config", `cannot read settings file ${path}: ${(error as Error).message}`, { cause: error });
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new HookJudgeError("config", `settings file is not valid JSON: ${(error as Error).message}`, {
      location: { file: path },
      cause: error,
    });
  }
  const settings = settingsSchema.safeParse(json);
  if (!settings.success) {
    throw new HookJudgeError("config", `not a Claude Code settings file: ${z.prettifyError(settings.error).replaceAll("\n", " ")}`, {
      location: { file: path },
    });
  }
  const results: HookReadResult[] = [];
  let searchFrom = 0;
  for (const [event, groups] of Object.entries(settings.data.hooks ?? {})) {
    groups.forEach((group, groupIndex) => {
      group.hooks.forEach((entry, entryIndex) => {
        if (entry.type !== "prompt" && entry.type !== "agent") return;
        const name = `${event}[${groupIndex}].hooks[${entryIndex}]`;
        const prompt = typeof entry["prompt"] === "string" ? entry["prompt"] : "";
        const found = prompt === "" ? -1 : text.indexOf(JSON.stringify(prompt).slice(0, 60), searchFrom);
        if (found !== -1) searchFrom = found + 1;
        const line = found === -1 ? 1 : lineOfOffset(text, found);
        results.push(readEntry(entry, { event, matcher: group.matcher, name, file: path, line }));
      });
    });
  }
  return results;
}

function readEntry(
  entry: unknown,
  where: { event: string; matcher: string | undefined; name: string; file: string; line: number },
): HookReadResult {
  const problems: HookProblem[] = [];
  const problem = (message: string) => problems.push({ file: where.file, line: where.line, message: `${where.name}: ${message}` });
  // a broken entry still answers only for its own event and matcher
  const broken = (): HookReadResult => {
    const definition = toDefinition({}, "", parseTemplate(""), { name: `settings:${where.name}`, source: where.file, templateLine: where.line });
    definition.events = [where.event as HookEventName];
    if (where.matcher !== undefined) definition.matcher = where.matcher;
    definition.loadError = problemsError(problems);
    return { definition, problems };
  };
  if (!isKnownEvent(where.event)) {
    problem(`event ${where.event} cannot run prompt or agent hooks`);
    return broken();
  }
  const parsed = promptEntrySchema.safeParse(entry);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) problem(describeIssue(issue));
    return broken();
  }
  try {
    compileMatcher(where.matcher);
  } catch (error) {
    problem((error as Error).message);
    // an invalid matcher cannot scope the broken entry
    where.matcher = undefined;
  }
  const template = parseTemplate(parsed.data.prompt);
  for (const templateProblem of template.problems) problem(templateProblem.message);
  if (problems.length > 0) return broken();
  const definition = toDefinition(
    {
      type: parsed.data.type,
      events: [where.event],
      ...(where.matcher === undefined ? {} : { matcher: where.matcher }),
      ...(parsed.data.model === undefined ? {} : { model: parsed.data.model }),
      ...(parsed.data.timeout === undefined ? {} : { timeout: parsed.data.timeout }),
    },
    parsed.data.prompt,
    template,
    { name: `settings:${where.name}`, source: where.file, templateLine: where.line },
  );
  if (parsed.data.if !== undefined) definition.if = parsed.data.if;
  return { definition, problems };
}
