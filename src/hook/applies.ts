import type { HookDefinition } from "./definition.js";
import type { HookInput } from "./input.js";
import { compileMatcher } from "./matcher.js";

/**
 * True when a hook should judge this event: its `events` include the event, its matcher accepts
 * the tool name (tool events; the canonical name or the host's own) or agent type (SubagentStop), and its `if` rule, when set, matches
 * the tool call. As in Claude Code, a hook with `if` runs only on tool events.
 */
export function hookApplies(hook: HookDefinition, input: HookInput): boolean {
  const event = input.hook_event_name;
  if (hook.events && !(hook.events as string[]).includes(event)) return false;
  const subject = typeof input.tool_name === "string" ? input.tool_name : event === "SubagentStop" ? input.agent_type : undefined;
  // a host's own tool name (run_shell_command) matches as well as the canonical one (Bash)
  const hostName = typeof input.tool_name === "string" ? input.host_tool_name : undefined;
  if (hook.matcher !== undefined && subject !== undefined) {
    const matches = compileMatcher(hook.matcher);
    if (!matches(subject) && !(hostName !== undefined && matches(hostName))) return false;
  }
  if (hook.if !== undefined) {
    if (typeof input.tool_name !== "string") return false;
    return permissionRuleMatches(hook.if, input.tool_name, input.tool_input) || (hostName !== undefined && permissionRuleMatches(hook.if, hostName, input.tool_input));
  }
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
