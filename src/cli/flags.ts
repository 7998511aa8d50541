/**
 * Every command's flags, declared once: the commands parse with them, `--help` lists them, and
 * `lint` checks hookjudge's own command hooks in a settings file against them. Kept apart from the
 * commands so that reading them loads nothing else.
 */
const text = { type: "string" } as const;
const flag = { type: "boolean" } as const;

export const FLAGS = {
  run: { settings: { type: "string", multiple: true }, model: text, timeout: text, "on-error": text, votes: text, "dry-run": flag, output: text, runtime: text },
  lint: {},
  schema: {},
  log: { limit: text, json: flag, hook: text, event: text, decision: text, since: text },
  "loop start": { "task-stdin": flag, "max-iterations": text, "completion-promise": text, verify: text, "max-minutes": text, "max-judge-tokens": text, "session-id": text, store: text },
  "loop status": { json: flag, store: text },
  "loop cancel": { all: flag, "session-id": text, store: text },
  "loop stop-hook": { store: text, runtime: text },
  "review-command": { explain: text, rules: text, hook: text, model: text, timeout: text, "pass-decision": text, "no-cache": flag, output: text, runtime: text },
  eval: { cases: text, replay: text, repeat: text, votes: text, model: { type: "string", multiple: true }, concurrency: text, "min-accuracy": text, "max-flip-rate": text, "max-errors": text, json: flag, "no-cache": flag, batch: flag, "poll-interval": text, "batch-wait": text },
  serve: { host: text, port: text, hooks: text, settings: text, "token-env": text, "hmac-secret-env": text, concurrency: text, queue: text, "max-body": text, "print-settings": flag, store: text, runtime: text },
  "guard-files": { explain: text },
  init: { runtime: text, yes: flag, local: flag, only: text, npx: flag, serve: flag, url: text, "token-env": text, commands: flag },
  doctor: { offline: flag, model: text, settings: { type: "string", multiple: true } },
} as const;

/** A command that takes flags, as `FLAGS` names it (`loop start`, `review-command`, …). */
export type CommandName = keyof typeof FLAGS;
