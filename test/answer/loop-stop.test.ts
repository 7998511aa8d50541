import { beforeEach, describe, expect, it } from "vitest";
import { listLoops, startLoop, type LoopStartOptions } from "../../src/answer/loop-commands.js";
import { answerLoopStop } from "../../src/answer/loop-stop.js";
import { HookJudgeError } from "../../src/errors.js";
import { claudeCode } from "../../src/runtimes/claude-code/index.js";
import { MockBackend, type MockStep } from "../../src/testing/index.js";
import { fixturePath, temporaryDirectory } from "../helpers/cli.js";

// The loop's Stop logic in process (promise, budgets, verifier): answerLoopStop on values, with a
// scripted backend for the verifier. The CLI's own tests keep what the edge does.

const TASK = "Make the parser handle empty input.";
let project: string;
let env: Record<string, string>;
let backend: MockBackend;
beforeEach(() => {
  project = temporaryDirectory("hookjudge-loop-project-");
  env = { HOOKJUDGE_HOME: temporaryDirectory("hookjudge-loop-home-") };
  backend = new MockBackend([]);
});

const where = () => ({ env, cwd: project });
const start = (options: Partial<LoopStartOptions> = {}) => startLoop({ ...where(), task: TASK, sessionId: "s1", ...options });
const verifier = (...steps: MockStep[]) => {
  backend = new MockBackend(steps);
  return start({ verify: fixturePath("hooks", "loop-verify.md") });
};
/** One Stop of session s1 whose agent ended with `message`: the decision. */
const stop = async (message: string) => {
  const event = claudeCode.parse(JSON.stringify({ hook_event_name: "Stop", session_id: "s1", cwd: project, stop_hook_active: true, last_assistant_message: message }));
  return (await answerLoopStop(event, { ...where(), backend })).decision;
};
const iteration = async () => (await listLoops(where())).loops[0]?.iteration;

describe("a loop's Stop", () => {
  it("does not end on prose that mentions the tag, a tag with other text, or the bare word", async () => {
    await start();
    for (const message of [
      "I will output <promise>DONE</promise> when finished.",
      "Done: <promise>DONE</promise>",
      "DONE",
      "<promise>DONE</promise>\nStill one case to go.",
      "<promise>NOT DONE</promise>",
    ]) {
      expect((await stop(message)).kind, message).toBe("block");
    }
    expect(await iteration()).toBe(5);
    expect((await stop("Finished.\n<promise>  DONE </promise>")).systemMessage).toContain("done after 5 iterations");
  });

  it("ends at the iteration cap: N blocks, then the next stop passes and says why", async () => {
    await start({ maxIterations: 2 });
    expect((await stop("working")).kind).toBe("block");
    expect((await stop("working")).kind).toBe("block");
    expect(await stop("working")).toMatchObject({ kind: "pass", systemMessage: expect.stringContaining("ended: the iteration budget (2) is spent, after 2 iterations") });
    expect((await listLoops(where())).loops).toEqual([]);
  });

  it("ends on the time budget", async () => {
    await start({ maxMinutes: 0.002 });
    await new Promise((resolve) => setTimeout(resolve, 250));
    expect((await stop("working")).systemMessage).toContain("the time budget (0.002 min) is spent");
  });

  it("with a verifier: a rejection feeds the reason back, a confirmation ends the loop", async () => {
    await verifier({ verdict: { ok: false, reason: "parse('') still throws (test/parse.test.ts:12)." } }, { verdict: { ok: true, reason: "test/parse.test.ts passes." } });
    const rejected = await stop("Done.\n<promise>DONE</promise>");
    expect(rejected.kind).toBe("block");
    expect(rejected.kind === "block" && rejected.reason).toContain(TASK);
    expect(rejected.kind === "block" && rejected.reason).toContain("not confirmed: parse('') still throws (test/parse.test.ts:12).");
    const prompt = JSON.stringify(backend.requests[0]!.messages[0]!.content);
    expect(prompt).toContain(TASK);
    const confirmed = await stop("Fixed.\n<promise>DONE</promise>");
    expect(confirmed).toMatchObject({ kind: "pass", systemMessage: expect.stringMatching(/done after 1 iteration.*confirmed by/) });
    expect(backend.requests).toHaveLength(2);
  });

  it("ends on stagnation: the same rejection three times running", async () => {
    const same = { verdict: { ok: false, reason: "The empty-input case is not handled." } };
    await verifier(same, same, same);
    expect((await stop("<promise>DONE</promise>")).kind).toBe("block");
    expect((await stop("<promise>DONE</promise>")).kind).toBe("block");
    expect((await stop("<promise>DONE</promise>")).systemMessage).toContain("ended: stagnation");
  });

  it("never takes a verifier error as a confirmation, and ends after three in a row", async () => {
    const failure = { error: new HookJudgeError("api", "HTTP 400: bad request") };
    await verifier(failure, failure, failure);
    const first = await stop("<promise>DONE</promise>");
    expect(first.kind === "block" && first.reason).toContain("could not be checked");
    expect((await stop("<promise>DONE</promise>")).kind).toBe("block");
    expect((await stop("<promise>DONE</promise>")).systemMessage).toContain("the verifier failed 3 times in a row");
  });

  it("ends on the verifier's token budget, keeping its last reason; and on impossible", async () => {
    backend = new MockBackend([{ verdict: { ok: false, reason: "Half done." } }]);
    await start({ verify: fixturePath("hooks", "loop-verify.md"), maxJudgeTokens: 1 });
    expect((await stop("<promise>DONE</promise>")).systemMessage).toMatch(/token budget \(1\) is spent.*last reason: Half done\./);
    await verifier({ verdict: { ok: false, reason: "Needs production access.", impossible: true } });
    expect((await stop("<promise>DONE</promise>")).systemMessage).toContain("cannot be done in this session");
  });
});
