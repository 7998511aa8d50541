import type Anthropic from "@anthropic-ai/sdk";
import type { OpenTelemetryOptions } from "@anthropic-ai/sdk";
import type { Messages } from "@anthropic-ai/sdk/resources/messages/messages";
import { HookJudgeError } from "../errors.js";
import type { BackendCallOptions, BackendRequest, BackendResponse, BackendV1 } from "./spec.js";

/** Options for {@link createAnthropicBackend}. */
export interface AnthropicBackendOptions {
  /** The model id, e.g. `claude-haiku-4-5`. */
  model: string;
  /** The API key. @default process.env.ANTHROPIC_API_KEY */
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
 * so creating a backend costs nothing at start-up.
 * @throws HookJudgeError `config` when neither a key nor a token is given nor in the environment.
 */
export function createAnthropicBackend(options: AnthropicBackendOptions): BackendV1 {
  const env = options.env ?? process.env;
  const apiKey = options.apiKey ?? nonEmpty(env["ANTHROPIC_API_KEY"]);
  const authToken = apiKey === undefined ? (options.authToken ?? nonEmpty(env["ANTHROPIC_AUTH_TOKEN"])) : undefined;
  if (apiKey === undefined && authToken === undefined) {
    throw new HookJudgeError(
      "config",
      "no Anthropic API key: set ANTHROPIC_API_KEY (or pass the apiKey option, or ANTHROPIC_AUTH_TOKEN for a gateway); use --dry-run to see the request without one",
    );
  }
  const baseURL = options.baseURL ?? nonEmpty(env["ANTHROPIC_BASE_URL"]);
  const tracesFromEnv = nonEmpty(env["ANTHROPIC_OPEN_TELEMETRY"]);
  const openTelemetry =
    options.openTelemetry ?? (tracesFromEnv !== undefined && tracesFromEnv.toLowerCase() !== "false" ? undefined : false);
  let client: Promise<Messages> | undefined;
  const getClient = () =>
    (client ??= import("./anthropic-sdk.js").then(
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
    ));

  // newer models refuse `temperature`; after one such refusal this backend stops sending it
  let sendTemperature = true;
  return {
    specificationVersion: "v1",
    id: "anthropic",
    modelId: options.model,
    async complete(request: BackendRequest, { signal }: BackendCallOptions): Promise<BackendResponse> {
      const messages = await getClient();
      try {
        const create = () =>
          messages.create(toMessagesParams(options.model, request, { temperature: sendTemperature }), { signal });
        let message: Anthropic.Message;
        try {
          message = await create();
        } catch (error) {
          if (!sendTemperature || !refusesTemperature(error)) throw error;
          sendTemperature = false;
          message = await create();
        }
        return {
          content: message.content.flatMap((block): BackendResponse["content"] => {
            if (block.type === "text") return [{ type: "text", text: block.text }];
            if (block.type === "tool_use") return [{ type: "tool_use", id: block.id, name: block.name, input: block.input }];
            return [];
          }),
          stopReason: message.stop_reason ?? "end_turn",
          usage: { inputTokens: message.usage?.input_tokens ?? 0, outputTokens: message.usage?.output_tokens ?? 0 },
          modelId: message.model,
        };
      } catch (error) {
        throw toJudgeError(error, signal);
      }
    },
  };
}

/**
 * The Messages API body for a request: what `--dry-run` prints and what the backend sends.
 * Thinking is off (and must be, for a forced tool call); temperature is 0 unless set.
 */
export function toMessagesParams(
  model: string,
  request: BackendRequest,
  options: { temperature?: boolean } = {},
): Anthropic.MessageCreateParamsNonStreaming {
  // `temperature` is left out of the SDK's types now that newer models refuse it; older ones honour it
  const temperature = options.temperature === false ? {} : { temperature: request.temperature ?? 0 };
  return {
    model,
    max_tokens: request.maxTokens,
    ...temperature,
    thinking: { type: "disabled" },
    system: request.system,
    messages: request.messages as Anthropic.MessageParam[],
    ...(request.tools.length > 0
      ? {
          tools: request.tools.map((tool) => ({
            name: tool.name,
            description: tool.description,
            input_schema: tool.inputSchema as Anthropic.Tool.InputSchema,
          })),
          tool_choice: request.toolChoice ?? { type: "auto" },
        }
      : {}),
  };
}

// node:http and node:https load only when a request is made, and only once
let httpFetchModule: Promise<typeof import("../internal/http-fetch.js")> | undefined;
const lazyHttpFetch = (async (input: Parameters<typeof globalThis.fetch>[0], init?: RequestInit) => {
  const { httpFetch } = await (httpFetchModule ??= import("../internal/http-fetch.js"));
  return httpFetch(input as string, init as Parameters<typeof httpFetch>[1]);
}) as typeof globalThis.fetch;

function refusesTemperature(error: unknown): boolean {
  const failure = error as { status?: number; message?: string };
  return failure.status === 400 && /temperature/i.test(failure.message ?? "");
}

function toJudgeError(error: unknown, signal: AbortSignal): HookJudgeError {
  if (error instanceof HookJudgeError) return error;
  if (signal.aborted) {
    const reason: unknown = signal.reason;
    if (reason instanceof HookJudgeError) return reason;
    return new HookJudgeError("timeout", "the model call was cancelled", { cause: error });
  }
  const named = error as { name?: string; status?: number; message?: string };
  if (named.name === "APIConnectionTimeoutError") {
    return new HookJudgeError("timeout", "the model did not answer in time", { cause: error });
  }
  const status = typeof named.status === "number" ? `HTTP ${named.status}: ` : "";
  return new HookJudgeError("api", `the model API failed: ${status}${firstLine(named.message ?? String(error))}`, { cause: error });
}

function firstLine(text: string): string {
  const line = text.split("\n")[0] ?? "";
  return line.length > 300 ? line.slice(0, 300) + "…" : line;
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value === "" ? undefined : value;
}
