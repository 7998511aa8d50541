import { curlCommand, fallbackFor, servedHooks } from "../_snippet.js";
import type { SettingsSnippetOptions } from "../types.js";
import { toCopilot } from "./output.js";

const EVENTS: Readonly<Record<string, string>> = { PreToolUse: "preToolUse", PostToolUse: "postToolUse", PostToolUseFailure: "postToolUseFailure", PermissionRequest: "permissionRequest", Stop: "agentStop", SubagentStop: "subagentStop", UserPromptSubmit: "userPromptSubmitted" };

/**
 * A hooks file for Copilot CLI (`.github/hooks/hookjudge.json` in the repository, or
 * `~/.copilot/hooks/`) pointing at a `hookjudge serve`: command hooks (`bash`) that `curl` the
 * `/copilot` routes, on the camelCase event names. Timeouts are seconds (`timeoutSec`, 30 by
 * default). Matchers are hookjudge's own (it sees `bash` as Bash), so entries have none.
 */
export function copilotSettingsSnippet({ base, hooks, tokenEnv }: SettingsSnippetOptions): unknown {
  const groups: Record<string, unknown[]> = {};
  for (const served of servedHooks(hooks)) {
    const event = EVENTS[served.event];
    if (event === undefined) continue;
    const fallback = fallbackFor((answer) => toCopilot({ ...answer, host: { runtime: "copilot", event } }), served.event, base);
    const bash = curlCommand({ runtime: "copilot", base, path: served.path, maxTimeSeconds: served.timeoutSeconds + 5, ...(tokenEnv ? { tokenEnv } : {}), fallback });
    (groups[event] ??= []).push({ type: "command", bash, timeoutSec: Math.ceil(served.timeoutSeconds) + 10 });
  }
  return {
    file: ".github/hooks/hookjudge.json (repository) or ~/.copilot/hooks/hookjudge.json",
    timeoutUnit: "seconds",
    notes: [
      "Copilot CLI runs command hooks: each entry sends the event to hookjudge serve with curl; its tool names (bash, create, edit) are mapped by hookjudge.",
      "agentStop blocks send the reason as the next prompt; hookjudge marks it and passes that prompt unjudged. Copilot caps consecutive blocks at 8.",
      "In -p, repository hooks load only in a trusted folder; ~/.copilot/hooks always loads.",
      "Without a server: \"bash\": \"hookjudge review-command --runtime copilot\".",
    ],
    settings: { version: 1, hooks: groups },
  };
}
