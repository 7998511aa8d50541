import type { SettingsSnippetOptions } from "../types.js";

/** pydantic-deep's default hook timeout, in seconds; a hook that outlives it is allowed. */
export const PYDANTIC_DEEP_TIMEOUT_SECONDS = 30;
/** hookjudge's own deadline there, under the host's so that a slow model is answered by hookjudge's failure policy, never by the host's timeout. */
export const PYDANTIC_DEEP_HOOKJUDGE_TIMEOUT_SECONDS = 25;

/**
 * pydantic-deep's hooks are Python (`create_deep_agent(hooks=[Hook(…)])`): command hooks running
 * the hookjudge CLI with `--runtime pydantic-deep`, and for a server a handler that POSTs to the
 * `/pydantic-deep` routes. Timeouts are seconds; a timeout there **allows** the call, so
 * hookjudge's own `--timeout` stays under the host's 30 s.
 */
export function pydanticDeepSettingsSnippet({ base, hooks, tokenEnv }: SettingsSnippetOptions): unknown {
  const timeout = PYDANTIC_DEEP_HOOKJUDGE_TIMEOUT_SECONDS;
  const judged = hooks.filter((hook) => (hook.events ?? ["Stop"]).some((event) => event === "PreToolUse" || event === "PostToolUse"));
  const python = [
    "from pydantic_deep import create_deep_agent",
    "from pydantic_deep.features.hooks import Hook, HookEvent",
    "",
    "hooks = [",
    `    # hookjudge's deadline (--timeout ${timeout}) stays under the hook's (timeout=${PYDANTIC_DEEP_TIMEOUT_SECONDS}): a hook that times out is allowed`,
    `    Hook(event=HookEvent.PRE_TOOL_USE, matcher="^execute$", timeout=${PYDANTIC_DEEP_TIMEOUT_SECONDS},`,
    `         command="hookjudge review-command --runtime pydantic-deep --timeout ${timeout}"),`,
    ...judged.map(
      (hook) =>
        `    Hook(event=HookEvent.${(hook.events ?? []).includes("PreToolUse") ? "PRE_TOOL_USE" : "POST_TOOL_USE"}, timeout=${PYDANTIC_DEEP_TIMEOUT_SECONDS},\n         command="hookjudge run ${hook.source} --runtime pydantic-deep --timeout ${timeout}"),`,
    ),
    "]",
    "agent = create_deep_agent(hooks=hooks)  # a LocalBackend or DockerSandbox runs command hooks",
  ].join("\n");
  return {
    file: "your agent's Python (create_deep_agent(hooks=[…]))",
    timeoutUnit: "seconds",
    notes: [
      `pydantic-deep allows a call whose hook times out (default ${PYDANTIC_DEEP_TIMEOUT_SECONDS} s): hookjudge's --timeout ${timeout} answers first, through its failure policy.`,
      "With --runtime pydantic-deep hookjudge writes nothing on stderr (pydantic-deep mixes it into the reason and the JSON it reads).",
      "pydantic-deep has no Stop hook and no ask: an ask is a deny that says a person must approve.",
      `A handler can POST the same stdin JSON to ${base}/pydantic-deep/review-command${tokenEnv ? ` (Authorization: Bearer $${tokenEnv})` : ""}: a body {"allow": false, "reason"} denies, an empty body allows.`,
    ],
    python,
  };
}
