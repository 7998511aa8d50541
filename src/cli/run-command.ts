import { toProviderRequest } from "../backends/index.js";
import { HookJudgeError, isHookJudgeError } from "../errors.js";
import { planRequests, runHooks, type RunOptions, type RunResult } from "../executor/run-hooks.js";
import { brokenHook, type HookDefinition } from "../hook/definition.js";
import { isKnownEvent, parseHookInput, sniffHookInput, type HookInput } from "../hook/input.js";
import { readHook } from "../hook/load.js";
import { readSettingsHooks } from "../hook/settings.js";
import { toClaudeCode } from "../protocol/claude-code.js";
import type { OnError } from "../policy/failure.js";
import { parseCommandArgs, parsePositiveNumber } from "./args.js";
import { edgeRunOptions, reportRun, UsageError, type CliIo } from "./io.js";
import { readProjectConfig } from "./project-config.js";
import { findProjectDir } from "../internal/state.js";
import { existsSync } from "node:fs";
import { resolve } from "node:path";

/** How `run` judges an event, beyond the hooks: the command line's overrides and output form. */
export interface JudgeArguments {
  model?: string;
  timeout?: number;
  onError?: OnError;
  dryRun: boolean;
  output: "claude" | "json";
}

interface RunArguments extends JudgeArguments {
  hooks: string[];
  settings: string[];
}

/**
 * `hookjudge run <hook>…`: judge the event on stdin and answer in the runtime's protocol. Even a
 * wrong command line or unreadable input is answered through the event's failure policy when the
 * event can be told, since an agent runtime reads a bare exit 1 as "go ahead".
 */
export async function runCommand(argv: string[], io: CliIo): Promise<number> {
  let args: RunArguments;
  try {
    args = parseRunArguments(argv);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    if (io.env["HOOKJUDGE_ACTIVE"] === "1") return 0;
    return answerUnjudged(new HookJudgeError("config", error.message), await io.readStdin(), [], io, { output: "claude" });
  }
  // a process hookjudge started (a verifier's command, a nested agent) must not judge itself
  if (io.env["HOOKJUDGE_ACTIVE"] === "1" && !args.dryRun) return 0;

  return judgeHookEvent(loadHooks(args.hooks, args.settings, io.cwd, findProjectDir(io.cwd, io.env)), await io.readStdin(), args, io);
}

/**
 * Judge the hook event `text` with `hooks` and answer on `io` in the runtime's protocol; returns
 * the exit code. `run` and `serve` share it, so a hook answers alike over a pipe and over HTTP.
 */
export async function judgeHookEvent(hooks: HookDefinition[], text: string, args: JudgeArguments, io: CliIo): Promise<number> {
  let input: HookInput;
  try {
    input = parseHookInput(text);
  } catch (error) {
    if (!isHookJudgeError(error)) throw error;
    return answerUnjudged(error, text, hooks, io, args);
  }
  const options: RunOptions = {
    env: io.env,
    ...edgeRunOptions(io),
    ...(readProjectConfig(findProjectDir(input.cwd ?? io.cwd, io.env), io).auditInputs ? { auditInputs: true } : {}),
    ...(args.model ? { model: args.model } : {}),
    ...(args.timeout ? { timeout: args.timeout } : {}),
    ...(args.onError ? { onError: args.onError } : {}),
  };
  if (args.dryRun) return dryRun(hooks, input, options, io);
  return answer(await runHooks(hooks, input, options), args.output, io);
}

function parseRunArguments(argv: string[]): RunArguments {
  const { values, positionals } = parseCommandArgs("run", argv, {
    settings: { type: "string", multiple: true },
    model: { type: "string" },
    timeout: { type: "string" },
    "on-error": { type: "string" },
    "dry-run": { type: "boolean" },
    output: { type: "string" },
  });
  const output = values.output ?? "claude";
  if (output !== "claude" && output !== "json") throw new UsageError(`--output expects claude or json, received ${JSON.stringify(output)}`);
  const onError = values["on-error"];
  if (onError !== undefined && onError !== "allow" && onError !== "block" && onError !== "ask") {
    throw new UsageError(`--on-error expects allow, block or ask, received ${JSON.stringify(onError)}`);
  }
  if (positionals.length === 0 && !values.settings) {
    throw new UsageError("hookjudge run: name at least one hook (a file or a built-in such as stop-complete), or pass --settings FILE");
  }
  const timeout = parsePositiveNumber("--timeout", values.timeout);
  if (timeout !== undefined && timeout > 3600) throw new UsageError(`--timeout is at most 3600 seconds, received ${timeout}`);
  return {
    hooks: positionals,
    settings: values.settings ?? [],
    ...(values.model ? { model: values.model } : {}),
    ...(timeout ? { timeout } : {}),
    ...(onError ? { onError } : {}),
    dryRun: values["dry-run"] === true,
    output,
  };
}

/**
 * Every hook named, each loaded or, when broken, standing in with its `config` error. A relative
 * path is found from `cwd`, else from the project folder (the agent may have `cd`-ed into a subfolder).
 */
function loadHooks(references: string[], settingsFiles: string[], cwd: string, project: string): HookDefinition[] {
  const folderOf = (reference: string) => (project !== cwd && !existsSync(resolve(cwd, reference)) && existsSync(resolve(project, reference)) ? project : cwd);
  const hooks = references.map((reference) => readHook(reference, { cwd: folderOf(reference) }).definition);
  for (const file of settingsFiles) {
    try {
      hooks.push(...readSettingsHooks(file, folderOf(file)).map((entry) => entry.definition));
    } catch (error) {
      if (!isHookJudgeError(error)) throw error;
      hooks.push(brokenHook(`settings:${file}`, file, error));
    }
  }
  return hooks;
}

function answer(result: RunResult, output: string, io: CliIo): number {
  reportRun(io, result);
  const diagnostics = result.results.flatMap((hook) =>
    hook.outcome?.kind === "error" ? [`hookjudge ${hook.hook}: ${hook.outcome.code} error: ${hook.outcome.message}\n`] : [],
  );
  if (output === "json") {
    for (const line of diagnostics) io.stderr(line);
    io.stdout(JSON.stringify({ event: result.event, decision: result.decision, results: result.results, notes: result.notes }, null, 2) + "\n");
    return 0;
  }
  const protocol = toClaudeCode(result.event, result.decision);
  io.stdout(protocol.stdout);
  // with exit 2 the runtime hands stderr to the agent: it must hold the reason and nothing else
  if (protocol.exitCode !== 2) for (const line of diagnostics) io.stderr(line);
  io.stderr(protocol.stderr);
  return protocol.exitCode;
}

function dryRun(hooks: HookDefinition[], input: HookInput, options: RunOptions, io: CliIo): number {
  const broken = hooks.filter((hook) => hook.loadError);
  for (const hook of broken) io.stderr(`hookjudge: ${hook.loadError!.message}\n`);
  const planned = planRequests(
    hooks.filter((hook) => !hook.loadError),
    input,
    options,
  );
  const requests = planned.map((plan) => ({
    hook: plan.hook,
    timeoutSeconds: plan.timeoutSeconds,
    request: toProviderRequest(plan.model, plan.request),
  }));
  io.stdout(JSON.stringify({ event: input.hook_event_name, requests }, null, 2) + "\n");
  return broken.length > 0 ? 1 : 0;
}

/**
 * Answer without judging: the input is not a hook event, or the command line is wrong. What can be
 * read of the input (event, session, folder, tool) is recovered, and every hook answers with the
 * error through its failure policy, with the input quoted in the message, so nothing is lost. When
 * the event cannot be told: a visible message and exit 1.
 */
async function answerUnjudged(
  error: HookJudgeError,
  text: string,
  hooks: HookDefinition[],
  io: CliIo,
  options: { output: string; onError?: OnError },
): Promise<number> {
  const recovered = sniffHookInput(text);
  const event = recovered.hook_event_name;
  if (event === undefined || !isKnownEvent(event)) {
    io.stderr(`hookjudge: ${error.code} error: ${error.message}\n`);
    io.stdout(JSON.stringify({ systemMessage: `hookjudge could not run (${error.code} error): ${error.message}` }) + "\n");
    return 1;
  }
  const standIns = hooks.length > 0 ? hooks : [brokenHook("command-line", "the command line", error)];
  const failing = standIns.map((hook) => ({ ...hook, loadError: hook.loadError ?? error }));
  const input: HookInput = { ...recovered, hook_event_name: event };
  const result = await runHooks(failing, input, { env: io.env, ...edgeRunOptions(io), ...(options.onError ? { onError: options.onError } : {}) });
  return answer(result, options.output, io);
}
