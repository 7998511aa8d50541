import { truncateEnd } from "../internal/text.js";
import { normalizePromise } from "../loop/promise.js";
import { loopKey } from "../loop/state.js";
import { formatMinutes } from "../loop/stop-hook.js";
import { checkRuntimeName, parseCommandArgs, parsePositiveNumber } from "./args.js";
import { printAnswer, runtimeFor } from "./hook-output.js";
import { UsageError, type CliIo } from "./io.js";

const SUBCOMMANDS: Record<string, (argv: string[], io: CliIo) => Promise<number>> = {
  start: loopStart,
  status: loopStatus,
  cancel: loopCancel,
  "stop-hook": loopStopHook,
};

/** `hookjudge loop start|status|cancel|stop-hook`. */
export async function loopCommand(argv: string[], io: CliIo): Promise<number> {
  const [name, ...rest] = argv;
  const handler = name === undefined ? undefined : SUBCOMMANDS[name];
  if (!handler) {
    throw new UsageError(`hookjudge loop: expected one of ${Object.keys(SUBCOMMANDS).join(", ")}${name === undefined ? "" : `, received ${JSON.stringify(name)}`}`);
  }
  return handler(rest, io);
}

async function loopStart(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommandArgs("loop start", argv, {
    "task-stdin": { type: "boolean" },
    "max-iterations": { type: "string" },
    "completion-promise": { type: "string" },
    verify: { type: "string" },
    "max-minutes": { type: "string" },
    "max-judge-tokens": { type: "string" },
    "session-id": { type: "string" },
    store: { type: "string" },
  });
  const { DEFAULT_MAX_ITERATIONS, DEFAULT_MAX_JUDGE_TOKENS, DEFAULT_PROMISE, startLoop } = await loopCommands();
  // --task-stdin takes the task verbatim from stdin: no shell quoting can split or expand it
  const task = values["task-stdin"] ? (await io.readStdin()).trim() : positionals.length === 1 ? positionals[0]!.trim() : "";
  if (task === "" || (values["task-stdin"] && positionals.length > 0)) {
    throw new UsageError(
      values["task-stdin"]
        ? "hookjudge loop start --task-stdin: the task comes on stdin alone (no task argument), and must not be empty"
        : `hookjudge loop start: give the task as one quoted argument, e.g. hookjudge loop start "make the tests pass", or on stdin with --task-stdin; received ${positionals.length} arguments`,
    );
  }
  const maxIterations = parseCount("--max-iterations", values["max-iterations"]) ?? DEFAULT_MAX_ITERATIONS;
  const promise = normalizePromise(values["completion-promise"] ?? DEFAULT_PROMISE);
  if (promise === "" || /[<>]/.test(promise)) throw new UsageError("--completion-promise must be plain text without < or >");
  const maxMinutes = parsePositiveNumber("--max-minutes", values["max-minutes"]) ?? null;
  const maxJudgeTokens = parseCount("--max-judge-tokens", values["max-judge-tokens"]) ?? DEFAULT_MAX_JUDGE_TOKENS;
  if (maxJudgeTokens === 0) throw new UsageError("--max-judge-tokens must be at least 1 (the iteration cap bounds the verifier's calls anyway)");
  const { state, where } = await startLoop({
    env: io.env,
    cwd: io.cwd,
    task,
    maxIterations,
    completionPromise: promise,
    verify: values.verify ?? null,
    maxMinutes,
    maxJudgeTokens,
    ...(values["session-id"] !== undefined ? { sessionId: values["session-id"] } : {}),
    ...(values.store !== undefined ? { storeSpec: values.store } : {}),
  });
  io.stdout(
    [
      `hookjudge loop armed: ${state.id}`,
      `  task:        ${state.task}`,
      `  project:     ${state.project}`,
      `  session:     ${state.sessionId ?? "(not given: the first session whose agent stops in this project claims the loop)"}`,
      `  iterations:  ${maxIterations === 0 ? "no limit (--max-iterations 0)" : `at most ${maxIterations}`}`,
      `  promise:     <promise>${promise}</promise> alone on the last line of the agent's final message`,
      `  verifier:    ${state.verify ?? "none (the promise alone ends the loop)"}`,
      `  time:        ${maxMinutes === null ? "no limit" : `at most ${maxMinutes} min`}`,
      `  verifier tokens: at most ${maxJudgeTokens}`,
      `  state:       ${where}/${loopKey(state.id)}`,
      "",
    ].join("\n"),
  );
  return 0;
}

async function loopStatus(argv: string[], io: CliIo): Promise<number> {
  const { values } = parseCommandArgs("loop status", argv, { json: { type: "boolean" }, store: { type: "string" } });
  const { loops, notes } = await (await loopCommands()).listLoops({ env: io.env, cwd: io.cwd, ...(values.store !== undefined ? { storeSpec: values.store } : {}) });
  for (const note of notes) io.stderr(note + "\n");
  if (values.json) {
    for (const state of loops) io.stdout(JSON.stringify(state) + "\n");
    return 0;
  }
  if (loops.length === 0) {
    io.stdout("no active loops\n");
    return 0;
  }
  const header = ["loop", "session", "iteration", "elapsed", "verifier", "last verifier reason"];
  const rows = loops.map((state) => [
    state.id,
    state.sessionId ?? "(unclaimed)",
    `${state.iteration}/${state.maxIterations === 0 ? "∞" : state.maxIterations}`,
    formatMinutes((Date.now() - Date.parse(state.startedAt)) / 60_000),
    state.verify ?? "—",
    truncateEnd((state.lastReason ?? "—").replace(/\s+/g, " "), 60),
  ]);
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column]!.length)));
  for (const row of [header, ...rows]) io.stdout(row.map((cell, column) => (column === row.length - 1 ? cell : cell.padEnd(widths[column]!))).join("  ") + "\n");
  return 0;
}

async function loopCancel(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommandArgs("loop cancel", argv, { all: { type: "boolean" }, "session-id": { type: "string" }, store: { type: "string" } });
  const cancelled = await (await loopCommands()).cancelLoops({
    env: io.env,
    cwd: io.cwd,
    ids: positionals,
    ...(values.all ? { all: true } : {}),
    ...(values["session-id"] !== undefined ? { sessionId: values["session-id"] } : {}),
    ...(values.store !== undefined ? { storeSpec: values.store } : {}),
  });
  for (const loop of cancelled) io.stdout(`cancelled loop ${loop.id} (${loop.sessionId ?? "unclaimed"}, iteration ${loop.iteration})\n`);
  if (cancelled.length === 0) io.stdout("no active loops\n");
  return 0;
}

/** The Stop hook of loops: `"command": "hookjudge loop stop-hook"`. */
async function loopStopHook(argv: string[], io: CliIo): Promise<number> {
  const { values } = parseCommandArgs("loop stop-hook", argv, { store: { type: "string" }, runtime: { type: "string" } });
  checkRuntimeName(values.runtime);
  if (io.env["HOOKJUDGE_ACTIVE"] === "1") return 0;
  const text = await io.readStdin();
  const runtime = runtimeFor(values.runtime, text, io.env);
  // the loop's code loads only for this subcommand
  const { answerLoopStop } = await import("../answer/loop-stop.js");
  const answer = await answerLoopStop(runtime.parse(text), { env: io.env, cwd: io.cwd, ...(values.store !== undefined ? { storeSpec: values.store } : {}) });
  return printAnswer(io, runtime, answer);
}

/** The loop commands, loaded only by them: they read hook files (YAML), which the Stop hook never needs without a verifier. */
function loopCommands(): Promise<typeof import("../answer/loop-commands.js")> {
  return import("../answer/loop-commands.js");
}

/** A whole number ≥ 0 from a flag, read in base 10 (`08` is 8, never octal). */
function parseCount(flag: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const number = Number.parseInt(value.trim(), 10);
  if (!/^\d+$/.test(value.trim()) || !Number.isSafeInteger(number)) {
    throw new UsageError(`${flag} expects a whole number (0 for no limit), received ${JSON.stringify(value)}`);
  }
  return number;
}
