import { realpathSync } from "node:fs";
import type { BackendRequest } from "../backends/spec.js";
import { HookJudgeError } from "../errors.js";
import type { HookDefinition } from "../hook/definition.js";
import type { HookInput } from "../hook/input.js";
import { buildAgentRequest, buildJudgeRequest } from "../judge/prompt-judge.js";
import { judgeSystemPrompt } from "../judge/system-prompt.js";
import { verifierSystemPrompt } from "../judge/verifier-prompt.js";
import { renderPrompt } from "../template/render.js";
import { verifierTools } from "../tools/index.js";
import type { AgentTool, ToolContext } from "../tools/types.js";
import type { RunOptions } from "./run-hooks.js";

/** Everything one hook's judgment needs, built before any model call (and shown by `--dry-run`). */
export interface PreparedJudgment {
  request: BackendRequest;
  /** Agent hooks: the tools and their sandbox, minus the deadline signal. */
  agent?: { tools: AgentTool[]; context: Omit<ToolContext, "signal"> };
}

export function prepare(hook: HookDefinition, input: HookInput, options: RunOptions): PreparedJudgment {
  const event = input.hook_event_name;
  // the host's own tool name is what $TOOL_NAME shows
  const render = options.hostToolName === undefined ? options.render : { ...options.render, extra: { ...options.render?.extra, HOST_TOOL_NAME: options.hostToolName } };
  const rendered = renderPrompt(hook.parsed, input, render);
  if (hook.type === "prompt") {
    return { request: buildJudgeRequest(judgeSystemPrompt(event, rendered.delimiter), rendered.text, event) };
  }
  const seconds = options.timeout ?? hook.timeout;
  const transcriptPath = (typeof input.agent_transcript_path === "string" && input.agent_transcript_path) || input.transcript_path;
  const context: Omit<ToolContext, "signal"> = {
    root: projectRoot(input),
    ...(transcriptPath ? { transcriptPath } : {}),
    allowCommands: hook.allowCommands,
    allowSensitiveFiles: hook.allowSensitiveFiles,
    limits: TOOL_RESULT_LIMITS,
    // one command may take the hook's whole time; a shorter --timeout still ends the run first
    commandTimeoutSeconds: hook.timeout,
  };
  const tools = verifierTools(hook.tools, hook.allowCommands, hook.timeout);
  const system = verifierSystemPrompt({
    event,
    delimiter: rendered.delimiter,
    root: context.root,
    ...(transcriptPath ? { transcriptPath } : {}),
    tools,
    maxTurns: hook.maxTurns,
    timeoutSeconds: seconds,
  });
  return { request: buildAgentRequest(system, rendered.text, event, tools), agent: { tools, context } };
}

/** Caps on one verifier tool result. */
const TOOL_RESULT_LIMITS = { lines: 2000, bytes: 32 * 1024 };

/** The project root of an event: its `cwd`, resolved with realpath. */
function projectRoot(input: HookInput): string {
  const cwd = input.cwd ?? process.cwd();
  try {
    return realpathSync.native(cwd);
  } catch (error) {
    throw new HookJudgeError("input", `the event's cwd ${cwd} cannot be opened: ${(error as Error).message}`);
  }
}
