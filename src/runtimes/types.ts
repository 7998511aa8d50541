import type { HookJudgeError } from "../errors.js";
import type { HookDefinition } from "../hook/definition.js";
import type { HookInput } from "../hook/input.js";
import type { Decision } from "../policy/decision.js";

/** How far under a host's hook limit (`Runtime.hostTimeoutSeconds`) hookjudge's own deadline stays, in seconds. */
export const HOST_TIMEOUT_MARGIN_SECONDS = 5;

/** hookjudge's deadline for a hook of `timeout` seconds on `runtime`: its own, or less, under the host's limit. */
export function deadlineUnderHost(timeout: number, runtime: { hostTimeoutSeconds?: number }): number {
  const limit = runtime.hostTimeoutSeconds;
  return limit === undefined ? timeout : Math.min(timeout, Math.max(1, limit - HOST_TIMEOUT_MARGIN_SECONDS));
}

/** The hosts hookjudge answers. */
export const RUNTIME_NAMES = ["claude-code", "codex", "gemini-cli", "pydantic-deep", "copilot", "cursor", "qwen-code"] as const;

/**
 * The hosts that read a hook's stderr as part of its answer (`Runtime.silentStderr`), by name, so
 * the process edge can keep stderr empty from its first line, before any runtime loads.
 */
export const SILENT_STDERR_RUNTIMES: ReadonlySet<string> = new Set(["pydantic-deep"]);

/** A host's name, as `--runtime` takes it. */
export type RuntimeName = (typeof RUNTIME_NAMES)[number];

/** What the host itself called the event and the tool, kept beside the canonical names. */
export interface HostNames {
  runtime: RuntimeName;
  /** The host's event name (`PreToolUse`, `BeforeTool`, `pre_tool_use`, …). */
  event: string;
  /** The host's tool name (`Bash`, `run_shell_command`, …), for `$TOOL_NAME` and matchers. */
  toolName?: string;
}

/**
 * A host's event read into the canonical input: Claude Code's field names and event names
 * (`PreToolUse`, `Stop`, …) and canonical tool names (`Bash`, `Write`, `Edit`, …), with the
 * host's own names in `host`. When the text is no event, what could be read of it (`recovered`,
 * canonical names too) still lets the failure policy answer.
 */
export type ParsedEvent =
  | {
      ok: true;
      input: HookInput;
      host: HostNames;
      text: string;
      /**
       * Why this event passes without any judging, when the host fed back what hookjudge itself
       * said (Gemini CLI sends an AfterAgent block's reason as the next BeforeAgent prompt).
       */
      unjudged?: string;
    }
  | { ok: false; error: HookJudgeError; recovered: Partial<HookInput>; host: Pick<HostNames, "runtime">; text: string };

/** What a runtime writes: a decision for a canonical event, and the lines for the user's log. */
export interface RuntimeAnswer {
  /** The canonical event (`PreToolUse`, `Stop`, …). */
  event: string;
  decision: Decision;
  /** Lines for the user (judge errors, ignored files); each runtime puts them where its host shows them, or nowhere. */
  diagnostics?: string[];
  /** The host's own names for the event and tool, when the answer is to an event it sent. */
  host?: HostNames;
}

/** What a command hook prints and returns. */
export interface HostOutput {
  stdout: string;
  stderr: string;
  exitCode: number;
}

/** How `serve --print-settings` describes the server to a host. */
export interface SettingsSnippetOptions {
  /** The server's base URL, `http://127.0.0.1:8787`. */
  base: string;
  /** The configured hooks, each served on its events at `/hooks/<name>`. */
  hooks: HookDefinition[];
  /** The environment variable holding the bearer token, when the server has one. */
  tokenEnv?: string;
}

/**
 * One host: how to tell its events, read them into the canonical input, and answer it in its own
 * protocol. One folder under `src/runtimes/` each; the core never sees a host's shapes.
 */
export interface Runtime {
  readonly name: RuntimeName;
  /** The environment variable naming the project folder (`CLAUDE_PROJECT_DIR`, `GEMINI_PROJECT_DIR`, …). */
  readonly projectDirVariable: string;
  /** The environment variable naming the session, when the host sets one for hook commands. */
  readonly sessionVariable?: string;
  /**
   * The host reads a hook's stderr as part of its answer (pydantic-deep mixes it into the deny
   * reason and the JSON it parses): hookjudge writes nothing at all there. @default false
   */
  readonly silentStderr?: boolean;
  /**
   * The host's default limit on a hook, in seconds, when a hook that outlives it is let through
   * (pydantic-deep, Copilot CLI: 30). Without `--timeout`, hookjudge keeps its own deadline
   * {@link HOST_TIMEOUT_MARGIN_SECONDS} under it, so its failure policy answers first.
   */
  readonly hostTimeoutSeconds?: number;
  /**
   * Whether an event (parsed JSON, or `undefined` when the text is not JSON) and the hook
   * process's environment look like this host's.
   */
  detect(input: unknown, env: Record<string, string | undefined>): boolean;
  /** Read the host's event text into the canonical input (never throws). */
  parse(text: string): ParsedEvent;
  /** An answer as the host's command-hook output: stdout, stderr (the diagnostics too, where the host allows) and the exit code. */
  output(answer: RuntimeAnswer): HostOutput;
  /** An answer as the body of an HTTP hook's 200 (`""` passes). */
  httpBody(answer: RuntimeAnswer): string;
  /** The host's configuration pointing at a `hookjudge serve`. */
  settingsSnippet(options: SettingsSnippetOptions): unknown;
}
