import type { HookInput } from "../hook/input.js";
import { truncateMiddle } from "../internal/text.js";
import { isKnownVariable, resolvePath, transcriptReader, VARIABLES } from "./variables.js";
import { inputPathProblem } from "./input-paths.js";
import { pickDelimiter, type Transcript } from "./transcript.js";

/** A piece of a parsed template. */
export type TemplateSegment =
  | { kind: "text"; text: string }
  | { kind: "variable"; name: string; offset: number }
  | { kind: "path"; path: string; offset: number };

/** A problem found in a template, at a character offset of the template text. */
export interface TemplateProblem {
  offset: number;
  message: string;
}

/** A template split into literal text and variables. */
export interface ParsedTemplate {
  segments: TemplateSegment[];
  problems: TemplateProblem[];
  /** True when the template uses at least one variable (else `$ARGUMENTS` is appended). */
  hasVariables: boolean;
}

const NAME = /^[A-Z][A-Z0-9_]*/;
const WORD = /^[A-Za-z_][A-Za-z0-9_]*/;
const PATH = /^[A-Za-z_][A-Za-z0-9_-]*(\.[A-Za-z0-9_-]+)*$/;

/**
 * Split a template into text and variables. `\$` is a literal dollar; `$NAME` and `${NAME}` are
 * catalogue variables (an unknown upper-case name is a problem); `${dotted.path}` reads the input;
 * a `$` before anything else (`$5.00`, `$1`, `$x`) is literal text.
 */
export function parseTemplate(template: string): ParsedTemplate {
  const segments: TemplateSegment[] = [];
  const problems: TemplateProblem[] = [];
  let text = "";
  const flush = () => {
    if (text !== "") segments.push({ kind: "text", text });
    text = "";
  };
  let index = 0;
  while (index < template.length) {
    const char = template[index]!;
    if (char === "\\" && template[index + 1] === "$") {
      text += "$";
      index += 2;
      continue;
    }
    if (char !== "$") {
      text += char;
      index++;
      continue;
    }
    const rest = template.slice(index + 1);
    if (rest.startsWith("{")) {
      const close = rest.indexOf("}");
      const inner = close === -1 ? "" : rest.slice(1, close);
      if (close === -1) {
        problems.push({ offset: index, message: "unclosed ${…}: add the closing brace, or write \\$ for a literal dollar" });
        text += char;
        index++;
        continue;
      }
      flush();
      if (NAME.exec(inner)?.[0] === inner) {
        if (!isKnownVariable(inner)) problems.push({ offset: index, message: unknownVariable(inner) });
        segments.push({ kind: "variable", name: inner, offset: index });
      } else if (PATH.test(inner)) {
        const typo = inputPathProblem(inner);
        if (typo) problems.push({ offset: index, message: typo });
        segments.push({ kind: "path", path: inner, offset: index });
      } else {
        problems.push({
          offset: index,
          message: `\${${inner}} is neither a variable nor a dotted input path such as \${tool_input.command}`,
        });
      }
      index += close + 2;
      continue;
    }
    // a variable is a whole upper-case word: $TOOL_INPUT is one, $Total and $foo are text
    const word = WORD.exec(rest)?.[0];
    const name = word !== undefined && NAME.exec(word)?.[0] === word ? word : undefined;
    if (name === undefined) {
      text += char;
      index++;
      continue;
    }
    flush();
    if (!isKnownVariable(name)) {
      problems.push({ offset: index, message: unknownVariable(name) });
    } else if (name === "ARGUMENTS" && rest[name.length] === "[") {
      problems.push({
        offset: index,
        message: "positional $ARGUMENTS[n] is not supported (it splits JSON into shell words); use a path such as ${tool_input.command}",
      });
    }
    segments.push({ kind: "variable", name, offset: index });
    index += name.length + 1;
  }
  flush();
  return { segments, problems, hasVariables: segments.some((segment) => segment.kind !== "text") };
}

function unknownVariable(name: string): string {
  return `unknown variable $${name}; known: ${Object.keys(VARIABLES)
    .map((known) => "$" + known)
    .join(", ")}, or \${dotted.path} into the input; write \\$${name} for a literal dollar`;
}

/** Options for {@link renderPrompt}. */
export interface RenderOptions {
  /**
   * The most characters one substituted value may take; longer values are cut in the middle
   * with a visible marker.
   * @default 20_000
   */
  valueChars?: number;
  /**
   * The character budget of `$TRANSCRIPT`.
   * @default 24_000
   */
  transcriptChars?: number;
  /** The fence tag; random per call when left out (tests pass a fixed one). */
  delimiter?: string;
  /** Values for the loop variables (`LOOP_TASK`, `PROMISE`, `ITERATION`). */
  extra?: Record<string, string>;
  /** A transcript already read, or a reader shared by several renders, instead of reading `transcript_path`. */
  transcript?: Transcript | (() => Transcript);
}

/** A rendered prompt. */
export interface RenderedPrompt {
  /** The text sent to the model as the user message. */
  text: string;
  /** The tag that fences data: values sit between `<TAG>` and `</TAG>` lines. */
  delimiter: string;
  /** True when `ARGUMENTS:` was appended because the template used no variable. */
  appendedArguments: boolean;
}

/**
 * Fill a template with the event's data. Every value is untrusted: it is cut to size and fenced
 * between lines carrying a random tag that the value does not contain, so it cannot close its own
 * fence. Values are inserted by concatenation, so `$&`-style sequences in the data stay as they are.
 * @throws HookJudgeError never; problems in the template are reported by {@link parseTemplate}.
 */
export function renderPrompt(template: string | ParsedTemplate, input: HookInput, options: RenderOptions = {}): RenderedPrompt {
  const parsed = typeof template === "string" ? parseTemplate(template) : template;
  const valueChars = options.valueChars ?? 20_000;
  const given = options.transcript;
  const readTranscript = given === undefined ? transcriptReader(input) : typeof given === "function" ? given : () => given;
  const context = { input, transcript: readTranscript, transcriptBudgetChars: options.transcriptChars ?? 24_000, extra: options.extra ?? {} };

  // $TRANSCRIPT keeps whole messages under its own budget; every other value is cut at valueChars
  const pieces: Array<string | { value: string | undefined; cap: number }> = [];
  for (const segment of parsed.segments) {
    if (segment.kind === "text") pieces.push(segment.text);
    else if (segment.kind === "path") pieces.push({ value: resolvePath(input, segment.path), cap: valueChars });
    else {
      const cap = segment.name === "TRANSCRIPT" ? Math.max(valueChars, context.transcriptBudgetChars + 1_000) : valueChars;
      pieces.push({ value: VARIABLES[segment.name]?.resolve(context), cap });
    }
  }
  const appendedArguments = !parsed.hasVariables;
  if (appendedArguments) pieces.push("\n\nARGUMENTS: ", { value: JSON.stringify(input), cap: valueChars });

  const values = pieces.flatMap((piece) =>
    typeof piece === "string" || piece.value === undefined ? [] : [truncateMiddle(piece.value, piece.cap)],
  );
  const delimiter = options.delimiter ?? pickDelimiter(values);
  let valueIndex = 0;
  let text = "";
  for (const piece of pieces) {
    if (typeof piece === "string") text += piece;
    else if (piece.value === undefined) text += "(none)";
    else text += fence(values[valueIndex++]!, delimiter);
  }
  return { text, delimiter, appendedArguments };
}

function fence(value: string, delimiter: string): string {
  return `\n<${delimiter}>\n${value}\n</${delimiter}>\n`;
}
