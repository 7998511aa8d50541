import { HookJudgeError } from "../errors.js";
import { brokenHook, type HookDefinition } from "../hook/definition.js";
import { sniffHookInput } from "../hook/input.js";
import { emptyStats, type JudgeErrorCode } from "../judge/outcome.js";
import { rawTextDeny } from "../review/raw-deny.js";
import type { Decision } from "./decision.js";
import { decide } from "./failure.js";

/** What could not be judged, and why. */
export interface UnjudgedEvent {
  /** The event's name (`PreToolUse`, `Stop`, …). */
  event: string;
  /** What stood in for the judgment, named in the messages: a hook, or a command such as `review-command`. */
  name: string;
  code: JudgeErrorCode;
  /** What went wrong, for the user and the agent (never a hook's prompt). */
  message: string;
  /** The hook that could not judge; its `on-error` applies. @default a stand-in with the event's default policy */
  hook?: HookDefinition;
  /** The event as it came (JSON, perhaps broken): a Bash call's command is read from it as plain text. */
  text?: string;
  /** The canonical tool name, when the host's event was read that far (its own name, `run_shell_command`, may be what `text` says). */
  toolName?: string;
}

/**
 * The failure policy's decision for an event that could not be judged (a wrong command line,
 * unreadable input, a crash): what {@link decide} gives for the error (PreToolUse asks; Stop lets
 * the agent stop with a visible message), except that a Bash command that is plainly one of the
 * gate's deny families ({@link rawTextDeny}) is denied, whatever the policy says.
 */
export function failSafeDecision(unjudged: UnjudgedEvent): Decision {
  const { event, name, code, message } = unjudged;
  const command = event === "PreToolUse" && unjudged.text !== undefined && (unjudged.toolName === undefined || unjudged.toolName === "Bash") ? bashCommandOf(unjudged.text, unjudged.toolName !== undefined) : undefined;
  const found = command !== undefined ? rawTextDeny(command) : undefined;
  if (found) {
    return {
      kind: "block",
      reason: `hookjudge denied this command: ${found.reason} (rule ${found.family}; the review could not run, so the command was read as plain text)`,
      source: "error",
      systemMessage: `hookjudge ${name} could not judge (${code}): ${message}; the command read as plain text is ${found.family}, so it is denied`,
    };
  }
  const hook = unjudged.hook ?? brokenHook(name, "hookjudge", new HookJudgeError("config", message));
  return decide(hook, event, { kind: "error", code, message, ...emptyStats() });
}

/**
 * The command of a Bash call from an event's text: from its JSON, else found in the broken text,
 * else the whole text (a deny family in it is still worth seeing); none for another tool.
 * @param knownBash the host's event was read as a Bash call already (its own tool name may differ)
 */
export function bashCommandOf(text: string, knownBash = false): string | undefined {
  const tool = sniffHookInput(text).tool_name;
  if (!knownBash && tool !== undefined && tool !== "Bash") return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    const match = /"command"\s*:\s*"((?:[^"\\]|\\.)*)"/.exec(text);
    if (!match) return text;
    try {
      return JSON.parse(`"${match[1]}"`) as string;
    } catch {
      return match[1]!;
    }
  }
  // a host may send the command at the top (Cursor's beforeShellExecution) or as toolArgs (Copilot)
  const record = parsed as { tool_input?: { command?: unknown }; toolArgs?: unknown; command?: unknown } | null;
  let args = record?.toolArgs;
  if (typeof args === "string") {
    try {
      args = JSON.parse(args);
    } catch {
      args = undefined;
    }
  }
  const command = record?.tool_input?.command ?? (args as { command?: unknown } | undefined)?.command ?? (knownBash ? record?.command : undefined);
  return typeof command === "string" ? command : undefined;
}
