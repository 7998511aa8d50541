import { randomUUID } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { CLI, runCli, stateFolder } from "../helpers/cli.js";
import { runClaude } from "./claude.js";
import { command, e2eProject, everything, hookAttachments, lastMessage, toolResults, useHost } from "./scenario.js";

// Agent hooks (a verifier that reads the project) and Ralph loops, in the real Claude Code CLI.

const host = useHost();

const project = (hooks: Record<string, unknown>, files: Record<string, string> = {}) => e2eProject(hooks, files);

/** The `systemMessage`s of Stop hooks, as Claude Code recorded them in the session's transcript. */
function stopHookMessages(configDir: string, session: string): string[] {
  return hookAttachments<{ type?: string; hookEvent?: string; content?: string }>(configDir, session)
    .filter((attachment) => attachment.type === "hook_system_message" && attachment.hookEvent === "Stop")
    .map((attachment) => attachment.content!);
}

/** `hookjudge loop status --json` in the project: one state per active loop. */
async function loopStatus(cwd: string, configDir: string): Promise<Array<{ id: string; sessionId: string | null; iteration: number; maxIterations: number; task: string }>> {
  const result = await runCli(["loop", "status", "--json"], { cwd, env: { HOME: configDir } });
  expect(result.code).toBe(0);
  return result.stdout.split("\n").filter(Boolean).map((line) => JSON.parse(line));
}
// Claude Code runs the hooks with HOME=configDir: their state folder is under it
const loopFiles = (cwd: string, configDir: string) => readdirSync(join(stateFolder(cwd, { HOME: configDir }), "loops")).filter((name) => name.endsWith(".json"));

const GREET_STUB = ['// greet(name) returns the greeting shown on the start page', "export function greet(name) {", "  // TODO: build the greeting", '  return "";', "}", ""].join("\n");
const GREET_DONE = ['// greet(name) returns the greeting shown on the start page', "export function greet(name) {", "  return `Hello, ${name}!`;", "}", ""].join("\n");

describe("agent hooks in the real Claude Code CLI", () => {
  it("stop-verify reads the real project, blocks with its reason, and passes once the agent has fixed the file", async () => {
    const { cwd, configDir } = project({ Stop: [{ hooks: [command("run stop-verify")] }] }, { "src/greet.js": GREET_STUB });
    const file = join(cwd, "src", "greet.js");
    const reason = "src/greet.js line 3 is still a TODO: greet() returns an empty string.";
    host.model.agentTurns.push(
      { text: "Done: greet() now returns the greeting." },
      // after the block: read the file, rewrite it, and stop again
      { tools: [{ name: "Read", input: { file_path: file } }] },
      { tools: [{ name: "Write", input: { file_path: file, content: GREET_DONE } }] },
      { text: "Fixed: greet() builds the greeting from the name." },
    );
    host.model.judgeReplies.push(
      // first Stop: the verifier reads the file, then rejects
      { tools: [{ name: "Read", input: { file_path: "src/greet.js" } }] },
      { verdict: { ok: false, reason } },
      // second Stop: it reads the file again, then confirms
      { tools: [{ name: "Read", input: { file_path: "src/greet.js" } }] },
      { verdict: { ok: true, reason: "greet() returns the greeting." } },
    );
    const run = await runClaude(host.claude, { cwd, configDir, baseURL: host.model.url, prompt: "Make greet() in src/greet.js return a greeting for the given name.", allowedTools: ["Read", "Write"] });

    // the run ended after the second Stop passed
    expect(run.result).toMatchObject({ subtype: "success", is_error: false, result: "Fixed: greet() builds the greeting from the name." });
    expect(host.model.agentRequests).toHaveLength(4);
    expect(host.model.judgeRequests).toHaveLength(4);
    // the agent's request right after the block carries the verifier's reason; the first did not
    expect(everything(host.model.agentRequests[0]!)).not.toContain(reason);
    expect(lastMessage(host.model.agentRequests[1]!)).toContain(reason);

    // the verifier got the read-only tools, not Bash, and the agent's final message as data
    expect(host.model.judgeRequests[0]!.body.tools?.map((tool) => tool.name).sort()).toEqual(["Glob", "Grep", "Read", "verdict"]);
    expect(everything(host.model.judgeRequests[0]!)).toContain("Done: greet() now returns the greeting.");
    expect(toolResults(host.model.judgeRequests[0]!)).toEqual([]);
    // its Read ran against the real project: the stub as it was on disk
    const firstRead = toolResults(host.model.judgeRequests[1]!);
    expect(firstRead).toHaveLength(1);
    expect(firstRead[0]!.isError).toBe(false);
    expect(firstRead[0]!.text).toContain("// TODO: build the greeting");
    expect(firstRead[0]!.text).toContain('return "";');
    // the second check read the file as the agent had rewritten it
    const secondRead = toolResults(host.model.judgeRequests[3]!);
    expect(secondRead).toHaveLength(1);
    expect(secondRead[0]!.text).toContain("return `Hello, ${name}!`;");
    expect(secondRead[0]!.text).not.toContain("TODO");
    expect(readFileSync(file, "utf8")).toBe(GREET_DONE);
  });
});

describe("hookjudge loop in the real Claude Code CLI", () => {
  const TASK = "Make parse() in src/parse.js return an empty list for empty input.";
  const VERIFY = "---\nname: loop-verify\nevents: [Stop]\n---\nThe agent promised this task is done (iteration $ITERATION): $LOOP_TASK\n\nIts final message: $LAST_ASSISTANT_MESSAGE\n\nIs it really done?\n";

  it("feeds the task back until the promise is made and the verifier confirms it, then lets the agent stop", async () => {
    const { cwd, configDir } = project({ Stop: [{ hooks: [command("loop stop-hook")] }] }, { ".claude/loop-verify.md": VERIFY });
    // the loop is bound to the session Claude Code is about to run
    const session = randomUUID();
    const start = await runCli(["loop", "start", TASK, "--max-iterations", "5", "--completion-promise", "DONE", "--verify", ".claude/loop-verify.md"], { cwd, env: { HOME: configDir, CLAUDE_CODE_SESSION_ID: session } });
    expect(start.code).toBe(0);
    expect(await loopStatus(cwd, configDir)).toMatchObject([{ sessionId: session, iteration: 0, maxIterations: 5, task: TASK }]);

    const rejection = "No test covers empty input yet.";
    host.model.agentTurns.push(
      { text: "Started on the parser." },
      { text: "parse() now handles the empty string." },
      { text: "All cases handled.\n<promise>DONE</promise>" },
      { text: "Added a test for empty input.\n\n<promise>DONE</promise>" },
    );
    host.model.judgeReplies.push({ verdict: { ok: false, reason: rejection } }, { verdict: { ok: true, reason: "The test exists and covers empty input." } });
    const run = await runClaude(host.claude, { cwd, configDir, baseURL: host.model.url, prompt: "Work on the parser.", sessionId: session });

    expect(run.result).toMatchObject({ subtype: "success", is_error: false, session_id: session, result: "Added a test for empty input.\n\n<promise>DONE</promise>" });
    // four agent turns: three blocks, then the confirmed promise ends the loop
    expect(host.model.agentRequests).toHaveLength(4);
    expect(everything(host.model.agentRequests[0]!)).not.toContain(TASK);
    for (const iteration of [1, 2, 3]) {
      const feedback = lastMessage(host.model.agentRequests[iteration]!);
      expect(feedback).toContain(TASK);
      expect(feedback).toContain(`iteration ${iteration} of 5`);
    }
    // only the block after the rejected promise carries the verifier's reason
    expect(lastMessage(host.model.agentRequests[2]!)).not.toContain(rejection);
    expect(lastMessage(host.model.agentRequests[3]!)).toContain(`Your promise was checked and not confirmed: ${rejection}`);

    // the verifier ran only on the two promises, and saw the loop's task and iteration
    expect(host.model.judgeRequests).toHaveLength(2);
    const [firstCheck, secondCheck] = host.model.judgeRequests.map((request) => String(request.body.messages?.[0]?.content));
    expect(firstCheck).toContain(TASK);
    expect(firstCheck).toMatch(/\(iteration \n<data-([0-9a-f]+)>\n2\n<\/data-\1>\n\)/);
    expect(firstCheck).toContain("All cases handled.");
    expect(secondCheck).toMatch(/\(iteration \n<data-([0-9a-f]+)>\n3\n<\/data-\1>\n\)/);
    expect(secondCheck).toContain("Added a test for empty input.");

    // what Claude Code showed the user, Stop by Stop: the exact iteration count at the end
    const messages = stopHookMessages(configDir, session);
    expect(messages).toHaveLength(4);
    expect(messages.slice(0, 3)).toEqual([1, 2, 3].map((iteration) => expect.stringMatching(new RegExp(`^hookjudge loop \\S+: iteration ${iteration} of 5$`))));
    expect(messages[3]).toMatch(/^hookjudge loop \S+: done after 3 iterations, .* — <promise>DONE<\/promise> confirmed by .*loop-verify\.md\.$/);
    // the loop is over
    expect(await loopStatus(cwd, configDir)).toEqual([]);
    expect(loopFiles(cwd, configDir)).toEqual([]);
  });

  it("a loop armed without a session is claimed by the first session that stops, and ends when its iteration budget is spent", async () => {
    const { cwd, configDir } = project({ Stop: [{ hooks: [command("loop stop-hook")] }] });
    const start = await runCli(["loop", "start", TASK, "--max-iterations", "2"], { cwd, env: { HOME: configDir } });
    expect(start.code).toBe(0);
    expect(await loopStatus(cwd, configDir)).toMatchObject([{ sessionId: null, iteration: 0, maxIterations: 2 }]);

    host.model.agentTurns.push(
      { text: "Started on the parser." },
      // inside the loop, the agent looks at the loop's state
      { tools: [{ name: "Bash", input: { command: `node ${CLI} loop status --json`, description: "show the loop" } }] },
      { text: "Still working on it." },
      { text: "Stopping here." },
    );
    const run = await runClaude(host.claude, { cwd, configDir, baseURL: host.model.url, prompt: "Work on the parser.", allowedTools: ["Bash"] });

    expect(run.result).toMatchObject({ subtype: "success", is_error: false, result: "Stopping here." });
    const session = run.result!.session_id!;
    expect(session).toMatch(/^[0-9a-f-]{36}$/);
    // two blocks (the cap), and the third Stop passed
    expect(host.model.agentRequests).toHaveLength(4);
    expect(lastMessage(host.model.agentRequests[1]!)).toContain("iteration 1 of 2");
    expect(lastMessage(host.model.agentRequests[3]!)).toContain("iteration 2 of 2");
    expect(host.model.judgeRequests).toHaveLength(0);
    // the first Stop claimed the loop for this session
    const shown = toolResults(host.model.agentRequests[2]!);
    expect(shown).toHaveLength(1);
    expect(JSON.parse(shown[0]!.text.trim())).toMatchObject({ sessionId: session, iteration: 1, maxIterations: 2, task: TASK });

    const messages = stopHookMessages(configDir, session);
    expect(messages).toHaveLength(3);
    expect(messages[0]).toMatch(/: iteration 1 of 2$/);
    expect(messages[1]).toMatch(/: iteration 2 of 2$/);
    expect(messages[2]).toMatch(/^hookjudge loop \S+ ended: the iteration budget \(2\) is spent, after 2 iterations, /);
    expect(await loopStatus(cwd, configDir)).toEqual([]);
    expect(loopFiles(cwd, configDir)).toEqual([]);
  });
});
