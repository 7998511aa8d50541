import { execFileSync, spawn } from "node:child_process";
import { existsSync, mkdirSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";

/** The Claude Code version the end-to-end tests drive. */
export const CLAUDE_CODE_VERSION = "2.1.330";

/**
 * The Claude Code binary, installed on first use into a cache folder outside the package's
 * dependencies (`$HOOKJUDGE_E2E_CACHE`, else `~/.cache/hookjudge-e2e`): hookjudge's users never
 * download it. Install scripts are skipped; the native binary comes in its platform package.
 */
export function ensureClaude(): string {
  const folder = join(process.env["HOOKJUDGE_E2E_CACHE"] ?? join(homedir(), ".cache", "hookjudge-e2e"), `claude-code-${CLAUDE_CODE_VERSION}`);
  const binary = join(folder, "node_modules", "@anthropic-ai", `claude-code-${process.platform}-${process.arch}`, "claude");
  if (existsSync(binary)) return binary;
  mkdirSync(folder, { recursive: true });
  try {
    execFileSync("npm", ["install", "--prefix", folder, "--no-save", "--ignore-scripts", "--no-audit", "--no-fund", `@anthropic-ai/claude-code@${CLAUDE_CODE_VERSION}`], {
      stdio: ["ignore", "ignore", "pipe"],
      timeout: 300_000,
    });
  } catch (error) {
    throw new Error(`the end-to-end tests need Claude Code ${CLAUDE_CODE_VERSION} from the npm registry, and installing it into ${folder} failed: ${(error as Error).message}`);
  }
  if (!existsSync(binary)) throw new Error(`Claude Code installed, but its binary is missing at ${binary} (is ${process.platform}-${process.arch} supported?)`);
  return binary;
}

/** What a `claude` management command (`plugin validate`, `plugin install`, …) left. */
export interface ClaudeCommand {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Run `claude <args>` (no model involved: `plugin validate`, `plugin marketplace add`, …) with
 * `configDir` as both HOME and the config folder, so nothing reads or writes the user's own.
 */
export function runClaudeCommand(binary: string, args: string[], options: { cwd: string; configDir: string }): Promise<ClaudeCommand> {
  return new Promise((resolve, reject) => {
    const child = spawn(binary, args, {
      cwd: options.cwd,
      env: {
        PATH: process.env["PATH"] ?? "",
        HOME: options.configDir,
        CLAUDE_CONFIG_DIR: options.configDir,
        DISABLE_TELEMETRY: "1",
        DISABLE_AUTOUPDATER: "1",
        CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: "1",
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
    const timer = setTimeout(() => child.kill("SIGKILL"), 60_000);
    child.on("error", reject);
    child.on("close", (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

/** What a `claude -p` run left. */
export interface ClaudeRun {
  code: number | null;
  stdout: string;
  stderr: string;
  /** The `--output-format json` result, when stdout held one. */
  result: { subtype?: string; result?: string; is_error?: boolean; num_turns?: number; session_id?: string; permission_denials?: unknown[] } | null;
}

/**
 * Run `claude -p <prompt> --output-format json` in `cwd` against the loopback model at `baseURL`;
 * with `sessionId`, the session gets that id (`--session-id`, a UUID); `env` adds variables to the
 * CLI's environment (e.g. a token that an HTTP hook's `headers` name through `allowedEnvVars`).
 */
export function runClaude(
  binary: string,
  options: { cwd: string; configDir: string; baseURL: string; prompt: string; allowedTools?: string[]; sessionId?: string; env?: Record<string, string> },
): Promise<ClaudeRun> {
  return new Promise((resolve, reject) => {
    const args = [
      "-p",
      options.prompt,
      "--output-format",
      "json",
      ...(options.allowedTools ? ["--allowedTools", options.allowedTools.join(",")] : []),
      ...(options.sessionId ? ["--session-id", options.sessionId] : []),
    ];
    const child = spawn(binary, args, {
      cwd: options.cwd,
      env: {
        PATH: process.env["PATH"] ?? "",
        HOME: options.configDir,
        ANTHROPIC_BASE_URL: options.baseURL,
        ANTHROPIC_API_KEY: "e2e",
        CLAUDE_CONFIG_DIR: options.configDir,
        DISABLE_TELEMETRY: "1",
        DISABLE_AUTOUPDATER: "1",
        CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: "1",
        ...options.env,
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
    const timer = setTimeout(() => child.kill("SIGKILL"), 90_000);
    child.on("error", reject);
    child.on("close", (code) => {
      clearTimeout(timer);
      let result: ClaudeRun["result"] = null;
      try {
        result = JSON.parse(stdout.trim().split("\n").at(-1) ?? "");
      } catch {
        result = null;
      }
      resolve({ code, stdout, stderr, result });
    });
  });
}
