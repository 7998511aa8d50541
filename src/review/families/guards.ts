// Tampering with the gate, the host's settings, git's own files and the other guards.
import { GIT_CODE_KEYS } from "./git.js";
import { homeForm, ownGuardPath, protectedWrite } from "./guard-paths.js";
import { asks, type RuleFamily } from "./types.js";
import { code, gitWords, operands } from "./words.js";
import { writeTargets } from "./writes.js";

/** Interpreter string escapes decoded (`\x{2f}`, `\x2f`, `\057`, `\u002f`), so a path cannot hide behind them; strings that keep their backslashes (Python's r"…", Perl's and Ruby's '…') are left out. */
function decodeEscapes(text: string, interpreter: string): string {
  if (!text.includes("\\")) return text;
  const raw = /^(python\d*|pypy)$/.test(interpreter) ? /\b[rR][bB]?(["'])(?:(?!\1).)*\1/g : /^(perl|ruby|php)$/.test(interpreter) ? /'[^']*'/g : undefined;
  return (raw ? text.replace(raw, "''") : text)
    .replace(/\\x\{([0-9a-fA-F]{1,6})\}|\\u\{([0-9a-fA-F]{1,6})\}/g, (_, hex?: string, unicode?: string) => String.fromCodePoint(Number.parseInt(hex ?? unicode!, 16) % 0x110000))
    .replace(/\\x([0-9a-fA-F]{2})|\\u([0-9a-fA-F]{4})/g, (_, hex?: string, unicode?: string) => String.fromCharCode(Number.parseInt(hex ?? unicode!, 16)))
    .replace(/\\([0-7]{3})/g, (_, octal: string) => String.fromCharCode(Number.parseInt(octal, 8) & 0xff));
}

const MUTATES_FOLDER = "rename|replace|chmod|chown|lchown|remove|unlink|rmtree|rmdir|removedirs|move|symlink|rm_r|rm_rf|rm|chmodSync|chownSync|renameSync|rmSync|rmdirSync|unlinkSync|mv";
const GUARD_FOLDER_PATH = String.raw`(["'])[^"'\n]*(?:\.local\/bin|\/\.nah|\/\.claude)\/?\1`;
const GUARD_FOLDER_CALLS = [new RegExp(String.raw`\b(?:${MUTATES_FOLDER})\s*\(\s*(?:Path\(\s*)?${GUARD_FOLDER_PATH}`), new RegExp(String.raw`Path\(\s*${GUARD_FOLDER_PATH}\s*\)\s*\.\s*(?:${MUTATES_FOLDER})\b`)];
const GUARD_FOLDER_ASSIGNMENT = new RegExp(String.raw`\b([A-Za-z_]\w*)\s*=\s*(?:Path\(\s*)?(["'])[^"'\n]*(?:\.local\/bin|\/\.nah|\/\.claude)\/?\2`, "g");
/**
 * Interpreter code that moves, deletes or changes the mode or owner of a folder holding a guard's
 * program (`~/.local/bin`, `~/.nah`): the path given straight to the call, through `Path(…)`, or
 * through a variable it was assigned to.
 */
function changesGuardFolder(source: string): boolean {
  if (!/\.local\/bin|\/\.nah|\/\.claude/.test(source)) return false;
  if (GUARD_FOLDER_CALLS.some((call) => call.test(source))) return true;
  for (const match of source.matchAll(GUARD_FOLDER_ASSIGNMENT)) {
    const name = match[1]!;
    if (new RegExp(String.raw`\b(?:${MUTATES_FOLDER})\s*\(\s*${name}\b|\b${name}\s*\.\s*(?:${MUTATES_FOLDER})\b`).test(source)) return true;
  }
  return false;
}

/** `guard-tampering`, a deny family. */
export const guardTampering: RuleFamily = {
  name: "guard-tampering",
  decision: "deny",
  summary: "writes into hookjudge's rules, config or state, Claude Code's settings (.claude/), git's own files (.git/config, hooks) or another guard's settings and programs (~/.nah, ~/.local/bin/nah, in any user's home), in any spelling (globs, links made on the line, binary editors, git init, escaped paths in interpreter code); git settings that run programs",
  command: (command, _line, context) => {
    for (const target of command.decodedName === "rm" || command.decodedName === "rmdir" || command.decodedName === "unlink" ? [] : writeTargets(command)) {
      const reason = protectedWrite(target, command, context);
      if (reason) return reason;
    }
    // moving or deleting the guard's own folders (a vendored .git is the project's to delete)
    if (command.decodedName === "mv" || command.decodedName === "rm" || command.decodedName === "rmdir" || command.decodedName === "unlink") {
      const hit = operands(command).find((path) => command.args.includes(path) && (command.decodedName === "mv" ? protectedWrite(path, command, context) : ownGuardPath(path, command, context)));
      if (hit) return `${command.decodedName} of ${hit}`;
    }
    const git = gitWords(command);
    if (git) {
      const setting = git.globals.flatMap((arg, index) => (arg === "-c" ? [git.globals[index + 1] ?? ""] : arg.startsWith("--config-env") ? [arg] : []));
      const runs = (entry: string) => GIT_CODE_KEYS.test(entry.split("=")[0]!.trim()) && /[;&|`$<>(]|\b(sh|bash|zsh|curl|wget|nc|python\d*|perl|ruby|node)\b|\//.test(entry.slice(entry.indexOf("=") + 1));
      if (setting.some((entry) => (runs(entry) && !/^\$\{?\w+\}?$/.test(entry.slice(entry.indexOf("=") + 1))) || entry.startsWith("--config-env"))) return "git -c sets a setting that runs a program";
      if (setting.some(runs)) return asks("git -c sets a program, alias or hook from a variable");
      if (git.sub === "config") {
        const words = git.rest.filter((arg) => !arg.startsWith("-"));
        const reads = git.rest.some((arg) => /^(--get|--get-all|--get-regexp|--get-urlmatch|-l|--list|--show-origin|--show-scope|--name-only)$/.test(arg)) || ["get", "list"].includes(words[0] ?? "");
        const keys = words.filter((word) => /^[\w-]+(\.[^=\s]+)?\.[\w-]+$/.test(word));
        if (!reads && (keys.some((key) => GIT_CODE_KEYS.test(key)) || git.rest.some((arg) => arg === "-e" || arg === "--edit"))) return `git config ${keys[0] ?? "--edit"} sets a program git runs`;
      }
      if (git.sub === "update-index" && git.rest.some((arg) => arg.startsWith("--fsmonitor"))) return "git update-index --fsmonitor";
    }
    const source = decodeEscapes(code(command), command.code?.interpreter ?? "");
    if (source.trim() && /(^|[^\w.-])(\.hookjudge|\.claude\/settings|\.git\/(config|hooks)|\.nah\/|\.local\/bin\/(nah|hookjudge|dcg|dippy)|\.local\/state\/hookjudge)/.test(source)) return asks("interpreter code that names a guard's or git's own files");
    if (changesGuardFolder(source)) return asks("interpreter code that moves, deletes or changes the folder of a guard's program");
    return undefined;
  },
  // `ln -s ~/.nah/config x && echo … > x`: a write through a link the line made to a guard's file
  line: (line, context) => {
    const links = new Set<string>();
    for (const command of line.commands) {
      if (command.decodedName !== "ln") continue;
      const words = operands(command).filter((word) => command.args.includes(word));
      if (words.length >= 2 && protectedWrite(words[0]!, command, context)) links.add(words.at(-1)!.replace(/^\.\//, ""));
    }
    if (links.size === 0) return undefined;
    const through = line.commands.find((command) => command.decodedName !== "ln" && writeTargets(command).some((target) => links.has(target.replace(/^\.\//, ""))));
    return through ? `${through.decodedName} writes through a link to a guard's file` : undefined;
  },
};

/** `other-guards`, an ask family. */
export const otherGuards: RuleFamily = {
  name: "other-guards",
  decision: "ask",
  summary: "commands that change another command guard's trust, hooks or state (nah, dcg, safety-net, Dippy: any subcommand but the ones that print), or reinstall a guard's program",
  command: (command) => {
    const name = command.decodedName;
    if (/^(nah|dcg|dippy|cc-safety-net|safety-net)$/.test(name)) {
      const words = command.args.filter((arg) => !arg.startsWith("-"));
      // what only prints: docs, status, logs, explanations; `nah hook amp status`
      const prints = words.length === 0 ? command.args.length > 0 : /^(docs?|help|version|status|trust-status|log|logs|why|explain|guards|list|ls|show|check|test|doctor|info|audit|stats|history|which|scan|packs|completions?)$/.test(words[0]!) || words.at(-1) === "status";
      if (!prints) return `${name} ${words[0] ?? ""} changes a guard's settings or state`.replace(/\s+changes/, " changes");
    }
    // a package manager putting a guard's program in place: `cargo install --path crates/nah-cli`
    if (/^(cargo|pip|pip3|pipx|uv|npm|pnpm|yarn|bun|brew|go|gem)$/.test(name) && command.args.some((arg) => /^(install|i|add|reinstall|upgrade|update)$/.test(arg)) && !command.args.some((arg) => /^(--dry-run|-n|--help|-h)$/.test(arg))) {
      const guard = command.args.find((arg) => /(^|[/@])(nah|nah-cli|dcg|destructive[-_]command[-_]guard|dippy|cc-safety-net|claude-code-safety-net|hookjudge)(@[\w.^~-]+)?\/?$/.test(arg));
      const elsewhere = command.args.some((arg, index) => /^--(root|prefix|target|install-dir)(=|$)/.test(arg) && /^\/(tmp|var\/tmp)\//.test(arg.includes("=") ? arg.slice(arg.indexOf("=") + 1) : (command.args[index + 1] ?? ""))) || command.assignments.some((assignment) => /^(CARGO_HOME|CARGO_INSTALL_ROOT|PREFIX|GOBIN|PIPX_BIN_DIR|npm_config_prefix)=\/(tmp|var\/tmp)\//.test(assignment));
      if (guard && !elsewhere) return `${name} installs a guard's program over the one in use`;
    }
    return undefined;
  },
};

/** `agents-unguarded`, an ask family. */
export const agentsUnguarded: RuleFamily = {
  name: "agents-unguarded",
  decision: "ask",
  summary: "starts a coding agent with its hooks, guards or permissions turned off (by flag, or by a variable such as PLUGINS=off or another settings folder), or turns them off in its settings",
  command: (command) => {
    if (!/^(claude|codex|gemini|qwen|opencode|cursor-agent|copilot|amp|droid|hermes|pi|kiro|kiro-cli|openclaw|aider|goose|crush)$/.test(command.decodedName)) return undefined;
    if (command.args.some((arg) => /^--(safe-mode|pure|no-extensions|no-hooks|dangerously-skip-permissions|dangerously-bypass-approvals-and-sandbox|yolo|bypass[\w-]*|permission-mode(=.*)?|settings(=.*)?|setting-sources(=.*)?|no-plugins|disable-hooks|approval-mode(=.*)?|full-auto)$/.test(arg))) return `${command.decodedName} started without its guards`;
    if (command.args[0] === "config" && /^(set|unset)$/.test(command.args[1] ?? "") && command.args.some((arg) => /hook|plugin|guard|permission|sandbox/i.test(arg))) return `${command.decodedName} config changes its hooks or guards`;
    // `PLUGINS=off amp`, `OPENCODE_PURE=1 opencode`, `KIRO_HOME=/tmp/other kiro-cli`: settings that turn guards off, or another settings folder
    const agent = command.decodedName.split("-")[0]!.toUpperCase();
    const guards = "(HOOKS?|PLUGINS?|GUARDS?|SANDBOX|PERMISSIONS?|EXTENSIONS?|SAFETY|APPROVALS?)";
    const setting = command.assignments.find((assignment) => {
      const [variable = "", value = ""] = assignment.split(/=(.*)/s);
      if (new RegExp(`(^|_)(${guards.slice(1, -1)}|PURE|SAFE_MODE|YOLO|APPROVAL_MODE|DANGEROUSLY\\w*|BYPASS\\w*|(SKIP|DISABLE|NO)_${guards})$`).test(variable)) return true;
      // the agent's settings folder moved away from its own (`KIRO_HOME=/tmp/x`), or the home folder itself
      return new RegExp(`^(${agent}\\w*_(HOME|CONFIG_DIR|CONFIG|SETTINGS|SETTINGS_PATH)|XDG_CONFIG_HOME|HOME)$`).test(variable) && !/^~(\/\.[\w-]+)?$/.test(homeForm(value.replace(/^\$HOME|^\$\{HOME\}/, "~")).replace(/\/+$/, ""));
    });
    if (setting) return `${command.decodedName} started with ${setting.split("=")[0]} set, which can turn its guards off`;
    return undefined;
  },
};
