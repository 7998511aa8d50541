import { readdirSync, statSync } from "node:fs";
import { join, resolve } from "node:path";
import { isHookJudgeError } from "../errors.js";
import { brokenHook, type HookDefinition } from "../hook/definition.js";
import { listBuiltinHooks, readHook } from "../hook/load.js";
import { readSettingsHooks } from "../hook/settings.js";

/** A hook name in a URL: a file name without folders, or a settings entry such as `settings:Stop[0].hooks[1]`. */
const HOOK_NAME = /^(?:[A-Za-z0-9_][A-Za-z0-9._-]*|settings:[A-Za-z]+\[\d+\]\.hooks\[\d+\])$/;

interface Cached<T> {
  stamp: string;
  value: T;
}

/**
 * Finds the hook a `/hooks/<name>` request names: `<name>.md` in the hooks folder first, then a
 * settings entry (by its name, `settings:<Event>[i].hooks[j]`), then a built-in. Files are read
 * again when their size, time or inode changes, so an edited hook takes effect on the next request
 * without a restart; unchanged ones cost one `stat`.
 */
export class HookResolver {
  readonly #files = new Map<string, Cached<HookDefinition>>();
  #settings: Cached<Map<string, HookDefinition>> | undefined;
  readonly #builtins: Set<string>;

  constructor(
    private readonly options: {
      /** The folder of hook files. */
      hooksDir?: string;
      /** A Claude Code settings file whose prompt and agent entries are served too. */
      settingsFile?: string;
      /** The folder relative paths resolve against. */
      cwd: string;
    },
  ) {
    this.#builtins = new Set(listBuiltinHooks());
  }

  /** The hook named `name`, or `undefined` when there is none (a broken file gives a broken hook). */
  resolve(name: string): HookDefinition | undefined {
    if (!HOOK_NAME.test(name)) return undefined;
    if (name.startsWith("settings:")) return this.#settingsEntries()?.get(name);
    if (this.options.hooksDir !== undefined) {
      const file = join(resolve(this.options.cwd, this.options.hooksDir), `${name}.md`);
      const stamp = fileStamp(file);
      if (stamp !== undefined) return this.#cachedFile(file, stamp);
    }
    if (this.#builtins.has(name)) return this.#cachedFile(name, "built-in");
    return undefined;
  }

  /** Every hook this server answers for: the folder's files, the settings entries, the built-ins. */
  names(): string[] {
    const names = new Set<string>();
    if (this.options.hooksDir !== undefined) {
      const folder = resolve(this.options.cwd, this.options.hooksDir);
      for (const file of listMarkdown(folder)) names.add(file.slice(0, -3));
    }
    for (const name of this.#settingsEntries()?.keys() ?? []) names.add(name);
    for (const name of this.#builtins) names.add(name);
    return [...names];
  }

  #cachedFile(file: string, stamp: string): HookDefinition {
    const cached = this.#files.get(file);
    if (cached?.stamp === stamp) return cached.value;
    const value = readHook(file, { cwd: this.options.cwd }).definition;
    this.#files.set(file, { stamp, value });
    return value;
  }

  #settingsEntries(): Map<string, HookDefinition> | undefined {
    if (this.options.settingsFile === undefined) return undefined;
    const path = resolve(this.options.cwd, this.options.settingsFile);
    const stamp = fileStamp(path) ?? "missing";
    if (this.#settings?.stamp === stamp) return this.#settings.value;
    const entries = new Map<string, HookDefinition>();
    try {
      for (const entry of readSettingsHooks(path, this.options.cwd)) entries.set(entry.definition.name, entry.definition);
    } catch (error) {
      // a settings file broken after it was read answers its known names with its error, through
      // the failure policy; broken from the start, it has no names, and they are unknown (404)
      if (!isHookJudgeError(error)) throw error;
      const broken = brokenHook(`settings:${path}`, path, error);
      return new Map([...(this.#settings?.value.keys() ?? [])].map((name) => [name, { ...broken, name }]));
    }
    this.#settings = { stamp, value: entries };
    return entries;
  }
}

function fileStamp(path: string): string | undefined {
  try {
    const stat = statSync(path);
    return stat.isFile() ? `${stat.size}:${stat.mtimeMs}:${stat.ino}` : undefined;
  } catch {
    return undefined;
  }
}

function listMarkdown(folder: string): string[] {
  try {
    return readdirSync(folder).filter((file) => file.endsWith(".md"));
  } catch {
    return [];
  }
}
