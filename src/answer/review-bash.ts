import { isHookJudgeError, type HookJudgeError } from "../errors.js";
import type { HookInput } from "../hook/input.js";
import { findProjectDir, stateRoot } from "../internal/state.js";
import type { Outcome } from "../judge/outcome.js";
import type { LineAnalysis } from "../shell/analyze.js";
import { projectRulesPath, readProjectRules, reviewCommand } from "../review/review.js";
import type { ProjectRules, RuleResult } from "../review/rules.js";
import { readProjectConfig } from "./project-config.js";
import { runOptionsOf, totalUsage, type Answer, type AnswerOptions } from "./types.js";

/** Options for {@link reviewBashCall}. */
export interface ReviewBashOptions extends AnswerOptions {
  /** The project's rules file. @default `<project>/.hookjudge/rules.json` */
  rulesPath?: string;
  /** The hook that judges what no rule decides: a file or a built-in. @default "bash-review" */
  hook?: string;
  /** Overrides the hook's model. */
  model?: string;
  /** Overrides the hook's timeout, in seconds. */
  timeout?: number;
  /** `allow` answers a pass with an explicit allow. @default "none" */
  passDecision?: "none" | "allow";
  /** Use the verdict cache. @default true */
  cache?: boolean;
  /** The longest the hook may take, in seconds, when `timeout` is not given (a host that lets a slow hook through). @default the hook's own */
  maxTimeout?: number;
}

/** A review's answer: the decision and the rules' view of the line. */
export interface ReviewAnswer extends Answer {
  rules: RuleResult;
  analysis: LineAnalysis;
  /** The model's verdict or error, when the line reached the model (or the cache). */
  outcome?: Outcome;
}

/**
 * Review a Bash call (a `PreToolUse` event for `Bash`): rules decide the clear cases without a
 * model; the ambiguous middle goes to the verdict cache, then to the `bash-review` hook. `null`
 * for any other event or tool (nothing to review). The hook, its model and the model SDK load
 * only for a command that reaches the model step.
 */
export async function reviewBashCall(input: HookInput, options: ReviewBashOptions): Promise<ReviewAnswer | null> {
  const command = (input.tool_input as { command?: unknown } | undefined)?.command;
  if (input.hook_event_name !== "PreToolUse" || input.tool_name !== "Bash" || typeof command !== "string") return null;
  const { env } = options;
  const cwd = input.cwd ?? options.cwd;
  const diagnostics: string[] = [];
  const rules = loadProjectRules(options.rulesPath, findProjectDir(cwd, env));
  const hookReference = options.hook ?? "bash-review";
  let model = "";
  const result = await reviewCommand(command, input, {
    judgeWith: async () => {
      const { readHook } = await import("../hook/load.js");
      const read = readHook(hookReference, { cwd: options.cwd }).definition;
      const hook = options.maxTimeout !== undefined && read.timeout > options.maxTimeout ? { ...read, timeout: options.maxTimeout } : read;
      const { resolveModel } = await import("../executor/run-hooks.js");
      model = resolveModel(hook, { ...(options.model ? { model: options.model } : {}), env });
      return { hook, model };
    },
    projectRules: rules.rules,
    env,
    ...(rules.error ? { rulesError: rules.error } : {}),
    stateDir: stateRoot(cwd, env),
    auditInputs: readProjectConfig(findProjectDir(cwd, env), (line) => diagnostics.push(line)).auditInputs,
    cache: options.cache !== false,
    ...(options.store ? { store: options.store } : {}),
    passDecision: options.passDecision ?? "none",
    judge: async (judged, event, summary) => {
      const { runHook } = await import("../executor/run-hooks.js");
      const run = await runHook(judged, event, {
        ...runOptionsOf(options),
        model,
        stateDir: false,
        blockCap: false,
        render: { extra: { COMMAND_SUMMARY: summary } },
        ...(options.timeout ? { timeout: options.timeout } : {}),
      });
      return run.results[0]!.outcome!;
    },
  });
  const outcomes = result.outcome ? [result.outcome] : [];
  if (result.outcome?.kind === "error") diagnostics.push(`hookjudge review-command: ${result.outcome.code} error: ${result.outcome.message}\n`);
  return {
    event: "PreToolUse",
    decision: result.decision,
    decidedBy: result.outcome?.kind === "error" ? "error" : result.decidedBy,
    outcomes,
    usage: totalUsage(outcomes),
    diagnostics,
    judged: true,
    rules: result.rules,
    analysis: result.analysis,
    ...(result.outcome ? { outcome: result.outcome } : {}),
  };
}

/** The project's rules, or no rules and the error saying why the file could not be used. */
export function loadProjectRules(path: string | undefined, projectDir: string): { rules: ProjectRules; error?: HookJudgeError } {
  try {
    return { rules: readProjectRules(path ?? projectRulesPath(projectDir)) };
  } catch (error) {
    if (!isHookJudgeError(error)) throw error;
    return { rules: {}, error };
  }
}
