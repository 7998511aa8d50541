import type { BackendTool } from "../backends/spec.js";

/** What every tool call can use: the sandbox, the limits and the run's deadline. */
export interface ToolContext {
  /** The project root (the input's `cwd`), resolved with realpath. */
  root: string;
  /** The session transcript, readable although it lives outside the root. */
  transcriptPath?: string;
  /** Command patterns the Bash tool may run (empty: no Bash). */
  allowCommands: string[];
  /** Whether `.env*`, private keys and credential files may be read. */
  allowSensitiveFiles: boolean;
  /** Caps on one tool result. */
  limits: { lines: number; bytes: number };
  /** Seconds one command may run at most (the run's deadline still applies). */
  commandTimeoutSeconds: number;
  /** The run's deadline: aborting it stops searches and kills running commands. */
  signal: AbortSignal;
}

/** One tool result; `isError` results go back to the model as `is_error`. */
export interface ToolResult {
  content: string;
  isError?: boolean;
}

/**
 * A verifier tool: a name, a description that states its limits, a JSON Schema for the model,
 * a parser for its input, and `run`. Failures are results with `isError`, never exceptions.
 */
export interface AgentTool<Input = unknown> {
  readonly name: string;
  readonly description: string;
  readonly inputSchema: Record<string, unknown>;
  parse(input: unknown): { ok: true; value: Input } | { ok: false; message: string };
  run(input: Input, context: ToolContext): Promise<ToolResult>;
  /** A short, one-line summary of a call for the audit log. */
  summarize(input: Input): string;
}

/** The tool as the backend sees it. */
export function toBackendTool(tool: AgentTool): BackendTool {
  return { name: tool.name, description: tool.description, inputSchema: tool.inputSchema };
}

/** A failed tool result with a message the model can act on. */
export function toolError(message: string): ToolResult {
  return { content: message, isError: true };
}
