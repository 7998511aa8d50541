import { existsSync, realpathSync } from "node:fs";
import { join } from "node:path";
import { hookApplies } from "../hook/applies.js";
import { readHook } from "../hook/load.js";
import { findProjectDir, stateRoot } from "../internal/state.js";
import { normalizePromise } from "../loop/promise.js";
import { loopKey, newLoopId, removeLoop, scanLoops, withLoopsLock, writeLoop, type LoopState } from "../loop/state.js";
import { openStore } from "../store/open.js";
import type { StateStore } from "../store/store.js";
import { formatMinutes, handleLoopStop, meaningfulSession } from "../loop/stop-hook.js";
import { toClaudeCode } from "../protocol/claude-code.js";
import { truncateEnd } from "../internal/text.js";
import { parseCommandArgs, parsePositiveNumber } from "./args.js";
import type { Outcome } from "../judge/outcome.js";
import { edgeRunOptions, readHookEvent, UsageError, type CliIo } from "./io.js";

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
    "task-stdin": { type: "boolean" },
    "max-iterations": { type: "string" },
    "completion-promise": { type: "string" },
    verify: { type: "string" },
    "max-minutes": { type: "string" },
    "max-judge-tokens": { type: "string" },
    "session-id": { type: "string" },
    store: { type: "string" },
  });
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
  const verify = values.verify ?? null;
  if (verify !== null) checkVerifier(verify, io.cwd);
  const session = meaningfulSession(values["session-id"]) ?? meaningfulSession(io.env["CLAUDE_CODE_SESSION_ID"]) ?? null;
  const project = projectFolder(io);
  const stateDir = stateRoot(project, io.env);
  const state: LoopState = {
    version: 1,
    id: newLoopId(),
    task,
    sessionId: session,
    project,
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
    verifierErrors: 0,
  };
  const where = await withStore(values.store, stateDir, io, (store) =>
    withLoopsLock(store, async () => {
      const existing = (await scanLoops(store)).loops.find((loop) => loop.sessionId === session && loop.project === project);
      if (existing) {
        throw new UsageError(
          session === null
            ? `loop ${existing.id} is already waiting for a session to claim it; cancel it first (hookjudge loop cancel ${existing.id})`
            : `session ${session} already has loop ${existing.id}; cancel it first (hookjudge loop cancel)`,
        );
      }
      await writeLoop(store, state);
      return store.where;
    }),
  );
  io.stdout(
    [
      `hookjudge loop armed: ${state.id}`,
      `  task:        ${state.task}`,
      `  project:     ${project}`,
      `  session:     ${session ?? "(not given: the first session whose agent stops in this project claims the loop)"}`,
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
  const stateDir = stateRoot(projectFolder(io), io.env);
  const scan = await withStore(values.store, stateDir, io, (store) => withLoopsLock(store, () => scanLoops(store)));
  for (const note of scan.setAside) io.stderr(note.message + "\n");
  if (values.json) {
    for (const state of scan.loops) io.stdout(JSON.stringify(state) + "\n");
    return 0;
  }
  if (scan.loops.length === 0) {
    io.stdout("no active loops\n");
    return 0;
  }
  const header = ["loop", "session", "iteration", "elapsed", "verifier", "last verifier reason"];
  const rows = scan.loops.map((state) => [
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
  const stateDir = stateRoot(projectFolder(io), io.env);
  const cancelled = await withStore(values.store, stateDir, io, (store) => withLoopsLock(store, async () => {
    const { loops } = await scanLoops(store);
    let chosen: LoopState[];
    if (values.all) chosen = loops;
    else if (positionals.length > 0) {
      chosen = loops.filter((loop) => positionals.includes(loop.id));
      const unknown = positionals.filter((id) => !loops.some((loop) => loop.id === id));
      if (unknown.length > 0) throw new UsageError(`no loop ${unknown.join(", ")}; hookjudge loop status lists them`);
    } else {
      const session = meaningfulSession(values["session-id"]) ?? meaningfulSession(io.env["CLAUDE_CODE_SESSION_ID"]);
      // a known session cancels its own loop only: never another session's, even the only one
      chosen = session !== undefined ? loops.filter((loop) => loop.sessionId === session) : loops.length === 1 ? loops : [];
      if (chosen.length === 0) {
        if (loops.length === 0) throw new UsageError("no active loops");
        const how = `cancel one with hookjudge loop cancel <id>, or every one with hookjudge loop cancel --all`;
        throw new UsageError(
          session !== undefined
            ? `session ${session} has no loop; nothing cancelled. Active: ${listLoops(loops)}; ${how}`
            : `no session is known (CLAUDE_CODE_SESSION_ID or --session-id) and ${loops.length} loops are active: ${listLoops(loops)}; ${how}`,
        );
      }
    }
    for (const loop of chosen) await removeLoop(store, loop.id);
    return chosen;
  }));
  for (const loop of cancelled) io.stdout(`cancelled loop ${loop.id} (${loop.sessionId ?? "unclaimed"}, iteration ${loop.iteration})\n`);
  if (cancelled.length === 0) io.stdout("no active loops\n");
  return 0;
}

// "3f2a… (session A, iteration 2), 9c1d… (unclaimed, iteration 0)"
function listLoops(loops: LoopState[]): string {
  return loops.map((loop) => `${loop.id} (${loop.sessionId === null ? "unclaimed" : `session ${loop.sessionId}`}, iteration ${loop.iteration})`).join(", ");
}

/** The Stop hook of loops: `"command": "hookjudge loop stop-hook"`. */
async function loopStopHook(argv: string[], io: CliIo): Promise<number> {
  const { values } = parseCommandArgs("loop stop-hook", argv, { store: { type: "string" } });
  if (io.env["HOOKJUDGE_ACTIVE"] === "1") return 0;
  const event = await readHookEvent(io);
  if ("error" in event) {
    const { message } = event.error;
    io.stderr(`hookjudge loop: ${message}\n`);
    io.stdout(JSON.stringify({ systemMessage: `hookjudge loop could not read the Stop event (${message}); no loop ran this time` }) + "\n");
    return 0;
  }
  const { input } = event;
  let decision;
  const outcomes: Outcome[] = [];
  try {
    const eventFolder = realFolder(input.cwd ?? io.cwd);
    const shared = io.store !== undefined || values.store !== undefined;
    // a shared store holds every project's loops; the state folder is found from the event's
    const stateDir = shared ? stateRoot(eventFolder, io.env) : loopStateDir(eventFolder, io);
    if (stateDir === undefined) return 0;
    decision = await withStore(values.store, stateDir, io, (store) =>
      handleLoopStop(input, {
      store,
      eventFolder,
      ...(io.signal ? { signal: io.signal } : {}),
      judge: async (reference, event, extra) => {
        // the model SDK and the executor load only when a loop has a verifier to run
        const { runHook } = await import("../executor/run-hooks.js");
        const hook = readHook(reference, { cwd: eventFolder }).definition;
        const result = await runHook(hook, event, { env: io.env, ...edgeRunOptions(io), render: { extra }, blockCap: false, stateDir });
        for (const entry of result.results) if (entry.outcome) outcomes.push(entry.outcome);
        return result;
      },
    }),
    );
  } catch (error) {
    // whatever goes wrong, the answer stays a hook answer: a visible message, exit 0
    const message = (error as Error)?.message ?? String(error);
    io.stderr(`hookjudge loop: ${message}\n`);
    io.stdout(JSON.stringify({ systemMessage: `hookjudge loop could not run: ${message}` }) + "\n");
    return 0;
  }
  io.report?.({
    event: "Stop",
    decision: decision?.kind ?? "pass",
    decidedBy: outcomes.some((outcome) => outcome.kind === "error") ? "error" : "loop",
    outcomes,
  });
  if (!decision) return 0;
  const output = toClaudeCode("Stop", decision);
  io.stdout(output.stdout);
  io.stderr(output.stderr);
  return output.exitCode;
}

/**
 * Run `work` on the loops' store: the server's shared one, else `--store`, else the state folder.
 * A store opened here is closed after.
 */
async function withStore<T>(spec: string | undefined, stateDir: string, io: CliIo, work: (store: StateStore) => Promise<T>): Promise<T> {
  if (io.store && spec === undefined) return work(io.store);
  const store = await openStore(spec, stateDir);
  try {
    return await work(store);
  } finally {
    await store.close();
  }
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

/** The project a loop command acts on: `$CLAUDE_PROJECT_DIR`, else the nearest folder up with `.hookjudge/` or `.git` (realpath). */
function projectFolder(io: CliIo): string {
  return findProjectDir(io.cwd, io.env);
}

function realFolder(path: string): string {
  try {
    return realpathSync.native(path);
  } catch {
    return path;
  }
}

/**
 * Where a Stop event's loops live: the state folder of the event's project (found from a subfolder
 * the agent `cd`-ed into too), or none when that project has no loops.
 */
function loopStateDir(eventFolder: string, io: CliIo): string | undefined {
  const stateDir = stateRoot(eventFolder, io.env);
  return existsSync(join(stateDir, "loops")) ? stateDir : undefined;
}

/** A verifier must load and must judge Stop events, or no promise could ever end the loop. */
function checkVerifier(reference: string, cwd: string): void {
  const read = readHook(reference, { cwd });
  if (read.problems.length > 0) throw new UsageError(`--verify ${reference}: ${read.definition.loadError!.message}`);
  const hook = read.definition;
  if (!hookApplies(hook, { hook_event_name: "Stop", stop_hook_active: false })) {
    throw new UsageError(`--verify ${reference}: this hook does not judge Stop events (its events${hook.if ? " or its if rule" : ""} leave Stop out)`);
  }
}
