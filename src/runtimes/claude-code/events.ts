import { HOOK_EVENTS } from "../../hook/input.js";

/**
 * Claude Code's events are the canonical ones (`HOOK_EVENTS`): its event and tool names pass
 * through unchanged. What differs per event is the form of the answer.
 */
export const CLAUDE_CODE_EVENTS = HOOK_EVENTS;

/** Events whose block is exit code 2 with the reason on stderr. */
export const EXIT_TWO_EVENTS: ReadonlySet<string> = new Set(["TaskCompleted", "TaskCreated", "TeammateIdle", "PostToolUseFailure"]);

/** Events whose block is top-level `decision: "block"` with a `reason`. */
export const DECISION_EVENTS: ReadonlySet<string> = new Set(["Stop", "SubagentStop", "UserPromptSubmit", "UserPromptExpansion", "PostToolUse", "PostToolBatch"]);
