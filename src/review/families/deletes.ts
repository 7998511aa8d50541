// Deletes: of the root, the home folder and system folders (deny), of the project or much of it (ask).
import type { FoundCommand } from "../../shell/analyze.js";
import { resolveOperand, type RuleContext } from "../paths.js";
import { CREDENTIALS } from "./credentials.js";
import { asks, type RuleFamily } from "./types.js";
import { code, critical, FOLDER_ROOTS, forced, landing, operands, recursive } from "./words.js";

/** An interpreter's delete call given the root or the home folder directly: `shutil.rmtree('/')`, `FileUtils.rm_rf(Dir.home)`, `fs.rmSync(os.homedir(), …)`. */
const DELETES_ROOT = /(rmtree|rm_rf|rm_r|rmSync|rimraf(\.sync)?|remove_tree|removedirs|rmdirSync|rm)\s*\(\s*(['"`](\/|~\/?|\/home\/?|\/etc\/?|\/usr\/?)['"`]|os\.path\.expanduser\(\s*['"]~\/?['"]\s*\)|(require\(['"](node:)?os['"]\)|os)\.homedir\(\)|Path\.home\(\)|Dir\.home|process\.env\.HOME|ENV\[['"]HOME['"]\]|\$ENV\{HOME\})\s*[,)]/;

/** Build output and caches that a build recreates: deleting them goes to the model, not a person. */
const REGENERABLE = /^(node_modules|dist|build|out|coverage|target|\.next|\.nuxt|\.turbo|\.cache|\.parcel-cache|\.svelte-kit|__pycache__|\.pytest_cache|\.mypy_cache|\.ruff_cache|\.tox|\.venv|venv|\.gradle|\.dart_tool|tmp|\.tmp|temp|logs?|\.angular|storybook-static|\.expo|\.eslintcache|\.nyc_output|htmlcov|site|public\/build|[\w.-]+\.(log|tmp|pyc|o)|package-lock\.json|yarn\.lock|pnpm-lock\.yaml|[\w-]+\/(dist|build|node_modules|target|coverage))$/;

/** A delete target that is build output (inside the project, under a folder a build recreates) or temporary. */
function regenerable(path: string, command: FoundCommand, context: RuleContext): boolean {
  const resolved = resolveOperand(path, command, context);
  // a temporary folder, named as such (not reached by climbing out of the project)
  if (resolved !== null && /^\/(tmp|var\/tmp)\//.test(resolved) && /^\/(tmp|var\/tmp)\//.test(path)) return true;
  const base = context.projectDir ?? context.cwd;
  // `cd .. && rm -rf build`: a build folder outside the project is someone else's
  if (resolved !== null && !resolved.startsWith(base + "/")) return false;
  const inside = resolved !== null ? resolved.slice(base.length + 1) : path.replace(/^(\.\/)+/, "").replace(/\/+$/, "");
  if (inside.startsWith("/") || inside.startsWith("~") || inside.split("/").includes("..")) return false;
  const segments = inside.split("/");
  return REGENERABLE.test(inside) || segments.slice(0, -1).some((segment) => REGENERABLE.test(segment));
}

/** `destructive-delete`, a deny family. */
export const destructiveDelete: RuleFamily = {
  name: "destructive-delete",
  decision: "deny",
  summary: "recursive or forced deletes of the root, the home folder, system folders, the project's parents or its .git — through cd, find (with -L/-H/-P), GNU abbreviations and interpreters",
  command: (command, _line, context) => {
    const name = command.decodedName;
    if (name === "rm" || (command.name === null && (recursive(command) || forced(command)))) {
      const wide = recursive(command) || command.args.includes("--no-preserve-root") || forced(command);
      const hit = operands(command).find((path) => critical(path, command, context) && (wide || /^(~|\$HOME|\/)/.test(path) === false ? wide : false));
      if (hit && wide) {
        // without -r, rm cannot remove a folder; a top-level folder hookjudge does not know may be anything
        if (!recursive(command) && !command.args.includes("--no-preserve-root") && landing(hit, command, context).some((path) => FOLDER_ROOTS.test(path))) return asks(`rm without -r of the folder ${hit} (it removes nothing)`);
        if (!command.globWords?.includes(hit) && landing(hit, command, context).every((path) => /^\/[^/]+\/?$/.test(path) && !FOLDER_ROOTS.test(path))) return asks(`removes the top-level folder ${hit}`);
        return `removes ${hit}`;
      }
    }
    if (name === "find") {
      const starts: string[] = [];
      for (const arg of command.args) {
        if (/^-[HLP]$|^-O\d$|^-D$/.test(arg)) continue;
        if (arg.startsWith("-") || arg === "(" || arg === "!") break;
        starts.push(arg);
      }
      if (starts.length === 0) starts.push(".");
      const deletes = command.args.includes("-delete") || command.args.some((arg, index) => /^-(exec|execdir|ok|okdir)$/.test(arg) && /^(rm|shred|unlink|rmdir|mv|truncate|chown|chmod|chgrp|dd|sh|bash)$/.test((command.args[index + 1] ?? "").replace(/^.*\//, "")));
      const hit = starts.find((path) => critical(path, command, context));
      if (deletes && hit) return `find deletes under ${hit}`;
    }
    if (["rmdir", "shred", "unlink", "srm", "wipe"].includes(name)) {
      const hit = operands(command).find((path) => critical(path, command, context) && !/^-/.test(path));
      if (hit && name === "unlink" && landing(hit, command, context).some((path) => FOLDER_ROOTS.test(path))) return asks(`unlink of the folder ${hit} (it removes nothing)`);
      if (hit && (name !== "rmdir" || recursive(command))) return `${name} of ${hit}`;
      if (name === "shred" && operands(command).some((path) => CREDENTIALS.test(path) || /^(~|\$HOME)/.test(path))) return "shreds files in the home folder";
    }
    const dryRun = command.args.some((arg) => /^(--dry-run|--list-only|-[a-zA-Z]*n[a-zA-Z]*)$/.test(arg));
    if ((name === "rsync" && !dryRun && command.args.some((arg) => /^--(delete|remove-source)/.test(arg))) || (name === "rclone" && !dryRun && ["purge", "delete", "sync", "move"].includes(command.args[0] ?? ""))) {
      const target = operands(command).find((path) => critical(path, command, context));
      if (target) return `${name} deletes under ${target}`;
    }
    const source = code(command);
    if (source) {
      const criticalText = /(['"`])(\/|~|~\/|\/home|\/etc|\/usr|\/var|\.\.)(\/?\*?)?\1|os\.path\.expanduser\(\s*['"]~['"]\s*\)|os\.homedir\(\)|Path\.home\(\)|Dir\.home|File\.expand_path\(['"]~|process\.env\.HOME|\$ENV\{HOME\}|ENV\[['"]HOME['"]\]|chr\(47\)|getenv\(\s*['"]HOME/;
      const deletes = /rmtree|rm_rf|rm_r\b|FileUtils\.rm|\.rmSync|\.rm\s*\(|rmdirSync|rimraf|remove_tree|unlink|os\.remove|os\.rmdir|os\.removedirs|Path\([^)]*\)\.(unlink|rmdir)|shutil\.move|os\.system|subprocess|execSync|exec\(|system\(|spawnSync|`rm /;
      // a delete call handed the root or the home folder itself is certain; a delete call and such a path elsewhere in the text may be a comment or a string
      if (DELETES_ROOT.test(source)) return "an interpreter one-liner that deletes the root or the home folder";
      if (deletes.test(source) && (criticalText.test(source) || /(['"])\/(?!tmp\/)[^'"]*\1/.test(source))) return asks("an interpreter one-liner that deletes outside the project (read from its source text)");
      if ((source.match(/(['"`])((?:rm|find|chmod|chown|dd|mkfs)\b[^'"`]*)\1/g) ?? []).some((quoted) => /rm\s+-[a-zA-Z]*[rR]/.test(quoted) && /\s(\/|~|\$HOME)(\s|\*|['"`]|$)/.test(quoted + " "))) return asks("an interpreter one-liner that runs rm -r on the root or home (read from its source text)");
    }
    return undefined;
  },
};

/** `project-wipe`, an ask family. */
export const projectWipe: RuleFamily = {
  name: "project-wipe",
  decision: "ask",
  summary: "recursive deletes of the whole project folder or all of its contents (`rm -rf *`, `rm -rf .`)",
  command: (command, _line, context) => {
    if (command.decodedName !== "rm" || !recursive(command)) return undefined;
    const root = context.projectDir ?? context.cwd;
    const hit = operands(command).find((path) => {
      const resolved = resolveOperand(path, command, context);
      return resolved === null ? /^(\.\/?|\*|\.\/\*|\.\*)$/.test(path) : resolved === root || resolved === `${root}/*` || resolved === `${root}/.*`;
    });
    return hit ? `removes ${hit}: every file of the project` : undefined;
  },
};

/** `bulk-delete`, an ask family. */
export const bulkDelete: RuleFamily = {
  name: "bulk-delete",
  decision: "ask",
  summary: "recursive forced deletes inside the project (other than build output, and of build folders outside it), rm -r/-f on another machine over ssh, folder trees deleted by interpreter code, find -delete, and deletes of paths only known at run time (variables, xargs, parallel)",
  command: (command, _line, context) => {
    const name = command.decodedName;
    const runTime = command.dynamicArgs || command.via.includes("xargs") || command.via.includes("parallel") || command.via.includes("sem");
    if (name === "rm" && (recursive(command) || forced(command))) {
      const targets = operands(command).filter((path) => command.args.includes(path));
      // the other machine's files are not the project's build output
      if (command.via.includes("ssh") && targets.length > 0) return `rm ${recursive(command) ? "-r" : "-f"} on another machine`;
      if (runTime && (recursive(command) || targets.length === 0)) return "deletes paths only known when the line runs";
      const source = targets.find((path) => !regenerable(path, command, context));
      if (recursive(command) && forced(command) && source !== undefined) return `rm -rf of ${source} (a person confirms deleting source files)`;
    }
    if (name === "rsync" && !command.args.some((arg) => /^(--dry-run|--list-only|-[a-zA-Z]*n[a-zA-Z]*)$/.test(arg)) && command.args.some((arg) => /^--(del|delete[\w-]*|remove-source-files)$/.test(arg))) return "rsync --delete removes files at the destination";
    if ((name === "scp" || name === "rsync" || name === "sftp") && operands(command).some((path) => /^[^/\s]*:(\/|\/(etc|boot|usr|bin|sbin|lib|lib64|var\/lib|root|opt)(\/|$))/.test(path) || /^[^/\s]*:\/$/.test(path))) return `${name} copies into another machine's system folders`;
    // a folder tree deleted by interpreter code, whose paths hookjudge does not resolve
    if (/\b(rmtree|rm_rf|rm_r|remove_tree|remove_dir_all|RemoveAll|rimraf|remove_entry_secure)\b|\b(rmSync|rm|rmdirSync|rmdir)\s*\([^)]*recursive\s*:\s*true|Remove-Item\b[^;|]*-Recurse/i.test(code(command))) return `${name} code deletes a folder tree`;
    if (name === "find" && (command.args.includes("-delete") || command.args.some((arg, index) => /^-(exec|execdir)$/.test(arg) && /^(rm|shred|unlink)$/.test(command.args[index + 1] ?? "")))) return "find deletes every file it matches";
    if (runTime && ["shred", "unlink", "rmdir", "truncate", "chmod", "chown"].includes(name) && recursive(command)) return `${name} of paths only known when the line runs`;
    return undefined;
  },
};
