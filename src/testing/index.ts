import type { BackendCallOptions, BackendRequest, BackendResponse, BackendV1 } from "../backends/spec.js";
import { HookJudgeError } from "../errors.js";
import { VERDICT_TOOL_NAME } from "../judge/verdict.js";

/** One scripted reply of a {@link MockBackend}. */
export type MockStep =
  | { verdict: Record<string, unknown>; delayMs?: number }
  | { text: string; delayMs?: number; stopReason?: string }
  | { error: HookJudgeError; delayMs?: number }
  | { response: BackendResponse; delayMs?: number }
  | ((request: BackendRequest) => BackendResponse | Promise<BackendResponse>);

/** Options for {@link MockBackend}. */
export interface MockBackendOptions {
  /** @default "mock-model" */
  modelId?: string;
  /** Tokens reported per reply. @default { inputTokens: 100, outputTokens: 20 } */
  usage?: { inputTokens: number; outputTokens: number };
  /** Repeat the last step when the script runs out, instead of failing. @default false */
  repeatLast?: boolean;
}

/**
 * A scripted backend for testing hooks and code built on hookjudge: each call takes the next step
 * of the script, and every request is recorded in `requests`. Delays honour the call's signal.
 */
export class MockBackend implements BackendV1 {
  readonly specificationVersion = "v1" as const;
  readonly id = "mock";
  readonly modelId: string;
  /** Every request received, in order. */
  readonly requests: BackendRequest[] = [];
  readonly #steps: MockStep[];
  readonly #options: MockBackendOptions;
  #next = 0;

  constructor(steps: MockStep[], options: MockBackendOptions = {}) {
    this.#steps = steps;
    this.#options = options;
    this.modelId = options.modelId ?? "mock-model";
  }

  async complete(request: BackendRequest, { signal }: BackendCallOptions): Promise<BackendResponse> {
    this.requests.push(request);
    const index = this.#next < this.#steps.length ? this.#next++ : this.#options.repeatLast ? this.#steps.length - 1 : -1;
    const step = this.#steps[index];
    if (step === undefined) throw new HookJudgeError("api", `MockBackend: the script has no step ${this.requests.length}`);
    if (typeof step === "function") return step(request);
    if (step.delayMs) await delay(step.delayMs, signal);
    const usage = this.#options.usage ?? { inputTokens: 100, outputTokens: 20 };
    if ("error" in step) throw step.error;
    if ("response" in step) return step.response;
    if ("verdict" in step) {
      return {
        content: [{ type: "tool_use", id: `toolu_mock_${this.requests.length}`, name: VERDICT_TOOL_NAME, input: step.verdict }],
        stopReason: "tool_use",
        usage,
        modelId: this.modelId,
      };
    }
    return { content: [{ type: "text", text: step.text }], stopReason: step.stopReason ?? "end_turn", usage, modelId: this.modelId };
  }
}

function delay(milliseconds: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal.reason instanceof HookJudgeError ? signal.reason : new HookJudgeError("timeout", "the call was cancelled"));
    };
    const timer = setTimeout(() => {
      signal.removeEventListener("abort", onAbort);
      resolve();
    }, milliseconds);
    if (signal.aborted) onAbort();
    else signal.addEventListener("abort", onAbort, { once: true });
  });
}
