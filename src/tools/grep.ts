import { lstatSync } from "node:fs";
import { relative } from "node:path";
import * as z from "../internal/zod.js";
import { runChild, verifierEnvironment } from "./child.js";
import { isSensitive, resolveForTool, SENSITIVE_GLOBS } from "./sandbox.js";
import { toolSchema } from "./schema.js";
import { capOutput } from "./truncate.js";
import { toolError, type AgentTool } from "./types.js";

const schema = toolSchema(
  z.strictObject({
    pattern: z.string().check(z.minLength(1), z.describe("a regular expression (Rust regex syntax, as ripgrep)")),
    path: z.optional(z.string().check(z.describe("file or folder to search, relative to the project root (default: the whole project)"))),
    glob: z.optional(z.string().check(z.describe('only files matching this glob, e.g. "*.ts" or "src/**/*.py"'))),
    "-i": z.optional(z.boolean().check(z.describe("case-insensitive"))),
    output_mode: z.optional(
      z.enum(["content", "files_with_matches", "count"]).check(z.describe('"content": matching lines with numbers; "files_with_matches" (default): file names; "count": matches per file')),
    ),
  }),
);

type GrepInput = { pattern: string; path?: string | undefined; glob?: string | undefined; "-i"?: boolean | undefined; output_mode?: "content" | "files_with_matches" | "count" | undefined };

/** `Grep`: ripgrep over the project, read-only. */
export const grepTool: AgentTool<GrepInput> = {
  name: "Grep",
  description: [
    "Search file contents in the project with ripgrep.",
    "Follows .gitignore, skips hidden and binary files, does not follow symlinks; environment files, keys and credentials are never searched.",
    "Output is capped (long results are cut with a note); use a narrower path, glob or pattern to see more.",
  ].join(" "),
  ...schema,
  summarize: (input) => `/${input.pattern}/${input["-i"] ? "i" : ""}${input.path ? ` in ${input.path}` : ""}${input.glob ? ` (${input.glob})` : ""}`,
  async run(input, context) {
    const target = input.path === undefined ? context.root : resolveForTool(input.path, context);
    if (typeof target !== "string") return target;
    // ripgrep opens an explicit path whatever it is, and a FIFO would block it: only files and folders
    const kind = lstatSync(target, { throwIfNoEntry: false });
    if (kind === undefined) return toolError(`${input.path} does not exist`);
    if (!kind.isFile() && !kind.isDirectory()) return toolError(`refused: ${input.path} is not a regular file or a folder (pipes, sockets and devices are never searched)`);
    const mode = input.output_mode ?? "files_with_matches";
    // --null ends each file name with NUL, so names can be checked below whatever they contain
    const args = ["--no-config", "--color", "never", "--null", "--max-columns", "400", "--max-columns-preview"];
    if (mode === "content") args.push("--line-number", "--no-heading", "--with-filename");
    if (mode === "files_with_matches") args.push("--files-with-matches");
    if (mode === "count") args.push("--count", "--with-filename");
    if (input["-i"]) args.push("--ignore-case");
    if (input.glob !== undefined) args.push("--glob", input.glob);
    if (!context.allowSensitiveFiles) for (const glob of SENSITIVE_GLOBS) args.push("--iglob", `!${glob}`);
    args.push("--regexp", input.pattern);
    // without a path ripgrep searches its working folder (the root) and names files without "./"
    const inside = relative(context.root, target);
    if (inside !== "") args.push("--", inside);
    const { rgPath } = await import("@vscode/ripgrep");
    const result = await runChild(rgPath, args, {
      cwd: context.root,
      env: verifierEnvironment({ HOOKJUDGE_ACTIVE: "1" }),
      signal: context.signal,
      timeoutMs: context.commandTimeoutSeconds * 1000,
      maxBytes: context.limits.bytes * 2,
    });
    if (result.stoppedBy) return toolError(`the search was stopped (${result.stoppedBy}); narrow the path or pattern`);
    const found = visibleMatches(result.stdout, mode, context.allowSensitiveFiles);
    const problems = result.stderr.trim().split("\n").filter(Boolean).slice(0, 4).join("\n");
    // ripgrep: 0 found, 1 nothing found, 2 an error (a bad regex, or a file it could not read)
    if (result.exitCode === 2 && found === "") {
      if (/No files were searched/.test(problems)) return { content: "No files match the path and glob." };
      return toolError(`grep failed: ${problems || "exit 2"}`);
    }
    if (found === "") return { content: "No matches." };
    const note = result.exitCode === 2 ? `\n[some files could not be searched: ${problems}]` : "";
    return { content: capOutput(found, context.limits, "Narrow the path, glob or pattern, or use output_mode files_with_matches.") + note };
  },
};

/**
 * ripgrep's output with `--null`, as `file:…` lines, without any line from a sensitive file (a
 * second check behind the exclusion globs, which cannot drift from the name check).
 */
function visibleMatches(stdout: string, mode: string, allowSensitiveFiles: boolean): string {
  const keep = (file: string) => allowSensitiveFiles || !isSensitive(file);
  if (mode === "files_with_matches") return stdout.split("\0").map((file) => file.trim()).filter((file) => file !== "" && keep(file)).join("\n");
  return stdout
    .split("\n")
    .flatMap((line) => {
      const cut = line.indexOf("\0");
      if (cut === -1) return [];
      const file = line.slice(0, cut);
      return keep(file) ? [`${file}:${line.slice(cut + 1)}`] : [];
    })
    .join("\n");
}
