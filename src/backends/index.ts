import { HookJudgeError } from "../errors.js";
import { toMessagesParams } from "./_messages.js";
import { createAnthropicBackend } from "./anthropic.js";
import { createBedrockBackend } from "./bedrock.js";
import { createClaudeCodeBackend } from "./claude-code.js";
import { parseModelString } from "./model-string.js";
import { createOllamaBackend, createOpenAIBackend, toChatCompletionParams } from "./openai.js";
import type { Backend, BackendRequest } from "./spec.js";
import { createVertexBackend, type VertexAuthClient } from "./vertex.js";

export { parseModelString, PROVIDERS, type ModelString, type Provider } from "./model-string.js";

/** Options for {@link createBackend}. */
export interface CreateBackendOptions {
  /** A model string: `provider:model`, or a bare Anthropic id (see {@link parseModelString}). */
  model: string;
  /** Where each provider's variables are read (keys, base URLs, regions). @default process.env */
  env?: Record<string, string | undefined>;
  /** The `fetch` every HTTP provider's SDK uses. @default a small fetch on node:http/node:https */
  fetch?: typeof globalThis.fetch;
  /** Retries of 408/409/429/5xx and connection errors, inside the call's deadline. @default 2 */
  maxRetries?: number;
  /** `vertex:` only: the Google auth client. @default Application Default Credentials */
  vertexAuthClient?: VertexAuthClient;
}

/**
 * The backend for a model string: `anthropic:` (or a bare id), `openai:`, `ollama:`, `bedrock:`,
 * `vertex:`, `claude-code:`. Creating one loads no SDK; each provider's SDK loads on its first call.
 * @throws HookJudgeError `config` for an unknown provider, a missing key or region, or a provider not available yet.
 */
export function createBackend(options: CreateBackendOptions): Backend {
  const { provider, id } = parseModelString(options.model);
  const common = {
    model: id,
    ...(options.env ? { env: options.env } : {}),
    ...(options.fetch ? { fetch: options.fetch } : {}),
    ...(options.maxRetries === undefined ? {} : { maxRetries: options.maxRetries }),
  };
  switch (provider) {
    case "anthropic":
      return createAnthropicBackend(common);
    case "openai":
      return createOpenAIBackend(common);
    case "ollama":
      return createOllamaBackend(common);
    case "bedrock":
      return createBedrockBackend(common);
    case "vertex":
      return createVertexBackend({ ...common, ...(options.vertexAuthClient ? { authClient: options.vertexAuthClient } : {}) });
    case "claude-code":
      return createClaudeCodeBackend({ model: id, ...(options.env ? { env: options.env } : {}) });
    case "gguf":
      throw new HookJudgeError("config", `the gguf: provider (an embedded model through node-llama-cpp) is not available in this version of hookjudge; the providers that work are anthropic:, openai:, ollama:, bedrock:, vertex: and claude-code:`);
  }
}

/**
 * The body a model string's provider would send for a request (what `--dry-run` prints): the
 * Messages API body for `anthropic:`, `bedrock:` and `vertex:`, chat completions for `openai:` and
 * `ollama:`. An unreadable model string shows the Messages API body with the string as it is.
 */
export function toProviderRequest(model: string, request: BackendRequest): object {
  let parsed;
  try {
    parsed = parseModelString(model);
  } catch {
    return toMessagesParams(model, request);
  }
  return parsed.provider === "openai" || parsed.provider === "ollama" ? toChatCompletionParams(parsed.id, request) : toMessagesParams(parsed.id, request);
}
