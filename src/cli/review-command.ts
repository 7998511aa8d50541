import { isHookJudgeError, type HookJudgeError } from "../errors.js";
import { findProjectDir, stateRoot } from "../internal/state.js";
import { toClaudeCode } from "../protocol/claude-code.js";
import { analyzeCommandLine } from "../review/analyze.js";
import { projectRulesPath, readProjectRules, reviewCommand } from "../review/review.js";
import { applyRules, commandText, type ProjectRules } from "../review/rules.js";
import { parseCommandArgs, parsePositiveNumber } from "./args.js";
import { answerHookFailure, edgeRunOptions, readHookEvent, UsageError, type CliIo } from "./io.js";
import { readProjectConfig } from "./project-config.js";

/**
 * `hookjudge review-command`: the PreToolUse hook for Bash. Rules decide the clear cases without a
 * model; the ambiguous middle goes to the cache, then to the `bash-review` hook.
 * `--explain "<command>"` shows what the rules see, and calls nothing.
 */
export async function reviewCommandCommand(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommandArgs("review-command", argv, {
    explain: { type: "string" },
    rules: { type: "string" },
    hook: { type: "string" },
    model: { type: "string" },
    timeout: { type: "string" },
    "pass-decision": { type: "string" },
    "no-cache": { type: "boolean" },
    output: { type: "string" },
  });
  if (positionals.length > 0) throw new UsageError(`review-command takes no arguments (the command comes on stdin, or with --explain), received ${JSON.stringify(positionals[0])}`);
  const passDecision = values["pass-decision"] ?? "none";
  if (passDecision !== "none" && passDecision !== "allow") throw new UsageError(`--pass-decision expects none or allow, received ${JSON.stringify(passDecision)}`);
  const timeout = parsePositiveNumber("--timeout", values.timeout);

  if (values.explain !== undefined) return explain(values.explain, loadRules(values.rules, findProjectDir(io.cwd, io.env)), io);
  if (io.env["HOOKJUDGE_ACTIVE"] === "1") return 0;

  const event = await readHookEvent(io);
  // an unreadable event on a Bash gate asks the user (or denies a plainly destructive command), never lets it through silently
  if ("error" in event) return answerHookFailure(io, { name: "review-command", event: "PreToolUse", answersEmpty: true }, event.error, event.text)!;
  const { input } = event;
  const command = (input.tool_input as { command?: unknown } | undefined)?.command;
  if (input.hook_event_name !== "PreToolUse" || input.tool_name !== "Bash" || typeof command !== "string") return 0;
  const cwd = input.cwd ?? io.cwd;
  const rules = loadRules(values.rules, findProjectDir(cwd, io.env));
  const hookReference = values.hook ?? "bash-review";
  let model = "";
  const result = await reviewCommand(command, input, {
    // the hook, its model and the executor load only for a command that reaches the model step
    judgeWith: async () => {
      const { readHook } = await import("../hook/load.js");
      const hook = readHook(hookReference, { cwd: io.cwd }).definition;
      const { resolveModel } = await import("../executor/run-hooks.js");
      model = resolveModel(hook, { ...(values.model ? { model: values.model } : {}), env: io.env });
      return { hook, model };
    },
    projectRules: rules.rules,
    env: io.env,
    ...(rules.error ? { rulesError: rules.error } : {}),
    stateDir: stateRoot(cwd, io.env),
    auditInputs: readProjectConfig(findProjectDir(cwd, io.env), io).auditInputs,
    cache: values["no-cache"] !== true,
    ...(io.store ? { store: io.store } : {}),
    passDecision,
    judge: async (judged, event, summary) => {
      // the model SDK loads only for commands no rule decides
      const { runHook } = await import("../executor/run-hooks.js");
      const run = await runHook(judged, event, {
        env: io.env,
        ...edgeRunOptions(io),
        model,
        stateDir: false,
        blockCap: false,
        render: { extra: { COMMAND_SUMMARY: summary } },
        ...(timeout ? { timeout } : {}),
      });
      return run.results[0]!.outcome!;
    },
  });
  if (values.output === "json") {
    io.stdout(JSON.stringify({ decision: result.decision, decidedBy: result.decidedBy, rules: result.rules, outcome: result.outcome ?? null }, null, 2) + "\n");
    return 0;
  }
  io.report?.({
    event: "PreToolUse",
    decision: result.decision.kind,
    decidedBy: result.outcome?.kind === "error" ? "error" : result.decidedBy,
    outcomes: result.outcome ? [result.outcome] : [],
  });
  if (result.outcome?.kind === "error") io.stderr(`hookjudge review-command: ${result.outcome.code} error: ${result.outcome.message}\n`);
  const output = toClaudeCode("PreToolUse", result.decision);
  io.stdout(output.stdout);
  io.stderr(output.stderr);
  return output.exitCode;
}

function loadRules(path: string | undefined, cwd: string): { rules: ProjectRules; error?: HookJudgeError } {
  try {
    return { rules: readProjectRules(path ?? projectRulesPath(cwd)) };
  } catch (error) {
    if (!isHookJudgeError(error)) throw error;
    return { rules: {}, error };
  }
}

function explain(command: string, rules: { rules: ProjectRules; error?: HookJudgeError }, io: CliIo): number {
  const analysis = analyzeCommandLine(command);
  const result = applyRules(analysis, rules.rules, { cwd: io.cwd });
  const lines = [`command: ${command}`, "", "commands it would run:"];
  for (const found of analysis.commands) {
    const text = commandText(found);
    const hit = result.hits.find((entry) => entry.command === text);
    lines.push(`  - ${text}${found.via.length > 0 ? `   [inside ${found.via.join(" → ")}]` : ""}`);
    if (found.assignments.length > 0) lines.push(`      environment: ${found.assignments.join(" ")}`);
    if (found.redirects.length > 0) lines.push(`      redirects: ${found.redirects.map((redirect) => `${redirect.operator} ${redirect.target}`).join(", ")}`);
    if (found.code) lines.push(`      ${found.code.interpreter} code: ${found.code.text}`);
    lines.push(`      ${hit ? `${hit.decision}: ${hit.rule} — ${hit.reason}` : "no rule decides"}`);
  }
  if (analysis.commands.length === 0) lines.push("  (none)");
  for (const hit of result.hits.filter((entry) => entry.command === command)) lines.push(`  line: ${hit.decision}: ${hit.rule} — ${hit.reason}`);
  if (analysis.errors.length > 0) lines.push("", `parse problems: ${analysis.errors.join("; ")}`);
  if (rules.error) lines.push("", `project rules: ${rules.error.message}`);
  lines.push("", `decision: ${result.verdict === "model" ? "ask the model" : result.verdict}${result.rule ? ` (rule ${result.rule})` : ""}`);
  lines.push(`model asked: ${result.verdict === "model" && !rules.error ? "yes (unless the verdict is cached)" : "no"}`);
  io.stdout(lines.join("\n") + "\n");
  return 0;
}
