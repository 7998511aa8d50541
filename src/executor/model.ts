import type { HookDefinition } from "../hook/definition.js";

/** The model used when nothing else names one. */
export const DEFAULT_MODEL = "claude-haiku-4-5";

/** The model for a hook: `--model`, the hook's `model`, `HOOKJUDGE_MODEL`, `ANTHROPIC_DEFAULT_HAIKU_MODEL`, then {@link DEFAULT_MODEL}. */
export function resolveModel(hook: HookDefinition, options: { model?: string; env?: Record<string, string | undefined> } = {}): string {
  if (options.model || hook.model) return (options.model || hook.model)!;
  const env = options.env ?? process.env;
  return env["HOOKJUDGE_MODEL"] || env["ANTHROPIC_DEFAULT_HAIKU_MODEL"] || DEFAULT_MODEL;
}

