import { execFile, spawnSync } from "node:child_process";
import { promisify } from "node:util";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ROOT, temporaryDirectory } from "../helpers/cli.js";
import { startFakeModel, type FakeModel } from "../helpers/fake-model.js";
import { sendHttp, startServeProcess, type ServeProcess } from "../helpers/serve.js";

// The README's Python recipe (callbacks that POST the hook event to `hookjudge serve`) holds as a
// contract: the bytes its code posts (json.dumps of the event, urllib's headers) sent to a real
// `hookjudge serve`, and the answers its callbacks return. Where python3 is installed, the
// README's block itself runs against the same server (the standard library only).

const README = readFileSync(join(ROOT, "README.md"), "utf8");
/** The recipe's code: the Python block after its marker in the README. */
const RECIPE = /<!-- recipe: python-serve[^>]*-->\n```python\n([\s\S]*?)```/.exec(README)?.[1] ?? "";

/** `json.dumps(value)` as Python writes it: `", "` and `": "` separators, every non-ASCII character escaped. */
function pythonDumps(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(pythonDumps).join(", ")}]`;
  if (value !== null && typeof value === "object") return `{${Object.entries(value).map(([key, item]) => `${pythonDumps(key)}: ${pythonDumps(item)}`).join(", ")}}`;
  return JSON.stringify(value).replace(/[\u007f-\uffff]/g, (character) => `\\u${character.charCodeAt(0).toString(16).padStart(4, "0")}`);
}

/** What urllib sends beside the body (`Request(…, headers={"Content-Type": "application/json"})`). */
const URLLIB_HEADERS = { "content-type": "application/json", "user-agent": "Python-urllib/3.11", "accept-encoding": "identity", connection: "close" };

let fake: FakeModel;
let serve: ServeProcess;
let project: string;
beforeAll(async () => {
  fake = await startFakeModel();
  project = temporaryDirectory("hookjudge-recipe-project-");
  mkdirSync(join(project, ".git"));
  serve = await startServeProcess([], { ANTHROPIC_BASE_URL: fake.url, HOOKJUDGE_ANTHROPIC_API_KEY: "test-key", HOOKJUDGE_HOME: temporaryDirectory("hookjudge-recipe-home-") });
});
afterAll(async () => {
  serve?.child.kill("SIGTERM");
  await serve?.exited;
  await fake?.close();
});

const fixture = (name: string, patch: Record<string, unknown>) => ({ ...(JSON.parse(readFileSync(join(ROOT, "test", "fixtures", "runtimes", "agent-sdk", `${name}.json`), "utf8")) as Record<string, unknown>), ...patch });
/** The events the recipe's callbacks get: the Agent SDK's (Claude Code's shape) and pydantic-deep's `asdict(HookInput)`. */
const events = () => ({
  destructive: fixture("pre-tool-use", { cwd: project, tool_input: { command: "rm -rf ~", description: "clean up — all of it" } }),
  listing: fixture("pre-tool-use", { cwd: project, tool_input: { command: "ls -la", description: "list" } }),
  stop: fixture("stop", { cwd: project, last_assistant_message: "All done." }),
  deep: { event: "pre_tool_use", tool_name: "execute", tool_input: { command: "rm -rf ~", timeout: 120 }, tool_result: null, tool_error: null },
});
const post = async (path: string, event: unknown) => {
  const answer = await sendHttp("POST", serve.url + path, pythonDumps(event), URLLIB_HEADERS);
  return { status: answer.status, body: answer.body.trim() === "" ? {} : (JSON.parse(answer.body) as unknown) };
};
const denied = { hookSpecificOutput: { hookEventName: "PreToolUse", permissionDecision: "deny", permissionDecisionReason: expect.stringContaining("rule destructive-delete") } };

describe("the README's Python recipe for hookjudge serve", () => {
  it("is in the README, as code the test can run", () => {
    expect(RECIPE).toContain('def _post(path: str, event: dict, timeout: float) -> dict:');
    for (const name of ["review_bash", "stop_complete", "pydantic_deep_gate"]) expect(RECIPE).toContain(`async def ${name}(`);
    expect(RECIPE).not.toMatch(/^(from|import) (claude_agent_sdk|pydantic_deep)/m);
  });

  it("its requests get the answers its callbacks return: a gate deny, a pass, a Stop block, pydantic-deep's allow:false", async () => {
    const { destructive, listing, stop, deep } = events();
    expect(await post("/review-command", destructive)).toEqual({ status: 200, body: denied });
    expect(await post("/review-command", listing)).toEqual({ status: 200, body: {} });
    fake.enqueue({ verdict: { ok: false, reason: "Run the tests before stopping." } });
    expect(await post("/hooks/stop-complete", stop)).toEqual({ status: 200, body: { decision: "block", reason: "Run the tests before stopping." } });
    expect(JSON.stringify(fake.requests.at(-1)!.body.messages)).toContain("All done.");
    expect(await post("/pydantic-deep/review-command", deep)).toEqual({ status: 200, body: { allow: false, reason: expect.stringContaining("rule destructive-delete") } });
    expect(await post("/pydantic-deep/review-command", { ...deep, tool_input: { command: "ls -la" } })).toEqual({ status: 200, body: {} });
  });

  it("and, where python3 is installed, the README's block itself returns them, and asks when the server cannot be reached", async () => {
    const python = spawnSync("python3", ["--version"], { encoding: "utf8" });
    const { destructive, listing, stop, deep } = events();
    fake.enqueue({ verdict: { ok: false, reason: "Run the tests before stopping." } });
    const cases = [
      { callback: "review_bash", input: destructive },
      { callback: "review_bash", input: listing },
      { callback: "stop_complete", input: stop },
      { callback: "pydantic_deep_gate", input: deep },
      { callback: "pydantic_deep_gate", input: { ...deep, tool_input: { command: "ls -la" } } },
      { callback: "review_bash", input: destructive, url: "http://127.0.0.1:9" },
      { callback: "stop_complete", input: stop, url: "http://127.0.0.1:9" },
    ];
    const expected = [
      denied,
      {},
      { decision: "block", reason: "Run the tests before stopping." },
      { allow: false, reason: expect.stringContaining("rule destructive-delete") },
      { allow: true, reason: null },
      { hookSpecificOutput: { hookEventName: "PreToolUse", permissionDecision: "ask", permissionDecisionReason: expect.stringContaining("hookjudge could not be reached") } },
      { systemMessage: expect.stringContaining("hookjudge could not judge this stop") },
    ];
    if (python.status !== 0) {
      // no Python here: the contract above stands alone
      expect(python.error ?? python.status).toBeTruthy();
      return;
    }
    const folder = temporaryDirectory("hookjudge-recipe-python-");
    writeFileSync(join(folder, "recipe.py"), RECIPE);
    const driver = [
      "import asyncio, json, sys",
      "import recipe",
      "async def main():",
      "    results, posted = [], []",
      "    for case in json.load(open(sys.argv[2])):",
      "        posted.append(json.dumps(case['input']))",
      "        recipe.HOOKJUDGE_URL = case.get('url', sys.argv[1])",
      "        callback = getattr(recipe, case['callback'])",
      "        arguments = [case['input']] if case['callback'] == 'pydantic_deep_gate' else [case['input'], 'toolu_1', None]",
      "        results.append(await callback(*arguments))",
      "    print(json.dumps({'results': results, 'posted': posted}))",
      "asyncio.run(main())",
    ].join("\n");
    writeFileSync(join(folder, "driver.py"), driver + "\n");
    writeFileSync(join(folder, "cases.json"), JSON.stringify(cases));
    // asynchronously: the loopback judge answers from this process while Python waits
    const { stdout: output } = await promisify(execFile)("python3", [join(folder, "driver.py"), serve.url, join(folder, "cases.json")], { cwd: folder, encoding: "utf8", env: { PATH: process.env["PATH"] ?? "" } });
    const ran = JSON.parse(output) as { results: unknown[]; posted: string[] };
    expect(ran.results).toEqual(expected);
    // the bytes the contract test above sends are the ones Python posts
    expect(ran.posted).toEqual(cases.map((entry) => pythonDumps(entry.input)));
  });
});
