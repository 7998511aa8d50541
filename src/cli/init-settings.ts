import { readFileSync } from "node:fs";
import { join } from "node:path";
import { shellQuote } from "../runtimes/_snippet.js";
import { shellWords } from "./lint-commands.js";

/** How the plugin's files name the CLI; `init` writes its own prefix in its place. */
export const PLUGIN_CLI = 'node "${CLAUDE_PLUGIN_ROOT}/dist/cli.js"';

/** A built-in `init` can add, as the plugin's `hooks/hooks.json` runs it. */
export interface BuiltinChoice {
  /** The name `--only` takes. */
  key: "stop" | "gate" | "guard" | "loop";
  /** What it is, for the question and the report. */
  label: string;
  event: string;
  matcher?: string;
  /** The hookjudge arguments (`review-command`, `run stop-complete`, …). */
  args: string;
  /** What follows the arguments in the plugin's command (the gate's `|| printf …` fallback). */
  tail: string;
  /** The entry's timeout in seconds, above the hook's own. */
  timeout: number;
  /** The `hookjudge serve` route, when the built-in has one. */
  route?: { path: string; timeout: number };
}

const LABELS: Record<BuiltinChoice["key"], { args: string; label: string; route?: { path: string; timeout: number } }> = {
  stop: { args: "run stop-complete", label: "a Stop check (run stop-complete): a model judges whether the agent really finished", route: { path: "/hooks/stop-complete", timeout: 35 } },
  gate: { args: "review-command", label: "the Bash gate (review-command): rules decide clear commands, a model the ambiguous ones", route: { path: "/review-command", timeout: 35 } },
  guard: { args: "guard-files", label: "the file guard (guard-files): no writes to .git, .claude settings or hookjudge's state; no model" },
  loop: { args: "loop stop-hook", label: "the loop's Stop hook (loop stop-hook): does nothing until a loop is started", route: { path: "/loop/stop-hook", timeout: 185 } },
};

/** The four built-ins, in the order they are offered, read from the plugin's `hooks/hooks.json`. */
export function builtinChoices(packageRoot: string): BuiltinChoice[] {
  const plugin = JSON.parse(readFileSync(join(packageRoot, "hooks", "hooks.json"), "utf8")) as { hooks: Record<string, Array<{ matcher?: string; hooks: Array<{ command: string; timeout: number }> }>> };
  const choices: BuiltinChoice[] = [];
  for (const key of ["stop", "gate", "guard", "loop"] as const) {
    const { args, label, route } = LABELS[key];
    for (const [event, groups] of Object.entries(plugin.hooks)) {
      for (const group of groups) {
        for (const entry of group.hooks) {
          const head = `${PLUGIN_CLI} ${args}`;
          if (entry.command !== head && !entry.command.startsWith(`${head} `)) continue;
          choices.push({ key, label, event, ...(group.matcher ? { matcher: group.matcher } : {}), args, tail: entry.command.slice(head.length), timeout: entry.timeout, ...(route ? { route } : {}) });
        }
      }
    }
  }
  return choices;
}

/** The command prefix that runs this install's CLI: `node "<root>/dist/cli.js"`, or `npx --no-install hookjudge`. */
export function cliPrefix(packageRoot: string, npx: boolean): string {
  if (npx) return "npx --no-install hookjudge";
  const path = join(packageRoot, "dist", "cli.js");
  return `node ${/["$`\\]/.test(path) ? shellQuote(path) : `"${path}"`}`;
}

type Entry = Record<string, unknown> & { type?: unknown; command?: unknown; url?: unknown };
type Group = { matcher?: string; hooks?: Entry[] } & Record<string, unknown>;
/** A settings file's JSON, as far as `init` reads it. */
export type Settings = Record<string, unknown> & { hooks?: Record<string, Group[]> };

/** Whether `entry` already runs the built-in `choice` (any prefix: the bin, `npx`, a served route). */
export function runsBuiltin(entry: Entry, choice: BuiltinChoice): boolean {
  if (entry.type === "http" && typeof entry.url === "string") return choice.route !== undefined && new URL(entry.url, "http://x").pathname.endsWith(choice.route.path);
  if (entry.type !== "command" || typeof entry.command !== "string") return false;
  const words = shellWords(entry.command);
  const at = words.findIndex((word, index) => /(^|\/)hookjudge$/.test(word) || (/(^|\/)(dist\/)?cli\.js$/.test(word) && /(^|\/)node$/.test(words[index - 1] ?? "")));
  if (at === -1) return false;
  const args = choice.args.split(" ");
  return args.every((word, index) => words[at + 1 + index] === word);
}

/** How `init` writes the hooks: commands with a prefix, or HTTP hooks to a server. */
export type HookForm = { kind: "command"; prefix: string } | { kind: "http"; base: string; prefix: string; tokenEnv?: string };

/** The settings entry for `choice` in `form` (the file guard stays a command: it has no route and needs no model). */
export function entryFor(choice: BuiltinChoice, form: HookForm): Entry {
  if (form.kind === "http" && choice.route) {
    const headers: Record<string, string> = { "X-Hookjudge-Active": "$HOOKJUDGE_ACTIVE", ...(form.tokenEnv ? { Authorization: `Bearer $${form.tokenEnv}` } : {}) };
    return { type: "http", url: `${form.base}${choice.route.path}`, timeout: choice.route.timeout, headers, allowedEnvVars: ["HOOKJUDGE_ACTIVE", ...(form.tokenEnv ? [form.tokenEnv] : [])] };
  }
  return { type: "command", command: `${form.prefix} ${choice.args}${choice.tail}`, timeout: choice.timeout };
}

/** What merging did, choice by choice. */
export interface MergeResult {
  settings: Settings;
  added: Array<{ choice: BuiltinChoice; entry: Entry }>;
  present: BuiltinChoice[];
}

/**
 * Add each of `choices` to `settings` unless some hook of its event already runs it; every other
 * key and hook is kept as it is. An entry joins a group with the same matcher, else a new group.
 */
export function mergeHooks(original: Settings, choices: BuiltinChoice[], form: HookForm): MergeResult {
  const settings = structuredClone(original);
  if (settings.hooks !== undefined && (typeof settings.hooks !== "object" || settings.hooks === null || Array.isArray(settings.hooks))) {
    throw new Error(`"hooks" is ${JSON.stringify(settings.hooks)}, not an object of events`);
  }
  const hooks = (settings.hooks ??= {});
  const added: MergeResult["added"] = [];
  const present: BuiltinChoice[] = [];
  for (const choice of choices) {
    const groups = Array.isArray(hooks[choice.event]) ? hooks[choice.event]! : (hooks[choice.event] = []);
    if (groups.some((group) => Array.isArray(group.hooks) && group.hooks.some((entry) => runsBuiltin(entry, choice)))) {
      present.push(choice);
      continue;
    }
    const entry = entryFor(choice, form);
    const same = groups.find((group) => group.matcher === choice.matcher && Array.isArray(group.hooks));
    if (same) same.hooks!.push(entry);
    else groups.push({ ...(choice.matcher ? { matcher: choice.matcher } : {}), hooks: [entry] });
    added.push({ choice, entry });
  }
  return { settings, added, present };
}

/** A backup name beside `path`: `settings.json.20261203T073442Z.bak`. */
export function backupPath(path: string, now: Date): string {
  return `${path}.${now.toISOString().replace(/[-:]/g, "").replace(/\.\d+Z$/, "Z")}.bak`;
}

/** The plugin's slash command `name` (`loop`, `cancel-loop`) with `prefix` in place of the plugin's CLI. */
export function slashCommand(packageRoot: string, name: string, prefix: string): string {
  return readFileSync(join(packageRoot, "commands", `${name}.md`), "utf8").replaceAll(PLUGIN_CLI, prefix);
}

/** A user service that keeps `hookjudge serve` running: a systemd user unit, or a launchd agent on macOS. */
export function serviceFile(options: { platform: string; node: string; cli: string; host: string; port: number }): { path: string; text: string; install: string[] } {
  const args = [options.node, options.cli, "serve", "--host", options.host, "--port", String(options.port)];
  if (options.platform === "darwin") {
    const path = "~/Library/LaunchAgents/dev.hookjudge.serve.plist";
    const text = `<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">
<plist version="1.0">
<dict>
  <key>Label</key><string>dev.hookjudge.serve</string>
  <key>ProgramArguments</key>
  <array>
${args.map((arg) => `    <string>${arg.replaceAll("&", "&amp;").replaceAll("<", "&lt;")}</string>`).join("\n")}
  </array>
  <key>EnvironmentVariables</key>
  <dict><key>HOOKJUDGE_ANTHROPIC_API_KEY</key><string>put the key here</string></dict>
  <key>RunAtLoad</key><true/>
  <key>KeepAlive</key><true/>
</dict>
</plist>
`;
    return { path, text, install: [`launchctl load -w ${path}`] };
  }
  const path = "~/.config/systemd/user/hookjudge.service";
  const text = `[Unit]
Description=hookjudge serve: LLM-judged hooks over HTTP

[Service]
ExecStart=${args.map((arg) => (/\s/.test(arg) ? `"${arg}"` : arg)).join(" ")}
# HOOKJUDGE_ANTHROPIC_API_KEY=… (and any other key) in this file, mode 600
EnvironmentFile=-%h/.config/hookjudge/serve.env
Restart=on-failure

[Install]
WantedBy=default.target
`;
  return { path, text, install: ["systemctl --user daemon-reload", "systemctl --user enable --now hookjudge.service"] };
}
