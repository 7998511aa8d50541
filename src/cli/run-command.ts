import { answerUnreadable, judgeEvent, loadHooks, planJudgment, type HookAnswer, type JudgeEventOptions } from "../answer/judge-event.js";
import { HookJudgeError } from "../errors.js";
import type { OnError } from "../policy/failure.js";
import { deadlineUnderHost } from "../runtimes/types.js";
import { checkRuntimeName, parseCommandArgs, parsePositiveNumber, parseVotes } from "./args.js";
import { FLAGS } from "./flags.js";
import { printAnswer, runtimeFor } from "./hook-output.js";
import { UsageError, type CliIo } from "./io.js";

interface RunArguments {
  hooks: string[];
  settings: string[];
  model?: string;
  timeout?: number;
  onError?: OnError;
  votes?: number;
  dryRun: boolean;
  output: "claude" | "json";
  runtime?: string;
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
    const text = await io.readStdin();
    const runtime = runtimeFor(undefined, text, io.env);
    const parsed = runtime.parse(text);
    const recovered = parsed.ok ? parsed.input : parsed.recovered;
    const answer = await answerUnreadable([], new HookJudgeError("config", error.message), recovered, { env: io.env, cwd: io.cwd });
    return answer ? printHookAnswer(io, runtime, answer, "claude") : unanswerable(io, new HookJudgeError("config", error.message));
  }
  // a process hookjudge started (a verifier's command, a nested agent) must not judge itself
  if (io.env["HOOKJUDGE_ACTIVE"] === "1" && !args.dryRun) return 0;

  const loaded = loadHooks(args.hooks, args.settings, io);
  const text = await io.readStdin();
  const runtime = runtimeFor(args.runtime, text, io.env);
  // a host that lets a slow hook through (pydantic-deep, Copilot) is answered before its limit
  const hooks = args.timeout ? loaded : loaded.map((hook) => (deadlineUnderHost(hook.timeout, runtime) < hook.timeout ? { ...hook, timeout: deadlineUnderHost(hook.timeout, runtime) } : hook));
  const event = runtime.parse(text);
  const options: JudgeEventOptions = {
    env: io.env,
    cwd: io.cwd,
    ...(args.model ? { model: args.model } : {}),
    ...(args.timeout ? { timeout: args.timeout } : {}),
    ...(args.onError ? { onError: args.onError } : {}),
    ...(args.votes !== undefined ? { votes: args.votes } : {}),
  };
  if (args.dryRun && event.ok) {
    const plan = planJudgment(hooks, event.input, options);
    for (const line of plan.diagnostics) io.stderr(line);
    for (const hook of plan.broken) io.stderr(`hookjudge: ${hook.loadError!.message}\n`);
    io.stdout(JSON.stringify({ event: plan.event, requests: plan.requests }, null, 2) + "\n");
    return plan.broken.length > 0 ? 1 : 0;
  }
  const answer = await judgeEvent(hooks, event, options);
  // only an event that cannot be read can leave its event untold
  if (answer === null) return event.ok ? 0 : unanswerable(io, event.error);
  return printHookAnswer(io, runtime, answer, args.output);
}

function parseRunArguments(argv: string[]): RunArguments {
  const { values, positionals } = parseCommandArgs("run", argv, FLAGS["run"]);
  const output = values.output ?? "claude";
  if (output !== "claude" && output !== "json") throw new UsageError(`--output expects claude or json, received ${JSON.stringify(output)}`);
  const onError = values["on-error"];
  if (onError !== undefined && onError !== "allow" && onError !== "block" && onError !== "ask") {
    throw new UsageError(`--on-error expects allow, block or ask, received ${JSON.stringify(onError)}`);
  }
  checkRuntimeName(values.runtime);
  if (positionals.length === 0 && !values.settings) {
    throw new UsageError("hookjudge run: name at least one hook (a file or a built-in such as stop-complete), or pass --settings FILE");
  }
  const votes = parseVotes(values.votes);
  const timeout = parsePositiveNumber("--timeout", values.timeout);
  if (timeout !== undefined && timeout > 3600) throw new UsageError(`--timeout is at most 3600 seconds, received ${timeout}`);
  return {
    hooks: positionals,
    settings: values.settings ?? [],
    ...(values.model ? { model: values.model } : {}),
    ...(timeout ? { timeout } : {}),
    ...(onError ? { onError } : {}),
    ...(votes !== undefined ? { votes } : {}),
    dryRun: values["dry-run"] === true,
    output,
    ...(values.runtime !== undefined ? { runtime: values.runtime } : {}),
  };
}

function printHookAnswer(io: CliIo, runtime: Parameters<typeof printAnswer>[1], answer: HookAnswer, output: "claude" | "json"): number {
  if (output === "json") {
    for (const line of answer.diagnostics) io.stderr(line);
    io.stdout(JSON.stringify({ event: answer.event, decision: answer.decision, results: answer.results, notes: answer.notes }, null, 2) + "\n");
    return 0;
  }
  return printAnswer(io, runtime, answer);
}

/** The event cannot be told, so no policy applies: a visible message and exit 1. */
function unanswerable(io: CliIo, error: HookJudgeError): number {
  io.stderr(`hookjudge: ${error.code} error: ${error.message}\n`);
  io.stdout(JSON.stringify({ systemMessage: `hookjudge could not run (${error.code} error): ${error.message}` }) + "\n");
  return 1;
}
