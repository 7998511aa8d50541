// Re-capture the hook payloads under test/fixtures/runtimes/<host>/ from real host runs:
// `npx tsx test/e2e/hosts/capture-fixtures.ts [host…]` (hosts: codex, agent-sdk, gemini, copilot, qwen; default all).
import { mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { ensureClaude } from "../claude.js";
import { startModelServer } from "../model-server.js";
import { ensureAgentSdk, runAgentSdk, type SdkHookMatcher } from "./agent-sdk.js";
import { startChatCompletionsServer } from "./chat-completions-server.js";
import { ensureCodex, runCodex } from "./codex.js";
import { ensureCopilot, runCopilot } from "./copilot.js";
import { ensureGemini, runGemini } from "./gemini.js";
import { ensureQwen, runQwen } from "./qwen.js";
import { startGeminiServer } from "./gemini-server.js";
import { startResponsesServer } from "./responses-server.js";
import { createRecorder } from "./shared.js";

const FIXTURES = fileURLToPath(new URL("../../fixtures/runtimes/", import.meta.url));
const names: Record<string, string> = {
  UserPromptSubmit: "user-prompt-submit",
  PreToolUse: "pre-tool-use",
  PostToolUse: "post-tool-use",
  Stop: "stop",
  BeforeAgent: "before-agent",
  BeforeTool: "before-tool",
  AfterTool: "after-tool",
  AfterAgent: "after-agent",
};

function save(host: string, event: string, payload: unknown, name = names[event]) {
  mkdirSync(join(FIXTURES, host), { recursive: true });
  writeFileSync(join(FIXTURES, host, `${name}.json`), `${JSON.stringify(payload, null, 2)}\n`);
}

function sandbox() {
  const folder = realpathSync(mkdtempSync(join(tmpdir(), "hookjudge-capture-")));
  mkdirSync(join(folder, "project"));
  return { folder, cwd: join(folder, "project"), home: join(folder, "home"), recorder: createRecorder(join(folder, "hook")) };
}

const captures: Record<string, () => Promise<void>> = {
  async codex() {
    const launcher = ensureCodex();
    const model = await startResponsesServer();
    const { folder, cwd, home, recorder } = sandbox();
    model.turns.push({ calls: [{ name: "exec_command", arguments: { cmd: "touch marker.txt" } }] }, { text: "Done." });
    const group = (event: string, matcher?: string) => [{ ...(matcher ? { matcher } : {}), hooks: [{ type: "command" as const, command: recorder.command(event), timeout: 30 }] }];
    await runCodex(launcher, { cwd, home, baseURL: model.url, prompt: "Create marker.txt", hooks: { UserPromptSubmit: group("UserPromptSubmit"), PreToolUse: group("PreToolUse", "Bash"), PostToolUse: group("PostToolUse", "Bash"), Stop: group("Stop") } });
    for (const event of ["UserPromptSubmit", "PreToolUse", "PostToolUse", "Stop"]) save("codex", event, recorder.payloads(event)[0]);
    await model.close();
    rmSync(folder, { recursive: true, force: true });
  },
  async "agent-sdk"() {
    const claude = ensureClaude();
    const query = await ensureAgentSdk();
    const model = await startModelServer();
    const { folder, cwd, home } = sandbox();
    model.agentTurns.push({ tools: [{ name: "Bash", input: { command: "touch marker.txt", description: "make a marker" } }] }, { text: "First done." });
    const seen: Record<string, unknown> = {};
    const hooks: Record<string, SdkHookMatcher[]> = {};
    for (const event of ["UserPromptSubmit", "PreToolUse", "PostToolUse", "Stop"]) hooks[event] = [{ hooks: [async (input) => ((seen[event] ??= input), {})] }];
    await runAgentSdk(query, { claude, cwd, home, baseURL: model.url, prompt: "Create marker.txt", hooks });
    for (const [event, input] of Object.entries(seen)) save("agent-sdk", event, input);
    await model.close();
    rmSync(folder, { recursive: true, force: true });
  },
  async gemini() {
    const entry = ensureGemini();
    const model = await startGeminiServer();
    const { folder, cwd, home, recorder } = sandbox();
    model.turns.push({ calls: [{ name: "run_shell_command", args: { command: "touch marker.txt" } }] }, { text: "Done." });
    const group = (event: string, matcher?: string) => [{ ...(matcher ? { matcher } : {}), hooks: [{ type: "command" as const, command: recorder.command(event), timeout: 30_000 }] }];
    await runGemini(entry, { cwd, home, baseURL: model.url, prompt: "Create marker.txt", hooks: { BeforeAgent: group("BeforeAgent"), BeforeTool: group("BeforeTool", "run_shell_command"), AfterTool: group("AfterTool", "run_shell_command"), AfterAgent: group("AfterAgent") } });
    for (const event of ["BeforeAgent", "BeforeTool", "AfterTool", "AfterAgent"]) save("gemini", event, recorder.payloads(event)[0]);
    await model.close();
    rmSync(folder, { recursive: true, force: true });
  },
  async copilot() {
    const launcher = ensureCopilot();
    const model = await startChatCompletionsServer();
    // both payload dialects: PascalCase event names get snake_case fields, camelCase names camelCase ones
    const dialects = [
      { prefix: "", events: ["UserPromptSubmit", "PreToolUse", "PostToolUse", "Stop"] },
      { prefix: "camel-", events: ["userPromptSubmitted", "preToolUse", "postToolUse", "agentStop"] },
    ];
    for (const { prefix, events } of dialects) {
      const { folder, cwd, home, recorder } = sandbox();
      model.reset();
      model.turns.push({ calls: [{ name: "bash", arguments: { command: "touch marker.txt", description: "make a marker" } }] }, { text: "Done." });
      const hooks = Object.fromEntries(events.map((event) => [event, [{ type: "command" as const, bash: recorder.command(event), timeoutSec: 30 }]]));
      await runCopilot(launcher, { cwd, home, baseURL: model.url, prompt: "Create marker.txt", hooks });
      events.forEach((event, index) => save("copilot", event, recorder.payloads(event)[0], `${prefix}${names[dialects[0]!.events[index]!]}`));
      rmSync(folder, { recursive: true, force: true });
    }
    await model.close();
  },
  async qwen() {
    const entry = ensureQwen();
    const model = await startChatCompletionsServer();
    const { folder, cwd, home, recorder } = sandbox();
    model.turns.push({ calls: [{ name: "run_shell_command", arguments: { command: "touch marker.txt" } }] }, { text: "Done." });
    const group = (event: string, matcher?: string) => [{ ...(matcher ? { matcher } : {}), hooks: [{ type: "command" as const, command: recorder.command(event), timeout: 30_000 }] }];
    await runQwen(entry, { cwd, home, baseURL: model.url, prompt: "Create marker.txt", hooks: { UserPromptSubmit: group("UserPromptSubmit"), PreToolUse: group("PreToolUse", "run_shell_command"), PostToolUse: group("PostToolUse", "run_shell_command"), Stop: group("Stop") } });
    for (const event of ["UserPromptSubmit", "PreToolUse", "PostToolUse", "Stop"]) save("qwen", event, recorder.payloads(event)[0]);
    await model.close();
    rmSync(folder, { recursive: true, force: true });
  },
};

for (const host of process.argv.length > 2 ? process.argv.slice(2) : Object.keys(captures)) {
  await captures[host]!();
  console.log(`captured ${host}`);
}
