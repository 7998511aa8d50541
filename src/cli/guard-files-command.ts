import { homedir } from "node:os";
import { HelpRequested, parseCommandArgs } from "./args.js";
import { findProjectDir, installContext, stateHome } from "../internal/state.js";
import { protectedPathReason, type ProtectContext } from "../review/protect.js";
import type { CliIo } from "./io.js";
import { FLAGS } from "./flags.js";

// the tool_input keys that name the file a tool writes
const PATH_KEYS = ["file_path", "notebook_path", "path"] as const;

/**
 * `hookjudge guard-files`: the PreToolUse hook for Write, Edit, MultiEdit and NotebookEdit (and
 * any tool whose input has `file_path`, `notebook_path` or `path`). No model: a protected path
 * (see {@link protectedPathReason}) is denied with the reason; any other prints nothing (no
 * decision). Every failure (unreadable stdin, bad JSON, a bad flag, a crash) answers `ask`.
 * `--explain <path>` prints why a path is protected, or that it is not.
 */
export async function guardFilesCommand(argv: string[], io: CliIo): Promise<number> {
  let explain: string | undefined;
  try {
    const { values, positionals } = parseCommandArgs("guard-files", argv, FLAGS["guard-files"]);
    if (positionals.length > 0) throw new Error(`guard-files takes no arguments (the event comes on stdin), received ${JSON.stringify(positionals[0])}`);
    explain = values.explain;
  } catch (error) {
    if (error instanceof HelpRequested) throw error;
    if (argv.some((arg) => arg === "--explain" || arg.startsWith("--explain="))) {
      io.stderr(`hookjudge guard-files: ${(error as Error).message}\n`);
      return 1;
    }
    return ask(io, `hookjudge guard-files could not start (${(error as Error).message}), so this write needs your approval`);
  }
  if (explain !== undefined) {
    const reason = protectedPathReason(explain, protectContext(io.cwd, io));
    io.stdout(reason ? `protected: ${reason}\n` : "not protected\n");
    return 0;
  }
  try {
    const event: unknown = JSON.parse(await io.readStdin());
    if (!isRecord(event)) throw new Error("the hook event on stdin is not a JSON object");
    if (event["hook_event_name"] !== undefined && event["hook_event_name"] !== "PreToolUse") return 0;
    const input = event["tool_input"];
    if (!isRecord(input)) return 0;
    const cwd = typeof event["cwd"] === "string" && event["cwd"] !== "" ? event["cwd"] : io.cwd;
    const context = protectContext(cwd, io);
    for (const path of writtenPaths(input)) {
      const reason = protectedPathReason(path, context);
      if (reason) {
        answer(io, "deny", `hookjudge guard-files: writing ${JSON.stringify(path)} is refused: ${reason}. Ask the user to make this change themselves.`);
        return 0;
      }
    }
    return 0;
  } catch (error) {
    return ask(io, `hookjudge guard-files could not check this write (${(error as Error)?.message ?? String(error)}), so it needs your approval`);
  }
}

function protectContext(cwd: string, io: CliIo): ProtectContext {
  return { cwd, projectDir: findProjectDir(cwd, io.env), home: io.env["HOME"] || homedir(), stateRoot: stateHome(io.env), ...installContext(io.env) };
}

/** Every path a tool input names: its path keys, and those of MultiEdit-style `edits`. */
function writtenPaths(input: Record<string, unknown>): string[] {
  const paths: string[] = [];
  const collect = (record: Record<string, unknown>) => {
    for (const key of PATH_KEYS) {
      const value = record[key];
      if (typeof value === "string") paths.push(value);
      else if (value !== undefined && value !== null) throw new Error(`tool_input.${key} is not a string`);
    }
  };
  collect(input);
  if (Array.isArray(input["edits"])) for (const edit of input["edits"]) if (isRecord(edit)) collect(edit);
  return paths;
}

function ask(io: CliIo, reason: string): number {
  io.stderr(reason + "\n");
  answer(io, "ask", reason);
  return 0;
}

function answer(io: CliIo, decision: "deny" | "ask", reason: string): void {
  io.stdout(JSON.stringify({ hookSpecificOutput: { hookEventName: "PreToolUse", permissionDecision: decision, permissionDecisionReason: reason } }) + "\n");
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
