/** A list price: US dollars per million tokens. */
interface Price {
  pattern: RegExp;
  input: number;
  output: number;
}

// Anthropic's list prices; Bedrock and Vertex list the same for these models (regional and
// cross-region endpoints may add a premium)
const CLAUDE: Price[] = [
  { pattern: /haiku-4|haiku-5/, input: 1, output: 5 },
  { pattern: /3-5-haiku|haiku-3-5/, input: 0.8, output: 4 },
  { pattern: /3-haiku/, input: 0.25, output: 1.25 },
  { pattern: /sonnet/, input: 3, output: 15 },
  { pattern: /opus-4-[5-9]|opus-[5-9]/, input: 5, output: 25 },
  { pattern: /opus/, input: 15, output: 75 },
];

// OpenAI's list prices (standard tier); the more specific name first
const OPENAI: Price[] = [
  { pattern: /gpt-5[.-]?\d*-nano/, input: 0.05, output: 0.4 },
  { pattern: /gpt-5[.-]?\d*-mini/, input: 0.25, output: 2 },
  { pattern: /gpt-5/, input: 1.25, output: 10 },
  { pattern: /gpt-4\.1-nano/, input: 0.1, output: 0.4 },
  { pattern: /gpt-4\.1-mini/, input: 0.4, output: 1.6 },
  { pattern: /gpt-4\.1/, input: 2, output: 8 },
  { pattern: /gpt-4o-mini/, input: 0.15, output: 0.6 },
  { pattern: /gpt-4o/, input: 2.5, output: 10 },
  { pattern: /o4-mini/, input: 1.1, output: 4.4 },
  { pattern: /(^|\/)o3-mini/, input: 1.1, output: 4.4 },
  { pattern: /(^|\/)o3/, input: 2, output: 8 },
];

/** The price table of each provider (model strings' `provider:`), searched in order. */
const PRICES: Record<string, Price[]> = {
  anthropic: CLAUDE,
  bedrock: CLAUDE,
  vertex: CLAUDE,
  // OpenRouter and other gateways serve both families under OpenAI's wire
  openai: [...OPENAI, ...CLAUDE],
};

/** What the Message Batches API charges, as a share of the list price (`eval --batch`). */
export const BATCH_PRICE_FACTOR = 0.5;

/** Providers that run on the user's own machine: no charge per token. */
const LOCAL = new Set(["ollama", "gguf"]);

/**
 * Estimated cost in US dollars at list prices, or `null` for a model whose price is unknown.
 * @param provider the backend's id (`anthropic`, `openai`, `ollama`, …); without it every table is searched
 */
export function estimateCost(model: string | undefined, inputTokens: number, outputTokens: number, provider?: string): number | null {
  if (provider !== undefined && LOCAL.has(provider)) return 0;
  if (!model) return null;
  const table = (provider === undefined ? undefined : PRICES[provider]) ?? [...CLAUDE, ...OPENAI];
  const price = table.find((entry) => entry.pattern.test(model));
  if (!price) return null;
  return Math.round(((inputTokens * price.input + outputTokens * price.output) / 1e6) * 1e8) / 1e8;
}
