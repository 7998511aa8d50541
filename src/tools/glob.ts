import { relative } from "node:path";
import * as z from "../internal/zod.js";
import { realpathSync } from "node:fs";
import { isSensitive, isWithin, resolveForTool } from "./sandbox.js";
import { toolSchema } from "./schema.js";
import { capOutput } from "./truncate.js";
import { toolError, type AgentTool } from "./types.js";

const MAX_FILES = 500;

const schema = toolSchema(
  z.strictObject({
    pattern: z.string().check(z.minLength(1), z.describe('a glob such as "**/*.ts" or "src/*.json"')),
    path: z.optional(z.string().check(z.describe("folder to search in, relative to the project root (default: the root)"))),
  }),
);

type GlobInput = { pattern: string; path?: string | undefined };

/** `Glob`: file names in the project matching a pattern. */
export const globTool: AgentTool<GlobInput> = {
  name: "Glob",
  description: [
    "List files in the project whose paths match a glob, relative to the project root, sorted.",
    `At most ${MAX_FILES} paths; node_modules and .git are skipped, nothing outside the project is listed, environment files, keys and credentials are left out, and hidden files appear only when the pattern names them.`,
  ].join(" "),
  ...schema,
  summarize: (input) => `${input.pattern}${input.path ? ` in ${input.path}` : ""}`,
  async run(input, context) {
    if (input.pattern.startsWith("/") || input.pattern.includes("..")) {
      return toolError(`refused: the pattern ${input.pattern} must be relative and stay inside the folder (no leading / and no ..)`);
    }
    const base = input.path === undefined ? context.root : resolveForTool(input.path, context);
    if (typeof base !== "string") return base;
    // loaded here, by a verifier that globs: a prompt hook's process never pays for it
    const { glob } = await import("tinyglobby");
    const found = await glob(input.pattern, {
      cwd: base,
      onlyFiles: true,
      followSymbolicLinks: false,
      expandDirectories: false,
      ignore: ["**/node_modules/**", "**/.git/**"],
      absolute: true,
      signal: context.signal,
    });
    // every result is checked where it really is: a symlinked folder in the pattern cannot lead out
    const paths = found
      .filter((path) => {
        try {
          return isWithin(context.root, realpathSync.native(path));
        } catch {
          return false;
        }
      })
      .map((path) => relative(context.root, path))
      .filter((path) => context.allowSensitiveFiles || !isSensitive(path))
      .sort();
    if (paths.length === 0) return { content: "No files match." };
    const shown = paths.slice(0, MAX_FILES);
    const more = paths.length > MAX_FILES ? `\n[${paths.length - MAX_FILES} more files: use a narrower pattern or path]` : "";
    return { content: capOutput(shown.join("\n"), context.limits, "Use a narrower pattern or path.") + more };
  },
};
