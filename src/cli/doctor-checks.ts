import { accessSync, constants, existsSync, readFileSync } from "node:fs";
import { delimiter, dirname, isAbsolute, join, resolve } from "node:path";
import { isHookJudgeError } from "../errors.js";
import { readSettingsHooks } from "../hook/settings.js";
import { lintCommandHooks, shellWords } from "./lint-commands.js";

/** One line of the doctor's report: `ok` (✓), `fail` (✗: a hook needs it) or `warn` (!), with the fix. */
export interface Check {
  status: "ok" | "fail" | "warn";
  title: string;
  /** What to do, one line each. */
  fix?: string[];
}

type Env = Record<string, string | undefined>;

/** The variables that hold a key or credentials, the way each provider reads them. */
export const KEY_VARIABLES = ["HOOKJUDGE_ANTHROPIC_API_KEY", "ANTHROPIC_API_KEY", "ANTHROPIC_AUTH_TOKEN", "HOOKJUDGE_OPENAI_API_KEY", "OPENAI_API_KEY", "AWS_BEARER_TOKEN_BEDROCK", "AWS_PROFILE", "GOOGLE_APPLICATION_CREDENTIALS"] as const;

/** Every way to give hookjudge a model, for a doctor that found none. */
export const MODEL_WAYS = [
  "export HOOKJUDGE_ANTHROPIC_API_KEY=sk-ant-…   (Anthropic, read by hookjudge only; model claude-haiku-4-5 unless HOOKJUDGE_MODEL says)",
  "export HOOKJUDGE_OPENAI_API_KEY=… HOOKJUDGE_MODEL=openai:gpt-4o-mini   (OpenAI, or any compatible server with OPENAI_BASE_URL)",
  "export HOOKJUDGE_MODEL=ollama:qwen3:4b   (a local Ollama, no key)",
  "export HOOKJUDGE_MODEL=bedrock:us.anthropic.claude-haiku-4-5-20251001-v1:0   (AWS credentials; npm install @anthropic-ai/bedrock-sdk)",
  "export HOOKJUDGE_MODEL=vertex:claude-haiku-4-5@20251001   (Google credentials; npm install @anthropic-ai/vertex-sdk)",
  "export HOOKJUDGE_MODEL=claude-code:claude-haiku-4-5   (your Claude Code login, through the claude CLI)",
];

/** The key variables that are set (names only) and the billing trap of `ANTHROPIC_API_KEY` alone. */
export function checkKeys(env: Env): Check[] {
  const set = KEY_VARIABLES.filter((name) => (env[name] ?? "").trim() !== "");
  const checks: Check[] = [{ status: set.length > 0 ? "ok" : "warn", title: set.length > 0 ? `key variables set: ${set.join(", ")}` : "no key variable set", ...(set.length > 0 ? {} : { fix: ["a provider without a key (ollama:, claude-code:) needs none; else see the model check"] }) }];
  if (set.includes("ANTHROPIC_API_KEY") && !set.includes("HOOKJUDGE_ANTHROPIC_API_KEY")) {
    checks.push({
      status: "warn",
      title: "ANTHROPIC_API_KEY is set: Claude Code itself bills that key instead of your subscription when it sees it",
      fix: ["export HOOKJUDGE_ANTHROPIC_API_KEY=<the key> instead (hookjudge reads it first, Claude Code never does), and unset ANTHROPIC_API_KEY"],
    });
  }
  return checks;
}

/** The settings files that apply to `project`: the project's, the local one and the user's. */
export function settingsFiles(project: string, env: Env): string[] {
  const user = join(env["CLAUDE_CONFIG_DIR"] || join(env["HOME"] ?? "", ".claude"), "settings.json");
  return [join(project, ".claude", "settings.json"), join(project, ".claude", "settings.local.json"), user].filter((file, index, all) => existsSync(file) && all.indexOf(file) === index);
}

/** What the settings files hold: checks, and the HTTP hooks' servers (for the serve check). */
export interface SettingsReport {
  checks: Check[];
  hookjudgeHooks: number;
  servers: string[];
}

/**
 * Every hookjudge hook in `files`: lint's command-hook checks (built-ins, flags, hook files,
 * events, timeouts above the hooks' own), the program it starts exists, `npx` never fetches, and
 * the prompt/agent entries load.
 */
export function checkSettings(files: string[], project: string, env: Env): SettingsReport {
  const checks: Check[] = [];
  const servers = new Set<string>();
  let hookjudgeHooks = 0;
  for (const file of files) {
    let settings: { hooks?: Record<string, Array<{ hooks?: Array<Record<string, unknown>> }>> };
    try {
      settings = JSON.parse(readFileSync(file, "utf8")) as typeof settings;
      const entries = readSettingsHooks(file, project);
      const lint = lintCommandHooks(file, project);
      hookjudgeHooks += lint.checked;
      const problems = [...entries.flatMap((entry) => entry.problems), ...lint.problems];
      const own = problems.filter((problem) => problem.file === file);
      const hookFiles = problems.filter((problem) => problem.file !== file);
      checks.push(own.length === 0 ? { status: "ok", title: `${file}: ${lint.checked} hookjudge command hook${lint.checked === 1 ? "" : "s"} lint clean` } : { status: "fail", title: `${file}: ${own.length} problem${own.length === 1 ? "" : "s"} (hookjudge lint ${file})`, fix: own.map((problem) => `line ${problem.line}: ${problem.message}`) });
      if (hookFiles.length > 0) checks.push({ status: "fail", title: `hook files that ${file} runs have ${hookFiles.length} problem${hookFiles.length === 1 ? "" : "s"}`, fix: hookFiles.map((problem) => `${problem.file}:${problem.line}: ${problem.message}`) });
    } catch (error) {
      checks.push({ status: "fail", title: `${file} cannot be read: ${isHookJudgeError(error) || error instanceof SyntaxError ? (error as Error).message : String(error)}`, fix: ["fix the file (it must be one JSON object), then run hookjudge doctor again"] });
      continue;
    }
    for (const groups of Object.values(settings.hooks ?? {})) {
      for (const group of Array.isArray(groups) ? groups : []) {
        for (const entry of Array.isArray(group.hooks) ? group.hooks : []) {
          if (entry["type"] === "http" && typeof entry["url"] === "string" && /\/(review-command|loop\/stop-hook|hooks\/[^/]+)$/.test(entry["url"])) {
            hookjudgeHooks++;
            servers.add(new URL(entry["url"]).origin);
          }
          if (entry["type"] === "command" && typeof entry["command"] === "string") {
            const problem = programProblem(entry["command"], project, env);
            if (problem) checks.push({ status: "fail", title: `${file}: ${problem.title}`, fix: [problem.fix] });
          }
        }
      }
    }
  }
  return { checks, hookjudgeHooks, servers: [...servers] };
}

/** Why the program of a hookjudge command hook would not start (or would fetch from the registry), if it would not. */
function programProblem(command: string, project: string, env: Env): { title: string; fix: string } | undefined {
  const words = shellWords(command);
  const at = words.findIndex((word, index) => /(^|\/)hookjudge$/.test(word) || (/(^|\/)(dist\/)?cli\.js$/.test(word) && /(^|\/)node$/.test(words[index - 1] ?? "")));
  if (at === -1) return undefined;
  const program = words[at]!;
  if (program.endsWith("cli.js")) {
    // the plugin's own path is filled in by Claude Code
    if (program.includes("${CLAUDE_PLUGIN_ROOT}") || program.includes("$CLAUDE_PLUGIN_ROOT")) return undefined;
    const path = resolve(project, program.replace(/^\$\{?CLAUDE_PROJECT_DIR\}?/, project));
    return existsSync(path) ? undefined : { title: `${program} does not exist, so "${command.slice(0, 60)}" cannot start`, fix: "run hookjudge init again from the hookjudge you mean to use (it writes its own path), or npm install hookjudge" };
  }
  const npx = words.slice(0, at).some((word) => /(^|\/)npx$/.test(word));
  if (npx && !words.slice(0, at).some((word) => word === "--no-install" || word === "--no")) {
    return { title: `"${command.slice(0, 60)}" uses npx without --no-install: where hookjudge is not installed, every event fetches from the registry`, fix: "write npx --no-install hookjudge …, or run hookjudge init (it writes the installed bin's path)" };
  }
  if (program.includes("/")) return existsSync(resolve(project, program)) ? undefined : { title: `${program} does not exist`, fix: "run hookjudge init to write the installed bin's path" };
  if (npx) {
    for (let folder = project; ; folder = dirname(folder)) {
      if (existsSync(join(folder, "node_modules", ".bin", "hookjudge"))) return undefined;
      if (dirname(folder) === folder) break;
    }
    return onPath("hookjudge", env) ? undefined : { title: `npx --no-install hookjudge finds no hookjudge installed in ${project} or above`, fix: "npm install --save-dev hookjudge in the project" };
  }
  return onPath("hookjudge", env) ? undefined : { title: `hookjudge is not on PATH, so "${command.slice(0, 60)}" cannot start`, fix: "npm install -g hookjudge, or run hookjudge init (it writes the installed bin's path)" };
}

function onPath(name: string, env: Env): boolean {
  return (env["PATH"] ?? "").split(delimiter).some((folder) => {
    if (folder === "" || !isAbsolute(folder)) return false;
    try {
      accessSync(join(folder, name), constants.X_OK);
      return true;
    } catch {
      return false;
    }
  });
}

/** Whether a `hookjudge serve` answers `GET /healthz` at `origin`. */
export async function checkServer(origin: string): Promise<Check> {
  try {
    const response = await fetch(`${origin}/healthz`, { signal: AbortSignal.timeout(3000) });
    if (response.ok) return { status: "ok", title: `hookjudge serve answers at ${origin}` };
    return { status: "fail", title: `${origin}/healthz answered HTTP ${response.status}`, fix: [`is the hookjudge serve at ${origin} the one the settings mean? (hookjudge init --serve prints a service file)`] };
  } catch (error) {
    return { status: "fail", title: `the settings send hooks to ${origin}, and nothing answers there (${(error as Error).message})`, fix: [`start it: hookjudge serve --port ${new URL(origin).port || 80} (hookjudge init --serve prints a user service that keeps it running)`] };
  }
}
