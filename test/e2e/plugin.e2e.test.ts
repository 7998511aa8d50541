import { execFileSync } from "node:child_process";
import { randomUUID } from "node:crypto";
import { cpSync, existsSync, mkdirSync, readFileSync, realpathSync } from "node:fs";
import { dirname, join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { ROOT, runCli, temporaryDirectory } from "../helpers/cli.js";
import { runClaude, runClaudeCommand } from "./claude.js";
import { e2eProject, everything, hookAttachments, lastMessage, toolResults, useHost } from "./scenario.js";

// hookjudge as a Claude Code plugin: the package folder validated by the real CLI, then a copy of
// what npm would ship installed from a local marketplace, and its hooks and commands at work.

const host = useHost();

const manifest = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as { version: string };
const CLI_IN_PLUGIN = 'node "${CLAUDE_PLUGIN_ROOT}/dist/cli.js"';

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

interface Validation {
  success: boolean;
  manifest: { type: string; errors: unknown[] };
  contents: Array<{ type: string; errors: unknown[] }>;
  provides: { hooks: Array<{ event: string; matcher?: string; type: string; command: string }>; commands: string[] };
}

/** The files `npm pack` would put in the package (scripts skipped: dist/ is already built). */
function packedFiles(): string[] {
  const output = execFileSync("npm", ["pack", "--dry-run", "--json", "--ignore-scripts"], { cwd: ROOT, encoding: "utf8" });
  return (JSON.parse(output) as Array<{ files: Array<{ path: string }> }>)[0]!.files.map((file) => file.path);
}

/**
 * A copy of the packed files (those `keep` accepts) in a new folder, added as a local marketplace
 * to a config folder of its own, and the plugin installed from it; the config folder's path.
 */
async function installPlugin(keep: (path: string) => boolean = () => true): Promise<string> {
  const folder = realpathSync(temporaryDirectory("hookjudge-e2e-plugin-"));
  const packageCopy = join(folder, "hookjudge");
  const config = join(folder, "config");
  mkdirSync(config, { recursive: true });
  for (const path of packedFiles().filter(keep)) {
    mkdirSync(dirname(join(packageCopy, path)), { recursive: true });
    cpSync(join(ROOT, path), join(packageCopy, path));
  }
  const added = await runClaudeCommand(host.claude, ["plugin", "marketplace", "add", packageCopy], { cwd: folder, configDir: config });
  expect(added.code, added.stderr + added.stdout).toBe(0);
  const installed = await runClaudeCommand(host.claude, ["plugin", "install", "hookjudge@hookjudge"], { cwd: folder, configDir: config });
  expect(installed.code, installed.stderr + installed.stdout).toBe(0);
  return config;
}

/** The config folder of the tests below: the whole package installed as a plugin. */
let configDir: string;

beforeAll(async () => {
  configDir = await installPlugin();
});

/** A project with no hooks of its own: whatever judges, the plugin brought it. */
function pluginProject(): string {
  const { cwd } = e2eProject({}, {}, realpathSync(temporaryDirectory("hookjudge-e2e-plugin-project-")));
  return cwd;
}

describe("the hookjudge plugin in the real Claude Code CLI", () => {
  it("claude plugin validate passes the package folder: the marketplace, the plugin, its four hooks and two commands", async () => {
    const run = await runClaudeCommand(host.claude, ["plugin", "validate", ROOT, "--json"], { cwd: ROOT, configDir });
    expect(run.code, run.stderr + run.stdout).toBe(0);
    const report = JSON.parse(run.stdout) as Validation;
    expect(report.success).toBe(true);
    expect(report.manifest).toMatchObject({ type: "marketplace", errors: [] });
    expect(report.contents).toEqual([expect.objectContaining({ type: "plugin", errors: [] })]);
    expect(report.provides.hooks).toEqual([
      { event: "PreToolUse", matcher: "Bash", type: "command", command: expect.stringMatching(new RegExp(`^${escape(CLI_IN_PLUGIN)} review-command \\|\\| printf `)) },
      { event: "PreToolUse", matcher: "Write|Edit|MultiEdit|NotebookEdit", type: "command", command: expect.stringMatching(new RegExp(`^${escape(CLI_IN_PLUGIN)} guard-files \\|\\| printf `)) },
      { event: "Stop", type: "command", command: `${CLI_IN_PLUGIN} run stop-complete` },
      { event: "Stop", type: "command", command: `${CLI_IN_PLUGIN} loop stop-hook` },
    ]);
    expect([...report.provides.commands].sort()).toEqual(["hookjudge:cancel-loop", "hookjudge:loop"]);
    // the plugin's version is the package's (the marketplace entry names none, so it cannot disagree)
    expect(JSON.parse(readFileSync(join(ROOT, ".claude-plugin", "plugin.json"), "utf8"))).toMatchObject({ name: "hookjudge", version: manifest.version });
    const entries = JSON.parse(readFileSync(join(ROOT, ".claude-plugin", "marketplace.json"), "utf8")).plugins;
    expect(entries).toEqual([expect.objectContaining({ name: "hookjudge", source: "./" })]);
    expect(entries[0]).not.toHaveProperty("version");
  });

  it("installed from the marketplace, the plugin's Bash gate denies rm -rf ~, its file guard refuses .git/hooks, harmless commands run, and its Stop check judges", async () => {
    const cwd = pluginProject();
    host.model.agentTurns.push(
      { tools: [{ name: "Bash", input: { command: "touch marker.txt && rm -rf ~", description: "clean up" } }] },
      { tools: [{ name: "Write", input: { file_path: join(cwd, ".git", "hooks", "pre-commit"), content: "#!/bin/sh\nexit 0\n" } }] },
      { tools: [{ name: "Bash", input: { command: "touch harmless.txt", description: "make a file" } }] },
      { text: "Cleaned up what I was allowed to." },
    );
    const run = await runClaude(host.claude, { cwd, configDir, baseURL: host.model.url, prompt: "Clean up.", allowedTools: ["Bash", "Write"] });

    expect(run.result, run.stderr).toMatchObject({ subtype: "success", is_error: false, result: "Cleaned up what I was allowed to." });
    // the gate's rule stopped the line before it ran: no marker, and the agent was told why
    expect(existsSync(join(cwd, "marker.txt"))).toBe(false);
    expect(existsSync(configDir)).toBe(true);
    const denied = toolResults(host.model.agentRequests[1]!);
    expect(denied).toEqual([{ text: expect.stringContaining("destructive-delete"), isError: true }]);
    // the file guard refused the git hook
    expect(existsSync(join(cwd, ".git", "hooks", "pre-commit"))).toBe(false);
    expect(toolResults(host.model.agentRequests[2]!).at(-1)).toEqual({ text: expect.stringContaining("hookjudge guard-files"), isError: true });
    expect(run.result?.permission_denials).toHaveLength(2);
    // a harmless command ran
    expect(existsSync(join(cwd, "harmless.txt"))).toBe(true);
    // two judgments, each passed by the loopback judge's default verdict: the gate's model step on
    // the command no rule decided, then the Stop check on the final message
    expect(host.model.judgeRequests).toHaveLength(2);
    expect(everything(host.model.judgeRequests[0]!)).toContain("touch harmless.txt");
    expect(everything(host.model.judgeRequests[0]!)).not.toContain("rm -rf");
    expect(everything(host.model.judgeRequests[1]!)).toContain("Cleaned up what I was allowed to.");
  });

  it("installed without its built CLI (a clone before npm install), the Bash gate asks instead of letting the command through", async () => {
    const config = await installPlugin((path) => !path.startsWith("dist/"));
    const cwd = pluginProject();
    host.model.agentTurns.push({ tools: [{ name: "Bash", input: { command: "touch marker.txt", description: "make a marker" } }] }, { text: "It was not allowed." });
    const run = await runClaude(host.claude, { cwd, configDir: config, baseURL: host.model.url, prompt: "Create marker.txt", allowedTools: ["Bash"] });

    expect(run.result, run.stderr).toMatchObject({ subtype: "success", is_error: false });
    // an ask with no one to ask (print mode) is a denial: the command never ran
    expect(existsSync(join(cwd, "marker.txt"))).toBe(false);
    expect(run.result?.permission_denials).toHaveLength(1);
    expect(toolResults(host.model.agentRequests[1]!)).toEqual([{ text: expect.stringContaining("hookjudge review-command could not start"), isError: true }]);
    expect(host.model.judgeRequests).toHaveLength(0);
  });

  it("/hookjudge:loop arms a loop for the session; its Stop hook feeds the task back, and a confirmed promise ends it", async () => {
    const cwd = pluginProject();
    const TASK = "Make parse() in src/parse.js return an empty list for empty input.";
    host.model.agentTurns.push({ text: "Started on the parser." }, { text: "parse() handles empty input now.\n\n<promise>DONE</promise>" });
    const run = await runClaude(host.claude, { cwd, configDir, baseURL: host.model.url, prompt: `/hookjudge:loop ${TASK}` });

    expect(run.result, run.stderr).toMatchObject({ subtype: "success", is_error: false, result: "parse() handles empty input now.\n\n<promise>DONE</promise>" });
    const session = run.result!.session_id!;
    // the command armed the loop through the plugin's CLI, bound to this session, and its text
    // reached the agent with the task
    const armed = everything(host.model.agentRequests[0]!);
    expect(armed).toMatch(new RegExp(`hookjudge loop armed: \\S+\\\\n  task: +${TASK.replace(/[()]/g, "\\$&")}`));
    expect(armed).toMatch(new RegExp(`session: +${session}`));
    expect(armed).toContain("verifier:    stop-verify");
    expect(armed).toContain(`Your task: ${TASK}`);
    // one block carrying the task, then the promise ended the loop
    expect(host.model.agentRequests).toHaveLength(2);
    const feedback = lastMessage(host.model.agentRequests[1]!);
    expect(feedback).toContain(TASK);
    expect(feedback).toContain("iteration 1 of 15");
    const messages = hookAttachments<{ type?: string; hookEvent?: string; content?: string }>(configDir, session)
      .filter((attachment) => attachment.type === "hook_system_message" && attachment.hookEvent === "Stop")
      .map((attachment) => attachment.content!);
    expect(messages).toEqual([expect.stringMatching(/^hookjudge loop \S+: iteration 1 of 15$/), expect.stringMatching(/^hookjudge loop \S+: done after 1 iteration.* confirmed by stop-verify/)]);
    // the verifier (stop-verify, with its read-only tools) checked the promise
    expect(host.model.judgeRequests.some((request) => request.body.tools?.some((tool) => tool.name === "Read"))).toBe(true);
    const status = await runCli(["loop", "status", "--json"], { cwd, env: { HOME: configDir } });
    expect(status.code).toBe(0);
    expect(status.stdout.trim()).toBe("");
  });

  it("/hookjudge:cancel-loop cancels the session's loop, and the agent may stop at once; with no loop it says so", async () => {
    const cwd = pluginProject();
    const session = randomUUID();
    // with no loop to cancel, the command's shell step fails: the user sees why, and no model turn runs
    const nothing = await runClaude(host.claude, { cwd, configDir, baseURL: host.model.url, prompt: "/hookjudge:cancel-loop", sessionId: randomUUID() });
    expect(nothing.result, nothing.stderr).toMatchObject({ num_turns: 0, result: expect.stringContaining("hookjudge: no active loops") });
    expect(host.model.agentRequests).toHaveLength(0);
    // Claude Code runs the hooks with HOME=configDir: the loop is armed in the state folder under it
    const start = await runCli(["loop", "start", "Rewrite the parser.", "--max-iterations", "5"], { cwd, env: { HOME: configDir, CLAUDE_CODE_SESSION_ID: session } });
    expect(start.code, start.stderr).toBe(0);
    host.model.agentTurns.push({ text: "Stopped; the parser is half rewritten." });
    const run = await runClaude(host.claude, { cwd, configDir, baseURL: host.model.url, prompt: "/hookjudge:cancel-loop", sessionId: session });

    expect(run.result, run.stderr).toMatchObject({ subtype: "success", is_error: false, session_id: session, result: "Stopped; the parser is half rewritten." });
    // the command's output (the cancelled loop) reached the agent, and no Stop was blocked
    expect(everything(host.model.agentRequests[0]!)).toMatch(new RegExp(`cancelled loop \\S+ \\(${session}, iteration 0\\)`));
    expect(host.model.agentRequests).toHaveLength(1);
    const status = await runCli(["loop", "status", "--json"], { cwd, env: { HOME: configDir } });
    expect(status.code).toBe(0);
    expect(status.stdout.trim()).toBe("");
  });
});
