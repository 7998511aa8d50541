import { curlCommand, fallbackFor, servedHooks } from "../_snippet.js";
import type { SettingsSnippetOptions } from "../types.js";
import { toQwen } from "./output.js";

const QWEN_TOOLS: Readonly<Record<string, string>> = { Bash: "run_shell_command", Write: "write_file", Edit: "replace|edit", Read: "read_file" };

/** A matcher in Qwen's tool names (0.15.10 matches its own names only: `Bash` matches nothing there). */
function qwenMatcher(matcher: string | undefined): string | undefined {
  if (matcher === undefined || matcher === "" || matcher === "*" || !/^[A-Za-z0-9_| ]+$/.test(matcher)) return undefined;
  return matcher.split("|").map((name) => QWEN_TOOLS[name.trim()] ?? name.trim()).join("|");
}

/**
 * The `hooks` of `.qwen/settings.json` (project) or `~/.qwen/settings.json` pointing Qwen Code at
 * a `hookjudge serve`: command hooks that `curl` the `/qwen-code` routes, on Claude Code's event
 * names with Qwen's tool names in matchers. Timeouts are written in **milliseconds** (≥ 1000):
 * Qwen 0.15.10 reads milliseconds, and 0.24.4 reads a value of 1000 or more as milliseconds.
 */
export function qwenSettingsSnippet({ base, hooks, tokenEnv }: SettingsSnippetOptions): unknown {
  const groups: Record<string, Array<{ matcher?: string; hooks: unknown[] }>> = {};
  for (const served of servedHooks(hooks)) {
    const command = curlCommand({ runtime: "qwen-code", base, path: served.path, maxTimeSeconds: served.timeoutSeconds + 5, ...(tokenEnv ? { tokenEnv } : {}), fallback: fallbackFor(toQwen, served.event, base) });
    const matcher = qwenMatcher(served.matcher);
    (groups[served.event] ??= []).push({ ...(matcher ? { matcher } : {}), hooks: [{ type: "command", command, timeout: (Math.ceil(served.timeoutSeconds) + 10) * 1000 }] });
  }
  return {
    file: ".qwen/settings.json (project) or ~/.qwen/settings.json",
    timeoutUnit: "milliseconds",
    notes: [
      "Timeouts are milliseconds (Qwen Code 0.15.10; 0.24.4 reads values of 1000 or more as milliseconds).",
      "Matchers use Qwen's tool names (run_shell_command): 0.15.10 does not match Bash.",
      "In a headless run (qwen -p) Qwen Code turns an ask into a deny; hookjudge's ask reasons say so.",
      "Without a server: \"command\": \"hookjudge review-command --runtime qwen-code\".",
    ],
    settings: { hooks: groups },
  };
}
