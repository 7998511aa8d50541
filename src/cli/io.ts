/** The process edge the CLI talks to; tests and the bin provide it. */
export interface CliIo {
  /** The whole of standard input; empty when there is none. */
  readStdin(): Promise<string>;
  stdout(text: string): void;
  stderr(text: string): void;
  env: Record<string, string | undefined>;
  cwd: string;
  /** Ask the person at the terminal and resolve with their answer, or with `undefined` when stdin or stdout is no terminal. */
  ask?(question: string): Promise<string | undefined>;
  /** Resolves with the signal's name when the process is told to stop (SIGTERM, SIGINT); only `serve` waits for it. */
  untilShutdown?(): Promise<string>;
}

/** A usage error: a wrong command line. Exit code 1 with the message on stderr. */
export class UsageError extends Error {
  override name = "UsageError";
}
