import { copyFileSync, existsSync, mkdirSync, readFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { HookJudgeError } from "../errors.js";
import { packageRoot } from "../internal/package-root.js";
import { findProjectDir, writeFileAtomic } from "../internal/state.js";
import { parseCommandArgs, checkRuntimeName } from "./args.js";
import { FLAGS } from "./flags.js";
import type { RuntimeName } from "../runtimes/types.js";
import { HOST_FILES, mergeGroups, servedHostHooks } from "./init-hosts.js";
import { backupPath, builtinChoices, cliPrefix, mergeHooks, serviceFile, slashCommand, type BuiltinChoice, type HookForm, type Settings } from "./init-settings.js";
import { UsageError, type CliIo } from "./io.js";

/** What `--yes` adds: every built-in (the loop's Stop hook does nothing until a loop starts). */
const DEFAULTS: ReadonlyArray<BuiltinChoice["key"]> = ["stop", "gate", "guard", "loop"];

/**
 * `hookjudge init`: add hookjudge's built-ins to the project's `.claude/settings.json` (or
 * `settings.local.json`), keeping everything already there, with a backup beside the file; a second
 * run adds nothing. Asks which built-ins on a terminal; `--yes` takes the defaults, `--only` a list.
 */
export async function initCommand(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommandArgs("init", argv, FLAGS["init"]);
  if (positionals.length > 0) throw new UsageError(`hookjudge init takes no arguments, received ${JSON.stringify(positionals[0])}`);
  checkRuntimeName(values.runtime);
  const runtime = (values.runtime ?? "claude-code") as RuntimeName;
  if (runtime !== "claude-code") {
    const hostFile = HOST_FILES[runtime];
    if (hostFile === undefined) throw new UsageError(`hookjudge init writes the hooks of claude-code, ${Object.keys(HOST_FILES).join(", ")}; for ${runtime}, 'hookjudge serve --print-settings --runtime ${runtime}' prints the hooks to paste into its file`);
    if (!values.serve) throw new UsageError(`hookjudge init --runtime ${runtime} writes HTTP hooks (curl) for a running hookjudge serve into ${hostFile}: add --serve`);
    if (values.local || values.commands || values.npx) throw new UsageError(`--local, --commands and --npx are for claude-code; --runtime ${runtime} writes ${hostFile}`);
  }
  if (values.url !== undefined && !values.serve) throw new UsageError("--url is the address of a running hookjudge serve: use it with --serve");
  const root = packageRoot();
  const all = builtinChoices(root);
  const choices = await pick(all, values, io);
  const project = findProjectDir(io.cwd, io.env);
  const base = (values.url ?? "http://127.0.0.1:8787").replace(/\/+$/, "");
  if (runtime !== "claude-code") return initHost(runtime, join(project, HOST_FILES[runtime]!), choices, base, values["token-env"], root, io);
  const file = join(project, ".claude", values.local ? "settings.local.json" : "settings.json");
  const prefix = cliPrefix(root, values.npx === true);
  const form: HookForm = values.serve ? { kind: "http", base, prefix, ...(values["token-env"] ? { tokenEnv: values["token-env"] } : {}) } : { kind: "command", prefix };

  const existing = readSettings(file);
  let merged;
  try {
    merged = mergeHooks(existing ?? {}, choices, form);
  } catch (error) {
    throw new HookJudgeError("config", `${file}: ${(error as Error).message}; fix the file by hand, then run hookjudge init again`, { location: { file } });
  }
  for (const { choice, entry } of merged.added) io.stdout(`+ ${describe(choice)}: ${entry["type"] === "http" ? entry["url"] : entry["command"]}\n`);
  for (const choice of merged.present) io.stdout(`= ${describe(choice)}: already there, left as it is\n`);
  write(file, existing, merged.settings, merged.added.length, io);
  if (values.commands) installCommands(root, project, prefix, io);
  if (values.serve) printService(root, base, io);
  if (!values.npx && /[\\/]_npx[\\/]/.test(root)) {
    io.stdout(`note: this hookjudge runs from npx's cache (${root}), which npm may clear; install it (npm install --save-dev hookjudge) and run 'npx hookjudge init' again, or pass --npx\n`);
  }
  io.stdout(`next: 'hookjudge doctor' checks the model, the keys and these settings\n`);
  return 0;
}

/** Write `settings` to `file` when something was added, the old file backed up beside it first. */
function write(file: string, existing: Settings | undefined, settings: Settings, added: number, io: CliIo): void {
  const shown = relative(io.cwd, file) || file;
  if (added === 0) {
    io.stdout(`${shown}: nothing to add, it already runs what was chosen\n`);
    return;
  }
  mkdirSync(dirname(file), { recursive: true });
  if (existing !== undefined) {
    const backup = backupPath(file, new Date());
    copyFileSync(file, backup);
    io.stdout(`backup of the old file: ${relative(io.cwd, backup) || backup}\n`);
  }
  writeFileAtomic(file, JSON.stringify(settings, null, 2) + "\n");
  io.stdout(`wrote ${shown} (${added} hook${added === 1 ? "" : "s"} added)\n`);
}

/** `init --runtime <host> --serve` for a host other than Claude Code: its curl hooks in its project file. */
async function initHost(runtime: RuntimeName, file: string, choices: BuiltinChoice[], base: string, tokenEnv: string | undefined, root: string, io: CliIo): Promise<number> {
  const existing = readSettings(file);
  const { groups, notes } = await servedHostHooks(runtime, choices, base, tokenEnv);
  let merged;
  try {
    merged = mergeGroups(existing ?? {}, groups);
  } catch (error) {
    throw new HookJudgeError("config", `${file}: ${(error as Error).message}; fix the file by hand, then run hookjudge init again`, { location: { file } });
  }
  const route = (entry: Record<string, unknown>) => String(entry["command"]).match(/ (https?:\/\/\S+) /)?.[1] ?? "";
  for (const entry of merged.added) io.stdout(`+ ${route(entry)}\n`);
  for (const entry of merged.present) io.stdout(`= ${route(entry)}: already there, left as it is\n`);
  write(file, existing, merged.settings, merged.added.length, io);
  for (const note of notes) io.stdout(`note: ${note}\n`);
  printService(root, base, io);
  return 0;
}

/** The built-ins to add: `--only`, `--yes` (the defaults), or the answers on a terminal. */
async function pick(all: BuiltinChoice[], values: { yes?: boolean; only?: string }, io: CliIo): Promise<BuiltinChoice[]> {
  if (values.only !== undefined) {
    const keys = values.only.split(",").map((key) => key.trim()).filter(Boolean);
    const unknown = keys.filter((key) => !all.some((choice) => choice.key === key));
    if (unknown.length > 0 || keys.length === 0) throw new UsageError(`--only expects a comma-separated list of ${all.map((choice) => choice.key).join(", ")}, received ${JSON.stringify(values.only)}`);
    return all.filter((choice) => keys.includes(choice.key));
  }
  if (values.yes) return all.filter((choice) => DEFAULTS.includes(choice.key));
  const picked: BuiltinChoice[] = [];
  for (const choice of all) {
    const answer = (await io.ask?.(`Add ${choice.label}? [Y/n] `))?.trim().toLowerCase();
    if (answer === undefined) {
      throw new UsageError(`hookjudge init: no terminal to ask which hooks to add; pass --yes for the defaults (${all.map((choice) => choice.key).join(", ")}), or --only with a list of them`);
    }
    if (answer === "" || answer === "y" || answer === "yes") picked.push(choice);
  }
  if (picked.length === 0) throw new UsageError("hookjudge init: no hook chosen, nothing written");
  return picked;
}

function describe(choice: BuiltinChoice): string {
  return `${choice.event}${choice.matcher ? ` ${choice.matcher}` : ""} ${choice.args}`;
}

/** The settings file's JSON, or `undefined` when there is none yet. */
function readSettings(file: string): Settings | undefined {
  if (!existsSync(file)) return undefined;
  const text = readFileSync(file, "utf8");
  if (text.trim() === "") return {};
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new HookJudgeError("config", `${file} is not valid JSON (${(error as Error).message}); nothing was changed: fix it, then run hookjudge init again`, { location: { file } });
  }
  if (typeof json !== "object" || json === null || Array.isArray(json)) throw new HookJudgeError("config", `${file} holds ${JSON.stringify(json)?.slice(0, 40)}, not a settings object; nothing was changed`, { location: { file } });
  return json as Settings;
}

/** `/loop` and `/cancel-loop` in `.claude/commands/`, as the plugin's commands with this install's CLI. */
function installCommands(root: string, project: string, prefix: string, io: CliIo): void {
  for (const name of ["loop", "cancel-loop"]) {
    const path = join(project, ".claude", "commands", `${name}.md`);
    const text = slashCommand(root, name, prefix);
    const shown = relative(io.cwd, path) || path;
    if (existsSync(path)) {
      io.stdout(readFileSync(path, "utf8") === text ? `= /${name}: ${shown} already there\n` : `! /${name}: ${shown} exists and differs, left as it is (remove it and run init --commands again to replace it)\n`);
      continue;
    }
    mkdirSync(dirname(path), { recursive: true });
    writeFileAtomic(path, text);
    io.stdout(`+ /${name}: ${shown}\n`);
  }
}

/** The user service that keeps the server running, printed with how to install it. */
function printService(root: string, base: string, io: CliIo): void {
  const url = new URL(base);
  const service = serviceFile({ platform: process.platform, node: process.execPath, cli: join(root, "dist", "cli.js"), host: url.hostname, port: Number(url.port || 8787) });
  io.stdout(`\nThese hooks need a running 'hookjudge serve' at ${base}. To keep one running, save this as ${service.path}:\n\n${service.text}\nthen run:\n${service.install.map((line) => `  ${line}\n`).join("")}`);
}
