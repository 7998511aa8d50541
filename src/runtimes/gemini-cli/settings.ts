import { curlCommand, fallbackFor, servedHooks } from "../_snippet.js";
import type { SettingsSnippetOptions } from "../types.js";
import { GEMINI_TOOLS } from "./events.js";
import { toGemini } from "./output.js";

const EVENTS: Readonly<Record<string, string>> = { PreToolUse: "BeforeTool", PostToolUse: "AfterTool", UserPromptSubmit: "BeforeAgent", Stop: "AfterAgent" };

/**
 * A hook's matcher in Gemini's tool names (its matchers are regular expressions over them): a
 * list of canonical names becomes the Gemini names; anything else matches every tool, and
 * hookjudge applies the hook's own matcher.
 */
function geminiMatcher(matcher: string | undefined): string | undefined {
  if (matcher === undefined || matcher === "" || matcher === "*" || !/^[A-Za-z0-9_| ]+$/.test(matcher)) return undefined;
  const names = matcher.split("|").map((name) => name.trim());
  const all = [...new Set(names.flatMap((name) => [GEMINI_TOOLS[name] ?? name]))];
  return `^(${all.join("|")})$`;
}

/**
 * The `hooks` of `.gemini/settings.json` (project) or `~/.gemini/settings.json` pointing Gemini
 * CLI at a `hookjudge serve`: command hooks that `curl` the `/gemini-cli` routes (Gemini runs no
 * other kind). **Timeouts are milliseconds** there, and `gemini hooks migrate --from-claude` copies
 * Claude's seconds into that field unchanged. Events with no Gemini counterpart are left out.
 */
export function geminiSettingsSnippet({ base, hooks, tokenEnv }: SettingsSnippetOptions): unknown {
  const groups: Record<string, Array<{ matcher?: string; hooks: unknown[] }>> = {};
  const left: string[] = [];
  for (const served of servedHooks(hooks)) {
    const event = EVENTS[served.event];
    if (event === undefined) {
      left.push(`${served.path} on ${served.event}`);
      continue;
    }
    const command = curlCommand({ runtime: "gemini-cli", base, path: served.path, maxTimeSeconds: served.timeoutSeconds + 5, ...(tokenEnv ? { tokenEnv } : {}), fallback: fallbackFor(toGemini, served.event, base) });
    const matcher = event === "BeforeTool" || event === "AfterTool" ? geminiMatcher(served.matcher) : undefined;
    (groups[event] ??= []).push({ ...(matcher ? { matcher } : {}), hooks: [{ type: "command", name: `hookjudge${served.path.replaceAll("/", "-")}`, command, timeout: (Math.ceil(served.timeoutSeconds) + 10) * 1000 }] });
  }
  return {
    file: ".gemini/settings.json (project) or ~/.gemini/settings.json",
    timeoutUnit: "milliseconds",
    notes: [
      "Gemini CLI timeouts are in milliseconds (60000 by default); these leave room above hookjudge's own deadline.",
      "Gemini CLI runs only command hooks: each entry sends the event to hookjudge serve with curl.",
      "AfterAgent is the Stop check: its reason comes back as the next BeforeAgent prompt, which hookjudge recognises and passes.",
      "Without a server: \"command\": \"hookjudge review-command --runtime gemini-cli\" (and hookjudge run <hook> --runtime gemini-cli).",
      ...(left.length > 0 ? [`Left out (no Gemini CLI event): ${left.join(", ")}.`] : []),
    ],
    settings: { hooks: groups },
  };
}
