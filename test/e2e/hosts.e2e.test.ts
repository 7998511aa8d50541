import { existsSync, mkdirSync, readFileSync, realpathSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ROOT, temporaryDirectory } from "../helpers/cli.js";
import { ensureClaude } from "./claude.js";
import { AGENT_SDK_VERSION, ensureAgentSdk, runAgentSdk, type SdkHookCallback, type SdkHookMatcher } from "./hosts/agent-sdk.js";
import { startChatCompletionsServer } from "./hosts/chat-completions-server.js";
import { CODEX_VERSION, ensureCodex, runCodex, type CodexHookGroup } from "./hosts/codex.js";
import { COPILOT_VERSION, ensureCopilot, runCopilot, type CopilotHook } from "./hosts/copilot.js";
import { ensureGemini, GEMINI_VERSION, runGemini, type GeminiHookGroup } from "./hosts/gemini.js";
import { startGeminiServer } from "./hosts/gemini-server.js";
import { ensureQwen, QWEN_VERSION, runQwen, type QwenHookGroup } from "./hosts/qwen.js";
import { startResponsesServer } from "./hosts/responses-server.js";
import { createRecorder, type HookAnswer, type Recorder } from "./hosts/shared.js";
import { startModelServer } from "./model-server.js";

/** A fresh project folder, home folder and recording hook for one host run. */
function sandbox() {
  const folder = realpathSync(temporaryDirectory("hookjudge-hosts-"));
  const cwd = join(folder, "project");
  const home = join(folder, "home");
  mkdirSync(cwd, { recursive: true });
  mkdirSync(home, { recursive: true });
  return { cwd, home, marker: join(cwd, "marker.txt"), recorder: createRecorder(join(folder, "hook")) };
}

/** The keys of a captured fixture, to compare a live payload's keys with. */
const fixtureKeys = (host: string, name: string) => Object.keys(JSON.parse(readFileSync(join(ROOT, "test", "fixtures", "runtimes", host, `${name}.json`), "utf8")) as object).sort();

// several tests run the host a few times in a row, and a loaded 2-core machine makes each run slow
const HOST_SUITE = { timeout: 300_000 };

const denyOutput = (reason: string) => ({ hookSpecificOutput: { hookEventName: "PreToolUse", permissionDecision: "deny", permissionDecisionReason: reason } });

describe(`Codex CLI ${CODEX_VERSION} (codex exec) with a plain command hook`, HOST_SUITE, () => {
  let launcher: string;
  let model: Awaited<ReturnType<typeof startResponsesServer>>;
  beforeAll(async () => {
    launcher = ensureCodex();
    model = await startResponsesServer();
  });
  afterAll(() => model?.close());

  const hooks = (recorder: Recorder, timeout = 30): Record<string, CodexHookGroup[]> => ({
    UserPromptSubmit: [{ hooks: [{ type: "command", command: recorder.command("UserPromptSubmit"), timeout }] }],
    PreToolUse: [{ matcher: "Bash", hooks: [{ type: "command", command: recorder.command("PreToolUse"), timeout }] }],
    PostToolUse: [{ matcher: "Bash", hooks: [{ type: "command", command: recorder.command("PostToolUse"), timeout }] }],
    Stop: [{ hooks: [{ type: "command", command: recorder.command("Stop"), timeout }] }],
  });
  const touchMarker = () => {
    model.reset();
    model.turns.push({ calls: [{ name: "exec_command", arguments: { cmd: "touch marker.txt" } }] }, { text: "Done." });
  };
  const lastToolOutput = () => {
    const input = (model.requests[1]?.body.input ?? []) as Array<{ type?: string; output?: string }>;
    return input.filter((item) => item.type === "function_call_output").at(-1)?.output ?? "";
  };

  it("sends the payloads the fixtures hold: the shell tool as Bash with tool_input.command, its output string after, then Stop", async () => {
    const { cwd, home, marker, recorder } = sandbox();
    touchMarker();
    const run = await runCodex(launcher, { cwd, home, baseURL: model.url, prompt: "Create marker.txt", hooks: hooks(recorder) });
    expect(run.code).toBe(0);
    expect(existsSync(marker)).toBe(true);
    const [prompt] = recorder.payloads("UserPromptSubmit");
    const [pre] = recorder.payloads("PreToolUse");
    const [post] = recorder.payloads("PostToolUse");
    const [stop] = recorder.payloads("Stop");
    expect(Object.keys(prompt!).sort()).toEqual(fixtureKeys("codex", "user-prompt-submit"));
    expect(Object.keys(pre!).sort()).toEqual(fixtureKeys("codex", "pre-tool-use"));
    expect(Object.keys(post!).sort()).toEqual(fixtureKeys("codex", "post-tool-use"));
    expect(Object.keys(stop!).sort()).toEqual(fixtureKeys("codex", "stop"));
    expect(prompt).toMatchObject({ hook_event_name: "UserPromptSubmit", prompt: "Create marker.txt", cwd });
    expect(pre).toMatchObject({ hook_event_name: "PreToolUse", tool_name: "Bash", tool_input: { command: "touch marker.txt" }, tool_use_id: expect.stringMatching(/^call_e2e_/), permission_mode: "bypassPermissions" });
    expect(post).toMatchObject({ hook_event_name: "PostToolUse", tool_name: "Bash", tool_response: "" });
    expect(stop).toMatchObject({ hook_event_name: "Stop", stop_hook_active: false, last_assistant_message: "Done." });
  });

  it("a deny (hookSpecificOutput with a reason, exit 0): the command never runs and the model reads the reason as the tool output", async () => {
    const { cwd, home, marker, recorder } = sandbox();
    recorder.answer("PreToolUse", { stdout: denyOutput("Markers are not allowed.") });
    touchMarker();
    const run = await runCodex(launcher, { cwd, home, baseURL: model.url, prompt: "Create marker.txt", hooks: hooks(recorder) });
    expect(run.code).toBe(0);
    expect(existsSync(marker)).toBe(false);
    expect(lastToolOutput()).toBe("Command blocked by PreToolUse hook: Markers are not allowed.. Command: touch marker.txt");
    expect(recorder.payloads("PostToolUse")).toHaveLength(0);
  });

  it("exit 2 with the reason on stderr denies as well", async () => {
    const { cwd, home, marker, recorder } = sandbox();
    recorder.answer("PreToolUse", { code: 2, stderr: "No markers (exit 2)." });
    touchMarker();
    await runCodex(launcher, { cwd, home, baseURL: model.url, prompt: "Create marker.txt", hooks: hooks(recorder) });
    expect(existsSync(marker)).toBe(false);
    expect(lastToolOutput()).toContain("Command blocked by PreToolUse hook: No markers (exit 2).");
  });

  it("fails open: a deny printed with exit 1, garbage on stdout, a deny past the timeout (1 s), ask, and a deny with an unknown key all let the command run", async () => {
    const cases = [
      { code: 1, stdout: denyOutput("exit 1") },
      { stdout: "this is not JSON {" },
      { sleepMs: 3000, stdout: denyOutput("too late") },
      { stdout: { hookSpecificOutput: { hookEventName: "PreToolUse", permissionDecision: "ask", permissionDecisionReason: "ask me" } } },
      { stdout: { ...denyOutput("unknown key beside"), extra: true } },
    ];
    const ran: boolean[] = [];
    for (const answer of cases) {
      const { cwd, home, marker, recorder } = sandbox();
      recorder.answer("PreToolUse", answer);
      touchMarker();
      await runCodex(launcher, { cwd, home, baseURL: model.url, prompt: "Create marker.txt", hooks: hooks(recorder, 1) });
      expect(recorder.payloads("PreToolUse")).toHaveLength(1);
      ran.push(existsSync(marker));
    }
    expect(ran).toEqual([true, true, true, true, true]);
  });

  it("a Stop decision:block gives the model one more turn with the reason in a <hook_prompt> user message; the next Stop has stop_hook_active", async () => {
    const { cwd, home, recorder } = sandbox();
    recorder.answer("Stop", { stdout: { decision: "block", reason: "Also write NOTES.md." } }, {});
    model.reset();
    model.turns.push({ text: "First done." }, { text: "Second done." });
    const run = await runCodex(launcher, { cwd, home, baseURL: model.url, prompt: "Finish the task.", hooks: hooks(recorder) });
    expect(run.result).toBe("Second done.");
    expect(model.requests).toHaveLength(2);
    const last = JSON.stringify((model.requests[1]!.body.input ?? []).at(-1));
    expect(last).toMatch(/"role":"user".*<hook_prompt hook_run_id=\\"stop:[^"]*\\">Also write NOTES\.md\.<\/hook_prompt>/);
    expect(recorder.payloads("Stop").map((payload) => payload["stop_hook_active"])).toEqual([false, true]);
  });
});

describe(`Claude Agent SDK ${AGENT_SDK_VERSION} (TypeScript query() with hook callbacks)`, HOST_SUITE, () => {
  let query: Awaited<ReturnType<typeof ensureAgentSdk>>;
  let claude: string;
  let model: Awaited<ReturnType<typeof startModelServer>>;
  beforeAll(async () => {
    claude = ensureClaude();
    query = await ensureAgentSdk();
    model = await startModelServer();
  });
  afterAll(() => model?.close());

  /** Callbacks that record each input and answer by call number. */
  function recording(answers: Partial<Record<string, (call: number) => unknown>>, extra: Partial<SdkHookMatcher> = {}) {
    const seen: Record<string, Array<Record<string, unknown>>> = {};
    const callback =
      (event: string): SdkHookCallback =>
      async (input) => {
        const list = (seen[event] ??= []);
        list.push(input);
        return answers[event]?.(list.length - 1) ?? {};
      };
    const hooks: Record<string, SdkHookMatcher[]> = {};
    for (const event of ["UserPromptSubmit", "PreToolUse", "PostToolUse", "Stop"]) hooks[event] = [{ ...(event.includes("Tool") ? { matcher: "Bash" } : {}), ...extra, hooks: [callback(event)] }];
    return { seen, hooks };
  }
  const touchMarker = () => {
    model.reset();
    model.agentTurns.push({ tools: [{ name: "Bash", input: { command: "touch marker.txt", description: "make a marker" } }] }, { text: "First done." }, { text: "Second done." });
  };
  const lastMessage = (index: number) => JSON.stringify(model.agentRequests[index]?.body.messages?.at(-1) ?? null);

  it("hands the callbacks the payloads the fixtures hold", async () => {
    const { cwd, home, marker } = sandbox();
    const { seen, hooks } = recording({});
    touchMarker();
    const run = await runAgentSdk(query, { claude, cwd, home, baseURL: model.url, prompt: "Create marker.txt", hooks });
    expect(run.result).toMatchObject({ subtype: "success", result: "First done.", permission_denials: [] });
    expect(existsSync(marker)).toBe(true);
    for (const [event, name] of [["UserPromptSubmit", "user-prompt-submit"], ["PreToolUse", "pre-tool-use"], ["PostToolUse", "post-tool-use"], ["Stop", "stop"]] as const) {
      expect(seen[event]).toHaveLength(1);
      expect(Object.keys(seen[event]![0]!).sort()).toEqual(fixtureKeys("agent-sdk", name));
    }
    expect(seen["PreToolUse"]![0]).toMatchObject({ tool_name: "Bash", tool_input: { command: "touch marker.txt" }, cwd });
    expect(seen["PostToolUse"]![0]).toMatchObject({ tool_response: { stdout: "", stderr: "", interrupted: false } });
    expect(seen["Stop"]![0]).toMatchObject({ stop_hook_active: false, last_assistant_message: "First done." });
  });

  it("a PreToolUse deny: the command never runs, the denial is in permission_denials, the model reads the reason", async () => {
    const { cwd, home, marker } = sandbox();
    const { hooks } = recording({ PreToolUse: () => denyOutput("Markers are not allowed.") });
    touchMarker();
    const run = await runAgentSdk(query, { claude, cwd, home, baseURL: model.url, prompt: "Create marker.txt", hooks });
    expect(existsSync(marker)).toBe(false);
    expect(run.result?.permission_denials).toEqual([{ tool_name: "Bash", tool_use_id: expect.stringMatching(/^toolu_agent_/), tool_input: { command: "touch marker.txt", description: "make a marker" } }]);
    expect(lastMessage(1)).toContain("PreToolUse:Bash hook error: Markers are not allowed.");
  });

  it("a Stop callback's decision:block gives one more model turn carrying the reason", async () => {
    const { cwd, home } = sandbox();
    const { seen, hooks } = recording({ Stop: (call) => (call === 0 ? { decision: "block", reason: "Also write NOTES.md." } : {}) });
    touchMarker();
    const run = await runAgentSdk(query, { claude, cwd, home, baseURL: model.url, prompt: "Create marker.txt", hooks });
    expect(run.result).toMatchObject({ subtype: "success", result: "Second done." });
    expect(model.agentRequests).toHaveLength(3);
    expect(lastMessage(2)).toContain("Also write NOTES.md.");
    expect(seen["Stop"]!.map((input) => input["stop_hook_active"])).toEqual([false, true]);
  });

  it("failures: a throw or a non-object answer lets the command run; with onFailure block both deny; a callback past its timeout (1 s) blocks the call without a permission denial", async () => {
    const outcomes: Array<{ ran: boolean; denials: number }> = [];
    const cases: Array<{ answer: () => unknown; extra?: Partial<SdkHookMatcher> }> = [
      { answer: () => { throw new Error("callback failed"); } },
      { answer: () => "garbage" },
      { answer: () => { throw new Error("callback failed"); }, extra: { onFailure: "block" } },
      { answer: () => "garbage", extra: { onFailure: "block" } },
      { answer: () => new Promise(() => {}), extra: { timeout: 1 } },
    ];
    for (const { answer, extra } of cases) {
      const { cwd, home, marker } = sandbox();
      const { hooks } = recording({ PreToolUse: answer }, extra);
      touchMarker();
      const run = await runAgentSdk(query, { claude, cwd, home, baseURL: model.url, prompt: "Create marker.txt", hooks });
      outcomes.push({ ran: existsSync(marker), denials: run.result?.permission_denials?.length ?? -1 });
    }
    expect(outcomes).toEqual([
      { ran: true, denials: 0 },
      { ran: true, denials: 0 },
      { ran: false, denials: 1 },
      { ran: false, denials: 1 },
      { ran: false, denials: 0 },
    ]);
    expect(lastMessage(1)).toContain("PreToolUse hook did not respond before its timeout");
  });
});

describe(`Gemini CLI ${GEMINI_VERSION} (gemini -p) with a plain command hook`, HOST_SUITE, () => {
  let entry: string;
  let model: Awaited<ReturnType<typeof startGeminiServer>>;
  beforeAll(async () => {
    entry = ensureGemini();
    model = await startGeminiServer();
  });
  afterAll(() => model?.close());

  const hooks = (recorder: Recorder, timeout = 30_000): Record<string, GeminiHookGroup[]> => ({
    BeforeAgent: [{ hooks: [{ type: "command", command: recorder.command("BeforeAgent"), timeout }] }],
    BeforeTool: [{ matcher: "run_shell_command", hooks: [{ type: "command", command: recorder.command("BeforeTool"), timeout }] }],
    AfterTool: [{ matcher: "run_shell_command", hooks: [{ type: "command", command: recorder.command("AfterTool"), timeout }] }],
    AfterAgent: [{ hooks: [{ type: "command", command: recorder.command("AfterAgent"), timeout }] }],
  });
  const touchMarker = () => {
    model.reset();
    model.turns.push({ calls: [{ name: "run_shell_command", args: { command: "touch marker.txt" } }] }, { text: "Done." });
  };
  /** The function response the model got for the shell call, in its second request. */
  const toolResponse = () => {
    const parts = model.requests[1]?.body.contents?.at(-1)?.parts ?? [];
    return (parts.find((part) => "functionResponse" in part)?.["functionResponse"] as { response?: Record<string, unknown> } | undefined)?.response ?? null;
  };
  /** Run once with this answer to BeforeTool: did the command run, and what did the model get back? */
  async function gate(answer: HookAnswer, timeout?: number) {
    const { cwd, home, marker, recorder } = sandbox();
    recorder.answer("BeforeTool", answer);
    touchMarker();
    await runGemini(entry, { cwd, home, baseURL: model.url, prompt: "Create marker.txt", hooks: hooks(recorder, timeout) });
    expect(recorder.payloads("BeforeTool")).toHaveLength(1);
    return { ran: existsSync(marker), response: toolResponse() };
  }

  it("sends the payloads the fixtures hold: run_shell_command with tool_input.command, tool_response{llmContent, returnDisplay}, AfterAgent with prompt_response", async () => {
    const { cwd, home, marker, recorder } = sandbox();
    touchMarker();
    const run = await runGemini(entry, { cwd, home, baseURL: model.url, prompt: "Create marker.txt", hooks: hooks(recorder) });
    expect(run.code).toBe(0);
    expect(run.result?.response).toBe("Done.");
    expect(existsSync(marker)).toBe(true);
    for (const [event, name] of [["BeforeAgent", "before-agent"], ["BeforeTool", "before-tool"], ["AfterTool", "after-tool"], ["AfterAgent", "after-agent"]] as const) {
      expect(recorder.payloads(event)).toHaveLength(1);
      expect(Object.keys(recorder.payloads(event)[0]!).sort()).toEqual(fixtureKeys("gemini", name));
    }
    expect(recorder.payloads("BeforeTool")[0]).toMatchObject({ tool_name: "run_shell_command", tool_input: { command: "touch marker.txt" }, cwd });
    expect(recorder.payloads("AfterTool")[0]).toMatchObject({ tool_response: { returnDisplay: "", llmContent: expect.stringContaining("Output: (empty)") } });
    expect(recorder.payloads("AfterAgent")[0]).toMatchObject({ prompt: "Create marker.txt", prompt_response: "Done.", stop_hook_active: false });
  });

  it("a top-level decision:deny with a reason (exit 0): the command never runs and the model gets 'Tool execution blocked: <reason>'", async () => {
    const { ran, response } = await gate({ stdout: { decision: "deny", reason: "Markers are not allowed." } });
    expect(ran).toBe(false);
    expect(response).toEqual({ error: "Tool execution blocked: Markers are not allowed." });
  });

  it("also deny: exit 2 with the reason on stderr, plain text with exit 3, a JSON deny even with exit 1", async () => {
    const outcomes = [];
    for (const answer of [{ code: 2, stderr: "No markers (exit 2)." }, { code: 3, stdout: "plain text exit 3" }, { code: 1, stdout: { decision: "deny", reason: "deny with exit 1" } }]) outcomes.push(await gate(answer));
    expect(outcomes).toEqual([
      { ran: false, response: { error: "Tool execution blocked: No markers (exit 2)." } },
      { ran: false, response: { error: "Tool execution blocked: plain text exit 3" } },
      { ran: false, response: { error: "Tool execution blocked: deny with exit 1" } },
    ]);
  });

  it("fail open: Claude's hookSpecificOutput deny, plain text with exit 1, garbage with exit 0, and a silent hook past its timeout (1000 ms) all let the command run", async () => {
    const ran = [];
    for (const [answer, timeout] of [
      [{ stdout: denyOutput("Claude's shape") }],
      [{ code: 1, stdout: "plain text exit 1" }],
      [{ stdout: "this is not JSON {" }],
      [{ sleepMs: 4000, stdout: { decision: "deny", reason: "too late" } }, 1000],
    ] as Array<[HookAnswer, number?]>)
      ran.push((await gate(answer, timeout)).ran);
    expect(ran).toEqual([true, true, true, true]);
  });

  it("an AfterAgent decision:deny sends the reason as a new user prompt: BeforeAgent fires with it, and the next AfterAgent has stop_hook_active", async () => {
    const { cwd, home, recorder } = sandbox();
    recorder.answer("AfterAgent", { stdout: { decision: "deny", reason: "Also write NOTES.md." } }, {});
    model.reset();
    model.turns.push({ text: "First done." }, { text: "Second done." });
    const run = await runGemini(entry, { cwd, home, baseURL: model.url, prompt: "Finish the task.", hooks: hooks(recorder) });
    expect(model.requests).toHaveLength(2);
    expect(model.requests[1]!.body.contents?.at(-1)).toEqual({ role: "user", parts: [{ text: "Also write NOTES.md." }] });
    expect(recorder.payloads("BeforeAgent").map((payload) => payload["prompt"])).toEqual(["Finish the task.", "Also write NOTES.md."]);
    expect(recorder.payloads("AfterAgent").map((payload) => [payload["stop_hook_active"], payload["prompt"], payload["prompt_response"]])).toEqual([
      [false, "Finish the task.", "First done."],
      [true, "Finish the task.", "First done.\nSecond done."],
    ]);
    expect(run.result?.response).toBe("First done.Second done.");
  });
});

describe(`Copilot CLI ${COPILOT_VERSION} (copilot -p, BYOK offline) with a plain command hook`, HOST_SUITE, () => {
  let launcher: string;
  let model: Awaited<ReturnType<typeof startChatCompletionsServer>>;
  beforeAll(async () => {
    launcher = ensureCopilot();
    model = await startChatCompletionsServer();
  });
  afterAll(() => model?.close());

  const pascal = ["UserPromptSubmit", "PreToolUse", "PostToolUse", "Stop"];
  const camel = ["userPromptSubmitted", "preToolUse", "postToolUse", "agentStop"];
  const hooks = (recorder: Recorder, events: string[], timeoutSec = 30): Record<string, CopilotHook[]> =>
    Object.fromEntries(events.map((event) => [event, [{ type: "command" as const, bash: recorder.command(event), timeoutSec }]]));
  const touchMarker = () => {
    model.reset();
    model.turns.push({ calls: [{ name: "bash", arguments: { command: "touch marker.txt", description: "make a marker" } }] }, { text: "Done." });
  };
  /** The tool message the model got back for the shell call, in its second request. */
  const toolMessage = () => String(model.requests[1]?.body.messages?.find((message) => message.role === "tool")?.content ?? "");
  async function gate(event: "PreToolUse" | "preToolUse", answer: HookAnswer, timeoutSec?: number) {
    const { cwd, home, marker, recorder } = sandbox();
    recorder.answer(event, answer);
    touchMarker();
    await runCopilot(launcher, { cwd, home, baseURL: model.url, prompt: "Create marker.txt", hooks: hooks(recorder, event === "PreToolUse" ? pascal : camel, timeoutSec) });
    expect(recorder.payloads(event)).toHaveLength(1);
    return { ran: existsSync(marker), tool: toolMessage() };
  }

  it("sends the payloads the fixtures hold, in both dialects: PascalCase events with snake_case fields (tool Bash), camelCase events with camelCase fields (tool bash)", async () => {
    for (const [events, prefix] of [[pascal, ""], [camel, "camel-"]] as const) {
      const { cwd, home, marker, recorder } = sandbox();
      touchMarker();
      const run = await runCopilot(launcher, { cwd, home, baseURL: model.url, prompt: "Create marker.txt", hooks: hooks(recorder, events) });
      expect(run.code).toBe(0);
      expect(run.result).toBe("Done.");
      expect(existsSync(marker)).toBe(true);
      events.forEach((event, index) => {
        expect(recorder.payloads(event)).toHaveLength(1);
        expect(Object.keys(recorder.payloads(event)[0]!).sort()).toEqual(fixtureKeys("copilot", `${prefix}${["user-prompt-submit", "pre-tool-use", "post-tool-use", "stop"][index]}`));
      });
    }
  });

  it("denies, and the command never runs: a flat permissionDecision deny (both dialects), Claude's hookSpecificOutput (PascalCase only), exit 2, and exit 1", async () => {
    const outcomes = [
      await gate("PreToolUse", { stdout: { permissionDecision: "deny", permissionDecisionReason: "flat deny" } }),
      await gate("preToolUse", { stdout: { permissionDecision: "deny", permissionDecisionReason: "camel flat deny" } }),
      await gate("PreToolUse", { stdout: denyOutput("Claude's shape") }),
      await gate("PreToolUse", { code: 2, stderr: "No markers (exit 2)." }),
      await gate("preToolUse", { code: 1, stdout: "plain text exit 1" }),
    ];
    expect(outcomes.map((outcome) => outcome.ran)).toEqual([false, false, false, false, false]);
    expect(outcomes.map((outcome) => outcome.tool)).toEqual([
      "Denied by preToolUse hook: flat deny",
      "Denied by preToolUse hook: camel flat deny",
      "Denied by preToolUse hook: Claude's shape",
      // exit 2's stderr is not the reason
      "Denied by preToolUse hook: hook exited with code 2",
      expect.stringMatching(/^Denied by preToolUse hook from ".*hookjudge-e2e\.json" \(hook errored\)$/),
    ]);
  });

  it("lets the command run: Claude's hookSpecificOutput under a camelCase event, garbage with exit 0, and a silent hook past its timeoutSec (1)", async () => {
    const outcomes = [
      await gate("preToolUse", { stdout: denyOutput("Claude's shape, camelCase event") }),
      await gate("PreToolUse", { stdout: "this is not JSON {" }),
      await gate("PreToolUse", { sleepMs: 4000, stdout: { permissionDecision: "deny", permissionDecisionReason: "too late" } }, 1),
    ];
    expect(outcomes.map((outcome) => outcome.ran)).toEqual([true, true, true]);
  });

  it("a Stop decision:block sends the reason as a new user message; UserPromptSubmit fires with it and the next Stop has stop_hook_active", async () => {
    const { cwd, home, recorder } = sandbox();
    recorder.answer("Stop", { stdout: { decision: "block", reason: "Also write NOTES.md." } }, {});
    model.reset();
    model.turns.push({ text: "First done." }, { text: "Second done." });
    const run = await runCopilot(launcher, { cwd, home, baseURL: model.url, prompt: "Finish the task.", hooks: hooks(recorder, pascal) });
    expect(run.result).toBe("Second done.");
    expect(model.requests).toHaveLength(2);
    const last = model.requests[1]!.body.messages?.at(-1);
    expect(last?.role).toBe("user");
    expect(String(last?.content)).toMatch(/\n\nAlso write NOTES\.md\.$/);
    expect(recorder.payloads("UserPromptSubmit").map((payload) => payload["prompt"])).toEqual(["Finish the task.", "Also write NOTES.md."]);
    expect(recorder.payloads("Stop").map((payload) => payload["stop_hook_active"])).toEqual([false, true]);
  });
});

describe(`Qwen Code ${QWEN_VERSION} (qwen -p) with a plain command hook`, HOST_SUITE, () => {
  let entry: string;
  let model: Awaited<ReturnType<typeof startChatCompletionsServer>>;
  beforeAll(async () => {
    entry = ensureQwen();
    model = await startChatCompletionsServer();
  });
  afterAll(() => model?.close());

  const hooks = (recorder: Recorder, timeout = 30_000, matcher = "run_shell_command"): Record<string, QwenHookGroup[]> => ({
    UserPromptSubmit: [{ hooks: [{ type: "command", command: recorder.command("UserPromptSubmit"), timeout }] }],
    PreToolUse: [{ matcher, hooks: [{ type: "command", command: recorder.command("PreToolUse"), timeout }] }],
    PostToolUse: [{ matcher, hooks: [{ type: "command", command: recorder.command("PostToolUse"), timeout }] }],
    Stop: [{ hooks: [{ type: "command", command: recorder.command("Stop"), timeout }] }],
  });
  const touchMarker = () => {
    model.reset();
    model.turns.push({ calls: [{ name: "run_shell_command", arguments: { command: "touch marker.txt" } }] }, { text: "Done." });
  };
  const toolMessage = () => JSON.stringify(model.requests[1]?.body.messages?.find((message) => message.role === "tool")?.content ?? null);
  async function gate(answer: HookAnswer, timeout?: number) {
    const { cwd, home, marker, recorder } = sandbox();
    recorder.answer("PreToolUse", answer);
    touchMarker();
    const run = await runQwen(entry, { cwd, home, baseURL: model.url, prompt: "Create marker.txt", hooks: hooks(recorder, timeout) });
    expect(recorder.payloads("PreToolUse")).toHaveLength(1);
    return { ran: existsSync(marker), denials: run.result?.permission_denials?.length ?? -1, tool: toolMessage() };
  }

  it("sends the payloads the fixtures hold: Qwen's tool names (run_shell_command), its own tool_use_id, and stop_hook_active already true on the first Stop", async () => {
    const { cwd, home, marker, recorder } = sandbox();
    touchMarker();
    const run = await runQwen(entry, { cwd, home, baseURL: model.url, prompt: "Create marker.txt", hooks: hooks(recorder) });
    expect(run.result).toMatchObject({ subtype: "success", result: "Done.", permission_denials: [] });
    expect(existsSync(marker)).toBe(true);
    for (const [event, name] of [["UserPromptSubmit", "user-prompt-submit"], ["PreToolUse", "pre-tool-use"], ["PostToolUse", "post-tool-use"], ["Stop", "stop"]] as const)
      expect(Object.keys(recorder.payloads(event)[0]!).sort()).toEqual(fixtureKeys("qwen", name));
    expect(recorder.payloads("PreToolUse")[0]).toMatchObject({ tool_name: "run_shell_command", tool_input: { command: "touch marker.txt" }, permission_mode: "yolo", tool_use_id: expect.stringMatching(/^toolu_/) });
    expect(recorder.payloads("PostToolUse")[0]).toMatchObject({ tool_response: { llmContent: expect.stringContaining("Exit Code: 0"), returnDisplay: "" } });
    expect(recorder.payloads("Stop")).toEqual([expect.objectContaining({ stop_hook_active: true, last_assistant_message: "Done." })]);
    // UserPromptSubmit fires again, with an empty prompt, when the tool result goes back to the model
    expect(recorder.payloads("UserPromptSubmit").map((payload) => payload["prompt"])).toEqual(["Create marker.txt", ""]);
  });

  it("a matcher of Claude's name (Bash) does not match the shell tool", async () => {
    const { cwd, home, marker, recorder } = sandbox();
    touchMarker();
    await runQwen(entry, { cwd, home, baseURL: model.url, prompt: "Create marker.txt", hooks: hooks(recorder, 30_000, "Bash") });
    expect(existsSync(marker)).toBe(true);
    expect(recorder.payloads("PreToolUse")).toHaveLength(0);
  });

  it("denies, the command never runs and the denial is in permission_denials: hookSpecificOutput deny, ask (headless), exit 2 with stderr, a JSON deny with exit 1", async () => {
    const outcomes = [
      await gate({ stdout: denyOutput("Markers are not allowed.") }),
      await gate({ stdout: { hookSpecificOutput: { hookEventName: "PreToolUse", permissionDecision: "ask", permissionDecisionReason: "ask me" } } }),
      await gate({ code: 2, stderr: "No markers (exit 2)." }),
      await gate({ code: 1, stdout: denyOutput("deny with exit 1") }),
    ];
    expect(outcomes).toEqual([
      { ran: false, denials: 1, tool: JSON.stringify([{ type: "text", text: "Markers are not allowed." }]) },
      { ran: false, denials: 1, tool: JSON.stringify([{ type: "text", text: "ask me" }]) },
      { ran: false, denials: 1, tool: JSON.stringify([{ type: "text", text: "No markers (exit 2)." }]) },
      { ran: false, denials: 1, tool: JSON.stringify([{ type: "text", text: "deny with exit 1" }]) },
    ]);
  });

  it("fails open: plain text with exit 1, garbage with exit 0, a silent hook past its timeout (1000 ms)", async () => {
    const outcomes = [await gate({ code: 1, stdout: "plain text exit 1" }), await gate({ stdout: "this is not JSON {" }), await gate({ sleepMs: 4000, stdout: denyOutput("too late") }, 1000)];
    expect(outcomes.map(({ ran, denials }) => ({ ran, denials }))).toEqual([
      { ran: true, denials: 0 },
      { ran: true, denials: 0 },
      { ran: true, denials: 0 },
    ]);
  });

  it("a Stop decision:block sends the reason as the next user prompt: UserPromptSubmit fires with it, and the model gets one more turn", async () => {
    const { cwd, home, recorder } = sandbox();
    recorder.answer("Stop", { stdout: { decision: "block", reason: "Also write NOTES.md." } }, {});
    model.reset();
    model.turns.push({ text: "First done." }, { text: "Second done." });
    const run = await runQwen(entry, { cwd, home, baseURL: model.url, prompt: "Finish the task.", hooks: hooks(recorder) });
    expect(model.requests).toHaveLength(2);
    expect(model.requests[1]!.body.messages?.at(-1)).toEqual({ role: "user", content: [{ type: "text", text: "Also write NOTES.md." }] });
    expect(recorder.payloads("UserPromptSubmit").map((payload) => payload["prompt"])).toEqual(["Finish the task.", "Also write NOTES.md."]);
    expect(recorder.payloads("Stop").map((payload) => [payload["stop_hook_active"], payload["last_assistant_message"]])).toEqual([
      [true, "First done."],
      [true, "Second done."],
    ]);
    expect(run.result?.result).toBe("First done.Second done.");
  });
});
