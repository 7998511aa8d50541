import type { HookEventName } from "../hook/input.js";

// The shapes of the Claude Agent SDK's `hooks` option, written out so that hookjudge never
// depends on the SDK (it is a peer of the user's application): each is a structural subset of the
// SDK's own type (`HookCallbackMatcher`, `HookCallback`, `SyncHookJSONOutput`), so the object
// `createAgentSdkHooks` returns can be passed as `query({ options: { hooks } })` as it is.

/**
 * What the SDK hands a callback: Claude Code's hook input (the object a command hook reads on
 * stdin). Only the event's name is read here; everything else reaches the judge as it came.
 */
export interface AgentSdkHookInput {
  hook_event_name: string;
}

/** The third argument of a callback: aborted when the SDK cancels the hook (its timeout, an interrupt). */
export interface AgentSdkCallbackOptions {
  signal: AbortSignal;
}

/**
 * A callback's answer: Claude Code's hook JSON, the part of it hookjudge writes. `{}` makes no
 * decision (the SDK's own permission flow goes on).
 */
export interface AgentSdkHookOutput {
  /** `"block"` on Stop, SubagentStop, UserPromptSubmit, PostToolUse and TaskCreated, with `reason`. */
  decision?: "approve" | "block";
  /** Why a block: on Stop, the agent's next instruction. */
  reason?: string;
  /** Shown to the user, never to the model: judge errors, a block cap that was overridden. */
  systemMessage?: string;
  hookSpecificOutput?:
    | { hookEventName: "PreToolUse"; permissionDecision?: "allow" | "deny" | "ask"; permissionDecisionReason?: string }
    | { hookEventName: "PermissionRequest"; decision: { behavior: "allow" } | { behavior: "deny"; message?: string } }
    | { hookEventName: "PostToolUseFailure"; additionalContext?: string };
}

/** A hook callback, as the SDK calls it. Those hookjudge makes never throw. */
export type AgentSdkHookCallback = (input: AgentSdkHookInput, toolUseID: string | undefined, options: AgentSdkCallbackOptions) => Promise<AgentSdkHookOutput>;

/** One entry of the SDK's `hooks` option for an event. */
export interface AgentSdkHookMatcher {
  /** Tool names with Claude Code's matcher rules (`Bash`, `Write|Edit`, a regular expression); none = every call. */
  matcher?: string;
  hooks: AgentSdkHookCallback[];
  /** How long the SDK waits for these callbacks, in seconds: set above the hook's own deadline, so hookjudge always answers first. */
  timeout: number;
}

/** The SDK's `hooks` option: matchers by event name (`PreToolUse`, `Stop`, …). */
export type AgentSdkHooks = Partial<Record<HookEventName, AgentSdkHookMatcher[]>>;
