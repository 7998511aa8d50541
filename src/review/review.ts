import { sha256Hex } from "../internal/crypto.js";
import { existsSync } from "node:fs";
import { readRegularFile } from "../internal/files.js";
import { homedir } from "node:os";
import { join } from "node:path";
import { findProjectDir, installContext, stateHome } from "../internal/state.js";
import { appendAudit } from "../audit/log.js";
import { redactSecrets, redactText } from "../audit/redact.js";
import { HookJudgeError } from "../errors.js";
import type { HookDefinition } from "../hook/definition.js";
import type { HookInput } from "../hook/input.js";
import type { Outcome } from "../judge/outcome.js";
import type { Decision } from "../policy/decision.js";
import { decide, type OnError } from "../policy/failure.js";
import * as z from "../internal/zod.js";
import { analyzeCommandLine, type LineAnalysis } from "../shell/analyze.js";
import { cacheKey, DEFAULT_CACHE_TTL_MS, readCachedVerdict, writeCachedVerdict } from "./cache.js";
import { FileStore } from "../store/file-store.js";
import type { StateStore } from "../store/store.js";
import { applyRules, commandText, type ProjectRules, type RuleContext, type RuleResult } from "./rules.js";

const projectRulesSchema = z.strictObject({
  allow: z.optional(z.array(z.string().check(z.minLength(1)))),
  ask: z.optional(z.array(z.string().check(z.minLength(1)))),
  deny: z.optional(z.array(z.string().check(z.minLength(1)))),
});

/** Read a project's rules file; a missing file is no rules, a broken one an error. */
export function readProjectRules(path: string): ProjectRules {
  if (!existsSync(path)) return {};
  let value: unknown;
  try {
    value = JSON.parse(readRegularFile(path));
  } catch (error) {
    throw new HookJudgeError("config", `the rules file is not valid JSON: ${(error as Error).message}`, { location: { file: path } });
  }
  const parsed = projectRulesSchema.safeParse(value);
  if (!parsed.success) {
    throw new HookJudgeError("config", `the rules file is not {allow, ask, deny} lists of command patterns: ${parsed.error.issues.map((issue) => `${issue.path.join(".") || "value"}: ${issue.message}`).join("; ")}`, {
      location: { file: path },
    });
  }
  return parsed.data;
}

/** The default place of a project's rules: `<project>/.hookjudge/rules.json`. */
export function projectRulesPath(cwd: string): string {
  return join(cwd, ".hookjudge", "rules.json");
}

/** Options for {@link reviewCommand}. */
export interface ReviewOptions {
  /**
   * The hook that judges what no rule decides (`bash-review`) and the model it uses (part of the
   * cache key). Loaded only when a command reaches the model step, so rule decisions stay fast.
   */
  judgeWith: () => { hook: HookDefinition; model: string } | Promise<{ hook: HookDefinition; model: string }>;
  /** Ask the model (through `runHook`); only called for the ambiguous middle. */
  judge: (hook: HookDefinition, input: HookInput, summary: string) => Promise<Outcome>;
  projectRules: ProjectRules;
  /** A problem reading the project's rules: built-in denies still apply, the rest asks the user. */
  rulesError?: HookJudgeError;
  /** The state folder for the cache and the audit line, or `false` for none. */
  stateDir: string | false;
  /** @default true */
  cache?: boolean;
  /** Where the verdict cache lives. @default the state folder */
  store?: StateStore;
  /** @default 7 days */
  cacheTtlMs?: number;
  passDecision?: "none" | "allow";
  onError?: OnError;
  /** Keep the input (secrets redacted) in the audit line, for `eval --replay`. @default false */
  auditInputs?: boolean;
  /** Where `HOME`, `CLAUDE_PROJECT_DIR` and the state variables are read. @default process.env */
  env?: Record<string, string | undefined>;
}

/** A review's answer and how it was reached. */
export interface ReviewResult {
  decision: Decision;
  /** `rule:<name>`, `cache`, `model` or `error`. */
  decidedBy: string;
  rules: RuleResult;
  analysis: LineAnalysis;
  outcome?: Outcome;
  latencyMs: number;
}

/**
 * Review one Bash command: rules decide the clear cases without a model (a rule's deny is final);
 * the ambiguous middle goes to the cache, then to the model, whose real verdicts are cached.
 */
/** What the rules know of where a line runs: the folder, the project, the home and state folders, where hookjudge is installed. */
export function ruleContext(cwd: string, env: Record<string, string | undefined>): RuleContext {
  return { cwd, projectDir: findProjectDir(cwd, env), home: env["HOME"] || homedir(), stateRoot: stateHome(env), ...installContext(env) };
}

export async function reviewCommand(command: string, input: HookInput, options: ReviewOptions): Promise<ReviewResult> {
  const started = performance.now();
  const analysis = analyzeCommandLine(command);
  const cwd = input.cwd ?? process.cwd();
  const env = options.env ?? process.env;
  const rules = applyRules(analysis, options.projectRules, ruleContext(cwd, env));
  let template = "";
  let judgeName = "review-command";
  const finish = (decision: Decision, decidedBy: string, outcome?: Outcome): ReviewResult => {
    const result: ReviewResult = { decision, decidedBy, rules, analysis, latencyMs: performance.now() - started, ...(outcome ? { outcome } : {}) };
    // a model's (or cached) verdict is logged under the judging hook's name, so eval --replay finds it
    const name = decidedBy === "model" || decidedBy === "cache" ? judgeName : "review-command";
    if (options.stateDir) writeAuditLine(options.stateDir, input, command, result, template, options.auditInputs === true, name);
    return result;
  };
  if (rules.verdict === "deny") return finish({ kind: "block", reason: `hookjudge review denied this command: ${rules.reason}`, source: "verdict" }, `rule:${rules.rule}`);
  if (options.rulesError) {
    return finish(
      { kind: "ask", reason: `hookjudge could not read the project's command rules: ${options.rulesError.message}`, source: "error", systemMessage: `hookjudge review: ${options.rulesError.message}` },
      "error",
    );
  }
  if (rules.verdict === "ask") return finish({ kind: "ask", reason: `hookjudge review: ${rules.reason}`, source: "verdict" }, `rule:${rules.rule}`);
  if (rules.verdict === "allow") return finish({ kind: "pass", allow: options.passDecision === "allow", source: "verdict" }, `rule:${rules.rule}`);

  const judgeWith = await options.judgeWith();
  const hook: HookDefinition = { ...judgeWith.hook, passDecision: options.passDecision ?? judgeWith.hook.passDecision };
  template = hook.template;
  judgeName = hook.name;
  // the key is what the parser read, so spacing does not matter but every word as written (quoting
  // included), every heredoc and here-string body and every folder change does
  const parsed = JSON.stringify([analysis.commands.map((found) => [found.decodedName, found.argsText, found.args, found.redirects, found.assignments, found.via, found.stdinText, found.cwd]), analysis.errors]);
  const key = cacheKey({ promptHash: hook.template, model: judgeWith.model, command: parsed, cwd: input.cwd ?? "" });
  const store = options.cache === false ? undefined : (options.store ?? (options.stateDir === false ? undefined : new FileStore(options.stateDir)));
  if (store) {
    const cached = await readCachedVerdict(store, key, options.cacheTtlMs ?? DEFAULT_CACHE_TTL_MS);
    if (cached) return finish(decide(hook, "PreToolUse", { kind: "verdict", verdict: cached, usage: { inputTokens: 0, outputTokens: 0, costUsd: 0 }, latencyMs: 0, turns: 0, toolCalls: 0 }, options.onError), "cache");
  }
  const outcome = await options.judge(hook, input, summarize(analysis, rules));
  if (outcome.kind === "verdict" && store) {
    try {
      await writeCachedVerdict(store, key, outcome.verdict, judgeWith.model, options.cacheTtlMs ?? DEFAULT_CACHE_TTL_MS);
    } catch {
      // a cache that cannot be written costs a model call next time, nothing more
    }
  }
  return finish(decide(hook, "PreToolUse", outcome, options.onError), outcome.kind === "verdict" ? "model" : "error", outcome);
}

/** What the model is told the parser found. */
export function summarize(analysis: LineAnalysis, rules: RuleResult): string {
  const lines = analysis.commands.map((command) => {
    const text = commandText(command);
    const hit = rules.hits.find((entry) => entry.command === text);
    const via = command.via.length > 0 ? ` (inside ${command.via.join(" → ")})` : "";
    return `- ${text}${via}: ${hit ? `${hit.decision} (${hit.reason})` : "no rule decides"}`;
  });
  if (analysis.errors.length > 0) lines.push(`- the line does not parse cleanly: ${analysis.errors[0]}`);
  return lines.join("\n") || "- no command found";
}

function writeAuditLine(stateDir: string, input: HookInput, command: string, result: ReviewResult, template: string, keepInput: boolean, hookName: string): void {
  const { decision, outcome } = result;
  try {
    appendAudit(stateDir, [
      {
        time: new Date().toISOString(),
        session: input.session_id ?? null,
        event: input.hook_event_name,
        hook: hookName,
        // rule decisions use no prompt
        promptHash: template === "" ? "rules" : sha256Hex(template).slice(0, 16),
        model: outcome?.model ?? null,
        outcome: outcome ? (outcome.kind === "verdict" ? "verdict" : outcome.code) : result.decidedBy.startsWith("rule:") ? "rule" : result.decidedBy,
        ok: outcome?.kind === "verdict" ? outcome.verdict.ok : null,
        decision: decision.kind === "pass" && decision.allow === true ? "allow" : decision.kind === "block" ? "deny" : decision.kind,
        source: decision.source,
        reason: redactText(decision.kind === "pass" ? command.slice(0, 200) : decision.reason),
        latencyMs: Math.round(result.latencyMs * 100) / 100,
        turns: outcome?.turns ?? 0,
        inputTokens: outcome?.usage.inputTokens ?? 0,
        outputTokens: outcome?.usage.outputTokens ?? 0,
        costUsd: outcome?.usage.costUsd ?? 0,
        decidedBy: result.decidedBy,
        ...(keepInput ? { input: redactSecrets(input) } : {}),
      },
    ]);
  } catch {
    // the audit log is a record, never a reason to change the answer
  }
}
