import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { installIntoCache, runProcess, type ProcessRun } from "./shared.js";

/** The Gemini CLI version the host end-to-end tests drive. */
export const GEMINI_VERSION = "0.61.0";

/**
 * Gemini CLI, installed on first use into the e2e cache (`<cache>/gemini-cli-0.61.0`); install
 * scripts are not needed (the CLI is one bundle; node-pty stays unbuilt and unused headless).
 * Returns the bundle's entry.
 */
export function ensureGemini(): string {
  const entry = join("node_modules", "@google", "gemini-cli", "bundle", "gemini.js");
  return join(installIntoCache(`gemini-cli-${GEMINI_VERSION}`, `@google/gemini-cli@${GEMINI_VERSION}`, entry), entry);
}

/** One Gemini hook group: `{ matcher?, sequential?, hooks: [{ type: "command", command, timeout? (milliseconds), name? }] }`. */
export interface GeminiHookGroup {
  matcher?: string;
  sequential?: boolean;
  hooks: Array<{ type: "command"; command: string; timeout?: number; name?: string }>;
}

/** What a `gemini -p` run left. */
export interface GeminiRun extends ProcessRun {
  /** The `--output-format json` result, when stdout held one. */
  result: { session_id?: string; response?: string; error?: unknown; stats?: unknown } | null;
}

/**
 * Run `gemini -p <prompt> --yolo --output-format json` in `cwd` against the loopback Gemini API at
 * `baseURL` (`GOOGLE_GEMINI_BASE_URL`, with a dummy `GEMINI_API_KEY`), with `home` as HOME: its
 * `.gemini/settings.json` is written with API-key auth, folder trust off, usage statistics off and
 * `hooks`, and the system settings paths point at files that do not exist, so no settings but these
 * are read. `--yolo` approves tool calls, so a hook is the only gate. Killed
 * after `timeoutMs`.
 */
export async function runGemini(
  entry: string,
  options: {
    cwd: string;
    home: string;
    baseURL: string;
    prompt: string;
    hooks: Record<string, GeminiHookGroup[]>;
    model?: string;
    timeoutMs?: number;
    /** More variables for the Gemini CLI process (see the hook tests for which of them its hook commands get). */
    env?: Record<string, string>;
  },
): Promise<GeminiRun> {
  const folder = join(options.home, ".gemini");
  mkdirSync(folder, { recursive: true });
  const settings = { security: { auth: { selectedType: "gemini-api-key" }, folderTrust: { enabled: false } }, privacy: { usageStatisticsEnabled: false }, hooks: options.hooks };
  writeFileSync(join(folder, "settings.json"), JSON.stringify(settings, null, 2));
  const run = await runProcess(process.execPath, [entry, "-p", options.prompt, "--yolo", "--output-format", "json", "--model", options.model ?? "gemini-2.5-flash"], {
    cwd: options.cwd,
    env: {
      ...options.env,
      PATH: process.env["PATH"] ?? "",
      HOME: options.home,
      GEMINI_API_KEY: "e2e",
      GOOGLE_GEMINI_BASE_URL: options.baseURL,
      // no system-wide settings either (paths that do not exist), and no relaunch into a second process
      GEMINI_CLI_SYSTEM_SETTINGS_PATH: join(folder, "no-system-settings.json"),
      GEMINI_CLI_SYSTEM_DEFAULTS_PATH: join(folder, "no-system-defaults.json"),
      GEMINI_CLI_NO_RELAUNCH: "true",
    },
    timeoutMs: options.timeoutMs ?? 90_000,
  });
  let result: GeminiRun["result"] = null;
  try {
    result = JSON.parse(run.stdout.slice(run.stdout.indexOf("{"))) as GeminiRun["result"];
  } catch {
    result = null;
  }
  return { ...run, result };
}
