import * as z from "../internal/zod.js";
import { commandAllowed, parseSimpleCommand } from "../review/shell.js";
import { runChild } from "./child.js";
import { toolSchema } from "./schema.js";
import { capOutput } from "./truncate.js";
import { toolError, type AgentTool } from "./types.js";

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
      "It runs without a shell: one simple command only — no ;, &&, ||, |, &, redirections, $VARIABLES, $(…), globs or ~.",
      `It is stopped after ${timeoutSeconds} s; output is capped.`,
    ].join(" "),
    ...schema,
    summarize: (input) => input.command,
    async run(input, context) {
      const parsed = parseSimpleCommand(input.command);
      if ("refusal" in parsed) return toolError(`refused: ${parsed.refusal}`);
      if (!commandAllowed(parsed.argv, context.allowCommands)) {
        return toolError(`refused: ${input.command} is not an allowed command; allowed: ${context.allowCommands.join(", ")}`);
      }
      const [program, ...args] = parsed.argv;
      const result = await runChild(program!, args, {
        cwd: context.root,
        env: { ...process.env, HOOKJUDGE_ACTIVE: "1", CI: "true" },
        signal: context.signal,
        timeoutMs: context.commandTimeoutSeconds * 1000,
        maxBytes: context.limits.bytes * 2,
      });
      if (result.stoppedBy === "deadline") return toolError(`${input.command} was killed: the verifier's time is up`);
      const status =
        result.stoppedBy === "timeout"
          ? `killed after ${context.commandTimeoutSeconds} s (timeout)`
          : result.exitCode === null
            ? "could not start"
            : `exit code ${result.exitCode}`;
      const output = [result.stdout, result.stderr].filter((text) => text.trim() !== "").join("\n--- stderr ---\n").trimEnd();
      const dropped = result.droppedBytes > 0 ? `\n[${result.droppedBytes} more bytes of output were dropped]` : "";
      const body = output === "" ? "(no output)" : capOutput(output, context.limits, "The command's output was long; its start is shown.");
      return { content: `$ ${input.command}\n${status}\n${body}${dropped}`, isError: result.exitCode !== 0 };
    },
  };
}
