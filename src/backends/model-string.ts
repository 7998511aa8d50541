import { HookJudgeError } from "../errors.js";

/** The providers a model string can name, in the order the docs list them. */
export const PROVIDERS = ["anthropic", "openai", "ollama", "bedrock", "vertex", "claude-code", "gguf"] as const;

/** A provider a model string can name. */
export type Provider = (typeof PROVIDERS)[number];

/** A model string split into its provider and the provider's own model id. */
export interface ModelString {
  provider: Provider;
  /** Everything after the first colon (`ollama:qwen3:4b` → `qwen3:4b`), or the whole bare id. */
  id: string;
}

/**
 * Split a model string `provider:model`. A bare id (no colon) is an Anthropic model; everything
 * after the first colon is the provider's id, colons included (`ollama:qwen3:4b`).
 * @throws HookJudgeError `config` for an unknown provider or an empty id.
 */
export function parseModelString(model: string): ModelString {
  const text = model.trim();
  const colon = text.indexOf(":");
  if (colon === -1) {
    if (text === "") throw new HookJudgeError("config", "the model is empty: name one, e.g. claude-haiku-4-5 or openai:gpt-4o-mini");
    return { provider: "anthropic", id: text };
  }
  const provider = text.slice(0, colon);
  const id = text.slice(colon + 1);
  if (!isProvider(provider)) throw new HookJudgeError("config", unknownProviderMessage(text, provider));
  if (id === "") throw new HookJudgeError("config", `the model "${text}" names no model after "${provider}:", e.g. ${EXAMPLES[provider]}`);
  return { provider, id };
}

/** The problem with a model string, or `undefined` when it can be used (for lint and config checks). */
export function modelStringProblem(model: string): string | undefined {
  try {
    parseModelString(model);
    return undefined;
  } catch (error) {
    return (error as Error).message;
  }
}

/** True for a provider name a model string can use. */
export function isProvider(name: string): name is Provider {
  return (PROVIDERS as readonly string[]).includes(name);
}

const EXAMPLES: Record<Provider, string> = {
  anthropic: "anthropic:claude-haiku-4-5",
  openai: "openai:gpt-4o-mini",
  ollama: "ollama:qwen3:4b",
  bedrock: "bedrock:us.anthropic.claude-haiku-4-5-20251001-v1:0",
  vertex: "vertex:claude-haiku-4-5@20251001",
  "claude-code": "claude-code:claude-haiku-4-5",
  gguf: "gguf:./models/judge.gguf",
};

function unknownProviderMessage(model: string, provider: string): string {
  const known = PROVIDERS.map((name) => `${name}:`).join(", ");
  // a Bedrock id (as Claude Code's ANTHROPIC_DEFAULT_HAIKU_MODEL may hold) has a colon of its own
  const hint = /anthropic\./.test(provider) ? `; a Bedrock model id is written bedrock:${model}` : "; a bare id (no colon) is an Anthropic model";
  return `unknown model provider "${provider}" in "${model}": the providers are ${known}${hint}`;
}
