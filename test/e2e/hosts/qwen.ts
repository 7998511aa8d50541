import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { installIntoCache, runProcess, type ProcessRun } from "./shared.js";

/** The Qwen Code version the host end-to-end tests drive: the newest that runs on Node 20. */
export const QWEN_VERSION = "0.15.10";

/** Qwen Code, installed on first use into the e2e cache (`<cache>/qwen-code-0.15.10`); install scripts are not needed. Returns `cli.js`. */
export function ensureQwen(): string {
  const entry = join("node_modules", "@qwen-code", "qwen-code", "cli.js");
  return join(installIntoCache(`qwen-code-${QWEN_VERSION}`, `@qwen-code/qwen-code@${QWEN_VERSION}`, entry), entry);
}

/** One Qwen hook group, Claude-shaped: `{ matcher?, hooks: [{ type: "command", command, timeout? (milliseconds in 0.15.10) }] }`. */
export interface QwenHookGroup {
  matcher?: string;
  hooks: Array<{ type: "command"; command: string; timeout?: number }>;
}

/** The `result` message of `--output-format json`. */
export interface QwenResult {
  subtype?: string;
  result?: string;
  is_error?: boolean;
  num_turns?: number;
  session_id?: string;
  permission_denials?: Array<{ tool_name: string; tool_use_id: string; tool_input: Record<string, unknown> }>;
}

/** What a `qwen -p` run left. */
export interface QwenRun extends ProcessRun {
  /** The messages of `--output-format json` (one JSON array). */
  messages: Array<{ type: string } & Record<string, unknown>>;
  result: QwenResult | null;
}

/**
 * Run `qwen -p <prompt> --yolo --output-format json` in `cwd` against the loopback Chat
 * Completions API at `baseURL` (`OPENAI_BASE_URL`, a dummy `OPENAI_API_KEY`, `OPENAI_MODEL`), with
 * `home` as HOME: its `.qwen/settings.json` is written with OpenAI auth, folder trust off, usage
 * statistics off and `hooks`, and the system settings paths point at files that do not exist, so no
 * settings but these are read. Killed after `timeoutMs`.
 */
export async function runQwen(entry: string, options: { cwd: string; home: string; baseURL: string; prompt: string; hooks: Record<string, QwenHookGroup[]>; timeoutMs?: number }): Promise<QwenRun> {
  const folder = join(options.home, ".qwen");
  mkdirSync(folder, { recursive: true });
  writeFileSync(join(folder, "settings.json"), JSON.stringify({ security: { auth: { selectedType: "openai" }, folderTrust: { enabled: false } }, privacy: { usageStatisticsEnabled: false }, hooks: options.hooks }, null, 2));
  const run = await runProcess(process.execPath, [entry, "-p", options.prompt, "--yolo", "--output-format", "json"], {
    cwd: options.cwd,
    env: {
      PATH: process.env["PATH"] ?? "",
      HOME: options.home,
      OPENAI_BASE_URL: options.baseURL,
      OPENAI_API_KEY: "hookjudge-dummy-key",
      OPENAI_MODEL: "e2e-model",
      // no system-wide settings either (paths that do not exist), and no relaunch into a second process
      QWEN_CODE_SYSTEM_SETTINGS_PATH: join(folder, "no-system-settings.json"),
      QWEN_CODE_SYSTEM_DEFAULTS_PATH: join(folder, "no-system-defaults.json"),
      QWEN_CODE_NO_RELAUNCH: "true",
    },
    timeoutMs: options.timeoutMs ?? 90_000,
  });
  let messages: QwenRun["messages"] = [];
  try {
    messages = JSON.parse(run.stdout.slice(run.stdout.indexOf("["))) as QwenRun["messages"];
  } catch {
    messages = [];
  }
  return { ...run, messages, result: (messages.find((message) => message.type === "result") as QwenResult | undefined) ?? null };
}
