import { loadProjectRules, reviewBashCall } from "../answer/review-bash.js";
import type { HookJudgeError } from "../errors.js";
import { findProjectDir } from "../internal/state.js";
import { analyzeCommandLine } from "../shell/analyze.js";
import { ruleContext } from "../review/review.js";
import { applyRules, commandText, type ProjectRules } from "../review/rules.js";
import { deadlineUnderHost } from "../runtimes/types.js";
import { checkRuntimeName, parseCommandArgs, parsePositiveNumber } from "./args.js";
import { FLAGS } from "./flags.js";
import { answerHookFailure, printAnswer, runtimeFor } from "./hook-output.js";
import { UsageError, type CliIo } from "./io.js";

/**
 * `hookjudge review-command`: the PreToolUse hook for Bash. Rules decide the clear cases without a
 * model; the ambiguous middle goes to the cache, then to the `bash-review` hook.
 * `--explain "<command>"` shows what the rules see, and calls nothing.
 */
export async function reviewCommandCommand(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommandArgs("review-command", argv, FLAGS["review-command"]);
  if (positionals.length > 0) throw new UsageError(`review-command takes no arguments (the command comes on stdin, or with --explain), received ${JSON.stringify(positionals[0])}`);
  const passDecision = values["pass-decision"] ?? "none";
  if (passDecision !== "none" && passDecision !== "allow") throw new UsageError(`--pass-decision expects none or allow, received ${JSON.stringify(passDecision)}`);
  const timeout = parsePositiveNumber("--timeout", values.timeout);
  checkRuntimeName(values.runtime);

  if (values.explain !== undefined) return explain(values.explain, loadProjectRules(values.rules, findProjectDir(io.cwd, io.env)), io, { hook: values.hook ?? "bash-review", ...(values.model ? { model: values.model } : {}) });
  if (io.env["HOOKJUDGE_ACTIVE"] === "1") return 0;

  const text = await io.readStdin();
  const runtime = runtimeFor(values.runtime, text, io.env);
  const event = runtime.parse(text);
  // an unreadable event on a Bash gate asks the user (or denies a plainly destructive command), never lets it through silently
  if (!event.ok) return answerHookFailure(io, { name: "review-command", event: "PreToolUse", answersEmpty: true, runtime: runtime.name }, event.error, text)!;
  const answer = await reviewBashCall(event.input, {
    env: io.env,
    cwd: io.cwd,
    ...(values.rules !== undefined ? { rulesPath: values.rules } : {}),
    ...(values.hook !== undefined ? { hook: values.hook } : {}),
    ...(values.model ? { model: values.model } : {}),
    // a host that lets a slow hook through (pydantic-deep, Copilot) is answered before its limit
    ...(timeout ? { timeout } : runtime.hostTimeoutSeconds !== undefined ? { maxTimeout: deadlineUnderHost(Infinity, runtime) } : {}),
    passDecision,
    cache: values["no-cache"] !== true,
  });
  if (answer === null) return 0;
  if (values.output === "json") {
    io.stdout(JSON.stringify({ decision: answer.decision, decidedBy: answer.decidedBy, rules: answer.rules, outcome: answer.outcome ?? null }, null, 2) + "\n");
    return 0;
  }
  return printAnswer(io, runtime, { ...answer, host: event.host });
}

async function explain(command: string, rules: { rules: ProjectRules; error?: HookJudgeError }, io: CliIo, judge: { hook: string; model?: string }): Promise<number> {
  const analysis = analyzeCommandLine(command);
  const result = applyRules(analysis, rules.rules, ruleContext(io.cwd, io.env));
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
  lines.push(`ladder: rules → ${await describeLadder(judge, io)}`);
  io.stdout(lines.join("\n") + "\n");
  return 0;
}

/** The rungs above the rules: the judging hook (its model and votes) and its escalate list. */
async function describeLadder(judge: { hook: string; model?: string }, io: CliIo): Promise<string> {
  const [{ readHook }, { resolveModel }] = await Promise.all([import("../hook/load.js"), import("../executor/model.js")]);
  const { definition: hook } = readHook(judge.hook, { cwd: io.cwd });
  if (hook.loadError) return `${judge.hook} (cannot be loaded: ${hook.loadError.message})`;
  const model = resolveModel(hook, { ...(judge.model ? { model: judge.model } : {}), env: io.env });
  return [`${hook.name} (${hook.type}, ${model}${hook.votes > 1 ? `, ${hook.votes} votes` : ""})`, ...hook.escalate].join(" → ");
}
