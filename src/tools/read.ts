import { fstatSync, readFileSync, statSync } from "node:fs";
import { relative } from "node:path";
import * as z from "../internal/zod.js";
import { closeQuietly, openForTool, resolveForTool } from "./sandbox.js";
import { toolSchema } from "./schema.js";
import { toolError, type AgentTool } from "./types.js";

const DEFAULT_LIMIT = 2000;
const LINE_CHARS = 2000;
const MAX_FILE_BYTES = 16 * 1024 * 1024;

const schema = toolSchema(
  z.strictObject({
    file_path: z.string().check(z.minLength(1), z.describe("path of the file, relative to the project root or absolute inside it")),
    offset: z.optional(z.int().check(z.gte(1), z.describe("first line to show, counted from 1"))),
    limit: z.optional(z.int().check(z.gte(1), z.lte(DEFAULT_LIMIT), z.describe(`how many lines to show (at most ${DEFAULT_LIMIT})`))),
  }),
);

type ReadInput = { file_path: string; offset?: number | undefined; limit?: number | undefined };

/** `Read`: a text file inside the project, with numbered lines. */
export const readTool: AgentTool<ReadInput> = {
  name: "Read",
  description: [
    "Read a text file inside the project, with line numbers (number, tab, text).",
    `Shows up to ${DEFAULT_LIMIT} lines from \`offset\` (default 1); lines over ${LINE_CHARS} characters are cut.`,
    "Only regular files inside the project root (and the session transcript) can be read; symlinks are checked where they lead, pipes, sockets and devices are refused; environment files, keys and credentials are refused; binary files are refused.",
  ].join(" "),
  ...schema,
  summarize: (input) => `${input.file_path}${input.offset ? `:${input.offset}` : ""}${input.limit ? ` (${input.limit} lines)` : ""}`,
  async run(input, context) {
    const resolved = resolveForTool(input.file_path, context);
    if (typeof resolved !== "string") return resolved;
    // lstat: a directory gets a useful hint; a symlink's target is opened and checked below
    if (statSync(resolved, { throwIfNoEntry: false })?.isDirectory()) return toolError(`${input.file_path} is a directory; use Glob to list its files`);
    // open, then check what was opened: a name swapped for a symlink after the check leads nowhere
    const opened = openForTool(input.file_path, context);
    if ("content" in opened) return opened;
    const path = opened.realPath;
    let buffer: Buffer;
    try {
      const info = fstatSync(opened.fd);
      if (info.size > MAX_FILE_BYTES) {
        return toolError(`${input.file_path} is ${info.size} bytes, over the ${MAX_FILE_BYTES}-byte limit; use Grep to find the part you need`);
      }
      buffer = readFileSync(opened.fd);
    } finally {
      closeQuietly(opened.fd);
    }
    if (buffer.subarray(0, 8192).includes(0)) return toolError(`${input.file_path} is a binary file`);
    const lines = buffer.toString("utf8").split("\n");
    if (lines.at(-1) === "") lines.pop();
    const offset = input.offset ?? 1;
    const limit = input.limit ?? DEFAULT_LIMIT;
    if (lines.length === 0) return { content: `(${relative(context.root, path) || input.file_path} is empty)` };
    if (offset > lines.length) return toolError(`${input.file_path} has ${lines.length} lines; offset ${offset} is past its end`);
    // lines are kept whole until the byte cap, so the note's offset is exactly where to read on
    const shown: string[] = [];
    let bytes = 0;
    for (const [index, line] of lines.slice(offset - 1, offset - 1 + Math.min(limit, context.limits.lines)).entries()) {
      const text = line.length > LINE_CHARS ? `${line.slice(0, LINE_CHARS)}… [line cut at ${LINE_CHARS} characters]` : line;
      const numbered = `${String(offset + index).padStart(6)}\t${text}`;
      bytes += Buffer.byteLength(numbered) + 1;
      if (bytes > context.limits.bytes && shown.length > 0) break;
      shown.push(numbered);
    }
    const rest = lines.length - (offset - 1 + shown.length);
    const more = rest > 0 ? `\n[${rest} more lines: read on with offset ${offset + shown.length}]` : "";
    return { content: shown.join("\n") + more };
  },
};
