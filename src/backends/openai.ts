import type { ChatCompletion, ChatCompletionCreateParamsNonStreaming, ChatCompletionMessageParam, ChatCompletionTool } from "openai/resources/chat/completions";
import { HookJudgeError } from "../errors.js";
import { importPeer, lazyHttpFetch, refusesTemperature, toJudgeError } from "./_messages.js";
import type { BackendCallOptions, BackendRequest, BackendResponse, BackendV1, ContentBlock } from "./spec.js";

/** The `openai` versions the OpenAI-compatible backend is tested with (7.x needs Node 22). */
export const OPENAI_PEER_RANGE = "^6.49.0";

/** OpenAI's own API. */
export const OPENAI_DEFAULT_BASE_URL = "https://api.openai.com/v1";

/** Where Ollama listens when `OLLAMA_HOST` is unset. */
export const OLLAMA_DEFAULT_HOST = "http://127.0.0.1:11434";

/** Options for {@link createOpenAIBackend}. */
export interface OpenAIBackendOptions {
  /** The model id the server knows, e.g. `gpt-4o-mini`, `qwen3:4b`, `meta-llama/llama-3.3-70b-instruct`. */
  model: string;
  /** The key, sent as `Authorization: Bearer`. @default process.env.HOOKJUDGE_OPENAI_API_KEY, else process.env.OPENAI_API_KEY */
  apiKey?: string;
  /** The API's base URL, ending in `/v1` for most servers. @default process.env.OPENAI_BASE_URL, else OpenAI's */
  baseURL?: string;
  /** The `fetch` the SDK uses. @default a small fetch on node:http/node:https (keeps undici from starting) */
  fetch?: typeof globalThis.fetch;
  /** Retries of 408/409/429/5xx and connection errors, all inside the call's deadline. @default 2 */
  maxRetries?: number;
  /** Extra headers sent with every request (OpenRouter's `HTTP-Referer`, a gateway's key). */
  defaultHeaders?: Record<string, string>;
  /** Where the environment variables above are read. @default process.env */
  env?: Record<string, string | undefined>;
}

/**
 * A backend on an OpenAI-compatible chat completions API through the `openai` package (an optional
 * peer, loaded on the first call): OpenAI, OpenRouter, vLLM, LM Studio, llama.cpp's server. The
 * verdict is a forced function call; a reply without one falls back to the strict text rule.
 * @throws HookJudgeError `config` when no key is given nor in the environment.
 */
export function createOpenAIBackend(options: OpenAIBackendOptions): BackendV1 {
  const env = options.env ?? process.env;
  const baseURL = trimSlash(options.baseURL ?? nonEmpty(env["OPENAI_BASE_URL"]) ?? OPENAI_DEFAULT_BASE_URL);
  // the hookjudge-only variable wins, so a key meant for hookjudge never changes another tool's account
  const apiKey = options.apiKey ?? nonEmpty(env["HOOKJUDGE_OPENAI_API_KEY"]) ?? nonEmpty(env["OPENAI_API_KEY"]);
  if (apiKey === undefined) {
    throw new HookJudgeError(
      "config",
      `no OpenAI API key for ${baseURL}: set HOOKJUDGE_OPENAI_API_KEY (read by hookjudge only) or OPENAI_API_KEY, or pass the apiKey option; a local server that needs no key takes any value (HOOKJUDGE_OPENAI_API_KEY=none); for Ollama use --model ollama:<id>`,
    );
  }
  return createChatCompletionsBackend({
    id: "openai",
    model: options.model,
    apiKey,
    baseURL,
    organization: nonEmpty(env["OPENAI_ORG_ID"]) ?? null,
    project: nonEmpty(env["OPENAI_PROJECT_ID"]) ?? null,
    ...pick(options),
  });
}

/** Options for {@link createOllamaBackend}. */
export interface OllamaBackendOptions {
  /** The model as Ollama names it, e.g. `qwen3:4b`. */
  model: string;
  /** Ollama's address; `/v1` is appended. @default process.env.OLLAMA_HOST, else http://127.0.0.1:11434 */
  host?: string;
  fetch?: typeof globalThis.fetch;
  /** @default 2 */
  maxRetries?: number;
  defaultHeaders?: Record<string, string>;
  /** @default process.env */
  env?: Record<string, string | undefined>;
}

/** A backend on Ollama's OpenAI-compatible API (`<OLLAMA_HOST>/v1`); no key. */
export function createOllamaBackend(options: OllamaBackendOptions): BackendV1 {
  const env = options.env ?? process.env;
  const baseURL = `${ollamaHost(options.host ?? nonEmpty(env["OLLAMA_HOST"]))}/v1`;
  // the SDK refuses to start without a key; Ollama ignores it
  return createChatCompletionsBackend({ id: "ollama", model: options.model, apiKey: "ollama", baseURL, organization: null, project: null, ...pick(options) });
}

/** `OLLAMA_HOST` as Ollama reads it: scheme http and port 11434 unless given (`0.0.0.0`, `host:port`, a URL). */
export function ollamaHost(value: string | undefined): string {
  if (value === undefined) return OLLAMA_DEFAULT_HOST;
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(value) ? value : `http://${value}`;
  const url = new URL(withScheme);
  if (url.port === "" && !/:\d+(\/|$)/.test(withScheme.replace(/^[a-z]+:\/\//i, ""))) url.port = url.protocol === "https:" ? "" : "11434";
  return trimSlash(url.href);
}

interface ChatCompletionsSettings {
  id: string;
  model: string;
  apiKey: string;
  baseURL: string;
  organization: string | null;
  project: string | null;
  fetch?: typeof globalThis.fetch;
  maxRetries?: number;
  defaultHeaders?: Record<string, string>;
}

type Completions = { create(body: ChatCompletionCreateParamsNonStreaming, options: { signal: AbortSignal }): PromiseLike<ChatCompletion> };

function createChatCompletionsBackend(settings: ChatCompletionsSettings): BackendV1 {
  let client: Promise<Completions> | undefined;
  const getClient = () =>
    (client ??= importPeer("openai", OPENAI_PEER_RANGE, settings.id, () => import("./openai-sdk.js")).then(
      ({ OpenAI }) =>
        new OpenAI({
          apiKey: settings.apiKey,
          baseURL: settings.baseURL,
          organization: settings.organization,
          project: settings.project,
          fetch: settings.fetch ?? lazyHttpFetch,
          maxRetries: settings.maxRetries ?? 2,
          ...(settings.defaultHeaders ? { defaultHeaders: settings.defaultHeaders } : {}),
        }).chat.completions,
    ));
  // OpenAI's own newer models take only `max_completion_tokens`; most other servers know only `max_tokens`
  const tokenField = new URL(settings.baseURL).hostname === "api.openai.com" ? "max_completion_tokens" : "max_tokens";
  // reasoning models refuse `temperature` 0; after one such refusal this backend stops sending it
  let sendTemperature = true;
  return {
    specificationVersion: "v1",
    id: settings.id,
    modelId: settings.model,
    async complete(request: BackendRequest, { signal }: BackendCallOptions): Promise<BackendResponse> {
      try {
        const completions = await getClient();
        const create = () => completions.create(toChatCompletionParams(settings.model, request, { temperature: sendTemperature, tokenField }), { signal });
        let completion: ChatCompletion;
        try {
          completion = await create();
        } catch (error) {
          if (!sendTemperature || !refusesTemperature(error)) throw error;
          sendTemperature = false;
          completion = await create();
        }
        return fromChatCompletion(completion);
      } catch (error) {
        throw toJudgeError(error, signal);
      }
    },
  };
}

/**
 * The chat completions body for a request: the system text as the first message, tool_use and
 * tool_result blocks as `tool_calls` and `role: "tool"` messages, a forced tool as a `tool_choice`
 * naming the function. Temperature is 0 unless set.
 */
export function toChatCompletionParams(
  model: string,
  request: BackendRequest,
  options: { temperature?: boolean; tokenField?: "max_tokens" | "max_completion_tokens" } = {},
): ChatCompletionCreateParamsNonStreaming {
  const messages: ChatCompletionMessageParam[] = [{ role: "system", content: request.system }];
  for (const message of request.messages) messages.push(...toChatMessages(message.role, message.content));
  const tools: ChatCompletionTool[] = request.tools.map((tool) => ({
    type: "function",
    function: { name: tool.name, description: tool.description, parameters: tool.inputSchema },
  }));
  const choice = request.toolChoice;
  return {
    model,
    messages,
    [options.tokenField ?? "max_tokens"]: request.maxTokens,
    ...(options.temperature === false ? {} : { temperature: request.temperature ?? 0 }),
    ...(tools.length > 0
      ? { tools, tool_choice: choice?.type === "tool" ? { type: "function", function: { name: choice.name } } : "auto" }
      : {}),
  } as ChatCompletionCreateParamsNonStreaming;
}

function toChatMessages(role: "user" | "assistant", content: string | ContentBlock[]): ChatCompletionMessageParam[] {
  if (typeof content === "string") return [{ role, content }];
  const text = content.flatMap((block) => (block.type === "text" ? [block.text] : [])).join("\n\n");
  if (role === "assistant") {
    const calls = content.flatMap((block) =>
      block.type === "tool_use" ? [{ id: block.id, type: "function" as const, function: { name: block.name, arguments: JSON.stringify(block.input ?? {}) } }] : [],
    );
    return [{ role: "assistant", content: text === "" ? null : text, ...(calls.length > 0 ? { tool_calls: calls } : {}) }];
  }
  // tool results answer the assistant's calls, so they come first; the user's own text follows
  const results: ChatCompletionMessageParam[] = content.flatMap((block) =>
    block.type === "tool_result" ? [{ role: "tool" as const, tool_call_id: block.tool_use_id, content: block.is_error ? `Error: ${block.content}` : block.content }] : [],
  );
  return text === "" ? results : [...results, { role: "user", content: text }];
}

/** A chat completion as the backend spec's response: the first choice's text and tool calls, usage, the model. */
export function fromChatCompletion(completion: ChatCompletion): BackendResponse {
  const choice = completion.choices?.[0];
  if (!choice?.message) throw new HookJudgeError("malformed", "the model's reply has no choices[0].message");
  const message = choice.message;
  const content: BackendResponse["content"] = [];
  const text = typeof message.content === "string" ? message.content : "";
  if (text !== "") content.push({ type: "text", text });
  else if (typeof message.refusal === "string" && message.refusal !== "") content.push({ type: "text", text: message.refusal });
  for (const [index, call] of (message.tool_calls ?? []).entries()) {
    if (call.type !== "function") continue;
    content.push({ type: "tool_use", id: call.id || `call_${index}`, name: call.function.name, input: parseArguments(call.function.arguments) });
  }
  return {
    content,
    stopReason: message.refusal ? "refusal" : stopReason(choice.finish_reason),
    usage: { inputTokens: completion.usage?.prompt_tokens ?? 0, outputTokens: completion.usage?.completion_tokens ?? 0 },
    ...(completion.model ? { modelId: completion.model } : {}),
  };
}

// the arguments are a JSON string; some servers send the object itself. Unreadable text stays a
// string, so the verdict check or the tool's input check reports it to the model
function parseArguments(value: unknown): unknown {
  if (typeof value !== "string") return value ?? {};
  if (value.trim() === "") return {};
  try {
    return JSON.parse(value) as unknown;
  } catch {
    return value;
  }
}

function stopReason(finish: string | null | undefined): string {
  switch (finish) {
    case "stop":
      return "end_turn";
    case "tool_calls":
    case "function_call":
      return "tool_use";
    case "length":
      return "max_tokens";
    case "content_filter":
      return "refusal";
    default:
      return finish ?? "end_turn";
  }
}

function pick(options: { fetch?: typeof globalThis.fetch; maxRetries?: number; defaultHeaders?: Record<string, string> }) {
  return {
    ...(options.fetch ? { fetch: options.fetch } : {}),
    ...(options.maxRetries === undefined ? {} : { maxRetries: options.maxRetries }),
    ...(options.defaultHeaders ? { defaultHeaders: options.defaultHeaders } : {}),
  };
}

function trimSlash(url: string): string {
  return url.replace(/\/+$/, "");
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value === "" ? undefined : value;
}
