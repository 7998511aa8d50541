import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { installIntoCache, runProcess, type ProcessRun } from "./shared.js";

/** The Codex CLI version the host end-to-end tests drive. */
export const CODEX_VERSION = "0.171.0";

/**
 * Codex CLI, installed on first use into the e2e cache (`<cache>/codex-0.171.0`); install scripts
 * are not needed: the native binary comes in the platform package `@openai/codex-<os>-<arch>`,
 * which the `codex.js` launcher finds. Returns the launcher's path.
 */
export function ensureCodex(): string {
  const launcher = join("node_modules", "@openai", "codex", "bin", "codex.js");
  const prefix = installIntoCache(`codex-${CODEX_VERSION}`, `@openai/codex@${CODEX_VERSION}`, join("node_modules", "@openai", `codex-${process.platform}-${process.arch}`, "package.json"));
  return join(prefix, launcher);
}

/** One Codex hook group, Claude-shaped: `{ matcher?, hooks: [{ type: "command", command, timeout? (seconds) }] }`. */
export interface CodexHookGroup {
  matcher?: string;
  hooks: Array<{ type: "command"; command: string; timeout?: number; statusMessage?: string }>;
}

/** One line of `codex exec --json`. */
export interface CodexEvent {
  type: string;
  thread_id?: string;
  item?: { id?: string; type?: string; text?: string; message?: string; command?: string; exit_code?: number | null; status?: string };
}

/** What a `codex exec` run left. */
export interface CodexRun extends ProcessRun {
  /** The parsed `--json` event lines. */
  events: CodexEvent[];
  /** The last `agent_message` text, when there was one. */
  result: string | null;
}

/**
 * Run `codex exec --json <prompt>` in `cwd` against the loopback Responses API at `baseURL` (ending
 * in `/v1`), with `home` as HOME and CODEX_HOME `<home>/.codex` (its `hooks.json` is written from
 * `hooks`), so the user's own config is never read. The provider is set with `-c` flags and a dummy
 * key variable; hooks run without the trust review (`--dangerously-bypass-hook-trust`); the sandbox
 * is off (`danger-full-access`) so commands really run. Killed after `timeoutMs`.
 */
export async function runCodex(
  launcher: string,
  options: {
    cwd: string;
    home: string;
    baseURL: string;
    prompt: string;
    hooks: Record<string, CodexHookGroup[]>;
    timeoutMs?: number;
    /** More variables for the Codex process (its hook commands inherit them). */
    env?: Record<string, string>;
  },
): Promise<CodexRun> {
  const codexHome = join(options.home, ".codex");
  mkdirSync(codexHome, { recursive: true });
  writeFileSync(join(codexHome, "hooks.json"), JSON.stringify({ hooks: options.hooks }, null, 2));
  const args = [
    launcher,
    "exec",
    "--json",
    "--skip-git-repo-check",
    "--dangerously-bypass-hook-trust",
    "--sandbox",
    "danger-full-access",
    "--model",
    "e2e-model",
    "-c",
    'model_provider="e2e"',
    "-c",
    'model_providers.e2e.name="e2e"',
    "-c",
    `model_providers.e2e.base_url="${options.baseURL}"`,
    "-c",
    'model_providers.e2e.wire_api="responses"',
    "-c",
    'model_providers.e2e.env_key="HOOKJUDGE_E2E_KEY"',
    options.prompt,
  ];
  const run = await runProcess(process.execPath, args, {
    cwd: options.cwd,
    env: { ...options.env, PATH: process.env["PATH"] ?? "", HOME: options.home, CODEX_HOME: codexHome, HOOKJUDGE_E2E_KEY: "e2e" },
    timeoutMs: options.timeoutMs ?? 90_000,
  });
  const events = run.stdout.split("\n").flatMap((line) => {
    try {
      return line.trim() ? [JSON.parse(line) as CodexEvent] : [];
    } catch {
      return [];
    }
  });
  const messages = events.filter((event) => event.type === "item.completed" && event.item?.type === "agent_message");
  return { ...run, events, result: messages.at(-1)?.item?.text ?? null };
}
