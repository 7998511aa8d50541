/**
 * The stable error codes. Judge errors (`timeout` … `budget`) are outcomes that go to the failure
 * policy; `usage` marks a wrong command line and `state` a state file that could not be used.
 */
export type HookJudgeErrorCode =
  | "timeout"
  | "api"
  | "malformed"
  | "config"
  | "input"
  | "max-turns"
  | "no-verdict"
  | "budget"
  | "usage"
  | "state";

/** Where a configuration problem was found: a file and a 1-based line counted from its top. */
export interface SourceLocation {
  file: string;
  line?: number;
}

/**
 * The one error root of hookjudge. Branch on `code`, never on the message; the message says what
 * was expected, what was received and how to fix it.
 */
export class HookJudgeError extends Error {
  override name = "HookJudgeError";
  /** A stable code; see {@link HookJudgeErrorCode}. */
  readonly code: HookJudgeErrorCode;
  /** The file and line of a configuration problem, when there is one. */
  readonly location: SourceLocation | undefined;

  constructor(
    code: HookJudgeErrorCode,
    message: string,
    options: { cause?: unknown; location?: SourceLocation } = {},
  ) {
    const where = options.location ? formatLocation(options.location) + ": " : "";
    super(where + message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.location = options.location;
  }
}

/** `file:line`, or just `file` when the line is unknown. */
export function formatLocation(location: SourceLocation): string {
  return location.line === undefined ? location.file : `${location.file}:${location.line}`;
}

/** True for a {@link HookJudgeError}, optionally of one code. */
export function isHookJudgeError(error: unknown, code?: HookJudgeErrorCode): error is HookJudgeError {
  return error instanceof HookJudgeError && (code === undefined || error.code === code);
}
