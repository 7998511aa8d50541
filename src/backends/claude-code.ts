import { HookJudgeError } from "../errors.js";
import type { BackendCallOptions, BackendRequest, BackendResponse, BackendV1, ContentBlock } from "./spec.js";

/** Options for {@link createClaudeCodeBackend}. */
export interface ClaudeCodeBackendOptions {
  /** The model Claude Code uses (`--model`); a full id, since aliases are resolved by the CLI. */
  model: string;
  /** The `claude` binary. @default process.env.HOOKJUDGE_CLAUDE_CODE_PATH, else `claude` on PATH */
  binary?: string;
  /** The environment of the `claude` process (its login, base URL, config folder). @default process.env */
  env?: Record<string, string | undefined>;
}

/** Turns `claude -p` may take: a direct StructuredOutput call already counts two. */
const MAX_TURNS = 2;
/** Bytes of stdout or stderr kept from the child. */
const OUTPUT_CAP = 4 * 1024 * 1024;

/**
 * A backend on the user's own Claude Code login: one `claude -p` process per call, in
 * structured-output mode with tools off, no settings sources (so the project's hooks do not judge
 * the judge) and `HOOKJUDGE_ACTIVE=1` in its environment. Slow (a whole process per call): fit for
 * Stop checks, not for the Bash gate. Prompt hooks only: the verifier's tools cannot run through it.
 */
export function createClaudeCodeBackend(options: ClaudeCodeBackendOptions): BackendV1 {
  const env = options.env ?? process.env;
  const binary = options.binary ?? nonEmpty(env["HOOKJUDGE_CLAUDE_CODE_PATH"]) ?? "claude";
  return {
    specificationVersion: "v1",
    id: "claude-code",
    modelId: options.model,
    async complete(request: BackendRequest, { signal }: BackendCallOptions): Promise<BackendResponse> {
      const extra = request.tools.filter((tool) => tool.name !== "verdict");
      if (extra.length > 0) {
        throw new HookJudgeError("config", `claude-code: judges prompt hooks only; an agent hook's tools (${extra.map((tool) => tool.name).join(", ")}) need a provider with tool calls (anthropic:, openai:, bedrock:, vertex:)`);
      }
      const verdict = request.tools.find((tool) => tool.name === "verdict");
      const args = [
        "-p",
        "--output-format",
        "json",
        ...(verdict ? ["--json-schema", JSON.stringify(verdict.inputSchema)] : []),
        "--tools",
        "",
        "--max-turns",
        String(MAX_TURNS),
        "--model",
        options.model,
        "--system-prompt",
        request.system,
        "--setting-sources",
        "",
        "--no-session-persistence",
      ];
      const childEnv: Record<string, string> = {};
      for (const [name, value] of Object.entries(env)) if (value !== undefined) childEnv[name] = value;
      // a hookjudge started by that Claude Code passes at once
      childEnv["HOOKJUDGE_ACTIVE"] = "1";
      const { stdout, stderr, code } = await runClaude(binary, args, renderPrompt(request), childEnv, signal);
      return readResult(stdout, stderr, code, options.model);
    },
  };
}

// the conversation as one prompt on stdin (argv has a size limit per argument); a repair request
// carries the earlier reply and the note after it
function renderPrompt(request: BackendRequest): string {
  if (request.messages.length === 1 && typeof request.messages[0]!.content === "string") return request.messages[0]!.content;
  return request.messages
    .map((message, index) => {
      const text = typeof message.content === "string" ? message.content : message.content.map(blockText).filter(Boolean).join("\n");
      return index === 0 ? text : `${message.role === "assistant" ? "Your earlier reply" : "Then"}:\n${text}`;
    })
    .join("\n\n");
}

function blockText(block: ContentBlock): string {
  if (block.type === "text") return block.text;
  if (block.type === "tool_use") return `(${block.name} called with ${JSON.stringify(block.input)})`;
  return `(${block.is_error ? "rejected" : "result"}: ${block.content})`;
}

async function runClaude(binary: string, args: string[], input: string, env: Record<string, string>, signal: AbortSignal): Promise<{ stdout: string; stderr: string; code: number | null }> {
  const [{ spawn }, { tmpdir }] = await Promise.all([import("node:child_process"), import("node:os")]);
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(abortError(signal));
    // a neutral folder: the project's CLAUDE.md and settings stay out of the judge's context
    const child = spawn(binary, args, { cwd: tmpdir(), env, stdio: ["pipe", "pipe", "pipe"], detached: process.platform !== "win32" });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => {
      if (stdout.length < OUTPUT_CAP) stdout += chunk;
    });
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => {
      if (stderr.length < OUTPUT_CAP) stderr += chunk;
    });
    // the deadline ends the whole process group: Claude Code may have started children of its own
    const onAbort = () => {
      try {
        if (child.pid !== undefined) process.kill(process.platform === "win32" ? child.pid : -child.pid, "SIGKILL");
      } catch {
        child.kill("SIGKILL");
      }
    };
    signal.addEventListener("abort", onAbort, { once: true });
    child.stdin.on("error", () => {});
    child.on("error", (error: NodeJS.ErrnoException) => {
      signal.removeEventListener("abort", onAbort);
      if (error.code === "ENOENT") {
        reject(new HookJudgeError("config", `claude-code: cannot run ${binary}: install Claude Code (npm install -g @anthropic-ai/claude-code) and log in, or set HOOKJUDGE_CLAUDE_CODE_PATH to its binary`, { cause: error }));
      } else reject(new HookJudgeError("api", `claude-code: cannot run ${binary}: ${error.message}`, { cause: error }));
    });
    child.on("close", (code) => {
      signal.removeEventListener("abort", onAbort);
      if (signal.aborted) reject(abortError(signal));
      else resolve({ stdout, stderr, code });
    });
    child.stdin.end(input);
  });
}

interface ClaudeResult {
  type?: string;
  subtype?: string;
  is_error?: boolean;
  result?: string;
  structured_output?: unknown;
  terminal_reason?: string;
  usage?: { input_tokens?: number; output_tokens?: number; cache_read_input_tokens?: number; cache_creation_input_tokens?: number };
  modelUsage?: Record<string, unknown>;
}

function readResult(stdout: string, stderr: string, code: number | null, model: string): BackendResponse {
  const line = stdout.trim().split("\n").at(-1) ?? "";
  let result: ClaudeResult;
  try {
    result = JSON.parse(line) as ClaudeResult;
  } catch {
    const detail = (stderr.trim() || stdout.trim()).split("\n")[0]?.slice(0, 300) ?? "";
    throw new HookJudgeError("api", `claude-code: claude -p exited ${code} without a result${detail ? `: ${detail}` : ""}`);
  }
  if (result.is_error || result.subtype !== "success") {
    const why = [result.subtype, result.terminal_reason, typeof result.result === "string" ? result.result.slice(0, 300) : undefined].filter(Boolean).join(": ");
    throw new HookJudgeError("api", `claude-code: claude -p failed (${why || `exit ${code}`})`);
  }
  const usage = result.usage ?? {};
  const content: BackendResponse["content"] =
    result.structured_output !== undefined && result.structured_output !== null
      ? [{ type: "tool_use", id: "claude_code_structured_output", name: "verdict", input: result.structured_output }]
      : [{ type: "text", text: result.result ?? "" }];
  const models = Object.keys(result.modelUsage ?? {});
  return {
    content,
    stopReason: content[0]!.type === "tool_use" ? "tool_use" : "end_turn",
    usage: { inputTokens: (usage.input_tokens ?? 0) + (usage.cache_read_input_tokens ?? 0) + (usage.cache_creation_input_tokens ?? 0), outputTokens: usage.output_tokens ?? 0 },
    modelId: models[0] ?? model,
  };
}

function abortError(signal: AbortSignal): HookJudgeError {
  const reason: unknown = signal.reason;
  return reason instanceof HookJudgeError ? reason : new HookJudgeError("timeout", "the claude -p call was cancelled");
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value === "" ? undefined : value;
}
