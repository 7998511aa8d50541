import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join, relative, resolve, isAbsolute } from "node:path";
import { randomBytes } from "../internal/crypto.js";
import { DEFAULT_MODEL } from "../executor/model.js";
import { findProjectDir, stateRoot } from "../internal/state.js";
import { parseCommandArgs } from "./args.js";
import { checkKeys, checkServer, checkSettings, MODEL_WAYS, settingsFiles, type Check } from "./doctor-checks.js";
import { FLAGS } from "./flags.js";
import { UsageError, type CliIo } from "./io.js";

/** How long the one model call may take, in seconds. */
const MODEL_CALL_SECONDS = 30;

/**
 * `hookjudge doctor`: check what the hooks need, one ✓/✗ line each with the fix: a model answers
 * (one tiny call; `--offline` skips it), the key variables, the settings' hookjudge hooks, the
 * state folder, and a `hookjudge serve` the settings call. Exit 1 when something a hook needs is
 * missing (a ✗); warnings (!) leave it at 0.
 */
export async function doctorCommand(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommandArgs("doctor", argv, FLAGS["doctor"]);
  if (positionals.length > 0) throw new UsageError(`hookjudge doctor takes no arguments, received ${JSON.stringify(positionals[0])}`);
  const project = findProjectDir(io.cwd, io.env);
  const checks: Check[] = [];
  const print = (check: Check) => {
    checks.push(check);
    io.stdout(`${check.status === "ok" ? "✓" : check.status === "fail" ? "✗" : "!"} ${check.title}\n${(check.fix ?? []).map((line) => `    ${line}\n`).join("")}`);
  };

  io.stdout(`hookjudge doctor: project ${project} (the variables as this shell has them: Claude Code passes its environment to command hooks)\n`);
  for (const check of checkKeys(io.env)) print(check);
  print(await checkModel(values.model, values.offline === true, io.env));

  const files = values.settings?.map((file) => resolve(io.cwd, file)) ?? settingsFiles(project, io.env);
  const report = checkSettings(files, project, io.env);
  for (const check of report.checks) print(check);
  if (files.length === 0) print({ status: "warn", title: `no Claude Code settings file in ${join(project, ".claude")}`, fix: ["npx hookjudge init --yes adds the built-ins there"] });
  else if (report.hookjudgeHooks === 0) print({ status: "warn", title: `no hookjudge hooks in ${files.join(", ")}`, fix: ["npx hookjudge init adds them"] });
  for (const origin of report.servers) print(await checkServer(origin));

  print(checkState(project, io.env));
  const failed = checks.filter((check) => check.status === "fail").length;
  io.stdout(failed === 0 ? "all set\n" : `${failed} check${failed === 1 ? "" : "s"} failed\n`);
  return failed === 0 ? 0 : 1;
}

/** The model the hooks would use when they name none, and one tiny call to it. */
async function checkModel(flag: string | undefined, offline: boolean, env: Record<string, string | undefined>): Promise<Check> {
  const model = flag || env["HOOKJUDGE_MODEL"] || env["ANTHROPIC_DEFAULT_HAIKU_MODEL"] || DEFAULT_MODEL;
  // the backends (and their SDKs) load only here
  const { createBackend } = await import("../backends/index.js");
  let backend;
  try {
    backend = createBackend({ model, env, maxRetries: 0 });
  } catch (error) {
    return { status: "fail", title: `no model configured for ${model}: ${(error as Error).message.split(":")[0]}`, fix: ["configure one of these (a hook's own model: front matter wins over them):", ...MODEL_WAYS.map((way) => `  ${way}`)] };
  }
  if (offline) return { status: "ok", title: `model ${model} configured (not called: --offline)` };
  const started = Date.now();
  try {
    const response = await backend.complete(
      { system: "This is a connectivity check. Reply with the single word ok.", messages: [{ role: "user", content: "ok?" }], tools: [], maxTokens: 16 },
      { signal: AbortSignal.timeout(MODEL_CALL_SECONDS * 1000) },
    );
    const tokens = response.usage.inputTokens + response.usage.outputTokens;
    return { status: "ok", title: `model ${model} answers (${((Date.now() - started) / 1000).toFixed(1)} s, ${tokens} tokens)` };
  } catch (error) {
    return { status: "fail", title: `model ${model} did not answer: ${(error as Error).message}`, fix: ["check the key and the base URL (ANTHROPIC_BASE_URL, OPENAI_BASE_URL), or pick another model with HOOKJUDGE_MODEL; hookjudge doctor --offline skips this call"] };
  }
}

/** The state folder can be written, and lies outside the project (the agent must not reach it). */
function checkState(project: string, env: Record<string, string | undefined>): Check {
  let folder: string;
  try {
    folder = stateRoot(project, env, { onMoved: () => {} });
    mkdirSync(folder, { recursive: true, mode: 0o700 });
    const probe = join(folder, `.doctor-${randomBytes(6).toString("hex")}`);
    writeFileSync(probe, "");
    rmSync(probe);
  } catch (error) {
    return { status: "fail", title: `the state folder cannot be written: ${(error as Error).message}`, fix: ["set HOOKJUDGE_HOME to a folder you can write, outside the project"] };
  }
  const inside = relative(project, folder);
  if (!inside.startsWith("..") && !isAbsolute(inside)) {
    return { status: "fail", title: `the state folder ${folder} is inside the project, where the agent can edit its counters and loops`, fix: ["set HOOKJUDGE_HOME to a folder outside the project (the default is ~/.local/state/hookjudge)"] };
  }
  return { status: "ok", title: `state folder writable, outside the project: ${folder}` };
}
