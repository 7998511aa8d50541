import { isHookJudgeError } from "../errors.js";
import { packageVersion } from "../internal/package-root.js";
import { SILENT_STDERR_RUNTIMES } from "../runtimes/types.js";
import { HelpRequested } from "./args.js";
import { commandHelp, HELP } from "./help.js";
import type { FailingHook } from "./hook-output.js";
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
  init: async (argv, io) => (await import("./init-command.js")).initCommand(argv, io),
  doctor: async (argv, io) => (await import("./doctor-command.js")).doctorCommand(argv, io),
  schema: async (argv, io) => (await import("./schema-command.js")).schemaCommand(argv, io),
};

/**
 * The CLI as a function: parse `argv` (without `node` and the script), act through `io`, and
 * return the exit code. Never calls `process.exit`. A hook command that fails (a wrong command
 * line, a crash) with a hook event on stdin answers through the event's failure policy with
 * exit 0 instead, since an agent runtime reads a bare exit 1 as "go ahead".
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
  const handler = Object.hasOwn(COMMANDS, command) ? COMMANDS[command] : undefined;
  // a host that reads stderr as part of the answer (pydantic-deep) gets nothing there, from the first line
  if (silentStderr(rest)) io = { ...io, stderr: () => {} };
  // stdin is read once, so a failure can still read the event the command was given
  let stdin: Promise<string> | undefined;
  let answered = false;
  const guarded: CliIo = {
    ...io,
    readStdin: () => (stdin ??= io.readStdin()),
    stdout: (text) => {
      answered ||= text !== "";
      io.stdout(text);
    },
  };
  try {
    if (!handler) throw new UsageError(`unknown command ${JSON.stringify(command)}; commands: ${Object.keys(COMMANDS).join(", ")}. Run 'hookjudge help' for usage.`);
    if (rest[0] === "--help" || rest[0] === "-h") {
      // a command with subcommands: its usage; else what the command itself declares
      if (command === "loop") {
        io.stdout(commandHelp("loop"));
        return 0;
      }
    }
    return await handler(rest, guarded);
  } catch (error) {
    if (error instanceof HelpRequested) {
      io.stdout(commandHelp(error.command, error.options as Parameters<typeof commandHelp>[1]));
      return 0;
    }
    const failing = hookInvocation(command, rest);
    if (failing) {
      const code = await answerFailure(failing, error, guarded, answered);
      if (code !== undefined) return code;
    }
    if (error instanceof UsageError || isHookJudgeError(error)) {
      io.stderr(`hookjudge: ${error.message}\n`);
      return 1;
    }
    io.stderr(`hookjudge: unexpected error: ${(error as Error)?.stack ?? String(error)}\n`);
    return 1;
  }
}

/**
 * The answer to a hook command that failed with `error`, as {@link run} gives it: the event's
 * failure policy when stdin holds a hook event, else `undefined` (a usage error, exit 1). For the
 * bin's last resort too, when an error escapes every `await` (a throw in a callback).
 * @param answered something is already on stdout: that answer stands (exit 0), nothing is added
 */
export async function answerFailure(failing: FailingHook, error: unknown, io: CliIo, answered = false): Promise<number | undefined> {
  // as the commands themselves: a process hookjudge started does not judge itself
  if (error instanceof UsageError && io.env["HOOKJUDGE_ACTIVE"] === "1" && failing.event !== undefined) return 0;
  if (answered) {
    io.stderr(`hookjudge ${failing.name}: after answering: ${(error as Error)?.stack ?? String(error)}\n`);
    return 0;
  }
  let text: string;
  try {
    text = await io.readStdin();
  } catch {
    text = "";
  }
  // the failure answer (runtimes, the failure policy) loads only when a hook command fails
  const { answerHookFailure } = await import("./hook-output.js");
  return answerHookFailure(io, failing, error, text);
}

/**
 * Whether `hookjudge <command> …argv` runs as a hook (so a failure must still answer the host),
 * and how it is named: the Bash gate (not `--explain`), `run` (not `--dry-run`), the loop's Stop
 * hook, and a command name that does not exist (a misspelled hook command).
 */
export function hookInvocation(command: string, argv: string[]): FailingHook | undefined {
  const has = (flag: string) => argv.some((arg) => arg === flag || arg.startsWith(`${flag}=`));
  const runtime = flagValue(argv, "--runtime");
  const host = runtime !== undefined ? { runtime } : {};
  if (command === "review-command") return has("--explain") ? undefined : { name: "review-command", event: "PreToolUse", ...host };
  if (command === "run") return has("--dry-run") ? undefined : { name: "run", ...host };
  if (command === "loop") return argv[0] === "stop-hook" ? { name: "loop stop-hook", event: "Stop", ...host } : undefined;
  return Object.hasOwn(COMMANDS, command) ? undefined : { name: command };
}

/** Whether `--runtime` names a host that must see nothing on stderr (`Runtime.silentStderr`). */
export function silentStderr(argv: string[]): boolean {
  const runtime = flagValue(argv, "--runtime");
  return runtime !== undefined && SILENT_STDERR_RUNTIMES.has(runtime);
}

/** The value of `--flag value` or `--flag=value` in `argv`, read without parsing the rest. */
function flagValue(argv: string[], flag: string): string | undefined {
  const index = argv.findIndex((arg) => arg === flag || arg.startsWith(`${flag}=`));
  if (index === -1) return undefined;
  const arg = argv[index]!;
  return arg === flag ? argv[index + 1] : arg.slice(flag.length + 1);
}
