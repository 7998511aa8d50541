import { existsSync, realpathSync } from "node:fs";
import { relative, resolve } from "node:path";
import * as z from "../internal/zod.js";
import { runChild, verifierEnvironment } from "./child.js";
import { toolSchema } from "./schema.js";
import { isSensitive, isWithin } from "./sandbox.js";
import { toolError, type AgentTool, type ToolContext } from "./types.js";

const schema = toolSchema(
  z.strictObject({
    command: z.string().check(z.minLength(1), z.describe("one allowed command with its arguments, e.g. npm test")),
  }),
);

type BashInput = { command: string };

/**
 * `Bash`: one allow-listed command, run without a shell in the project root. Offered only when
 * the hook lists `allow-commands`.
 */
export function createBashTool(allowCommands: string[], timeoutSeconds: number): AgentTool<BashInput> {
  return {
    name: "Bash",
    description: [
      `Run one allowed command in the project root and see its exit code and output. Allowed: ${allowCommands.map((pattern) => JSON.stringify(pattern)).join(", ")} (a final * stands for any further arguments).`,
      "It runs without a shell: one simple command only — no ;, &&, ||, |, &, redirections, $VARIABLES, $(…), globs or ~; arguments that name paths must stay inside the project and not name secret files.",
      `It is stopped after ${timeoutSeconds} s; long output keeps its start and its end, with a note of what was cut.`,
    ].join(" "),
    ...schema,
    summarize: (input) => input.command,
    async run(input, context) {
      // the shell parser loads with the first command, not in every process that plans a verifier
      const { commandAllowed, parseSimpleCommand } = await import("../shell/simple-command.js");
      const parsed = parseSimpleCommand(input.command);
      if ("refusal" in parsed) return toolError(`refused: ${parsed.refusal}`);
      if (!commandAllowed(parsed.argv, context.allowCommands)) {
        return toolError(`refused: ${input.command} is not an allowed command; allowed: ${context.allowCommands.join(", ")}`);
      }
      const outside = parsed.argv.slice(1).find((argument) => pathProblem(argument, context));
      if (outside !== undefined) return toolError(`refused: the argument ${outside} ${pathProblem(outside, context)}`);
      const [program, ...args] = parsed.argv;
      const result = await runChild(program!, args, {
        cwd: context.root,
        // only an allow-list of variables: no API keys, tokens or HOOKJUDGE_* settings reach the command
        env: verifierEnvironment({ HOOKJUDGE_ACTIVE: "1", CI: "true" }),
        signal: context.signal,
        timeoutMs: context.commandTimeoutSeconds * 1000,
        // half the cap from the start of each stream, half from its end, where summaries are
        maxBytes: context.limits.bytes,
      });
      if (result.stoppedBy === "deadline") return toolError(`${input.command} was killed: the verifier's time is up`);
      const status =
        result.stoppedBy === "timeout"
          ? `killed after ${context.commandTimeoutSeconds} s (timeout)`
          : result.exitCode === null
            ? "could not start"
            : `exit code ${result.exitCode}`;
      const output = [result.stdout, result.stderr].filter((text) => text.trim() !== "").join("\n--- stderr ---\n").trimEnd();
      const body = output === "" ? "(no output)" : output;
      return { content: `$ ${input.command}\n${status}\n${body}`, isError: result.exitCode !== 0 };
    },
  };
}

/**
 * The values inside one argument that may name a path: the argument itself, the value after `=`
 * (`--output=/x`, `if=/x`), and the value glued to a short option (`-o/abs/path`, `-f/etc/x`,
 * `-I../up`).
 */
export function pathCandidates(argument: string): string[] {
  const values = [argument];
  if (argument.includes("=")) values.push(argument.slice(argument.indexOf("=") + 1));
  const glued = /^-[A-Za-z0-9]+?([./~].*)$/.exec(argument);
  if (glued) values.push(glued[1]!);
  // every split point of a short-option cluster (`-xo/path`, `-Cdir`), when the rest looks like a path
  if (/^-[A-Za-z0-9]/.test(argument) && !argument.startsWith("--")) {
    for (let cut = 2; cut < argument.length; cut++) {
      const rest = argument.slice(cut);
      if (rest.includes("/") || rest.startsWith(".")) values.push(rest);
    }
  }
  return [...new Set(values)];
}

/**
 * Why an argument that names a path may not be used: outside the project, or a sensitive file.
 * Looks at every value {@link pathCandidates} finds in it.
 */
function pathProblem(argument: string, context: ToolContext): string | undefined {
  for (const value of pathCandidates(argument)) {
    if (value === "") continue;
    if (value.startsWith("~")) return "starts with ~ (a home folder is outside the project root)";
    const looksLikePath = value.includes("/") || value.startsWith(".") || existsSync(resolve(context.root, value));
    if (!looksLikePath) continue;
    const path = resolve(context.root, value);
    if (!isWithin(context.root, path)) return "points outside the project root";
    let real = path;
    try {
      real = realpathSync.native(path);
    } catch {
      // a path that does not exist yet is judged by its name
    }
    if (!isWithin(context.root, real)) return "points outside the project root";
    if (!context.allowSensitiveFiles && isSensitive(relative(context.root, real))) return "names a file that may hold secrets";
  }
  return undefined;
}
