export { createAgentSdkHooks, type AgentSdkHooksOptions } from "./agent-sdk.js";
export type { AgentSdkCallbackOptions, AgentSdkHookCallback, AgentSdkHookInput, AgentSdkHookMatcher, AgentSdkHookOutput, AgentSdkHooks } from "./types.js";
