import { readFileSync } from "node:fs";
import { dirname, isAbsolute, resolve } from "node:path";
import { HookJudgeError } from "../errors.js";
import { hookInputSchema, type HookInput } from "../hook/input.js";
import * as z from "../internal/zod.js";

/** What a case expects the hook to decide. */
export type Expectation = "pass" | "block" | "ask";

/** One labelled case, its input ready to judge. */
export interface EvalCase {
  name: string;
  input: HookInput;
  expect: Expectation;
  notes?: string;
  /** Where it was read: `file:line` (JSONL) or `file#index` (a JSON array). */
  location: string;
}

const caseSchema = z
  .strictObject({
    name: z.string().check(z.minLength(1)),
    input: z.optional(z.looseObject({})),
    inputFile: z.optional(z.string().check(z.minLength(1))),
    expect: z.enum(["pass", "block", "ask"]),
    notes: z.optional(z.string()),
  })
  .check(z.refine((entry) => (entry.input === undefined) !== (entry.inputFile === undefined), { message: "give exactly one of input and inputFile" }));

/**
 * Read a cases file: JSON Lines (one case a line; blank lines and `//` comments skipped) or one JSON
 * array. Every problem names the file and line (or array index). `inputFile` and relative
 * transcript paths resolve against the cases file's folder.
 */
export function readCases(file: string): EvalCase[] {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (error) {
    throw new HookJudgeError("config", `cannot read the cases file ${file}: ${(error as Error).message}`, { cause: error });
  }
  const folder = dirname(resolve(file));
  const entries: Array<{ value: unknown; location: string; line?: number }> = [];
  if (text.trimStart().startsWith("[")) {
    let array: unknown;
    try {
      array = JSON.parse(text);
    } catch (error) {
      throw new HookJudgeError("config", `the cases file is not valid JSON: ${(error as Error).message}`, { location: { file } });
    }
    if (!Array.isArray(array)) throw new HookJudgeError("config", "expected a JSON array of cases", { location: { file } });
    array.forEach((value, index) => entries.push({ value, location: `${file}#${index}` }));
  } else {
    text.split("\n").forEach((line, index) => {
      if (line.trim() === "" || line.trim().startsWith("//")) return;
      let value: unknown;
      try {
        value = JSON.parse(line);
      } catch (error) {
        throw new HookJudgeError("config", `line ${index + 1} is not valid JSON: ${(error as Error).message}`, { location: { file, line: index + 1 } });
      }
      entries.push({ value, location: `${file}:${index + 1}`, line: index + 1 });
    });
  }
  const names = new Set<string>();
  return entries.map(({ value, location, line }) => {
    const where = { file, ...(line === undefined ? {} : { line }) };
    const parsed = caseSchema.safeParse(value);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      throw new HookJudgeError("config", `invalid case at ${location}: ${issue.path.join(".") || "case"}: ${issue.message}`, { location: where });
    }
    const entry = parsed.data;
    if (names.has(entry.name)) throw new HookJudgeError("config", `duplicate case name ${JSON.stringify(entry.name)} at ${location}`, { location: where });
    names.add(entry.name);
    let raw: unknown = entry.input;
    if (entry.inputFile !== undefined) {
      try {
        raw = JSON.parse(readFileSync(resolve(folder, entry.inputFile), "utf8"));
      } catch (error) {
        throw new HookJudgeError("config", `case ${entry.name}: cannot read inputFile ${entry.inputFile}: ${(error as Error).message}`, { location: where });
      }
    }
    const input = hookInputSchema.safeParse(raw);
    if (!input.success) {
      throw new HookJudgeError("config", `case ${entry.name}: the input is not a hook event (${input.error.issues[0]?.message ?? "invalid"})`, { location: where });
    }
    const event = { ...input.data };
    // a suite can ship its project folders and transcripts next to its cases file
    for (const key of ["cwd", "transcript_path", "agent_transcript_path"] as const) {
      const path = event[key];
      if (typeof path === "string" && path !== "" && !isAbsolute(path)) event[key] = resolve(folder, path);
    }
    return { name: entry.name, input: event, expect: entry.expect, ...(entry.notes === undefined ? {} : { notes: entry.notes }), location };
  });
}
