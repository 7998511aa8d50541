import { isHookJudgeError } from "../errors.js";
import { readHook } from "../hook/load.js";
import { stateRoot } from "../internal/state.js";
import { normalizePromise } from "../loop/promise.js";
import { newLoopId, removeLoop, scanLoops, withLoopsLock, writeLoop, type LoopState } from "../loop/state.js";
import { formatMinutes, handleLoopStop } from "../loop/stop-hook.js";
import { toClaudeCode } from "../protocol/claude-code.js";
import { truncateEnd } from "../internal/text.js";
import { parseCommandArgs, parsePositiveNumber } from "./args.js";
import { readHookEvent, UsageError, type CliIo } from "./io.js";

/** The default iteration cap: finite, so a forgotten loop ends on its own. */
export const DEFAULT_MAX_ITERATIONS = 20;
const DEFAULT_PROMISE = "DONE";
const DEFAULT_MAX_JUDGE_TOKENS = 500_000;

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
    "max-iterations": { type: "string" },
    "completion-promise": { type: "string" },
    verify: { type: "string" },
    "max-minutes": { type: "string" },
    "max-judge-tokens": { type: "string" },
    "session-id": { type: "string" },
  });
  if (positionals.length !== 1 || positionals[0]!.trim() === "") {
    throw new UsageError(`hookjudge loop start: give the task as one quoted argument, e.g. hookjudge loop start "make the tests pass"; received ${positionals.length} arguments`);
  }
  const maxIterations = parseCount("--max-iterations", values["max-iterations"]) ?? DEFAULT_MAX_ITERATIONS;
  const promise = normalizePromise(values["completion-promise"] ?? DEFAULT_PROMISE);
  if (promise === "" || /[<>]/.test(promise)) throw new UsageError("--completion-promise must be plain text without < or >");
  const maxMinutes = parsePositiveNumber("--max-minutes", values["max-minutes"]) ?? null;
  const maxJudgeTokens = parseCount("--max-judge-tokens", values["max-judge-tokens"]) || DEFAULT_MAX_JUDGE_TOKENS;
  const verify = values.verify ?? null;
  if (verify !== null) {
    // a verifier that cannot load is refused now, not at the end of the loop
    const read = readHook(verify, { cwd: io.cwd });
    if (read.problems.length > 0) throw new UsageError(`--verify ${verify}: ${read.definition.loadError!.message}`);
  }
  const session = nonEmpty(values["session-id"]) ?? nonEmpty(io.env["CLAUDE_CODE_SESSION_ID"]) ?? null;
  const stateDir = stateRoot(io.cwd, io.env);
  const state: LoopState = {
    version: 1,
    id: newLoopId(),
    task: positionals[0]!,
    sessionId: session,
    maxIterations,
    completionPromise: promise,
    verify: verify === null ? null : readHook(verify, { cwd: io.cwd }).definition.source.replace(/^builtin:/, ""),
    maxMinutes,
    maxJudgeTokens,
    startedAt: new Date().toISOString(),
    iteration: 0,
    judgeTokens: 0,
    lastReason: null,
    sameReasonCount: 0,
  };
  withLoopsLock(stateDir, () => {
    const existing = scanLoops(stateDir).loops.find((entry) => entry.state.sessionId === session);
    if (existing) {
      throw new UsageError(
        session === null
          ? `loop ${existing.state.id} is already waiting for a session to claim it; cancel it first (hookjudge loop cancel ${existing.state.id})`
          : `session ${session} already has loop ${existing.state.id}; cancel it first (hookjudge loop cancel)`,
      );
    }
    writeLoop(stateDir, state);
  });
  io.stdout(
    [
      `hookjudge loop armed: ${state.id}`,
      `  task:        ${truncateEnd(state.task.replace(/\s+/g, " "), 100)}`,
      `  session:     ${session ?? "(not given: the first session whose agent stops claims the loop)"}`,
      `  iterations:  ${maxIterations === 0 ? "no limit (--max-iterations 0)" : `at most ${maxIterations}`}`,
      `  promise:     <promise>${promise}</promise> alone on the last line of the agent's final message`,
      `  verifier:    ${state.verify ?? "none (the promise alone ends the loop)"}`,
      `  time:        ${maxMinutes === null ? "no limit" : `at most ${maxMinutes} min`}`,
      `  state:       ${stateDir}/loops/${state.id}.json`,
      "",
    ].join("\n"),
  );
  return 0;
}

async function loopStatus(argv: string[], io: CliIo): Promise<number> {
  const { values } = parseCommandArgs("loop status", argv, { json: { type: "boolean" } });
  const stateDir = stateRoot(io.cwd, io.env);
  const scan = scanLoops(stateDir);
  for (const note of scan.setAside) io.stderr(note + "\n");
  if (values.json) {
    for (const { state } of scan.loops) io.stdout(JSON.stringify(state) + "\n");
    return 0;
  }
  if (scan.loops.length === 0) {
    io.stdout("no active loops\n");
    return 0;
  }
  const header = ["loop", "session", "iteration", "elapsed", "verifier", "last verifier reason"];
  const rows = scan.loops.map(({ state }) => [
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
  const { values, positionals } = parseCommandArgs("loop cancel", argv, { all: { type: "boolean" }, "session-id": { type: "string" } });
  const stateDir = stateRoot(io.cwd, io.env);
  const cancelled = withLoopsLock(stateDir, () => {
    const loops = scanLoops(stateDir).loops.map((entry) => entry.state);
    let chosen: LoopState[];
    if (values.all) chosen = loops;
    else if (positionals.length > 0) {
      chosen = loops.filter((loop) => positionals.includes(loop.id));
      const unknown = positionals.filter((id) => !loops.some((loop) => loop.id === id));
      if (unknown.length > 0) throw new UsageError(`no loop ${unknown.join(", ")}; hookjudge loop status lists them`);
    } else {
      const session = nonEmpty(values["session-id"]) ?? nonEmpty(io.env["CLAUDE_CODE_SESSION_ID"]);
      chosen = session !== undefined ? loops.filter((loop) => loop.sessionId === session) : loops.length === 1 ? loops : [];
      if (chosen.length === 0) {
        throw new UsageError(
          loops.length === 0
            ? "no active loops"
            : session !== undefined
              ? `session ${session} has no loop; hookjudge loop status lists them`
              : `${loops.length} loops are active: name one (hookjudge loop cancel <id>), or use --all`,
        );
      }
    }
    for (const loop of chosen) removeLoop(stateDir, loop.id);
    return chosen;
  });
  for (const loop of cancelled) io.stdout(`cancelled loop ${loop.id} (${loop.sessionId ?? "unclaimed"}, iteration ${loop.iteration})\n`);
  if (cancelled.length === 0) io.stdout("no active loops\n");
  return 0;
}

/** The Stop hook of loops: `"command": "hookjudge loop stop-hook"`. */
async function loopStopHook(argv: string[], io: CliIo): Promise<number> {
  parseCommandArgs("loop stop-hook", argv, {});
  if (io.env["HOOKJUDGE_ACTIVE"] === "1") return 0;
  const event = await readHookEvent(io);
  if ("error" in event) {
    const { message } = event.error;
    io.stderr(`hookjudge loop: ${message}\n`);
    io.stdout(JSON.stringify({ systemMessage: `hookjudge loop could not read the Stop event (${message}); no loop ran this time` }) + "\n");
    return 0;
  }
  const { input } = event;
  const stateDir = stateRoot(input.cwd ?? io.cwd, io.env);
  let decision;
  try {
    decision = await handleLoopStop(input, {
      stateDir,
      judge: async (reference, event, extra) => {
        // the model SDK and the executor load only when a loop has a verifier to run
        const { runHook } = await import("../executor/run-hooks.js");
        const hook = readHook(reference, { cwd: input.cwd ?? io.cwd }).definition;
        return runHook(hook, event, { env: io.env, render: { extra }, blockCap: false, stateDir });
      },
    });
  } catch (error) {
    if (!isHookJudgeError(error)) throw error;
    io.stderr(`hookjudge loop: ${error.message}\n`);
    io.stdout(JSON.stringify({ systemMessage: `hookjudge loop could not run (${error.code}): ${error.message}` }) + "\n");
    return 0;
  }
  if (!decision) return 0;
  const output = toClaudeCode("Stop", decision);
  io.stdout(output.stdout);
  io.stderr(output.stderr);
  return output.exitCode;
}

/** A whole number ≥ 0 from a flag, read in base 10 (`08` is 8, never octal). */
function parseCount(flag: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value.trim())) throw new UsageError(`${flag} expects a whole number (0 for no limit), received ${JSON.stringify(value)}`);
  return Number.parseInt(value.trim(), 10);
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === "" || value === "null" || value === "undefined" ? undefined : value;
}
