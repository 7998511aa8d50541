import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { installIntoCache } from "./shared.js";

/** The Claude Agent SDK version the host end-to-end tests drive. */
export const AGENT_SDK_VERSION = "0.3.334";

/** The hook input the CLI hands a callback: the base fields plus the event's own. */
export type SdkHookInput = { hook_event_name: string; session_id: string; transcript_path: string; cwd: string } & Record<string, unknown>;
/** A hook callback, as `query()`'s `hooks` option takes it. */
export type SdkHookCallback = (input: SdkHookInput, toolUseID: string | undefined, context: { signal: AbortSignal }) => Promise<unknown>;
/** One matcher entry of `query()`'s `hooks` option. */
export interface SdkHookMatcher {
  matcher?: string;
  hooks: SdkHookCallback[];
  /** Seconds. */
  timeout?: number;
  onFailure?: "continue" | "block";
}

/** The SDK's `query()`, typed for what the harness uses. */
type Query = (parameters: { prompt: string; options: Record<string, unknown> }) => AsyncIterable<{ type: string } & Record<string, unknown>>;

/**
 * The Agent SDK's JavaScript, installed on first use into the e2e cache
 * (`<cache>/claude-agent-sdk-0.3.334`) without its optional platform packages (the ~400 MB native
 * CLI): the harness points `pathToClaudeCodeExecutable` at the Claude Code binary the other e2e
 * tests install. Returns `query()`.
 */
export async function ensureAgentSdk(): Promise<Query> {
  const entry = join("node_modules", "@anthropic-ai", "claude-agent-sdk", "sdk.mjs");
  const prefix = installIntoCache(`claude-agent-sdk-${AGENT_SDK_VERSION}`, `@anthropic-ai/claude-agent-sdk@${AGENT_SDK_VERSION}`, entry, ["--omit=optional"]);
  const module = (await import(pathToFileURL(join(prefix, entry)).href)) as { query: Query };
  return module.query;
}

/** The result message of a `query()` run (`type: "result"`). */
export interface SdkResult {
  subtype?: string;
  result?: string;
  is_error?: boolean;
  num_turns?: number;
  session_id?: string;
  permission_denials?: Array<{ tool_name: string; tool_use_id: string; tool_input: Record<string, unknown> }>;
}

/** What a `query()` run left. */
export interface SdkRun {
  /** Every message the query yielded. */
  messages: Array<{ type: string } & Record<string, unknown>>;
  result: SdkResult | null;
  /** The CLI's stderr, as the `stderr` option received it. */
  stderr: string;
}

/**
 * Run `query()` in `cwd` with the Claude Code binary `claude`, against the loopback Messages API at
 * `baseURL`, with `hooks` as callbacks. The child's environment is replaced (the SDK's `env`
 * option): HOME and CLAUDE_CONFIG_DIR are `home`, and `settingSources: []` keeps every settings
 * file out, so only these callbacks run. Aborted after `timeoutMs`.
 */
export async function runAgentSdk(
  query: Query,
  options: { claude: string; cwd: string; home: string; baseURL: string; prompt: string; hooks: Record<string, SdkHookMatcher[]>; allowedTools?: string[]; timeoutMs?: number },
): Promise<SdkRun> {
  mkdirSync(options.home, { recursive: true });
  const abortController = new AbortController();
  const timer = setTimeout(() => abortController.abort(), options.timeoutMs ?? 90_000);
  const messages: SdkRun["messages"] = [];
  let stderr = "";
  try {
    const run = query({
      prompt: options.prompt,
      options: {
        cwd: options.cwd,
        pathToClaudeCodeExecutable: options.claude,
        settingSources: [],
        allowedTools: options.allowedTools ?? ["Bash"],
        maxTurns: 10,
        abortController,
        hooks: options.hooks,
        stderr: (text: string) => (stderr += text),
        env: {
          PATH: process.env["PATH"] ?? "",
          HOME: options.home,
          CLAUDE_CONFIG_DIR: join(options.home, ".claude"),
          ANTHROPIC_BASE_URL: options.baseURL,
          ANTHROPIC_API_KEY: "e2e",
          DISABLE_TELEMETRY: "1",
          DISABLE_AUTOUPDATER: "1",
          CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: "1",
        },
      },
    });
    for await (const message of run) messages.push(message);
  } finally {
    clearTimeout(timer);
  }
  const result = (messages.find((message) => message.type === "result") as SdkResult | undefined) ?? null;
  return { messages, result, stderr };
}
