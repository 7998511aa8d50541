import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { basename, extname, join, resolve } from "node:path";
import { isMap, isScalar, LineCounter, parseDocument } from "yaml";
import { HookJudgeError, isHookJudgeError } from "../errors.js";
import { packageRoot } from "../internal/package-root.js";
import { lineOfOffset } from "../internal/text.js";
import { parseTemplate } from "../template/render.js";
import { brokenHook, frontMatterSchema, toDefinition, type FrontMatter, type HookDefinition } from "./definition.js";
import { compileMatcher } from "./matcher.js";

/** A problem found while loading or linting a hook, with its file and 1-based line. */
export interface HookProblem {
  file: string;
  line: number;
  message: string;
}

/**
 * A hook read with every problem collected. When there are problems, `definition` still carries
 * what could be read (name, events, matcher, on-error) with `loadError` set, so that a broken hook
 * answers through its own failure policy, on its own events only.
 */
export interface HookReadResult {
  definition: HookDefinition;
  problems: HookProblem[];
}

/** Options for {@link loadHook}. */
export interface LoadHookOptions {
  /** The folder relative hook paths resolve against. @default process.cwd() */
  cwd?: string;
}

/**
 * Load a hook by reference: a path to a Markdown hook file, or the name of a built-in (see
 * {@link listBuiltinHooks}). Every problem is a `config` {@link HookJudgeError} naming file and line.
 */
export function loadHook(reference: string, options: LoadHookOptions = {}): HookDefinition {
  return definitionOrThrow(readHook(reference, options));
}

/**
 * Read a hook by reference with every problem collected (see {@link HookReadResult}); a file that
 * cannot be found or read is one problem.
 */
export function readHook(reference: string, options: LoadHookOptions = {}): HookReadResult {
  let file: string;
  let source: string;
  let text: string;
  try {
    ({ file, source } = resolveHookReference(reference, options.cwd ?? process.cwd()));
    text = readFileSync(file, "utf8");
  } catch (error) {
    const failure = isHookJudgeError(error) ? error : new HookJudgeError("config", `cannot read hook ${reference}: ${(error as Error).message}`, { cause: error });
    const problem = { file: failure.location?.file ?? reference, line: failure.location?.line ?? 1, message: failure.message };
    return { definition: brokenHook(reference, reference, failure), problems: [problem] };
  }
  return readHookText(text, source, basename(file, extname(file)));
}

/** Throw the collected problems as one `config` error, or return the definition. */
export function definitionOrThrow(result: HookReadResult): HookDefinition {
  if (result.problems.length > 0) throw problemsError(result.problems);
  return result.definition;
}

/** One `config` error for a list of problems, located at the first. */
export function problemsError(problems: HookProblem[]): HookJudgeError {
  const [first, ...rest] = problems;
  const more = rest.map((problem) => `\n${problem.file}:${problem.line}: ${problem.message}`);
  return new HookJudgeError("config", (first?.message ?? "the hook could not be read") + more.join(""), {
    location: first ? { file: first.file, line: first.line } : undefined,
  });
}

/** The names of the built-in hooks in `prompts/`. */
export function listBuiltinHooks(): string[] {
  return readdirSync(join(packageRoot(), "prompts"))
    .filter((name) => name.endsWith(".md"))
    .map((name) => name.slice(0, -3))
    .sort();
}

/** Find the file a hook reference names: an existing path first, then a built-in name. */
export function resolveHookReference(reference: string, cwd: string): { file: string; source: string } {
  const path = resolve(cwd, reference);
  if (existsSync(path) && statSync(path).isFile()) return { file: path, source: path };
  if (/^[a-z0-9][a-z0-9-]*$/.test(reference)) {
    const builtin = join(packageRoot(), "prompts", `${reference}.md`);
    if (existsSync(builtin)) return { file: builtin, source: `builtin:${reference}` };
  }
  throw new HookJudgeError(
    "config",
    `no hook file ${JSON.stringify(reference)} (looked for ${path}) and no built-in hook of that name; built-ins: ${listBuiltinHooks().join(", ")}`,
  );
}

/**
 * Read a hook file's text: YAML front matter between `---` lines, then the prompt template.
 * Collects every problem (YAML, schema, unknown keys, unknown variables) with its line.
 */
export function readHookText(text: string, source: string, fallbackName: string): HookReadResult {
  const problems: HookProblem[] = [];
  const problem = (line: number, message: string) => problems.push({ file: source, line, message });
  const broken = (salvaged: FrontMatter = {}): HookReadResult => {
    const definition = toDefinition(salvaged, "", parseTemplate(""), { name: fallbackName, source, templateLine: 1 });
    definition.loadError = problemsError(problems);
    return { definition, problems };
  };
  const normalized = text.replace(/^\uFEFF/, "").replace(/\r\n/g, "\n");

  let yamlText = "";
  let body = normalized;
  let bodyLine = 1;
  if (/^---[ \t]*\n/.test(normalized)) {
    const end = /\n---[ \t]*(\n|$)/.exec(normalized);
    if (!end) {
      problem(1, "the front matter opened by '---' on line 1 is never closed: add a line '---' after it");
      return broken();
    }
    yamlText = normalized.slice(normalized.indexOf("\n") + 1, end.index + 1);
    body = normalized.slice(end.index + end[0].length);
    bodyLine = lineOfOffset(normalized, end.index + end[0].length);
  }

  const lineCounter = new LineCounter();
  const document = parseDocument(yamlText, { lineCounter, prettyErrors: false, uniqueKeys: true });
  // front matter starts on line 2 of the file
  const yamlLine = (offset: number) => lineCounter.linePos(offset).line + 1;
  for (const error of document.errors) problem(yamlLine(error.pos[0]), `invalid YAML front matter: ${error.message.split("\n")[0]}`);
  if (document.errors.length > 0) return broken();

  const raw: unknown = document.toJS() ?? {};
  const keyLine = (key: PropertyKey | undefined): number => {
    const contents = document.contents;
    if (isMap(contents)) {
      for (const pair of contents.items) {
        if (isScalar(pair.key) && pair.key.value === key && pair.key.range) return yamlLine(pair.key.range[0]);
      }
    }
    return 2;
  };
  if (typeof raw !== "object" || raw === null || Array.isArray(raw)) {
    problem(2, "the front matter must be a YAML mapping of keys such as 'name:' and 'events:'");
    return broken();
  }
  const fields = raw as Record<string, unknown>;
  if (typeof fields["events"] === "string") fields["events"] = [fields["events"]];
  const front = frontMatterSchema.safeParse(fields);
  if (!front.success) {
    for (const issue of front.error.issues) {
      if (issue.code === "unrecognized_keys") {
        for (const key of issue.keys) {
          problem(keyLine(key), `unknown front matter key '${key}'; known keys: ${Object.keys(frontMatterSchema.shape).join(", ")}`);
        }
      } else {
        const key = issue.path[0];
        problem(keyLine(key), describeIssue(issue));
      }
    }
    return broken(salvage(fields));
  }

  if (body.trim() === "") problem(bodyLine, "the hook has no prompt: write the judging prompt below the front matter");
  const parsed = parseTemplate(body);
  for (const templateProblem of parsed.problems) {
    problem(bodyLine + lineOfOffset(body, templateProblem.offset) - 1, templateProblem.message);
  }
  if (front.data.matcher !== undefined) {
    try {
      compileMatcher(front.data.matcher);
    } catch (error) {
      problem(keyLine("matcher"), (error as Error).message);
    }
  }
  const definition = toDefinition(front.data, body, parsed, { name: fallbackName, source, templateLine: bodyLine });
  if (problems.length > 0) definition.loadError = problemsError(problems);
  return { definition, problems };
}

/** The scope and policy keys of front matter that failed as a whole but are valid one by one. */
function salvage(fields: Record<string, unknown>): FrontMatter {
  const salvaged: Record<string, unknown> = {};
  for (const key of ["name", "events", "matcher", "on-error", "type"] as const) {
    if (fields[key] === undefined) continue;
    const parsed = frontMatterSchema.shape[key].safeParse(fields[key]);
    if (parsed.success) salvaged[key] = parsed.data;
  }
  return salvaged as FrontMatter;
}

/** One zod issue as `path: message`, e.g. `events.1: Invalid option: expected one of …`. */
export function describeIssue(issue: { path: PropertyKey[]; message: string }): string {
  const where = issue.path.length > 0 ? issue.path.map(String).join(".") : "value";
  return `${where}: ${issue.message}`;
}
