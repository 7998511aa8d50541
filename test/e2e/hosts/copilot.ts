import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { installIntoCache, runProcess, type ProcessRun } from "./shared.js";

/** The Copilot CLI version the host end-to-end tests drive. */
export const COPILOT_VERSION = "1.0.102";

/**
 * Copilot CLI, installed on first use into the e2e cache (`<cache>/copilot-1.0.102`); install
 * scripts are not needed: `npm-loader.js` runs the native build from `@github/copilot-<os>-<arch>`.
 * Returns the loader's path.
 */
export function ensureCopilot(): string {
  const loader = join("node_modules", "@github", "copilot", "npm-loader.js");
  const prefix = installIntoCache(`copilot-${COPILOT_VERSION}`, `@github/copilot@${COPILOT_VERSION}`, join("node_modules", "@github", `copilot-${process.platform}-${process.arch}`, "package.json"));
  return join(prefix, loader);
}

/** One Copilot hook entry: `{ type: "command", bash, timeoutSec? }` (seconds). */
export interface CopilotHook {
  type: "command";
  bash: string;
  timeoutSec?: number;
}

/** One line of `copilot -p … --output-format json`. */
export interface CopilotEvent {
  type: string;
  data?: { content?: string } & Record<string, unknown>;
  exitCode?: number;
}

/** What a `copilot -p` run left. */
export interface CopilotRun extends ProcessRun {
  events: CopilotEvent[];
  /** The last `assistant.message` content, when there was one. */
  result: string | null;
}

/**
 * Run `copilot -p <prompt> --allow-all --output-format json` in `cwd` against the loopback Chat
 * Completions API at `baseURL` (BYOK: `COPILOT_PROVIDER_BASE_URL`, a dummy key, `COPILOT_OFFLINE`),
 * with `home` as HOME and COPILOT_HOME `<home>/.copilot`; `hooks` are written to
 * `<home>/.copilot/hooks/hookjudge-e2e.json` as `{ version: 1, hooks }`. Event names pick the
 * payload dialect: camelCase (`preToolUse`) or PascalCase (`PreToolUse`, snake_case fields).
 * Killed after `timeoutMs`.
 */
export async function runCopilot(launcher: string, options: { cwd: string; home: string; baseURL: string; prompt: string; hooks: Record<string, CopilotHook[]>; timeoutMs?: number }): Promise<CopilotRun> {
  const copilotHome = join(options.home, ".copilot");
  mkdirSync(join(copilotHome, "hooks"), { recursive: true });
  writeFileSync(join(copilotHome, "hooks", "hookjudge-e2e.json"), JSON.stringify({ version: 1, hooks: options.hooks }, null, 2));
  const run = await runProcess(process.execPath, [launcher, "-p", options.prompt, "--allow-all", "--output-format", "json", "--no-auto-update"], {
    cwd: options.cwd,
    env: {
      PATH: process.env["PATH"] ?? "",
      HOME: options.home,
      COPILOT_HOME: copilotHome,
      COPILOT_OFFLINE: "true",
      COPILOT_PROVIDER_BASE_URL: options.baseURL,
      // long and unlike any word: the CLI masks the key's value wherever it appears in its output
      COPILOT_PROVIDER_API_KEY: "hookjudge-dummy-provider-key",
      COPILOT_MODEL: "e2e-model",
    },
    timeoutMs: options.timeoutMs ?? 90_000,
  });
  const events = run.stdout.split("\n").flatMap((line) => {
    try {
      return line.trim() ? [JSON.parse(line) as CopilotEvent] : [];
    } catch {
      return [];
    }
  });
  const messages = events.filter((event) => event.type === "assistant.message" && typeof event.data?.content === "string" && event.data.content !== "");
  return { ...run, events, result: messages.at(-1)?.data?.content ?? null };
}
