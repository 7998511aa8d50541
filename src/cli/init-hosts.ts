import { readHook } from "../hook/load.js";
import type { RuntimeName } from "../runtimes/types.js";
import type { BuiltinChoice, Settings } from "./init-settings.js";

/** The project file of each host whose hooks file has Claude Code's shape (event → groups of entries), that `init --serve` writes. */
export const HOST_FILES: Partial<Record<RuntimeName, string>> = {
  codex: ".codex/hooks.json",
  "gemini-cli": ".gemini/settings.json",
  "qwen-code": ".qwen/settings.json",
};

type Entry = Record<string, unknown> & { command?: unknown };
type Group = { matcher?: string; hooks?: Entry[] } & Record<string, unknown>;

/**
 * The hooks `hookjudge serve --print-settings --runtime <host>` prints for the chosen built-ins
 * (each a `curl` to the server's `/<host>` routes, in the host's events, matchers and timeout
 * unit), with that snippet's notes. The file guard has no route: it is left out, and said so.
 */
export async function servedHostHooks(runtime: RuntimeName, choices: BuiltinChoice[], base: string, tokenEnv: string | undefined): Promise<{ groups: Record<string, Group[]>; notes: string[] }> {
  const { runtimeNamed } = await import("../runtimes/index.js");
  const hooks = choices.some((choice) => choice.key === "stop") ? [readHook("stop-complete").definition] : [];
  const snippet = runtimeNamed(runtime).settingsSnippet({ base, hooks, ...(tokenEnv ? { tokenEnv } : {}) }) as { settings: { hooks: Record<string, Group[]> }; notes?: string[] };
  const urls = choices.flatMap((choice) => (choice.route ? [`${base}/${runtime}${choice.route.path} `] : []));
  const groups: Record<string, Group[]> = {};
  for (const [event, eventGroups] of Object.entries(snippet.settings.hooks)) {
    for (const group of eventGroups) {
      const kept = (group.hooks ?? []).filter((entry) => typeof entry.command === "string" && urls.some((url) => (entry.command as string).includes(url)));
      if (kept.length > 0) (groups[event] ??= []).push({ ...group, hooks: kept });
    }
  }
  const notes = [...(snippet.notes ?? []).filter((note) => !note.startsWith("Without a server"))];
  if (choices.some((choice) => choice.key === "guard")) notes.push("The file guard (guard-files) has no serve route: it is not added for this host.");
  return { groups, notes };
}

/**
 * Add the entries of `groups` to `original` (a copy), each unless an entry of its event already
 * runs the same command; every other key and hook is kept. An entry joins a group with the same
 * matcher, else a new group. Returns the copy and how many entries were added and already there.
 */
export function mergeGroups(original: Settings, groups: Record<string, Group[]>): { settings: Settings; added: Entry[]; present: Entry[] } {
  const settings = structuredClone(original);
  if (settings.hooks !== undefined && (typeof settings.hooks !== "object" || settings.hooks === null || Array.isArray(settings.hooks))) {
    throw new Error(`"hooks" is ${JSON.stringify(settings.hooks)}, not an object of events`);
  }
  const hooks = (settings.hooks ??= {}) as Record<string, Group[]>;
  const added: Entry[] = [];
  const present: Entry[] = [];
  for (const [event, eventGroups] of Object.entries(groups)) {
    const existing = Array.isArray(hooks[event]) ? hooks[event]! : (hooks[event] = []);
    for (const group of eventGroups) {
      for (const entry of group.hooks ?? []) {
        if (existing.some((other) => Array.isArray(other.hooks) && other.hooks.some((hook) => hook.command === entry.command))) {
          present.push(entry);
          continue;
        }
        const same = existing.find((other) => other.matcher === group.matcher && Array.isArray(other.hooks));
        if (same) same.hooks!.push(entry);
        else existing.push({ ...(group.matcher !== undefined ? { matcher: group.matcher } : {}), hooks: [entry] });
        added.push(entry);
      }
    }
  }
  return { settings, added, present };
}
