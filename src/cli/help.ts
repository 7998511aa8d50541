/**
 * One command's part of the usage text (`run`, `loop start`, …), and, when given, every flag the
 * command declares, so the two cannot drift apart unnoticed.
 */
export function commandHelp(command: string, options?: Record<string, { type: "string" | "boolean"; multiple?: boolean }>): string {
  const lines = HELP.split("\n");
  const words = command.split(" ");
  // the section of the command, or of its parent (`loop` for `loop status`)
  let head = "";
  for (let length = words.length; length > 0 && head === ""; length--) {
    const candidate = `  hookjudge ${words.slice(0, length).join(" ")}`;
    if (lines.some((line) => sectionOf(line, candidate))) head = candidate;
  }
  const sections: string[] = [];
  if (head !== "") {
    // every section under that head (`loop` has several)
    for (let at = 0; at < lines.length; at++) {
      if (!sectionOf(lines[at]!, head)) continue;
      let end = at + 1;
      while (end < lines.length && !lines[end]!.startsWith("  hookjudge ") && lines[end]!.startsWith("  ")) end++;
      sections.push(...lines.slice(at, end));
      at = end - 1;
    }
  }
  if (sections.length === 0) sections.push(`  hookjudge ${command}`);
  const flags = Object.entries(options ?? {}).map(([name, spec]) => `--${name}${spec.type === "string" ? " VALUE" : ""}${spec.multiple ? " (repeatable)" : ""}`);
  return `Usage:\n${sections.join("\n")}\n${flags.length > 0 ? `\nFlags: ${flags.join(", ")}\n` : ""}\nRun 'hookjudge help' for every command.\n`;
}

/** Whether `line` opens the usage of `head` (`  hookjudge loop` opens `loop start`, not `loops`). */
function sectionOf(line: string, head: string): boolean {
  return line.startsWith(head) && (line.length === head.length || line[head.length] === " ");
}

/** The CLI's usage text. */
export const HELP = `hookjudge — LLM-judged hooks for coding agents

Usage:
  hookjudge init [--yes | --only stop,gate,guard,loop] [--local] [--npx] [--commands]
                 [--serve [--url http://127.0.0.1:8787] [--token-env NAME]] [--runtime HOST]
      Add the built-ins to .claude/settings.json (--local: settings.local.json), keeping
      everything there and a backup beside it: a Stop check (stop), the Bash gate (gate),
      the file guard (guard), the loop's Stop hook (loop). Asks on a terminal; --yes adds
      all four. The hooks run this install's CLI by path (--npx: npx --no-install hookjudge);
      --serve writes HTTP hooks for hookjudge serve and prints a user service file;
      --commands adds /loop and /cancel-loop to .claude/commands/. --runtime codex,
      gemini-cli or qwen-code with --serve: that host's curl hooks in its project file.
  hookjudge doctor [--offline] [--model ID] [--settings FILE]…
      Check the set-up: a model answers (one tiny call; --offline skips it), the key
      variables, the hooks in the settings, the state folder, a serve the hooks call.
      Exit 1 when something a hook needs is missing.
  hookjudge run <hook>… [--settings FILE] [--model ID] [--timeout SEC]
                        [--on-error allow|block|ask] [--votes N] [--dry-run] [--output claude|json]
                        [--runtime HOST]
      Read a hook event (JSON) on stdin, judge it with every hook that applies,
      and answer in the host's hook protocol on stdout (--runtime names the host:
      claude-code, codex, gemini-cli, qwen-code, copilot, cursor, pydantic-deep;
      detected from the event when absent, Claude Code by default).
  hookjudge lint <hook|settings.json>…
      Check hooks without calling a model. Exit 0 when clean, 1 on problems.
      (Editors can check front matter as you type with the schema from 'hookjudge schema'.)
  hookjudge schema
      Print the JSON Schema of a hook file's front matter (for editors and CI).
  hookjudge log [--limit N] [--json] [--hook NAME] [--event EVENT] [--decision pass|allow|block|ask]
                [--since 2026-01-31T12:00Z|10m|2h|1d]
      Show recent decisions from the audit log (the last N that match the filters).
  hookjudge loop start "<task>" | --task-stdin [--max-iterations N] [--completion-promise TEXT]
                     [--verify HOOK] [--max-minutes M] [--max-judge-tokens N] [--session-id ID]
                     [--store redis://HOST:PORT]
      Arm a persistent loop: the agent is fed the task again at every stop until it
      ends its final message with <promise>TEXT</promise> (confirmed by HOOK when
      given) or a budget runs out (20 iterations unless --max-iterations says).
  hookjudge loop stop-hook [--runtime HOST] [--store redis://HOST:PORT]
      The Stop hook command of loops (event on stdin).
  hookjudge loop status [--json] | cancel [<id>…] [--all] [--session-id ID]
      cancel stops this session's loop (CLAUDE_CODE_SESSION_ID or --session-id) and
      no other; with no session known, the only loop; else name the ids, or --all.
      (each loop command takes --store to use the state a team of servers shares)
  hookjudge review-command [--explain "<command>"] [--rules FILE] [--hook HOOK] [--model ID]
                           [--pass-decision none|allow] [--no-cache] [--timeout SEC]
                           [--output claude|json] [--runtime HOST]
      The PreToolUse hook for Bash: rules decide clear cases without a model,
      the ambiguous middle goes to the bash-review hook (verdicts cached a week).
  hookjudge guard-files [--explain PATH]
      The PreToolUse hook for Write|Edit|MultiEdit|NotebookEdit, no model: denies
      writes to .git, .hookjudge, .claude settings and hookjudge's state (docs/file-guard.md).
  hookjudge eval <hook> [<hook>] --cases FILE | --replay AUDIT [--repeat N] [--votes N] [--model ID]…
                 [--concurrency N] [--min-accuracy X] [--max-flip-rate Y] [--max-errors N]
                 [--json] [--no-cache] [--batch [--poll-interval SEC] [--batch-wait SEC]]
      Judge labelled cases N times each: accuracy, flip rate (and one judgment's), errors,
      calls, latency, cost per case, the escalation rung that decided;
      two hooks (or two --model) are compared; exit 1 below the thresholds.
      --batch sends every request as one Anthropic Message Batch (half price, up to
      24 hours; polled every 30 s); an interrupted run resumes it when started again.
  hookjudge serve [--host 127.0.0.1] [--port 8787] [--hooks DIR] [--settings FILE]
                  [--token-env NAME] [--hmac-secret-env NAME] [--concurrency N] [--queue N]
                  [--max-body BYTES] [--store redis://HOST:PORT] [--print-settings [--runtime HOST]]
      Answer Claude Code's "type": "http" hooks from one process: POST /hooks/<name>,
      /review-command, /loop/stop-hook; GET /healthz, /metrics. Another host's
      events go to /<host>/… (or carry X-Hookjudge-Runtime: <host>). --print-settings
      prints the snippet for the configured hooks (--runtime: that host's file).
      --store shares block counters, loops and the verdict cache between servers
      (loop start|status|cancel take --store too).
  hookjudge help | --help        This text.
  hookjudge --version            The version.

<hook> is a path to a Markdown hook file or the name of a built-in:
  stop-complete, subagent-complete, edit-review, stop-verify (an agent)

Environment:
  ANTHROPIC_API_KEY      API key (not needed with --dry-run)
  ANTHROPIC_BASE_URL     API base URL (proxies, gateways, test servers)
  HOOKJUDGE_MODEL        model when neither --model nor the hook names one
  HOOKJUDGE_HOME         state root (default: $XDG_STATE_HOME/hookjudge or ~/.local/state/hookjudge)

Exit codes (run): 0 answered (the decision is in stdout JSON); 2 a block on
TaskCompleted, TaskCreated, TeammateIdle or PostToolUseFailure (reason on stderr);
1 a usage error, or an input whose event cannot be told.
`;
