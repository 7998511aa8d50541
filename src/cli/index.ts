import { isHookJudgeError } from "../errors.js";
import { packageVersion } from "../internal/package-root.js";
import { HELP } from "./help.js";
import { UsageError, type CliIo } from "./io.js";

export type { CliIo } from "./io.js";

// each command loads its own modules, so a command pays only for what it uses
const COMMANDS: Record<string, (argv: string[], io: CliIo) => Promise<number>> = {
  run: async (argv, io) => (await import("./run-command.js")).runCommand(argv, io),
  lint: async (argv, io) => (await import("./lint-command.js")).lintCommand(argv, io),
  log: async (argv, io) => (await import("./log-command.js")).logCommand(argv, io),
  loop: async (argv, io) => (await import("./loop-command.js")).loopCommand(argv, io),
  "review-command": async (argv, io) => (await import("./review-command.js")).reviewCommandCommand(argv, io),
  eval: async (argv, io) => (await import("./eval-command.js")).evalCommand(argv, io),
  serve: async (argv, io) => (await import("./serve-command.js")).serveCommand(argv, io),
  "guard-files": async (argv, io) => (await import("./guard-files-command.js")).guardFilesCommand(argv, io),
};

/**
 * The CLI as a function: parse `argv` (without `node` and the script), act through `io`, and
 * return the exit code. Never calls `process.exit`.
 */
export async function run(argv: string[], io: CliIo): Promise<number> {
  const [command, ...rest] = argv;
  if (command === undefined || command === "help" || command === "--help" || command === "-h") {
    io.stdout(HELP);
    return command === undefined ? 1 : 0;
  }
  if (command === "--version" || command === "-v") {
    io.stdout(packageVersion() + "\n");
    return 0;
  }
  const handler = COMMANDS[command];
  try {
    if (!handler) throw new UsageError(`unknown command ${JSON.stringify(command)}; commands: ${Object.keys(COMMANDS).join(", ")}. Run 'hookjudge help' for usage.`);
    return await handler(rest, io);
  } catch (error) {
    if (error instanceof UsageError || isHookJudgeError(error)) {
      io.stderr(`hookjudge: ${error.message}\n`);
      return 1;
    }
    io.stderr(`hookjudge: unexpected error: ${(error as Error)?.stack ?? String(error)}\n`);
    return 1;
  }
}
