import type { HookDefinition } from "./definition.js";
import type { HookInput } from "./input.js";
import { compileMatcher } from "./matcher.js";

/**
 * True when a hook should judge this event: its `events` include the event, its matcher accepts
 * the tool name (tool events; the canonical name or `hostToolName`, the host's own) or agent type
 * (SubagentStop), and its `if` rule, when set, matches the tool call. As in Claude Code, a hook with `if` runs only on tool events.
 */
export function hookApplies(hook: HookDefinition, input: HookInput, hostToolName?: string): boolean {
  const event = input.hook_event_name;
  if (hook.events && !(hook.events as string[]).includes(event)) return false;
  const subject = typeof input.tool_name === "string" ? input.tool_name : event === "SubagentStop" ? input.agent_type : undefined;
  if (hook.matcher !== undefined && subject !== undefined) {
    const matches = compileMatcher(hook.matcher);
    // the canonical name (Bash) or the host's own (run_shell_command), so a host's matchers work too
    if (!matches(subject) && !(hostToolName !== undefined && typeof input.tool_name === "string" && matches(hostToolName))) return false;
  }
  if (hook.if !== undefined) return typeof input.tool_name === "string" && permissionRuleMatches(hook.if, input.tool_name, input.tool_input);
  return true;
}

/**
 * Match a Claude Code permission rule such as `Bash`, `Bash(git *)`, `Bash(npm:*)` or
 * `Edit(src/**)` against a tool call: the tool name must be equal, and the pattern (with `*`
 * wildcards) must match the whole command (Bash) or file path (file tools).
 */
export function permissionRuleMatches(rule: string, toolName: string, toolInput: unknown): boolean {
  const parsed = /^([A-Za-z0-9_.*-]+)(?:\((.*)\))?$/s.exec(rule.trim());
  if (!parsed) return false;
  if (!globToRegExp(parsed[1]!).test(toolName)) return false;
  const pattern = parsed[2];
  if (pattern === undefined || pattern === "" || pattern === "*") return true;
  const record = typeof toolInput === "object" && toolInput !== null ? (toolInput as Record<string, unknown>) : {};
  const subject = [record["command"], record["file_path"], record["path"], record["url"]].find((value) => typeof value === "string");
  if (typeof subject !== "string") return false;
  return globToRegExp(pattern.replace(/:\*$/, "*")).test(subject);
}

function globToRegExp(glob: string): RegExp {
  const source = glob
    .split("*")
    .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, "\\$&"))
    .join(".*");
  return new RegExp(`^${source}$`, "s");
}
