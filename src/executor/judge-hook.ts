import type { Backend } from "../backends/spec.js";
import { HookJudgeError, isHookJudgeError } from "../errors.js";
import type { HookDefinition } from "../hook/definition.js";
import type { HookInput } from "../hook/input.js";
import { listBuiltinHooks, loadHook } from "../hook/load.js";
import { withDeadline } from "../internal/deadline.js";
import { estimateCost } from "../judge/cost.js";
import { judgeAgent, type AgentEvent } from "../judge/agent-judge.js";
import { climbLadder, type Rung } from "../judge/ladder.js";
import { emptyStats, sumStats, toJudgeErrorCode, type Outcome, type OutcomeStats } from "../judge/outcome.js";
import { judgePrompt } from "../judge/prompt-judge.js";
import { judgeByVotes } from "../judge/votes.js";
import { resolveModel } from "./model.js";
import { prepare, type PreparedJudgment } from "./prepare.js";
import type { RunOptions } from "./run-hooks.js";

/** A rung of a hook's ladder: the hook with the model it judges with, and how many votes it takes. */
interface LadderStep {
  name: string;
  hook: HookDefinition;
  model: string;
  votes: number;
  prepared: PreparedJudgment;
}

/**
 * The ladder of one hook: the hook itself (with its votes), then each `escalate` entry — a hook
 * (a built-in's name or a file) judging with its own model, or a model id judging this hook's
 * prompt once. Everything is prepared before the first call, so a broken rung is a `config` error
 * before anything is spent.
 */
export function ladderOf(hook: HookDefinition, input: HookInput, options: RunOptions): LadderStep[] {
  const votes = options.votes ?? hook.votes;
  const model = resolveModel(hook, options);
  const first: LadderStep = { name: votes > 1 ? `${model} ×${votes}` : model, hook, model, votes, prepared: prepare(hook, input, options) };
  const builtins = hook.escalate.length > 0 ? listBuiltinHooks() : [];
  return [
    first,
    ...hook.escalate.map((entry): LadderStep => {
      if (/\.md$/i.test(entry) || entry.includes("/") || builtins.includes(entry)) {
        const other = loadHook(entry, { cwd: input.cwd ?? process.cwd() });
        if (other.escalate.length > 0) throw new HookJudgeError("config", `the hook ${hook.name} escalates to ${entry}, which escalates further: a ladder is one list (put every rung in ${hook.name}'s escalate)`);
        const otherModel = other.model ?? model;
        return { name: entry, hook: other, model: otherModel, votes: other.votes, prepared: prepare(other, input, { ...options, timeout: undefined }) };
      }
      return { name: entry, hook, model: entry, votes: 1, prepared: first.prepared };
    }),
  ];
}

/**
 * Judge one hook on one event within its timeout: one judgment, a majority of `votes`, or an
 * escalation ladder (unsure or split verdicts climb to the next rung, each rung with its share of
 * the time left). Never throws: every failure is an error outcome.
 */
export async function judgeHook(
  hook: HookDefinition,
  input: HookInput,
  options: RunOptions,
  backendFor: (model: string) => Promise<Backend>,
): Promise<Outcome> {
  const started = performance.now();
  // every judgment counts into its own stats as it goes: a judgment cut at its deadline still reports its usage
  const spent: OutcomeStats[] = [];
  const failed = (error: unknown): Outcome => {
    const total = sumStats(spent, spent[0]?.model ?? resolveModel(hook, options));
    const costs = spent.map((stats) => estimateCost(stats.model, stats.usage.inputTokens, stats.usage.outputTokens));
    return {
      ...total,
      usage: { ...total.usage, costUsd: costs.includes(null) ? null : costs.reduce<number>((sum, cost) => sum + cost!, 0) },
      latencyMs: performance.now() - started,
      kind: "error",
      code: isHookJudgeError(error) ? toJudgeErrorCode(error.code) : "config",
      message: isHookJudgeError(error) ? error.message : String((error as Error)?.message ?? error),
    };
  };
  if (hook.loadError) return failed(hook.loadError);
  const seconds = options.timeout ?? hook.timeout;
  let rungs: Rung[];
  try {
    const steps = ladderOf(hook, input, options);
    const backends = await Promise.all(steps.map((step) => backendFor(step.model)));
    rungs = steps.map((step, index) => rung(step, backends[index]!, input, options, spent));
  } catch (error) {
    return failed(error);
  }
  const work = rungs.length === 1 ? (signal: AbortSignal) => rungs[0]!.judge(signal, seconds * 1000) : (signal: AbortSignal) => climbLadder(rungs, { signal, timeoutMs: seconds * 1000 });
  return withDeadline(work, {
    milliseconds: seconds * 1000,
    reason: () => new HookJudgeError("timeout", `no verdict within ${seconds} s (the hook's timeout)`),
    onTimeout: failed,
    ...(options.signal ? { signal: options.signal } : {}),
  });
}

/** One rung as a judge: a single judgment, or a vote of several. */
function rung(step: LadderStep, backend: Backend, input: HookInput, options: RunOptions, spent: OutcomeStats[]): Rung {
  const { hook, prepared } = step;
  const once = (signal: AbortSignal): Promise<Outcome> => {
    const stats = emptyStats(step.model);
    spent.push(stats);
    const { request, agent } = prepared;
    if (!agent) return judgePrompt({ backend, request, signal, stats, ...(options.repair === false ? { repair: false } : {}) });
    return judgeAgent({
      backend,
      request,
      event: input.hook_event_name,
      tools: agent.tools,
      context: { ...agent.context, signal },
      maxTurns: hook.maxTurns,
      tokenBudget: hook.tokenBudget,
      signal,
      stats,
      ...(options.onAgentEvent ? { onEvent: (event: AgentEvent) => options.onAgentEvent!(hook.name, event) } : {}),
    });
  };
  const canAsk = input.hook_event_name === "PreToolUse" || input.hook_event_name === "PermissionRequest";
  return {
    name: step.name,
    judge: step.votes > 1 ? (signal) => judgeByVotes(once, { votes: step.votes, canAsk, signal }) : once,
  };
}
