import { toMessagesParams } from "../backends/anthropic.js";
import { HookJudgeError, isHookJudgeError } from "../errors.js";
import { planRequests, runHooks, type RunOptions, type RunResult } from "../executor/run-hooks.js";
import { brokenHook, type HookDefinition } from "../hook/definition.js";
import { isKnownEvent, parseHookInput, sniffEventName, type HookInput } from "../hook/input.js";
import { definitionOrThrow, loadHook } from "../hook/load.js";
import { readSettingsHooks } from "../hook/settings.js";
import { toClaudeCode } from "../protocol/claude-code.js";
import type { OnError } from "../policy/failure.js";
import { parseCommandArgs, parsePositiveNumber } from "./args.js";
import { UsageError, type CliIo } from "./io.js";

/** `hookjudge run <hook>…`: judge the event on stdin and answer in the runtime's protocol. */
export async function runCommand(argv: string[], io: CliIo): Promise<number> {
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
  if (onError !== undefined && !["allow", "block", "ask"].includes(onError)) {
    throw new UsageError(`--on-error expects allow, block or ask, received ${JSON.stringify(onError)}`);
  }
  if (positionals.length === 0 && !values.settings) {
    throw new UsageError("hookjudge run: name at least one hook (a file or a built-in such as stop-complete), or pass --settings FILE");
  }
  const timeout = parsePositiveNumber("--timeout", values.timeout);

  // a process hookjudge started (a verifier's command, a nested agent) must not judge itself
  if (io.env["HOOKJUDGE_ACTIVE"] === "1" && !values["dry-run"]) return 0;

  const hooks = loadHooks(positionals, values.settings ?? [], io.cwd);
  const text = await io.readStdin();
  let input: HookInput;
  try {
    input = parseHookInput(text);
  } catch (error) {
    if (!isHookJudgeError(error)) throw error;
    return answerBrokenInput(error, text, hooks, io, { output, ...(onError ? { onError: onError as OnError } : {}) });
  }

  const options: RunOptions = {
    env: io.env,
    ...(values.model ? { model: values.model } : {}),
    ...(timeout ? { timeout } : {}),
    ...(onError ? { onError: onError as OnError } : {}),
  };
  if (values["dry-run"]) return dryRun(hooks, input, options, io);
  const result = await runHooks(hooks, input, options);
  return answer(result, output, io);
}

function loadHooks(references: string[], settingsFiles: string[], cwd: string): HookDefinition[] {
  const hooks: HookDefinition[] = [];
  for (const reference of references) {
    try {
      hooks.push(loadHook(reference, { cwd }));
    } catch (error) {
      if (!isHookJudgeError(error)) throw error;
      hooks.push(brokenHook(reference, reference, error));
    }
  }
  for (const file of settingsFiles) {
    let entries;
    try {
      entries = readSettingsHooks(file, cwd);
    } catch (error) {
      if (!isHookJudgeError(error)) throw error;
      hooks.push(brokenHook(`settings:${file}`, file, error));
      continue;
    }
    entries.forEach((entry, index) => {
      try {
        hooks.push(definitionOrThrow(entry));
      } catch (error) {
        hooks.push(brokenHook(`settings:${file}#${index}`, file, error as HookJudgeError));
      }
    });
  }
  return hooks;
}

function answer(result: RunResult, output: string, io: CliIo): number {
  for (const hook of result.results) {
    if (hook.outcome?.kind === "error") io.stderr(`hookjudge ${hook.hook}: ${hook.outcome.code} error: ${hook.outcome.message}\n`);
  }
  if (output === "json") {
    io.stdout(JSON.stringify({ event: result.event, decision: result.decision, results: result.results, notes: result.notes }, null, 2) + "\n");
    return 0;
  }
  const protocol = toClaudeCode(result.event, result.decision);
  io.stdout(protocol.stdout);
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
    request: toMessagesParams(plan.model, plan.request),
  }));
  io.stdout(JSON.stringify({ event: input.hook_event_name, requests }, null, 2) + "\n");
  return broken.length > 0 ? 1 : 0;
}

/**
 * Input that is not a hook event still gets an answer: the failure policy of the event, when its
 * name can be found in the text, decides; otherwise a visible message and exit 1. The input is
 * quoted in the message, so nothing is lost.
 */
async function answerBrokenInput(
  error: HookJudgeError,
  text: string,
  hooks: HookDefinition[],
  io: CliIo,
  options: { output: string; onError?: OnError },
): Promise<number> {
  const event = sniffEventName(text);
  if (event === undefined || !isKnownEvent(event)) {
    io.stderr(`hookjudge: input error: ${error.message}\n`);
    io.stdout(JSON.stringify({ systemMessage: `hookjudge could not read its input (input error): ${error.message}` }) + "\n");
    return 1;
  }
  const input: HookInput = { hook_event_name: event };
  const failing = hooks.map((hook) => ({ ...hook, loadError: hook.loadError ?? error }));
  const result = await runHooks(failing, input, {
    env: io.env,
    stateDir: false,
    ...(options.onError ? { onError: options.onError } : {}),
  });
  return answer(result, options.output, io);
}
