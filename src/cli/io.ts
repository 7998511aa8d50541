import { isHookJudgeError, type HookJudgeError } from "../errors.js";
import { parseHookInput, type HookInput } from "../hook/input.js";

/** The process edge the CLI talks to; tests and the bin provide it. */
export interface CliIo {
  /** The whole of standard input; empty when there is none. */
  readStdin(): Promise<string>;
  stdout(text: string): void;
  stderr(text: string): void;
  env: Record<string, string | undefined>;
  cwd: string;
}

/** A usage error: a wrong command line. Exit code 1 with the message on stderr. */
export class UsageError extends Error {
  override name = "UsageError";
}

/** Read the hook event on stdin: the input, or the `input` error saying why it is not one. */
export async function readHookEvent(io: CliIo): Promise<{ input: HookInput } | { error: HookJudgeError }> {
  try {
    return { input: parseHookInput(await io.readStdin()) };
  } catch (error) {
    if (!isHookJudgeError(error)) throw error;
    return { error };
  }
}
