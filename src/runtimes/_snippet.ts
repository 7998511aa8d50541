import type { HookDefinition } from "../hook/definition.js";
import type { Decision } from "../policy/decision.js";
import type { HostOutput, RuntimeAnswer, RuntimeName } from "./types.js";

/** One hook a host's settings name: the canonical event, its matcher, the served path and how long it may take (seconds). */
export interface ServedHook {
  event: string;
  matcher?: string;
  path: string;
  timeoutSeconds: number;
}

/**
 * What a server answers, hook by hook, as `serve --print-settings` lists it: every configured hook
 * on its events, the Bash gate on `/review-command`, the loop's Stop hook.
 */
export function servedHooks(hooks: HookDefinition[]): ServedHook[] {
  const served: ServedHook[] = [];
  for (const hook of hooks) {
    for (const event of hook.events ?? ["Stop"]) served.push({ event, ...(hook.matcher ? { matcher: hook.matcher } : {}), path: `/hooks/${encodeURIComponent(hook.name)}`, timeoutSeconds: hook.timeout });
  }
  served.push({ event: "PreToolUse", matcher: "Bash", path: "/review-command", timeoutSeconds: 30 });
  // a loop's verifier may be an agent (stop-verify runs up to 120 s, its own timeout 180 s)
  served.push({ event: "Stop", path: "/loop/stop-hook", timeoutSeconds: 180 });
  return served;
}

/** Quote `text` for a POSIX shell. */
export function shellQuote(text: string): string {
  return `'${text.replaceAll("'", `'\\''`)}'`;
}

/**
 * A command hook that sends the event on stdin to a `hookjudge serve` route for `runtime` (the
 * `/<runtime>` prefix) and prints its answer. When the server cannot answer (down, an HTTP error,
 * its own time limit), the command prints what the failure policy answers that event instead, so
 * a gate that cannot reach the server never lets a command through.
 */
export function curlCommand(options: {
  runtime: RuntimeName;
  base: string;
  path: string;
  maxTimeSeconds: number;
  tokenEnv?: string;
  /** The host's output for the failure policy's decision on this event. */
  fallback: HostOutput;
}): string {
  const headers = [
    "-H 'Content-Type: application/json'",
    // an agent a verifier's command started passes at once, as with the command hooks
    `-H "X-Hookjudge-Active: \${HOOKJUDGE_ACTIVE:-}"`,
    ...(options.tokenEnv ? [`-H "Authorization: Bearer \${${options.tokenEnv}}"`] : []),
  ];
  const url = `${options.base}/${options.runtime}${options.path}`;
  const { stdout, exitCode } = options.fallback;
  const fallback = `${stdout.trim() !== "" ? `printf '%s\\n' ${shellQuote(stdout.trim())}` : "true"}${exitCode !== 0 ? `; exit ${exitCode}` : ""}`;
  return `curl -sf --max-time ${Math.ceil(options.maxTimeSeconds)} ${headers.join(" ")} --data-binary @- ${url} || { ${fallback}; }`;
}

/** The failure policy's decision when the server cannot be reached: a gate asks (each host writes that its way), the rest proceed. */
export function unreachableDecision(event: string, base: string): Decision {
  const message = `hookjudge serve at ${base} did not answer`;
  if (event === "PreToolUse") return { kind: "ask", reason: `${message}, so this call was not reviewed. Decide yourself.`, source: "error", systemMessage: message };
  return { kind: "pass", source: "error", systemMessage: `${message}; letting it proceed` };
}

/** The fallback a curl command prints for `event`, in a host's protocol. */
export function fallbackFor(output: (answer: RuntimeAnswer) => HostOutput, event: string, base: string): HostOutput {
  return output({ event, decision: unreachableDecision(event, base) });
}
