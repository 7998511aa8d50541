/** US dollars per million tokens, by model family. */
const PRICES: Array<{ pattern: RegExp; input: number; output: number }> = [
  { pattern: /haiku-4|haiku-5/, input: 1, output: 5 },
  { pattern: /3-5-haiku|haiku-3-5/, input: 0.8, output: 4 },
  { pattern: /3-haiku/, input: 0.25, output: 1.25 },
  { pattern: /sonnet/, input: 3, output: 15 },
  { pattern: /opus-4-[5-9]|opus-[5-9]/, input: 5, output: 25 },
  { pattern: /opus/, input: 15, output: 75 },
];

/** Estimated cost in US dollars at list prices, or `null` for a model whose price is unknown. */
export function estimateCost(model: string | undefined, inputTokens: number, outputTokens: number): number | null {
  if (!model) return null;
  const price = PRICES.find((entry) => entry.pattern.test(model));
  if (!price) return null;
  return Math.round(((inputTokens * price.input + outputTokens * price.output) / 1e6) * 1e8) / 1e8;
}
