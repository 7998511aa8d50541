import { curlCommand, fallbackFor, servedHooks } from "../_snippet.js";
import type { SettingsSnippetOptions } from "../types.js";
import { toCodex } from "./output.js";

/**
 * The `hooks.json` (beside `~/.codex/config.toml` or in `<repo>/.codex/`) that points Codex CLI
 * at a `hookjudge serve`. Codex runs only command hooks, so each hook is a `curl` to the server's
 * `/codex` routes, with the failure policy's answer printed when the server cannot answer.
 * Timeouts are in seconds (Codex's default 600).
 */
export function codexSettingsSnippet({ base, hooks, tokenEnv }: SettingsSnippetOptions): unknown {
  const groups: Record<string, Array<{ matcher?: string; hooks: unknown[] }>> = {};
  for (const served of servedHooks(hooks)) {
    const command = curlCommand({ runtime: "codex", base, path: served.path, maxTimeSeconds: served.timeoutSeconds + 5, ...(tokenEnv ? { tokenEnv } : {}), fallback: fallbackFor(toCodex, served.event, base) });
    // Codex's own limit must outlast curl's, or it would give up first and run the command
    (groups[served.event] ??= []).push({ ...(served.matcher ? { matcher: served.matcher } : {}), hooks: [{ type: "command", command, timeout: Math.ceil(served.timeoutSeconds) + 10 }] });
  }
  return {
    file: "~/.codex/hooks.json or <repo>/.codex/hooks.json",
    timeoutUnit: "seconds",
    notes: [
      "Codex runs only command hooks: each entry sends the event to hookjudge serve with curl.",
      "Codex has no cap on Stop blocks; hookjudge's max-blocks (8 by default) bounds them.",
      "Hooks need trust (/hooks), or --dangerously-bypass-hook-trust headless.",
      "Without a server: \"command\": \"hookjudge review-command --runtime codex\" (and hookjudge run <hook> --runtime codex).",
    ],
    settings: { hooks: groups },
  };
}
