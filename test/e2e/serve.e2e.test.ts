import { existsSync, mkdirSync, realpathSync, rmSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { runCli, temporaryDirectory } from "../helpers/cli.js";
import { startServeProcess, type ServeProcess } from "../helpers/serve.js";
import { ensureClaude, runClaude } from "./claude.js";
import { startModelServer } from "./model-server.js";
import { e2eProject, everything, hookAttachments as recordedAttachments, lastMessage, toolResults } from "./scenario.js";

// `hookjudge serve` behind the real Claude Code CLI: the project's hooks are `type: "http"` entries,
// printed by `hookjudge serve --print-settings`, that all point at one long-lived serve process.
// The token reaches the server only through the entries' `headers` + `allowedEnvVars`.
//
// How Claude Code 2.1.330 took hookjudge's answers, as seen in these runs (transcript and requests):
// - a 200 with a JSON decision: a Stop `{"decision":"block"}` is a `hook_blocking_error` attachment
//   whose `command` is the hook's URL, and the agent's next request ends with the system message
//   `Stop hook blocking error from command: "<url>": <reason>`; a PreToolUse deny comes back to the
//   agent as the Bash call's `tool_result` with `is_error: true` carrying the reason, and the result
//   JSON lists the call under `permission_denials`.
// - a 200 with an empty body: a pass; nothing is recorded for that hook in the transcript, and a
//   Bash call then goes through the user's permissions as usual.
// - a 401: a non-blocking error, a `hook_non_blocking_error` attachment with
//   `stderr: "HTTP 401 from <url>"` and `exitCode: 401`, listed in the Stop summary's `hookErrors`;
//   the Stop goes ahead as if the hook had passed.

const TOKEN = "e2e-serve-token";

type Served = ServeProcess;
type Entry = Record<string, unknown> & { url: string };
type Snippet = { hooks: Record<string, Array<{ matcher?: string; hooks: Entry[] }>> };

let claude: string;
let model: Awaited<ReturnType<typeof startModelServer>>;
/** This file's temporary folder: the server's home and folder, and every run's project. */
let base: string;
let server: Served;
/** What `hookjudge serve --print-settings --token-env HJ_TOKEN --port <the served port>` printed. */
let printed: Snippet;

/** Start `hookjudge serve --port 0 --token-env HJ_TOKEN` as a real process and wait for its address. */
const serve = (cwd: string, env: Record<string, string>): Promise<Served> => startServeProcess(["--token-env", "HJ_TOKEN"], env, cwd);

beforeAll(async () => {
  claude = ensureClaude();
  model = await startModelServer();
  base = realpathSync(temporaryDirectory("hookjudge-e2e-serve-"));
  mkdirSync(join(base, "server"));
  mkdirSync(join(base, "home"));
  const env = { ANTHROPIC_BASE_URL: model.url, ANTHROPIC_API_KEY: "e2e", HOOKJUDGE_HOME: join(base, "home"), HJ_TOKEN: TOKEN };
  server = await serve(join(base, "server"), env);
  const port = new URL(server.url).port;
  const settings = await runCli(["serve", "--print-settings", "--token-env", "HJ_TOKEN", "--port", port], { cwd: join(base, "server"), env });
  expect(settings.code).toBe(0);
  printed = JSON.parse(settings.stdout) as Snippet;
});
afterAll(async () => {
  try {
    if (server) {
      server.child.kill("SIGTERM");
      expect(await server.exited).toBe(0);
      expect(server.stderr()).toMatch(/hookjudge serve: stopped/);
    }
  } finally {
    await model?.close();
    if (base) rmSync(base, { recursive: true, force: true });
  }
});
beforeEach(() => model.reset());

/**
 * The printed snippet, plus the built-in stop-complete on Stop (the snippet lists only hook files;
 * a built-in's entry is the printed Stop entry with its URL): everything points at the server.
 */
function settingsWithStopComplete(change: (entry: Entry) => Entry = (entry) => entry): Snippet["hooks"] {
  const stopEntry = printed.hooks["Stop"]![0]!.hooks[0]!;
  const hooks: Snippet["hooks"] = { ...printed.hooks, Stop: [...printed.hooks["Stop"]!, { hooks: [{ ...stopEntry, url: `${server.url}/hooks/stop-complete` }] }] };
  return Object.fromEntries(Object.entries(hooks).map(([event, groups]) => [event, groups.map((group) => ({ ...group, hooks: group.hooks.map(change) }))]));
}

let runs = 0;
/** A temporary project (inside this file's folder) whose `.claude/settings.json` has these hooks, and these files. */
const project = (hooks: unknown, files: Record<string, string> = {}) => e2eProject(hooks, files, join(base, `run-${++runs}`));

type HookAttachment = { type: string; hookEvent?: string; stderr?: string; exitCode?: number; blockingError?: { blockingError?: string; command?: string } };
/** The hook attachments Claude Code recorded in the session's transcript. */
const hookAttachments = (configDir: string, session: string) => recordedAttachments<HookAttachment>(configDir, session);

/** `GET /metrics` with the bearer token: `hookjudge_requests_total` by its label set. */
async function requestCounts(): Promise<Map<string, number>> {
  const response = await fetch(`${server.url}/metrics`, { headers: { authorization: `Bearer ${TOKEN}` } });
  expect(response.status).toBe(200);
  const counts = new Map<string, number>();
  for (const line of (await response.text()).split("\n")) {
    const found = /^hookjudge_requests_total\{(.*)\} (\d+)$/.exec(line);
    if (found) counts.set(found[1]!, Number(found[2]));
  }
  return counts;
}
const labels = (route: string, hook: string, event: string, outcome: string) => `route="${route}",hook="${hook}",event="${event}",outcome="${outcome}"`;
/** How much each count grew between two readings (only the ones that grew; the readings themselves, on the metrics route, left out). */
function grown(before: Map<string, number>, after: Map<string, number>): Record<string, number> {
  const growth: Record<string, number> = {};
  for (const [key, value] of after) if (!key.startsWith('route="metrics"') && value > (before.get(key) ?? 0)) growth[key] = value - (before.get(key) ?? 0);
  return growth;
}

describe("hookjudge serve answering the real Claude Code CLI's HTTP hooks", () => {
  it("a Stop judge over HTTP blocks once: the agent gets another turn carrying its reason, the second Stop passes, and /metrics counts both", async () => {
    const { cwd, configDir } = project(settingsWithStopComplete());
    const reason = "The README does not mention the new flag yet.";
    model.agentTurns.push({ text: "All done." }, { text: "Now the README is updated too." });
    model.judgeReplies.push({ verdict: { ok: false, reason } }, { verdict: { ok: true, reason: "Done." } });
    const before = await requestCounts();
    const run = await runClaude(claude, { cwd, configDir, baseURL: model.url, prompt: "Add a --verbose flag and document it.", env: { HJ_TOKEN: TOKEN } });

    expect(run.result).toMatchObject({ subtype: "success", is_error: false, num_turns: 2, result: "Now the README is updated too." });
    expect(model.agentRequests).toHaveLength(2);
    expect(everything(model.agentRequests[0]!)).not.toContain(reason);
    expect(lastMessage(model.agentRequests[1]!)).toContain(reason);
    // the server judged both Stops, and the judge saw the agent's final message
    expect(model.judgeRequests).toHaveLength(2);
    expect(everything(model.judgeRequests[0]!)).toContain("All done.");
    expect(everything(model.judgeRequests[1]!)).toContain("Now the README is updated too.");
    // Claude Code took the block from the stop-complete URL, and recorded nothing for the passes
    expect(hookAttachments(configDir, run.result!.session_id!)).toEqual([
      { type: "hook_blocking_error", hookName: "Stop", toolUseID: expect.any(String), hookEvent: "Stop", blockingError: { blockingError: expect.stringContaining(reason), command: `${server.url}/hooks/stop-complete` } },
    ]);

    expect(grown(before, await requestCounts())).toEqual({
      [labels("hooks", "stop-complete", "Stop", "block")]: 1,
      [labels("hooks", "stop-complete", "Stop", "pass")]: 1,
      // the loop's Stop hook from the printed snippet: no loop here, so two passes
      [labels("loop-stop-hook", "loop-stop-hook", "Stop", "pass")]: 2,
    });
    // the metrics need the token too
    expect((await fetch(`${server.url}/metrics`)).status).toBe(401);
  });

  it("PreToolUse Bash over HTTP: review-command denies `touch marker && rm -rf ~` by a rule, the agent sees why, and `ls` runs; no judge request", async () => {
    const { cwd, configDir } = project(printed.hooks, { "listed-by-ls.txt": "here\n" });
    model.agentTurns.push(
      { tools: [{ name: "Bash", input: { command: "touch marker && rm -rf ~", description: "clean up" } }] },
      { tools: [{ name: "Bash", input: { command: "ls -la", description: "list" } }] },
      { text: "Listed the files." },
    );
    const before = await requestCounts();
    const run = await runClaude(claude, { cwd, configDir, baseURL: model.url, prompt: "Clean up, then list the files.", allowedTools: ["Bash"], env: { HJ_TOKEN: TOKEN } });

    expect(run.result).toMatchObject({ subtype: "success", is_error: false, result: "Listed the files." });
    // the denied command never ran, not even its harmless first half
    expect(existsSync(join(cwd, "marker"))).toBe(false);
    expect(run.result?.permission_denials).toEqual([expect.objectContaining({ tool_name: "Bash", tool_input: expect.objectContaining({ command: "touch marker && rm -rf ~" }) })]);
    expect(model.agentRequests).toHaveLength(3);
    const denied = toolResults(model.agentRequests[1]!);
    expect(denied).toHaveLength(1);
    expect(denied[0]!.isError).toBe(true);
    expect(denied[0]!.text).toContain("hookjudge review denied this command");
    expect(denied[0]!.text).toContain("destructive-delete");
    // the listing ran: its output came back to the agent
    const listed = toolResults(model.agentRequests[2]!);
    expect(listed).toHaveLength(2);
    expect(listed[1]!.isError).toBe(false);
    expect(listed[1]!.text).toContain("listed-by-ls.txt");
    expect(model.judgeRequests).toHaveLength(0);

    expect(grown(before, await requestCounts())).toEqual({
      [labels("review-command", "review-command", "PreToolUse", "block")]: 1,
      [labels("review-command", "review-command", "PreToolUse", "pass")]: 1,
      [labels("loop-stop-hook", "loop-stop-hook", "Stop", "pass")]: 1,
    });
  });

  /** A run whose Stop hooks get 401: no judgment, no block, the refusal recorded and counted. */
  async function expectRefused(change: (entry: Entry) => Entry, token: string): Promise<void> {
    const { cwd, configDir } = project(settingsWithStopComplete(change));
    model.agentTurns.push({ text: "All done." }, { text: "A second turn that must not happen." });
    model.judgeReplies.push({ verdict: { ok: false, reason: "Not done: the tests were never run." } });
    const before = await requestCounts();
    const run = await runClaude(claude, { cwd, configDir, baseURL: model.url, prompt: "Add a --verbose flag and document it.", env: { HJ_TOKEN: token } });

    expect(run.result).toMatchObject({ subtype: "success", is_error: false, num_turns: 1, result: "All done." });
    expect(model.agentRequests).toHaveLength(1);
    expect(model.judgeRequests).toHaveLength(0);
    expect(hookAttachments(configDir, run.result!.session_id!)).toEqual(
      expect.arrayContaining([expect.objectContaining({ type: "hook_non_blocking_error", hookEvent: "Stop", exitCode: 401, stderr: `HTTP 401 from ${server.url}/hooks/stop-complete` })]),
    );
    // Claude Code did call both Stop hooks; the server refused them before any judgment
    expect(grown(before, await requestCounts())).toEqual({
      // a request refused before authentication is not labelled with the hook it names
      [labels("hooks", "unknown", "none", "unauthorized")]: 1,
      [labels("loop-stop-hook", "loop-stop-hook", "none", "unauthorized")]: 1,
    });
  }

  it("a wrong token gets a 401, which Claude Code takes as a non-blocking error: the Stop is not blocked and the judge is never asked", async () => {
    await expectRefused((entry) => entry, "not-the-token");
  });

  it("without the printed allowedEnvVars no token is sent, even with the right one in the environment: 401, no judgment, no block", async () => {
    await expectRefused(({ allowedEnvVars: _dropped, ...entry }) => entry as Entry, TOKEN);
  });
});
