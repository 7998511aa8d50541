import { existsSync } from "node:fs";
import { resolve } from "node:path";
import { toProviderRequest } from "../backends/index.js";
import { isHookJudgeError, type HookJudgeError } from "../errors.js";
import { planRequests, runHooks, type HookRunResult, type RunOptions, type RunResult } from "../executor/run-hooks.js";
import { brokenHook, type HookDefinition } from "../hook/definition.js";
import { isKnownEvent, type HookInput } from "../hook/input.js";
import { readHook } from "../hook/load.js";
import { readSettingsHooks } from "../hook/settings.js";
import { findProjectDir } from "../internal/state.js";
import type { OnError } from "../policy/failure.js";
import type { ParsedEvent } from "../runtimes/types.js";
import { readProjectConfig } from "./project-config.js";
import { runOptionsOf, totalUsage, type Answer, type AnswerOptions } from "./types.js";

/** Options for {@link judgeEvent}: where it runs, and the command line's overrides. */
export interface JudgeEventOptions extends AnswerOptions {
  /** Overrides every hook's model. */
  model?: string;
  /** Overrides every hook's timeout, in seconds. */
  timeout?: number;
  /** Overrides every hook's failure policy. */
  onError?: OnError;
  /** Overrides every hook's `votes`. */
  votes?: number;
}

/** The answer of hooks to one event: the merged decision and each hook's part. */
export interface HookAnswer extends Answer {
  /** The hooks that applied, in the order given. */
  results: HookRunResult[];
  /** Problems with state files, also carried in the decision's `systemMessage`. */
  notes: string[];
}

/**
 * Judge an event with `hooks`: every hook that applies, then the failure policy, the Stop block
 * cap and the merge. An event that could not be read is answered by every hook's failure policy
 * with the error (what could be read of it, such as the event and the tool, still decides which
 * hooks apply); `null` when not even the event can be told.
 */
export async function judgeEvent(hooks: HookDefinition[], event: ParsedEvent, options: JudgeEventOptions): Promise<HookAnswer | null> {
  if (!event.ok) return answerUnreadable(hooks, event.error, event.recovered, options);
  // what the host fed back of hookjudge's own answer is not the user's: it passes unjudged
  if (event.unjudged !== undefined) {
    const result: RunResult = { event: event.input.hook_event_name, decision: { kind: "pass", source: "guard" }, results: [], notes: [] };
    return { ...hookAnswer(result, [], false), decidedBy: "none", host: event.host };
  }
  const diagnostics: string[] = [];
  const result = await runHooks(hooks, event.input, { ...judgeRunOptions(event.input, options, diagnostics), ...hostNames(event) });
  return { ...hookAnswer(result, diagnostics, true), host: event.host };
}

/**
 * Answer an event no hook could judge (a wrong command line, unreadable input): each hook (or a
 * stand-in for the command line) answers with `error` through its failure policy; `null` when
 * `recovered` names no known event.
 */
export async function answerUnreadable(hooks: HookDefinition[], error: HookJudgeError, recovered: Partial<HookInput>, options: JudgeEventOptions): Promise<HookAnswer | null> {
  const event = recovered.hook_event_name;
  if (event === undefined || !isKnownEvent(event)) return null;
  const standIns = hooks.length > 0 ? hooks : [brokenHook("command-line", "the command line", error)];
  const failing = standIns.map((hook) => ({ ...hook, loadError: hook.loadError ?? error }));
  const input: HookInput = { ...recovered, hook_event_name: event };
  const result = await runHooks(failing, input, { ...runOptionsOf(options), ...(options.onError ? { onError: options.onError } : {}) });
  return hookAnswer(result, [], true);
}

/** What `--dry-run` shows: the requests the hooks would send, and the hooks that did not load. */
export interface JudgmentPlan {
  event: string;
  requests: Array<{ hook: string; timeoutSeconds: number; votes: number; escalate: string[]; request: unknown }>;
  broken: HookDefinition[];
  diagnostics: string[];
}

/** Build the exact requests `hooks` would send for `input` (as the Messages API takes them), sending none. */
export function planJudgment(hooks: HookDefinition[], input: HookInput, options: JudgeEventOptions): JudgmentPlan {
  const diagnostics: string[] = [];
  const runOptions = judgeRunOptions(input, options, diagnostics);
  const planned = planRequests(
    hooks.filter((hook) => !hook.loadError),
    input,
    runOptions,
  );
  const requests = planned.map((plan) => ({ hook: plan.hook, timeoutSeconds: plan.timeoutSeconds, votes: plan.votes, escalate: plan.escalate, request: toProviderRequest(plan.model, plan.request) }));
  return { event: input.hook_event_name, requests, broken: hooks.filter((hook) => hook.loadError), diagnostics };
}

/**
 * Every hook named, each loaded or, when broken, standing in with its `config` error. A relative
 * path is found from `cwd`, else from the project folder (the agent may have `cd`-ed into a subfolder).
 */
export function loadHooks(references: string[], settingsFiles: string[], options: Pick<AnswerOptions, "cwd" | "env">): HookDefinition[] {
  const { cwd } = options;
  const project = findProjectDir(cwd, options.env);
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

/** The host's tool name, when it is not the canonical one: matchers may name it, `$TOOL_NAME` shows it. */
function hostNames(event: ParsedEvent & { ok: true }): Pick<RunOptions, "hostToolName"> {
  const { toolName } = event.host;
  return toolName !== undefined && toolName !== event.input.tool_name ? { hostToolName: toolName } : {};
}

function judgeRunOptions(input: HookInput, options: JudgeEventOptions, diagnostics: string[]): RunOptions {
  const config = readProjectConfig(findProjectDir(input.cwd ?? options.cwd, options.env), (line) => diagnostics.push(line));
  return {
    ...runOptionsOf(options),
    ...(config.auditInputs ? { auditInputs: true } : {}),
    ...(options.model ? { model: options.model } : {}),
    ...(options.timeout ? { timeout: options.timeout } : {}),
    ...(options.onError ? { onError: options.onError } : {}),
    ...(options.votes !== undefined ? { votes: options.votes } : {}),
  };
}

function hookAnswer(result: RunResult, diagnostics: string[], judged: boolean): HookAnswer {
  const outcomes = result.results.flatMap((entry) => (entry.outcome ? [entry.outcome] : []));
  const failed = outcomes.some((outcome) => outcome.kind === "error");
  for (const hook of result.results) {
    if (hook.outcome?.kind === "error") diagnostics.push(`hookjudge ${hook.hook}: ${hook.outcome.code} error: ${hook.outcome.message}\n`);
  }
  return {
    event: result.event,
    decision: result.decision,
    decidedBy: failed ? "error" : outcomes.length > 0 ? "model" : "none",
    outcomes,
    usage: totalUsage(outcomes),
    diagnostics,
    judged,
    results: result.results,
    notes: result.notes,
  };
}
