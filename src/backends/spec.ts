/** A block of message content, in the Messages API's shape. */
export type ContentBlock =
  | { type: "text"; text: string }
  | { type: "tool_use"; id: string; name: string; input: unknown }
  | { type: "tool_result"; tool_use_id: string; content: string; is_error?: boolean };

/** One conversation message. */
export interface BackendMessage {
  role: "user" | "assistant";
  content: string | ContentBlock[];
}

/** A tool the model may call, with a JSON Schema for its input. */
export interface BackendTool {
  name: string;
  description: string;
  inputSchema: Record<string, unknown>;
}

/** One model request. */
export interface BackendRequest {
  system: string;
  messages: BackendMessage[];
  tools: BackendTool[];
  /** Force one tool (`{ type: "tool", name }`) or let the model choose. @default auto */
  toolChoice?: { type: "tool"; name: string } | { type: "auto" };
  /** The reply's token limit. */
  maxTokens: number;
  /** @default 0 */
  temperature?: number;
}

/** Tokens one request used. */
export interface TokenUsage {
  inputTokens: number;
  outputTokens: number;
}

/** One model reply. */
export interface BackendResponse {
  content: Array<Extract<ContentBlock, { type: "text" | "tool_use" }>>;
  /** `end_turn`, `tool_use`, `max_tokens`, `stop_sequence`, `refusal`, or a backend's own value. */
  stopReason: string;
  usage: TokenUsage;
  /** The model that answered, when the backend reports it. */
  modelId?: string;
}

/** Per-call options: the deadline reaches the socket through `signal`. */
export interface BackendCallOptions {
  signal: AbortSignal;
}

/**
 * The backend specification, version 1. The judge and the verifier see only this; a backend wraps
 * one vendor API. `complete` rejects with a `HookJudgeError` of code `api` or `timeout`.
 */
export interface BackendV1 {
  readonly specificationVersion: "v1";
  /** The provider, e.g. `anthropic`. */
  readonly id: string;
  readonly modelId: string;
  complete(request: BackendRequest, options: BackendCallOptions): Promise<BackendResponse>;
}

/** The current backend specification. */
export type Backend = BackendV1;
