import { existsSync, readFileSync } from "node:fs";
import { basename, dirname, isAbsolute, resolve } from "node:path";
import { parseArgs } from "node:util";
import { listBuiltinHooks, readHook, type HookProblem } from "../hook/load.js";
import { FLAGS, type CommandName } from "./flags.js";

/** What lint found in a settings file's command hooks that run hookjudge. */
export interface CommandHookReport {
  checked: number;
  problems: HookProblem[];
}

interface CommandEntry {
  type?: unknown;
  command?: unknown;
  timeout?: unknown;
}

/** The seconds Claude Code gives a command hook when its entry names none. */
const HOST_DEFAULT_TIMEOUT = 600;

/**
 * Check every `"type": "command"` hook of a settings file that runs hookjudge: the command and its
 * flags exist, the hooks it names load, relative paths (which break once the agent `cd`s), the
 * event it sits on, and an entry timeout that would cut hookjudge off before its own deadline.
 */
export function lintCommandHooks(file: string, cwd: string): CommandHookReport {
  const path = resolve(cwd, file);
  const text = readFileSync(path, "utf8");
  const settings = JSON.parse(text) as { hooks?: Record<string, Array<{ matcher?: string; hooks?: CommandEntry[] }>> };
  const problems: HookProblem[] = [];
  let checked = 0;
  let searchFrom = 0;
  for (const [event, groups] of Object.entries(settings.hooks ?? {})) {
    for (const [groupIndex, group] of (Array.isArray(groups) ? groups : []).entries()) {
      for (const [entryIndex, entry] of (Array.isArray(group.hooks) ? group.hooks : []).entries()) {
        if (entry.type !== "command" || typeof entry.command !== "string") continue;
        const words = shellWords(entry.command);
        const at = words.findIndex((word, index) => /(^|\/)hookjudge$/.test(word) || (/(^|\/)(dist\/)?cli\.js$/.test(word) && /(^|\/)node$/.test(words[index - 1] ?? "")));
        if (at === -1) continue;
        const program = words[at]!;
        checked++;
        const found = text.indexOf(JSON.stringify(entry.command).slice(1, 40), searchFrom);
        if (found !== -1) searchFrom = found + 1;
        const line = found === -1 ? 1 : text.slice(0, found).split("\n").length;
        const problem = (message: string) => problems.push({ file: path, line, message: `${event}[${groupIndex}].hooks[${entryIndex}]: ${message}` });
        // a relative program path is looked up from wherever the agent has cd'd to
        if (program.includes("/") && !isAbsolute(program) && !program.startsWith("$")) problem(`${program} is a relative path: once the agent cd's into a subfolder it is not found; write "$CLAUDE_PROJECT_DIR"/${program.replace(/^\.\//, "")}`);
        checkInvocation(words.slice(at + 1), { event, matcher: group.matcher, timeout: typeof entry.timeout === "number" ? entry.timeout : HOST_DEFAULT_TIMEOUT, cwd: basename(dirname(path)) === ".claude" ? dirname(dirname(path)) : dirname(path), problem, problems });
      }
    }
  }
  return { checked, problems };
}

function checkInvocation(argv: string[], where: { event: string; matcher: string | undefined; timeout: number; cwd: string; problem: (message: string) => void; problems: HookProblem[] }): void {
  const { problem } = where;
  const [first, second] = argv;
  const name = (first === "loop" ? `loop ${second ?? ""}` : (first ?? "")) as CommandName;
  if (!Object.hasOwn(FLAGS, name)) {
    problem(`hookjudge ${first === "loop" ? `loop ${second ?? ""}`.trim() : (first ?? "")} is not a hookjudge command; commands: ${Object.keys(FLAGS).join(", ")}`);
    return;
  }
  const rest = argv.slice(first === "loop" ? 2 : 1);
  let positionals: string[] = [];
  try {
    positionals = parseArgs({ args: rest, options: FLAGS[name], allowPositionals: true, strict: true }).positionals;
  } catch (error) {
    problem(`hookjudge ${name}: ${(error as Error).message.split(". To specify")[0]}`);
    return;
  }
  const expected: Partial<Record<CommandName, string>> = { "review-command": "PreToolUse", "guard-files": "PreToolUse", "loop stop-hook": "Stop" };
  if (expected[name] && expected[name] !== where.event) problem(`hookjudge ${name} answers ${expected[name]} events; on ${where.event} it never acts`);
  if (name === "review-command" && where.matcher !== undefined && !/(^|\|)Bash(\||$)/.test(where.matcher)) problem(`hookjudge review-command reviews Bash calls; the matcher ${JSON.stringify(where.matcher)} never sends it one`);
  let ownTimeout = name === "review-command" ? 30 : name === "loop stop-hook" ? 60 : 0;
  if (name === "run") {
    const builtins = listBuiltinHooks();
    for (const reference of positionals) {
      const file = reference.replace(/^\$\{?CLAUDE_PROJECT_DIR\}?\//, `${where.cwd}/`);
      if (!builtins.includes(reference) && !existsSync(resolve(where.cwd, file))) {
        // a bare name is meant as a built-in
        problem(!reference.includes("/") && !reference.endsWith(".md") ? `no built-in hook named ${reference}; built-ins: ${builtins.join(", ")}` : `${reference}: no such hook file (looked in ${where.cwd})`);
        continue;
      }
      const read = readHook(file, { cwd: where.cwd });
      where.problems.push(...read.problems);
      ownTimeout = Math.max(ownTimeout, read.definition.timeout);
    }
  }
  if (ownTimeout > 0 && where.timeout <= ownTimeout) problem(`the entry's timeout (${where.timeout} s) is not above the hook's own (${ownTimeout} s): Claude Code would stop hookjudge first, and a hook it stops lets the action through; set "timeout" to ${ownTimeout + 10} or more`);
}

/** Split a command line into words the way a shell would for plain quoting (no expansions). */
export function shellWords(command: string): string[] {
  const words: string[] = [];
  let word = "";
  let quote: string | null = null;
  let started = false;
  for (const char of command) {
    if (quote) {
      if (char === quote) quote = null;
      else word += char;
    } else if (char === "'" || char === '"') {
      quote = char;
      started = true;
    } else if (/\s/.test(char)) {
      if (started || word) words.push(word);
      word = "";
      started = false;
    } else word += char;
  }
  if (started || word) words.push(word);
  return words;
}
