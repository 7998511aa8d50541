import { isHookJudgeError } from "../errors.js";
import { readHook, type HookProblem } from "../hook/load.js";
import { readSettingsHooks } from "../hook/settings.js";
import { parseCommandArgs } from "./args.js";
import { UsageError, type CliIo } from "./io.js";
import { FLAGS } from "./flags.js";
import { lintCommandHooks } from "./lint-commands.js";

/** `hookjudge lint <hook>…`: check hook files, built-ins and settings files without a model. */
export async function lintCommand(argv: string[], io: CliIo): Promise<number> {
  const { positionals } = parseCommandArgs("lint", argv, FLAGS["lint"]);
  if (positionals.length === 0) throw new UsageError("hookjudge lint: name at least one hook file, built-in or settings.json");
  const problems: HookProblem[] = [];
  let checked = 0;
  for (const reference of positionals) {
    try {
      if (reference.endsWith(".json")) {
        const entries = readSettingsHooks(reference, io.cwd);
        checked += entries.length;
        for (const entry of entries) problems.push(...entry.problems);
        const commands = lintCommandHooks(reference, io.cwd);
        checked += commands.checked;
        problems.push(...commands.problems);
        continue;
      }
      checked++;
      problems.push(...readHook(reference, { cwd: io.cwd }).problems);
    } catch (error) {
      if (!isHookJudgeError(error)) throw error;
      checked++;
      problems.push({ file: error.location?.file ?? reference, line: error.location?.line ?? 1, message: stripLocation(error.message) });
    }
  }
  for (const problem of problems) io.stdout(`${problem.file}:${problem.line}: ${problem.message}\n`);
  const noun = checked === 1 ? "hook" : "hooks";
  io.stdout(problems.length === 0 ? `${checked} ${noun} checked, no problems\n` : `${checked} ${noun} checked, ${problems.length} problem${problems.length === 1 ? "" : "s"}\n`);
  return problems.length === 0 ? 0 : 1;
}

function stripLocation(message: string): string {
  return message.replace(/^[^\s:]+(:\d+)?: /, "");
}
