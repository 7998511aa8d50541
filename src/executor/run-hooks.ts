import pLimit from "p-limit";
import { appendAudit } from "../audit/log.js";
import { redactSecrets } from "../audit/redact.js";
import { createBackend } from "../backends/index.js";
import type { Backend, BackendRequest } from "../backends/spec.js";
import { hookApplies } from "../hook/applies.js";
import type { HookDefinition } from "../hook/definition.js";
import type { HookInput } from "../hook/input.js";
import { sha256Hex } from "../internal/crypto.js";
import { stateRoot } from "../internal/state.js";
import type { AgentEvent } from "../judge/agent-judge.js";
import type { Outcome } from "../judge/outcome.js";
import { isStopEvent } from "../judge/verdict.js";
import { applyBlockCap } from "../policy/block-cap.js";
import type { Decision } from "../policy/decision.js";
import { decide, type OnError } from "../policy/failure.js";
import { mergeDecisions } from "../policy/merge.js";
import { FileStore } from "../store/file-store.js";
import type { StateStore } from "../store/store.js";
import type { RenderOptions } from "../template/render.js";
import { transcriptReader } from "../template/variables.js";
import { auditEntry } from "./audit-entry.js";
import { judgeHook } from "./judge-hook.js";
import { resolveModel } from "./model.js";
import { prepare } from "./prepare.js";

export { DEFAULT_MODEL, resolveModel } from "./model.js";

/** Options for {@link runHooks} and {@link runHook}. */
export interface RunOptions {
  /**
   * The backend: one instance for every hook, or a factory by model id.
   * @default an Anthropic backend per model (`ANTHROPIC_API_KEY`, `ANTHROPIC_BASE_URL`)
   */
  backend?: Backend | ((model: string) => Backend | Promise<Backend>);
  /** Overrides every hook's model (the CLI's `--model`). */
  model?: string;
  /** Overrides every hook's timeout, in seconds (the CLI's `--timeout`). */
  timeout?: number;
  /** Overrides every hook's failure policy (the CLI's `--on-error`). */
  onError?: OnError;
  /** Environment for the model precedence and `HOOKJUDGE_HOME`. @default process.env */
  env?: Record<string, string | undefined>;
  /**
   * The state folder (audit log, block counters), or `false` for none.
   * @default the state folder of the input's project (see `stateRoot`)
   */
  stateDir?: string | false;
  /** Where the Stop block counters live. @default the state folder */
  store?: StateStore;
  /** Hooks judged at once. @default 8 */
  concurrency?: number;
  /** Aborts every judgment in flight. */
  signal?: AbortSignal;
  /** Template rendering limits. */
  render?: RenderOptions;
  /**
   * Apply the per-session Stop block cap. A loop's verifier turns it off: the loop has caps of its own.
   * @default true
   */
  blockCap?: boolean;
  /**
   * Keep each decision's input in the audit log (secrets redacted), so `hookjudge eval --replay`
   * can judge past decisions again. Off by default; the CLI turns it on from the project's
   * `.hookjudge/config.json` (`{"audit": {"inputs": true}}`).
   * @default false
   */
  auditInputs?: boolean;
  /**
   * The host's own tool name when it differs from the canonical one (`run_shell_command` for
   * `Bash`): matchers may name either, and `$TOOL_NAME` shows the host's.
   */
  hostToolName?: string;
  /** Called with each step of an agent hook's verifier run. */
  onAgentEvent?: (hook: string, event: AgentEvent) => void;
  /** Overrides every hook's `votes` (the CLI's `--votes`): odd, the majority decides. */
  votes?: number;
  /**
   * A prompt judge's one repair request for a reply that is not a verdict; `eval --batch` turns it
   * off (a batch has one round).
   * @default true
   */
  repair?: boolean;
}

/** One hook's part of a run. */
export interface HookRunResult {
  hook: string;
  /** The verdict or error; `null` when the hook passed without judging (`respect-stop-hook-active`). */
  outcome: Outcome | null;
  decision: Decision;
  promptHash: string;
}

/** The result of running hooks on one event. */
export interface RunResult {
  event: string;
  /** The merged decision, ready for a protocol. */
  decision: Decision;
  /** The hooks that applied to the event, in the order given. */
  results: HookRunResult[];
  /** Problems with state files, also carried in the decision's `systemMessage`. */
  notes: string[];
}

/** A request as it would be sent, for `--dry-run`. */
export interface PlannedRequest {
  hook: string;
  model: string;
  timeoutSeconds: number;
  request: BackendRequest;
  /** Judgments per event; the majority decides. */
  votes: number;
  /** The rungs above the hook when its verdict is unsure or its votes split. */
  escalate: string[];
}

/** Build the exact requests the applicable hooks would send, without sending them. */
export function planRequests(hooks: HookDefinition[], input: HookInput, options: RunOptions = {}): PlannedRequest[] {
  return hooks
    .filter((hook) => hookApplies(hook, input, options.hostToolName))
    .map((hook) => ({
      hook: hook.name,
      model: resolveModel(hook, options),
      timeoutSeconds: options.timeout ?? hook.timeout,
      request: prepare(hook, input, options).request,
      votes: options.votes ?? hook.votes,
      escalate: hook.escalate,
    }));
}

/** Judge one hook on one event; see {@link runHooks}. */
export function runHook(hook: HookDefinition, input: HookInput, options: RunOptions = {}): Promise<RunResult> {
  return runHooks([hook], input, options);
}

/**
 * Judge an event with every hook that applies to it, in parallel under one concurrency limit,
 * then apply the failure policy, the Stop block cap and the merge rule (block > ask > allow), and
 * write one audit line per hook. Never throws for a judge failure: errors are outcomes.
 */
export async function runHooks(hooks: HookDefinition[], input: HookInput, options: RunOptions = {}): Promise<RunResult> {
  const event = input.hook_event_name;
  const applicable = hooks.filter((hook) => hookApplies(hook, input, options.hostToolName));
  const limit = pLimit(options.concurrency ?? 8);
  const backends = new Map<string, Promise<Backend>>();
  const backendFor = (model: string): Promise<Backend> => {
    let backend = backends.get(model);
    if (!backend) {
      const given = options.backend;
      backend = Promise.resolve().then(() =>
        given === undefined
          ? createBackend({ model, ...(options.env ? { env: options.env } : {}) })
          : typeof given === "function"
            ? given(model)
            : given,
      );
      backends.set(model, backend);
    }
    return backend;
  };

  // every hook of this event reads the same transcript (read once) and the same environment
  // (process.env is slow to read, so the two variables the model precedence needs are copied)
  const env = options.env ?? process.env;
  const shared: RunOptions = {
    ...options,
    env: { HOOKJUDGE_MODEL: env["HOOKJUDGE_MODEL"], ANTHROPIC_DEFAULT_HAIKU_MODEL: env["ANTHROPIC_DEFAULT_HAIKU_MODEL"] },
    render: { transcript: transcriptReader(input), ...options.render },
  };
  const results = await Promise.all(
    applicable.map((hook) =>
      limit(async (): Promise<HookRunResult> => {
        const promptHash = hashTemplate(hook.template);
        if (hook.respectStopHookActive && isStopEvent(event) && input.stop_hook_active === true) {
          return { hook: hook.name, outcome: null, decision: { kind: "pass", source: "guard" }, promptHash };
        }
        const outcome = await judgeHook(hook, input, shared, backendFor);
        return { hook: hook.name, outcome, decision: decide(hook, event, outcome, options.onError), promptHash };
      }),
    ),
  );

  const stateDir = options.stateDir === false ? undefined : (options.stateDir ?? stateRoot(input.cwd ?? process.cwd(), options.env));
  const notes: string[] = [];
  // a run cancelled by its caller answers no one: it must not count as a block in the chain
  if (stateDir && options.blockCap !== false && isStopEvent(event) && results.length > 0 && !options.signal?.aborted) {
    const capped = results.map((result, index) => ({
      hook: result.hook,
      maxBlocks: applicable[index]!.maxBlocks,
      decision: result.decision,
    }));
    notes.push(...(await applyBlockCap(options.store ?? new FileStore(stateDir), input, capped)));
    capped.forEach((entry, index) => (results[index]!.decision = entry.decision));
  }
  if (stateDir) {
    try {
      const recorded = options.auditInputs ? redactSecrets(input) : undefined;
      appendAudit(stateDir, results.map((result) => ({ ...auditEntry(input, result), ...(recorded ? { input: recorded } : {}) })));
    } catch (error) {
      notes.push(`hookjudge: cannot write the audit log in ${stateDir} (${(error as Error).message})`);
    }
  }
  const decision = results.length === 0 ? ({ kind: "pass", source: "verdict" } as Decision) : mergeDecisions(results.map(({ hook, decision }) => ({ hook, decision })));
  if (notes.length > 0) {
    decision.systemMessage = [decision.systemMessage, ...notes].filter(Boolean).join("\n");
  }
  return { event, decision, results, notes };
}

const templateHashes = new Map<string, string>();

/** sha256 of a template, first 16 hex digits, remembered per template text. */
function hashTemplate(template: string): string {
  let hash = templateHashes.get(template);
  if (hash === undefined) {
    hash = sha256Hex(template).slice(0, 16);
    if (templateHashes.size > 1000) templateHashes.clear();
    templateHashes.set(template, hash);
  }
  return hash;
}
