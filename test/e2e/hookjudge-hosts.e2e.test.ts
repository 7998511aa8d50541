import { existsSync, mkdirSync, realpathSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CLI, ROOT, temporaryDirectory } from "../helpers/cli.js";
import { ensureClaude } from "./claude.js";
import { AGENT_SDK_VERSION, ensureAgentSdk, runAgentSdk, type SdkHookMatcher } from "./hosts/agent-sdk.js";
import { CODEX_VERSION, ensureCodex, runCodex, type CodexHookGroup } from "./hosts/codex.js";
import { ensureGemini, GEMINI_VERSION, runGemini, type GeminiHookGroup } from "./hosts/gemini.js";
import { startGeminiServer } from "./hosts/gemini-server.js";
import { startResponsesServer } from "./hosts/responses-server.js";
import { startModelServer } from "./model-server.js";

// hookjudge as the hook in the real hosts, offline: the Agent SDK with createAgentSdkHooks in
// process, Codex CLI and Gemini CLI with the built CLI as their command hook. Each host's agent is
// a loopback server of its own API; hookjudge's judge is a loopback Messages API. What a gate
// denies is a command that would also create marker.txt: the marker must not exist afterwards.

/** A fresh project folder (a git root, so hookjudge's project is this folder) and home folder. */
function sandbox() {
  const folder = realpathSync(temporaryDirectory("hookjudge-as-hook-"));
  const cwd = join(folder, "project");
  const home = join(folder, "home");
  mkdirSync(join(cwd, ".git"), { recursive: true });
  mkdirSync(home, { recursive: true });
  return { cwd, home, marker: join(cwd, "marker.txt") };
}

const DESTRUCTIVE = "rm -rf ~ ; touch marker.txt";
const REASON = "Run the test suite before stopping.";
/** The environment hookjudge's judge needs: the loopback Messages API and a key only hookjudge reads. */
const judgeEnv = (url: string): Record<string, string> => ({ ANTHROPIC_BASE_URL: url, HOOKJUDGE_ANTHROPIC_API_KEY: "e2e" });
const quote = (text: string) => `'${text.replaceAll("'", "'\\''")}'`;
/** The built CLI as a hook command. */
const hookjudge = (...args: string[]) => [process.execPath, CLI, ...args].map(quote).join(" ");

const HOST_SUITE = { timeout: 300_000 };

describe(`Claude Agent SDK ${AGENT_SDK_VERSION} with createAgentSdkHooks`, HOST_SUITE, () => {
  let query: Awaited<ReturnType<typeof ensureAgentSdk>>;
  let claude: string;
  let model: Awaited<ReturnType<typeof startModelServer>>;
  let createAgentSdkHooks: typeof import("../../src/sdk/index.js").createAgentSdkHooks;
  beforeAll(async () => {
    claude = ensureClaude();
    query = await ensureAgentSdk();
    model = await startModelServer();
    // the built package, as an application imports it
    ({ createAgentSdkHooks } = (await import(join(ROOT, "dist", "lib", "sdk", "index.js"))) as typeof import("../../src/sdk/index.js"));
  });
  afterAll(() => model?.close());

  const run = (hooks: ReturnType<typeof createAgentSdkHooks>, where: ReturnType<typeof sandbox>) =>
    runAgentSdk(query, { claude, cwd: where.cwd, home: where.home, baseURL: model.url, prompt: "Do the task.", hooks: hooks as Record<string, SdkHookMatcher[]> });

  it("the Bash gate denies rm -rf ~ by rule: the command never runs and the denial is in permission_denials", async () => {
    const where = sandbox();
    model.reset();
    model.agentTurns.push({ tools: [{ name: "Bash", input: { command: DESTRUCTIVE, description: "clean up" } }] }, { text: "First done." });
    const hooks = createAgentSdkHooks({ reviewCommands: true, cwd: where.cwd, env: { ...judgeEnv(model.url), HOME: where.home } });
    const result = await run(hooks, where);
    expect(existsSync(where.marker)).toBe(false);
    expect(result.result?.permission_denials).toEqual([{ tool_name: "Bash", tool_use_id: expect.stringMatching(/^toolu_agent_/), tool_input: { command: DESTRUCTIVE, description: "clean up" } }]);
    expect(JSON.stringify(model.agentRequests[1]?.body.messages?.at(-1))).toContain("PreToolUse:Bash hook error: hookjudge review denied this command: rm -rf ~: removes ~ (rule destructive-delete)");
    // a rule decided: the judge was never asked
    expect(model.judgeRequests).toHaveLength(0);
  });

  it("a judge that fails on an ambiguous command asks, which the SDK without canUseTool answers as a denial", async () => {
    const where = sandbox();
    model.reset();
    const command = `python3 -c 'open("marker.txt", "w")'`;
    model.agentTurns.push({ tools: [{ name: "Bash", input: { command, description: "make a marker" } }] }, { text: "First done." });
    // not a verdict, twice (the reply and the one repair request): a malformed judgment
    model.judgeReplies.push({ text: "It looks fine." }, { text: "Still fine." });
    const decisions: string[] = [];
    const hooks = createAgentSdkHooks({ reviewCommands: true, cwd: where.cwd, env: { ...judgeEnv(model.url), HOME: where.home }, onAnswer: (answer) => decisions.push(`${answer.decision.kind} by ${answer.decidedBy}`) });
    const result = await run(hooks, where);
    expect(decisions).toEqual(["ask by error"]);
    expect(model.judgeRequests).toHaveLength(2);
    expect(existsSync(where.marker)).toBe(false);
    expect(result.result?.permission_denials).toEqual([expect.objectContaining({ tool_name: "Bash", tool_input: { command, description: "make a marker" } })]);
    expect(JSON.stringify(model.agentRequests[1]?.body.messages?.at(-1))).toContain("hookjudge bash-review could not judge (malformed)");
  });

  it("a Stop judge blocks once with its reason: the agent gets one more turn carrying it, then stops", async () => {
    const where = sandbox();
    model.reset();
    model.agentTurns.push({ text: "First done." }, { text: "Second done." });
    model.judgeReplies.push({ verdict: { ok: false, reason: REASON } }, { verdict: { ok: true, reason: "done" } });
    const hooks = createAgentSdkHooks({ hooks: ["stop-complete"], cwd: where.cwd, env: { ...judgeEnv(model.url), HOME: where.home } });
    const result = await run(hooks, where);
    expect(result.result).toMatchObject({ subtype: "success", result: "Second done." });
    expect(model.agentRequests).toHaveLength(2);
    expect(JSON.stringify(model.agentRequests[1]!.body.messages?.at(-1))).toContain(REASON);
    expect(model.judgeRequests).toHaveLength(2);
    expect(JSON.stringify(model.judgeRequests[0]!.body.messages)).toContain("First done.");
  });
});

describe(`Codex CLI ${CODEX_VERSION} with hookjudge as its command hook`, HOST_SUITE, () => {
  let launcher: string;
  let agent: Awaited<ReturnType<typeof startResponsesServer>>;
  let judge: Awaited<ReturnType<typeof startModelServer>>;
  beforeAll(async () => {
    launcher = ensureCodex();
    agent = await startResponsesServer();
    judge = await startModelServer();
  });
  afterAll(async () => {
    await agent?.close();
    await judge?.close();
  });

  const hooks: Record<string, CodexHookGroup[]> = {
    PreToolUse: [{ matcher: "Bash", hooks: [{ type: "command", command: hookjudge("review-command", "--runtime", "codex"), timeout: 60 }] }],
    Stop: [{ hooks: [{ type: "command", command: hookjudge("run", "stop-complete", "--runtime", "codex"), timeout: 60 }] }],
  };
  // Codex hands its own environment to its hook commands: the judge's variables go to the Codex process
  const run = (where: ReturnType<typeof sandbox>) => runCodex(launcher, { cwd: where.cwd, home: where.home, baseURL: agent.url, prompt: "Do the task.", hooks, env: judgeEnv(judge.url) });

  it("the Bash gate (review-command --runtime codex) denies rm -rf ~: the command never runs, the model reads hookjudge's reason", async () => {
    const where = sandbox();
    agent.reset();
    judge.reset();
    agent.turns.push({ calls: [{ name: "exec_command", arguments: { cmd: DESTRUCTIVE } }] }, { text: "Done." });
    // the Stop after the deny is judged too: let it pass
    judge.judgeReplies.push({ verdict: { ok: true, reason: "done" } });
    const result = await run(where);
    expect(result.code).toBe(0);
    expect(existsSync(where.marker)).toBe(false);
    const input = (agent.requests[1]?.body.input ?? []) as Array<{ type?: string; output?: string }>;
    expect(input.filter((item) => item.type === "function_call_output").at(-1)?.output).toMatch(/^Command blocked by PreToolUse hook: hookjudge review denied this command: rm -rf ~: removes ~ \(rule destructive-delete\)/);
  });

  it("a Stop judge (run stop-complete --runtime codex) keeps the agent working once: the next model request carries its reason", async () => {
    const where = sandbox();
    agent.reset();
    judge.reset();
    agent.turns.push({ text: "First done." }, { text: "Second done." });
    judge.judgeReplies.push({ verdict: { ok: false, reason: REASON } }, { verdict: { ok: true, reason: "done" } });
    const result = await run(where);
    expect(result.result).toBe("Second done.");
    expect(agent.requests).toHaveLength(2);
    expect(JSON.stringify((agent.requests[1]!.body.input ?? []).at(-1))).toMatch(new RegExp(`"role":"user".*<hook_prompt [^>]*>${REASON.replaceAll(".", "\\.")}`));
    expect(judge.judgeRequests).toHaveLength(2);
    expect(JSON.stringify(judge.judgeRequests[0]!.body.messages)).toContain("First done.");
  });
});

describe(`Gemini CLI ${GEMINI_VERSION} with hookjudge as its command hook`, HOST_SUITE, () => {
  let entry: string;
  let agent: Awaited<ReturnType<typeof startGeminiServer>>;
  let judge: Awaited<ReturnType<typeof startModelServer>>;
  beforeAll(async () => {
    entry = ensureGemini();
    agent = await startGeminiServer();
    judge = await startModelServer();
  });
  afterAll(async () => {
    await agent?.close();
    await judge?.close();
  });

  // Gemini CLI's timeouts are milliseconds
  const hooks: Record<string, GeminiHookGroup[]> = {
    BeforeTool: [{ matcher: "run_shell_command", hooks: [{ type: "command", command: hookjudge("review-command", "--runtime", "gemini-cli"), timeout: 60_000 }] }],
    AfterAgent: [{ hooks: [{ type: "command", command: hookjudge("run", "stop-complete", "--runtime", "gemini-cli"), timeout: 60_000 }] }],
  };
  const run = (where: ReturnType<typeof sandbox>) => runGemini(entry, { cwd: where.cwd, home: where.home, baseURL: agent.url, prompt: "Do the task.", hooks, env: judgeEnv(judge.url) });

  it("the Bash gate (review-command --runtime gemini-cli) denies rm -rf ~: the command never runs, the model gets hookjudge's reason", async () => {
    const where = sandbox();
    agent.reset();
    judge.reset();
    agent.turns.push({ calls: [{ name: "run_shell_command", args: { command: DESTRUCTIVE } }] }, { text: "Done." });
    judge.judgeReplies.push({ verdict: { ok: true, reason: "done" } });
    await run(where);
    expect(existsSync(where.marker)).toBe(false);
    const parts = agent.requests[1]?.body.contents?.at(-1)?.parts ?? [];
    const response = (parts.find((part) => "functionResponse" in part)?.["functionResponse"] as { response?: { error?: string } } | undefined)?.response;
    expect(response?.error).toMatch(/^Tool execution blocked: hookjudge review denied this command: rm -rf ~: removes ~ \(rule destructive-delete\)/);
  });

  it("a Stop judge (run stop-complete --runtime gemini-cli on AfterAgent) keeps the agent working once: the next model request carries its reason", async () => {
    const where = sandbox();
    agent.reset();
    judge.reset();
    agent.turns.push({ text: "First done." }, { text: "Second done." });
    judge.judgeReplies.push({ verdict: { ok: false, reason: REASON } }, { verdict: { ok: true, reason: "done" } });
    const result = await run(where);
    expect(agent.requests).toHaveLength(2);
    const prompt = agent.requests[1]!.body.contents?.at(-1);
    expect(prompt).toMatchObject({ role: "user", parts: [{ text: expect.stringContaining(REASON) }] });
    expect(judge.judgeRequests).toHaveLength(2);
    expect(JSON.stringify(judge.judgeRequests[0]!.body.messages)).toContain("First done.");
    expect(result.result?.response).toBe("First done.Second done.");
  });
});
