import { curlCommand, fallbackFor, servedHooks } from "../_snippet.js";
import type { SettingsSnippetOptions } from "../types.js";
import { toCursor } from "./output.js";

/**
 * `.cursor/hooks.json` (project) or `~/.cursor/hooks.json` pointing Cursor at a `hookjudge serve`:
 * command hooks that `curl` the `/cursor` routes — the Bash gate on beforeShellExecution, Stop
 * hooks on `stop` with `loop_limit` at hookjudge's own cap. Timeouts are seconds (Cursor's unit
 * is not confirmed). Events with no Cursor counterpart are left out.
 */
export function cursorSettingsSnippet({ base, hooks, tokenEnv }: SettingsSnippetOptions): unknown {
  const groups: Record<string, unknown[]> = {};
  for (const served of servedHooks(hooks)) {
    const event = served.event === "PreToolUse" ? (served.matcher === "Bash" ? "beforeShellExecution" : "preToolUse") : served.event === "Stop" ? "stop" : served.event === "UserPromptSubmit" ? "beforeSubmitPrompt" : served.event === "SubagentStop" ? "subagentStop" : served.event === "PostToolUse" ? "postToolUse" : undefined;
    if (event === undefined) continue;
    const fallback = fallbackFor((answer) => toCursor({ ...answer, host: { runtime: "cursor", event } }), served.event, base);
    const command = curlCommand({ runtime: "cursor", base, path: served.path, maxTimeSeconds: served.timeoutSeconds + 5, ...(tokenEnv ? { tokenEnv } : {}), fallback });
    (groups[event] ??= []).push({ command, timeout: Math.ceil(served.timeoutSeconds) + 10, ...(event === "stop" ? { loop_limit: 8 } : {}) });
  }
  return {
    file: ".cursor/hooks.json (project) or ~/.cursor/hooks.json",
    timeoutUnit: "seconds (not confirmed by Cursor's docs)",
    notes: [
      "Cursor runs command hooks: each entry sends the event to hookjudge serve with curl.",
      "stop blocks answer followup_message; loop_limit (5 by default) and hookjudge's max-blocks bound the loop.",
      "Without a server: \"command\": \"hookjudge review-command --runtime cursor\".",
    ],
    settings: { version: 1, hooks: groups },
  };
}
