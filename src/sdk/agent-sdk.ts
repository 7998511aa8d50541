import { answerFailSafe } from "../answer/fail-safe.js";
import { judgeEvent, loadHooks } from "../answer/judge-event.js";
import { answerLoopStop } from "../answer/loop-stop.js";
import { reviewBashCall } from "../answer/review-bash.js";
import type { Answer, AnswerOptions } from "../answer/types.js";
import { HookJudgeError, isHookJudgeError } from "../errors.js";
import type { HookDefinition } from "../hook/definition.js";
import { isKnownEvent, type HookEventName } from "../hook/input.js";
import { readHook } from "../hook/load.js";
import { toJudgeErrorCode } from "../judge/outcome.js";
import { runtimeNamed } from "../runtimes/index.js";
import type { ParsedEvent } from "../runtimes/types.js";
import type { AgentSdkHookCallback, AgentSdkHookMatcher, AgentSdkHookOutput, AgentSdkHooks } from "./types.js";

/** Options for {@link createAgentSdkHooks}. */
export interface AgentSdkHooksOptions {
  /**
   * Hooks judged on their own events (front matter `events`, Stop when none) and tools (`matcher`):
   * paths to hook files, relative to `cwd`, or names of built-ins (`stop-complete`, `edit-review`, …).
   * A hook that cannot be loaded is an error here, at creation, never later in a callback.
   * @default []
   */
  hooks?: string[];
  /** Review every Bash call on PreToolUse: rules first, the `bash-review` hook for what no rule decides. @default false */
  reviewCommands?: boolean;
  /** Run the loops' Stop hook (`hookjudge loop start` starts one). @default false */
  loop?: boolean;
  /** The folder hook files and the project are found from, when the event names none. @default process.cwd() */
  cwd?: string;
  /** Environment for models, keys (`HOOKJUDGE_ANTHROPIC_API_KEY`, `ANTHROPIC_BASE_URL`, …), the project folder and `HOOKJUDGE_HOME`. @default process.env */
  env?: Record<string, string | undefined>;
  /** The backends to judge with: one for every hook, or a factory by model id. @default one per model, from `env` */
  backend?: AnswerOptions["backend"];
  /** The shared state (Stop block counters, loops, verdict cache). @default the state folder */
  store?: AnswerOptions["store"];
  /** Overrides every hook's model (`provider:id`). */
  model?: string;
  /**
   * Called with every answer, after the callback's output is made (usage, what decided it,
   * diagnostics such as judge errors, which the SDK's user sees only as a `systemMessage`).
   * An exception it throws is ignored.
   */
  onAnswer?: (answer: Answer) => void;
}

/** How far above hookjudge's own deadline the SDK's limit on a callback is set, in seconds. */
const SDK_TIMEOUT_MARGIN_SECONDS = 5;
/** The loops' Stop hook may run a verifier agent (`stop-verify`: its own timeout is 180 s). */
const LOOP_TIMEOUT_SECONDS = 180;

const claudeCode = runtimeNamed("claude-code");

/**
 * The `hooks` option of the Claude Agent SDK's `query()`, judged by hookjudge in process:
 * `query({ prompt, options: { hooks: createAgentSdkHooks({ reviewCommands: true, hooks: ["stop-complete"] }) } })`.
 *
 * The SDK's input is Claude Code's hook input and a callback's answer is Claude Code's hook JSON,
 * so every hook behaves as it does as a command hook. The callbacks never throw (the SDK would let
 * the action go ahead): whatever goes wrong is answered by the event's failure policy (a Bash call
 * is asked about, or denied when plainly destructive; a Stop lets the agent stop with a visible
 * `systemMessage`). They pass the SDK's `signal` on to the judgment, so a cancelled hook stops its
 * model call, and each matcher's `timeout` is set above the hook's own deadline, so hookjudge
 * answers before the SDK gives up.
 * @throws HookJudgeError (`config`) when a hook cannot be loaded
 */
export function createAgentSdkHooks(options: AgentSdkHooksOptions = {}): AgentSdkHooks {
  const base = { env: options.env ?? process.env, cwd: options.cwd ?? process.cwd(), ...(options.backend ? { backend: options.backend } : {}), ...(options.store ? { store: options.store } : {}) };
  const hooks: AgentSdkHooks = {};
  const add = (event: HookEventName, entry: AgentSdkHookMatcher) => void (hooks[event] ??= []).push(entry);

  const loaded = loadHooks(options.hooks ?? [], [], base);
  const broken = loaded.filter((hook) => hook.loadError);
  if (broken.length > 0) throw new HookJudgeError("config", `createAgentSdkHooks: ${broken.map((hook) => hook.loadError!.message).join("; ")}`, { cause: broken[0]!.loadError });
  for (const hook of loaded) {
    const judge = (event: ParsedEvent, signal: AbortSignal | undefined) => judgeEvent([hook], event, { ...base, ...(signal ? { signal } : {}), ...(options.model ? { model: options.model } : {}) });
    for (const event of hook.events ?? ["Stop"]) add(event, { ...(hook.matcher ? { matcher: hook.matcher } : {}), hooks: [guarded(hook.name, event, options, judge, hook)], timeout: sdkTimeout(hook.timeout) });
  }
  if (options.reviewCommands === true) {
    const review = readHook("bash-review").definition;
    const callback = guarded("review-command", "PreToolUse", options, async (event, signal) => {
      if (!event.ok) throw event.error;
      const answer = await reviewBashCall(event.input, { ...base, ...(signal ? { signal } : {}), ...(options.model ? { model: options.model } : {}) });
      return answer && { ...answer, host: event.host };
    });
    add("PreToolUse", { matcher: "Bash", hooks: [callback], timeout: sdkTimeout(review.timeout) });
  }
  if (options.loop === true) {
    add("Stop", { hooks: [guarded("loop stop-hook", "Stop", options, (event, signal) => answerLoopStop(event, { ...base, ...(signal ? { signal } : {}) }))], timeout: sdkTimeout(LOOP_TIMEOUT_SECONDS) });
  }
  return hooks;
}

function sdkTimeout(hookSeconds: number): number {
  return Math.ceil(hookSeconds) + SDK_TIMEOUT_MARGIN_SECONDS;
}

/**
 * A callback that never throws: the input is read as Claude Code's `event` and judged by `judge`;
 * an answer becomes Claude Code's hook JSON (its HTTP form: a callback has no exit code), and an
 * error — thrown anywhere, an aborted signal included — becomes the failure policy's answer.
 * @param event the event the callback is registered on, answered when the input does not say
 */
function guarded(name: string, event: HookEventName, options: AgentSdkHooksOptions, judge: (event: ParsedEvent, signal: AbortSignal | undefined) => Promise<Answer | null>, hook?: HookDefinition): AgentSdkHookCallback {
  return async (input, _toolUseID, context) => {
    let text: string | undefined;
    try {
      // a process hookjudge itself started (a verifier's command) does not judge itself
      if ((options.env ?? process.env)["HOOKJUDGE_ACTIVE"] === "1") return {};
      text = JSON.stringify(input);
      const answer = await judge(claudeCode.parse(text), context?.signal);
      return answer === null ? {} : answered(answer, options);
    } catch (error) {
      const named = (input as { hook_event_name?: unknown } | null)?.hook_event_name;
      return failed(name, typeof named === "string" && isKnownEvent(named) ? named : event, error, options, hook, text);
    }
  };
}

/** The failure policy's answer to `error`; should even that fail, the gate asks and anything else passes with a message. */
function failed(name: string, event: HookEventName, error: unknown, options: AgentSdkHooksOptions, hook: HookDefinition | undefined, text: string | undefined): AgentSdkHookOutput {
  const known = isHookJudgeError(error);
  const message = known ? error.message : `unexpected error: ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}`;
  try {
    const answer = answerFailSafe({ event, name, code: known ? toJudgeErrorCode(error.code) : "input", message, ...(hook ? { hook } : {}), ...(text !== undefined ? { text } : {}) });
    return answered({ ...answer, diagnostics: [`hookjudge ${name}: ${message}\n`] }, options);
  } catch {
    const systemMessage = `hookjudge ${name} could not judge: ${message}`;
    if (event === "PreToolUse") return { hookSpecificOutput: { hookEventName: "PreToolUse", permissionDecision: "ask", permissionDecisionReason: systemMessage }, systemMessage };
    return { systemMessage };
  }
}

/** An answer as the callback's output, shown to `onAnswer` first. */
function answered(answer: Answer, options: AgentSdkHooksOptions): AgentSdkHookOutput {
  const body = claudeCode.httpBody(answer);
  try {
    options.onAnswer?.(answer);
  } catch {
    // the application's observer never changes the answer
  }
  return body === "" ? {} : (JSON.parse(body) as AgentSdkHookOutput);
}
