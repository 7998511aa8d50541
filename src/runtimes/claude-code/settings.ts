import type { SettingsSnippetOptions } from "../types.js";

/**
 * The `.claude/settings.json` part that points Claude Code at a `hookjudge serve`: every
 * configured hook on its events (with its matcher), the Bash gate on `/review-command`, and the
 * loop's Stop hook. A token goes in a header filled from the environment, which `allowedEnvVars`
 * must name. Timeouts are in seconds.
 */
export function claudeCodeSettingsSnippet({ base, hooks, tokenEnv }: SettingsSnippetOptions): unknown {
  // HOOKJUDGE_ACTIVE travels too: an agent that a verifier's command started must not call the
  // server back (a command hook sees the variable itself; an HTTP hook only through a header)
  const headers: Record<string, string> = { "X-Hookjudge-Active": "$HOOKJUDGE_ACTIVE", ...(tokenEnv ? { Authorization: `Bearer $${tokenEnv}` } : {}) };
  const auth = { headers, allowedEnvVars: ["HOOKJUDGE_ACTIVE", ...(tokenEnv ? [tokenEnv] : [])] };
  const groups: Record<string, Array<{ matcher?: string; hooks: unknown[] }>> = {};
  const add = (event: string, matcher: string | undefined, path: string, timeoutSeconds: number) => {
    // Claude Code's own limit must outlast the judgment, or it would give up first and decide nothing
    const entry = { type: "http", url: `${base}${path}`, timeout: Math.ceil(timeoutSeconds) + 5, ...auth };
    (groups[event] ??= []).push({ ...(matcher ? { matcher } : {}), hooks: [entry] });
  };
  for (const hook of hooks) {
    for (const event of hook.events ?? ["Stop"]) add(event, hook.matcher, `/hooks/${encodeURIComponent(hook.name)}`, hook.timeout);
  }
  add("PreToolUse", "Bash", "/review-command", 30);
  // a loop's verifier may be an agent (stop-verify runs up to 120 s, its own timeout 180 s)
  add("Stop", undefined, "/loop/stop-hook", 180);
  return { hooks: groups };
}
