/**
 * The fields a host's event carries (Claude Code's names, which every runtime maps to), and the
 * fields of the tools' inputs: a dotted path whose name is one letter or two away from one of these
 * is a typo that would render as `(none)`, so it is reported at load time. A name far from every
 * known field is left alone: hosts and new events add fields of their own.
 */
const EVENT_FIELDS = [
  "hook_event_name", "session_id", "transcript_path", "cwd", "permission_mode", "agent_id", "agent_type", "agent_transcript_path",
  "tool_name", "tool_input", "tool_response", "tool_use_id", "error", "is_interrupt", "prompt", "prompt_id", "stop_hook_active",
  "last_assistant_message", "message", "title", "notification_type", "source", "reason", "trigger", "custom_instructions", "model",
  "effort", "task_id", "task_subject", "task_description", "teammate_name", "team_name", "permission_suggestions", "file_path",
];
const TOOL_INPUT_FIELDS = [
  "command", "description", "timeout", "run_in_background", "file_path", "content", "old_string", "new_string", "replace_all", "edits",
  "pattern", "path", "glob", "output_mode", "head_limit", "multiline", "url", "prompt", "query", "notebook_path", "new_source", "cell_id",
  "subagent_type", "todos", "plan", "limit", "offset",
];

/** A problem with a dotted input path (`tool_inptu.command` → did you mean `tool_input`?), or `undefined`. */
export function inputPathProblem(path: string): string | undefined {
  const [first, second] = path.split(".");
  const field = nearMiss(first!, EVENT_FIELDS);
  if (field) return `\${${path}}: the event has no field ${first}; did you mean \${${[field, ...path.split(".").slice(1)].join(".")}}?`;
  if (first === "tool_input" && second !== undefined) {
    const key = nearMiss(second, TOOL_INPUT_FIELDS);
    if (key) return `\${${path}}: no tool takes an input field ${second}; did you mean \${tool_input.${key}}?`;
  }
  return undefined;
}

/** The known name `name` is a typo of (one or two edits away), unless it is known itself. */
function nearMiss(name: string, known: readonly string[]): string | undefined {
  if (known.includes(name) || name.length < 4) return undefined;
  return known.find((candidate) => Math.abs(candidate.length - name.length) <= 2 && distance(name, candidate) <= 2);
}

/** Edit distance (insertions, deletions, substitutions, and swaps of two neighbours). */
function distance(a: string, b: string): number {
  const rows = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      rows[i]![j] = Math.min(rows[i - 1]![j]! + 1, rows[i]![j - 1]! + 1, rows[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) rows[i]![j] = Math.min(rows[i]![j]!, rows[i - 2]![j - 2]! + 1);
    }
  }
  return rows[a.length]![b.length]!;
}
