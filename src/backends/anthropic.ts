import type { OpenTelemetryOptions } from "@anthropic-ai/sdk";
import type { Messages } from "@anthropic-ai/sdk/resources/messages/messages";
import { HookJudgeError } from "../errors.js";
import { createMessagesBackend, lazyHttpFetch } from "./_messages.js";
import type { BackendV1 } from "./spec.js";

export { toMessagesParams } from "./_messages.js";

/** Options for {@link createAnthropicBackend}. */
export interface AnthropicBackendOptions {
  /** The model id, e.g. `claude-haiku-4-5`. */
  model: string;
  /** The API key. @default process.env.HOOKJUDGE_ANTHROPIC_API_KEY, else process.env.ANTHROPIC_API_KEY */
  apiKey?: string;
  /** A bearer token instead of a key (gateways). @default process.env.ANTHROPIC_AUTH_TOKEN */
  authToken?: string;
  /** The API's base URL. @default process.env.ANTHROPIC_BASE_URL, else the SDK's default */
  baseURL?: string;
  /**
   * The `fetch` the SDK uses.
   * @default a small fetch on node:http/node:https (keeps undici from starting)
   */
  fetch?: typeof globalThis.fetch;
  /** Retries of 408/409/429/5xx and connection errors, all inside the call's deadline. @default 2 */
  maxRetries?: number;
  /** Extra headers sent with every request. */
  defaultHeaders?: Record<string, string>;
  /**
   * The SDK's OpenTelemetry spans around each call. A hook process registers no tracer provider, so
   * spans would only cost time; give options here, or set `ANTHROPIC_OPEN_TELEMETRY=true`, to
   * have them in an application that does.
   * @default false, unless `ANTHROPIC_OPEN_TELEMETRY` is set to anything but "false" (then the SDK reads its variables)
   */
  openTelemetry?: OpenTelemetryOptions | false;
  /** Where the environment variables above are read. @default process.env */
  env?: Record<string, string | undefined>;
}

/**
 * A backend on the Messages API through `@anthropic-ai/sdk`. The SDK is loaded on the first call,
 * so creating a backend costs nothing at start-up. The key is `apiKey`, else
 * `HOOKJUDGE_ANTHROPIC_API_KEY`, else `ANTHROPIC_API_KEY`, else the token `ANTHROPIC_AUTH_TOKEN`.
 * @throws HookJudgeError `config` when neither a key nor a token is given nor in the environment.
 */
export function createAnthropicBackend(options: AnthropicBackendOptions): BackendV1 {
  const load = anthropicMessagesLoader(options);
  let client: Promise<Messages> | undefined;
  const getClient = () => (client ??= load());
  return createMessagesBackend("anthropic", options.model, getClient);
}

/**
 * The key and settings checked now; the SDK's Messages resource (with its `batches`) made when the
 * returned function is called. The backend and `eval --batch` share it.
 * @throws HookJudgeError `config` when neither a key nor a token is given nor in the environment.
 */
export function anthropicMessagesLoader(options: Omit<AnthropicBackendOptions, "model">): () => Promise<Messages> {
  const env = options.env ?? process.env;
  // the hookjudge-only variable wins: exporting ANTHROPIC_API_KEY also moves Claude Code itself to API billing
  const apiKey = options.apiKey ?? nonEmpty(env["HOOKJUDGE_ANTHROPIC_API_KEY"]) ?? nonEmpty(env["ANTHROPIC_API_KEY"]);
  const authToken = apiKey === undefined ? (options.authToken ?? nonEmpty(env["ANTHROPIC_AUTH_TOKEN"])) : undefined;
  if (apiKey === undefined && authToken === undefined) {
    throw new HookJudgeError(
      "config",
      "no Anthropic API key: set HOOKJUDGE_ANTHROPIC_API_KEY (read by hookjudge only), or ANTHROPIC_API_KEY (which also switches Claude Code itself from a subscription to API billing), or ANTHROPIC_AUTH_TOKEN for a gateway, or pass the apiKey option; or judge with another provider (--model openai:…, ollama:…, bedrock:…, vertex:…); use --dry-run to see the request without one",
    );
  }
  const baseURL = options.baseURL ?? nonEmpty(env["ANTHROPIC_BASE_URL"]);
  const tracesFromEnv = nonEmpty(env["ANTHROPIC_OPEN_TELEMETRY"]);
  const openTelemetry =
    options.openTelemetry ?? (tracesFromEnv !== undefined && tracesFromEnv.toLowerCase() !== "false" ? undefined : false);
  return () =>
    import("./anthropic-sdk.js").then(
      ({ BaseAnthropic, Messages }) =>
        new Messages(
          new BaseAnthropic({
            apiKey: apiKey ?? null,
            authToken: authToken ?? null,
            ...(baseURL === undefined ? {} : { baseURL }),
            fetch: options.fetch ?? lazyHttpFetch,
            maxRetries: options.maxRetries ?? 2,
            ...(openTelemetry === undefined ? {} : { openTelemetry }),
            ...(options.defaultHeaders ? { defaultHeaders: options.defaultHeaders } : {}),
          }),
        ),
    );
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value === "" ? undefined : value;
}
