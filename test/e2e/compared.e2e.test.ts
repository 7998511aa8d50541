import { mkdirSync, realpathSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { CLI, ROOT, temporaryDirectory } from "../helpers/cli.js";
import { ensureClaude, runClaude, type ClaudeRun } from "./claude.js";
import { startModelServer, type JudgeReply } from "./model-server.js";

// The same scenarios with Claude Code's own `type: "prompt"` hook and with hookjudge, against the
// same scripted judge. What each did is recorded; HOOKJUDGE_WRITE_COMPARISON=1 writes the table to
// docs/compared-with-builtin.md. Only observed behaviour goes in it.

let claude: string;
let model: Awaited<ReturnType<typeof startModelServer>>;
const rows: Array<{ scenario: string; builtin: string; hookjudge: string }> = [];
beforeAll(async () => {
  claude = ensureClaude();
  model = await startModelServer();
});
beforeEach(() => model.reset());
afterAll(async () => {
  await model?.close();
  if (process.env["HOOKJUDGE_WRITE_COMPARISON"] === "1" && rows.length > 0) {
    const table = ["| scenario | Claude Code's `type: \"prompt\"` hook | hookjudge |", "|---|---|---|", ...rows.map((row) => `| ${row.scenario} | ${row.builtin} | ${row.hookjudge} |`)];
    writeFileSync(
      join(ROOT, "docs", "compared-with-builtin.md"),
      [
        "# hookjudge compared with Claude Code's built-in prompt hook",
        "",
        `Observed by \`HOOKJUDGE_WRITE_COMPARISON=1 npm run test:e2e\` (test/e2e/compared.e2e.test.ts) on ${new Date().toISOString().slice(0, 10)}: Claude Code 2.1.330 in print mode against a loopback model that plays the agent and, with the same scripted answers, the judge. Each cell says what the host did.`,
        "",
        ...table,
        "",
      ].join("\n"),
    );
  }
});

type Setup = "builtin" | "hookjudge";
interface Scenario {
  event: "Stop" | "PreToolUse";
  prompt: string;
  timeout?: number;
  agentPrompt?: string;
  turns: Parameters<typeof model.agentTurns.push>;
  replies: JudgeReply[];
}

async function run(setup: Setup, scenario: Scenario): Promise<{ run: ClaudeRun; seconds: number; agentTurns: number; judgeRequests: Array<{ body: unknown; size: number }> }> {
  const base = realpathSync(temporaryDirectory("hookjudge-compare-"));
  const cwd = join(base, "project");
  const configDir = join(base, "config");
  mkdirSync(join(cwd, ".claude"), { recursive: true });
  mkdirSync(configDir, { recursive: true });
  const hookFile = join(base, "hook.md");
  writeFileSync(hookFile, `---\nname: compared\nevents: [${scenario.event}]\n---\n${scenario.prompt}\n`);
  const handler =
    setup === "builtin"
      ? { type: "prompt", prompt: scenario.prompt, ...(scenario.timeout ? { timeout: scenario.timeout } : {}) }
      : { type: "command", command: `node ${CLI} run ${hookFile}${scenario.timeout ? ` --timeout ${scenario.timeout}` : ""}`, timeout: 60 };
  const group = scenario.event === "PreToolUse" ? { matcher: "Bash", hooks: [handler] } : { hooks: [handler] };
  writeFileSync(join(cwd, ".claude", "settings.json"), JSON.stringify({ hooks: { [scenario.event]: [group] } }));
  model.reset();
  model.agentTurns.push(...scenario.turns);
  model.judgeReplies.push(...scenario.replies);
  const started = performance.now();
  const result = await runClaude(claude, { cwd, configDir, baseURL: model.url, prompt: scenario.agentPrompt ?? "Do the task.", allowedTools: ["Bash"] });
  return {
    run: result,
    seconds: (performance.now() - started) / 1000,
    agentTurns: model.agentRequests.length,
    judgeRequests: setup === "builtin" ? [...model.builtinJudgeRequests] : [...model.judgeRequests],
  };
}

const stopped = (turns: number) => (turns === 1 ? "the agent stopped (1 agent turn)" : `the agent was kept working (${turns} agent turns)`);

describe("side by side with Claude Code's built-in prompt hook", () => {
  it("a judge that says the work is not done", async () => {
    const scenario: Scenario = {
      event: "Stop",
      prompt: "Has the agent finished? $ARGUMENTS",
      turns: [{ text: "All done." }, { text: "Finished the docs too." }],
      replies: [{ verdict: { ok: false, reason: "The docs are missing." } }, { verdict: { ok: true, reason: "Done." } }],
    };
    const builtin = await run("builtin", scenario);
    const hookjudge = await run("hookjudge", scenario);
    expect(builtin.judgeRequests.length).toBeGreaterThan(0);
    expect(hookjudge.agentTurns).toBe(2);
    rows.push({ scenario: "the judge answers `ok: false`, then `ok: true`", builtin: stopped(builtin.agentTurns), hookjudge: stopped(hookjudge.agentTurns) });
  });

  it("a judge whose reply is not JSON", async () => {
    const scenario: Scenario = { event: "Stop", prompt: "Has the agent finished? $ARGUMENTS", turns: [{ text: "All done." }], replies: [{ text: "Looks fine to me." }, { text: "Really, fine." }] };
    const builtin = await run("builtin", scenario);
    const hookjudge = await run("hookjudge", scenario);
    expect(hookjudge.agentTurns).toBe(1);
    expect(hookjudge.judgeRequests).toHaveLength(2);
    rows.push({
      scenario: "the judge replies in prose",
      builtin: `${stopped(builtin.agentTurns)}; ${builtin.judgeRequests.length} judge request(s)`,
      hookjudge: `${stopped(hookjudge.agentTurns)} after one repair request (malformed error, failure policy: allow with a \`systemMessage\`)`,
    });
  });

  it("a judge that never answers", async () => {
    const scenario: Scenario = { event: "Stop", prompt: "Has the agent finished? $ARGUMENTS", timeout: 3, turns: [{ text: "All done." }], replies: [{ hang: true }] };
    const builtin = await run("builtin", scenario);
    const hookjudge = await run("hookjudge", scenario);
    expect(hookjudge.agentTurns).toBe(1);
    expect(hookjudge.run.result?.subtype).toBe("success");
    rows.push({
      scenario: "the judge hangs (hook timeout 3 s)",
      builtin: `${stopped(builtin.agentTurns)}; the run took ${builtin.seconds.toFixed(1)} s`,
      hookjudge: `${stopped(hookjudge.agentTurns)} (timeout error, policy allow, named in \`systemMessage\`); the run took ${hookjudge.seconds.toFixed(1)} s`,
    });
  });

  it("`$TOOL_INPUT` in the prompt", async () => {
    const scenario: Scenario = {
      event: "PreToolUse",
      prompt: "Is this command safe? $TOOL_INPUT",
      turns: [{ tools: [{ name: "Bash", input: { command: "echo compared-marker", description: "echo" } }] }, { text: "Done." }],
      replies: [{ verdict: { ok: true, reason: "Harmless." } }],
    };
    const builtin = await run("builtin", scenario);
    const hookjudge = await run("hookjudge", scenario);
    const sent = (requests: Array<{ body: unknown }>) => JSON.stringify(requests[0]?.body ?? "");
    expect(sent(hookjudge.judgeRequests)).toContain("echo compared-marker");
    expect(sent(hookjudge.judgeRequests)).not.toContain("$TOOL_INPUT");
    const builtinSent = sent(builtin.judgeRequests);
    rows.push({
      scenario: "the prompt uses `$TOOL_INPUT` (PreToolUse on Bash)",
      builtin: builtin.judgeRequests.length === 0 ? "no judge request was seen" : builtinSent.includes("$TOOL_INPUT") ? "`$TOOL_INPUT` reached the judge literally" : "`$TOOL_INPUT` was filled",
      hookjudge: "`$TOOL_INPUT` was filled with the tool input, fenced as data",
    });
  });

  it("a long conversation", async () => {
    const long = `Context for the task:\n${"The parser must accept every input shape listed here. ".repeat(2000)}`;
    const scenario: Scenario = { event: "Stop", prompt: "Has the agent finished? $ARGUMENTS", agentPrompt: long, turns: [{ text: "All done." }], replies: [{ verdict: { ok: true, reason: "Done." } }] };
    const builtin = await run("builtin", scenario);
    const hookjudge = await run("hookjudge", scenario);
    const size = (requests: Array<{ size: number }>) => (requests[0] ? `${requests[0].size.toLocaleString("en-US")} characters` : "no judge request");
    expect(hookjudge.judgeRequests[0]!.size).toBeLessThan(60_000);
    rows.push({ scenario: `a ${long.length.toLocaleString("en-US")}-character user prompt, then Stop`, builtin: `judge request: ${size(builtin.judgeRequests)}`, hookjudge: `judge request: ${size(hookjudge.judgeRequests)} (\`$ARGUMENTS\` holds the input; the transcript is read only through \`$TRANSCRIPT\`, under a budget)` });
  });
});
