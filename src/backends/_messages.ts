// What the backends on the Messages API share (Anthropic, Bedrock, Vertex): the request body, the
// reply's blocks, the temperature fallback and the error names. Private to src/backends/.
import type Anthropic from "@anthropic-ai/sdk";
import { HookJudgeError } from "../errors.js";
import type { BackendCallOptions, BackendRequest, BackendResponse, BackendV1 } from "./spec.js";

/** The one method of a Messages resource the backends call. */
export interface MessagesLike {
  create(body: Anthropic.MessageCreateParamsNonStreaming, options: { signal: AbortSignal }): PromiseLike<Anthropic.Message>;
}

/** A backend over a Messages resource that is created on the first call. */
export function createMessagesBackend(id: string, model: string, getMessages: () => Promise<MessagesLike>): BackendV1 {
  // newer models refuse `temperature`; after one such refusal this backend stops sending it
  let sendTemperature = true;
  return {
    specificationVersion: "v1",
    id,
    modelId: model,
    async complete(request: BackendRequest, { signal }: BackendCallOptions): Promise<BackendResponse> {
      try {
        const messages = await getMessages();
        const create = () => messages.create(toMessagesParams(model, request, { temperature: sendTemperature }), { signal });
        let message: Anthropic.Message;
        try {
          message = await create();
        } catch (error) {
          if (!sendTemperature || !refusesTemperature(error)) throw error;
          sendTemperature = false;
          message = await create();
        }
        return fromMessage(message);
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

/** A Messages API reply as the backend spec's response. */
export function fromMessage(message: Anthropic.Message): BackendResponse {
  return {
    content: (message.content ?? []).flatMap((block): BackendResponse["content"] => {
      if (block.type === "text") return [{ type: "text", text: block.text }];
      if (block.type === "tool_use") return [{ type: "tool_use", id: block.id, name: block.name, input: block.input }];
      return [];
    }),
    stopReason: message.stop_reason ?? "end_turn",
    usage: { inputTokens: message.usage?.input_tokens ?? 0, outputTokens: message.usage?.output_tokens ?? 0 },
    ...(message.model ? { modelId: message.model } : {}),
  };
}

/** True for a 400 that says the model does not take `temperature`. */
export function refusesTemperature(error: unknown): boolean {
  const failure = error as { status?: number; message?: string };
  return failure.status === 400 && /temperature/i.test(failure.message ?? "");
}

/** An SDK's failure under hookjudge's names: `timeout` when the deadline or the SDK's timer ended it, else `api`. */
export function toJudgeError(error: unknown, signal: AbortSignal): HookJudgeError {
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

// node:http and node:https load only when a request is made, and only once
let httpFetchModule: Promise<typeof import("../internal/http-fetch.js")> | undefined;

/** hookjudge's small fetch on node:http, loaded on the first request (keeps undici from starting). */
export const lazyHttpFetch = (async (input: Parameters<typeof globalThis.fetch>[0], init?: RequestInit) => {
  const { httpFetch } = await (httpFetchModule ??= import("../internal/http-fetch.js"));
  return httpFetch(input as string, init as Parameters<typeof httpFetch>[1]);
}) as typeof globalThis.fetch;

/**
 * Import an optional peer package, or fail with a `config` error that says what to install.
 * @param load the `import()` of the package, written out at the call site so bundlers see it
 */
export async function importPeer<T>(name: string, range: string, provider: string, load: () => Promise<T>): Promise<T> {
  try {
    return await load();
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const missing = (code === "ERR_MODULE_NOT_FOUND" || code === "MODULE_NOT_FOUND") && String((error as Error).message).includes(name);
    if (!missing) throw error;
    throw new HookJudgeError(
      "config",
      `the ${provider}: provider needs the optional package ${name}, which is not installed: run npm install ${name}@"${range}" in the project where hookjudge is installed (npm install -g ${name}@"${range}" for a global hookjudge)`,
      { cause: error },
    );
  }
}
