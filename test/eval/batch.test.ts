import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { BatchClient, BatchResult, BatchStatus } from "../../src/backends/batch-spec.js";
import { HookJudgeError } from "../../src/errors.js";
import { runBatch } from "../../src/eval/batch.js";
import { planBatch } from "../../src/eval/batch-plan.js";
import type { EvalCase } from "../../src/eval/cases.js";
import { evalCacheKey } from "../../src/eval/response-cache.js";
import { planRequests } from "../../src/executor/run-hooks.js";
import type { HookInput } from "../../src/hook/input.js";
import { loadHook } from "../../src/hook/load.js";
import { fixturePath, temporaryDirectory } from "../helpers/cli.js";

const hook = loadHook(fixturePath("hooks", "bash-allow.md"));
const bash = (command: string): HookInput => ({ hook_event_name: "PreToolUse", session_id: "s", cwd: "/p", tool_name: "Bash", tool_input: { command } }) as HookInput;
const cases: EvalCase[] = [
  { name: "a", input: bash("ls"), expect: "pass", location: "cases.jsonl:1" },
  { name: "b", input: bash("rm -rf /"), expect: "block", location: "cases.jsonl:2" },
];
const env = { HOOKJUDGE_MODEL: undefined, ANTHROPIC_DEFAULT_HAIKU_MODEL: undefined };

/** A scripted client: in progress for `polls` retrieves, then ended with every request succeeded. */
function scriptedClient(polls: number): BatchClient & { created: number; retrieved: number } {
  const counts = (done: boolean, total: number) => ({ processing: done ? 0 : total, succeeded: done ? total : 0, errored: 0, canceled: 0, expired: 0 });
  let total = 0;
  const client = {
    created: 0,
    retrieved: 0,
    async create(items: Parameters<BatchClient["create"]>[0]): Promise<BatchStatus> {
      client.created++;
      total = items.length;
      return { id: "msgbatch_1", status: "in_progress", counts: counts(false, total) };
    },
    async retrieve(id: string): Promise<BatchStatus> {
      client.retrieved++;
      const done = client.retrieved > polls;
      return { id, status: done ? "ended" : "in_progress", counts: counts(done, total) };
    },
    async results(): Promise<Map<string, BatchResult>> {
      return new Map();
    },
  };
  return client;
}

describe("planBatch", () => {
  it("plans one request per case, run and vote, keyed as the eval cache keys them, under a stable hash", () => {
    const plan = planBatch({ subjects: [{ label: "h", hook }], cases, repeat: 2, votes: 3, env });
    expect(plan.items).toHaveLength(2 * 2 * 3);
    expect(new Set(plan.items.map((item) => item.key)).size).toBe(12);
    const [planned] = planRequests([hook], cases[0]!.input, { model: "claude-haiku-4-5", votes: 3, env });
    expect(plan.items.map((item) => item.key)).toContain(evalCacheKey("anthropic", "claude-haiku-4-5", 1, planned!.request, 2));
    // the fence tag is random per request: the hash does not see it
    expect(planBatch({ subjects: [{ label: "h", hook }], cases, repeat: 2, votes: 3, env }).hash).toBe(plan.hash);
    expect(planBatch({ subjects: [{ label: "h", hook }], cases, repeat: 1, votes: 3, env }).hash).not.toBe(plan.hash);
  });
});

describe("runBatch", () => {
  it("saves the batch before polling, resumes it, and forgets it once told", async () => {
    const folder = temporaryDirectory();
    const plan = planBatch({ subjects: [{ label: "h", hook }], cases, repeat: 1, env });
    const client = scriptedClient(2);
    const events: string[] = [];
    const finished = await runBatch(plan, { client, folder, pollMs: 1, onStatus: (status, event) => events.push(`${event} ${status.status}`) });
    expect(events).toEqual(["created in_progress", "poll in_progress", "poll in_progress", "poll ended"]);
    await expect(finished.answer(plan.items[0]!.key, plan.items[0]!.request)).rejects.toMatchObject({ code: "api" });

    const again = await runBatch(plan, { client, folder, pollMs: 1, onStatus: (status, event) => events.push(`${event} ${status.status}`) });
    expect(client.created).toBe(1);
    expect(events.at(-1)).toBe("resumed ended");
    again.forget();
    await runBatch(plan, { client: scriptedClient(0), folder, pollMs: 1, onStatus: (_, event) => events.push(event) });
    expect(events.at(-2)).toBe("created");
  });

  it("two runs of one plan at once submit one batch", async () => {
    const folder = temporaryDirectory();
    const plan = planBatch({ subjects: [{ label: "h", hook }], cases, repeat: 1, env });
    const client = scriptedClient(1);
    const events: string[] = [];
    await Promise.all([1, 2].map(() => runBatch(plan, { client, folder, pollMs: 1, onStatus: (_, event) => events.push(event) })));
    expect(client.created).toBe(1);
    expect(events.filter((event) => event !== "poll").sort()).toEqual(["created", "resumed"]);
  });

  it("reports a saved batch it cannot read instead of trusting or replacing it", async () => {
    const folder = temporaryDirectory();
    const plan = planBatch({ subjects: [{ label: "h", hook }], cases, repeat: 1, env });
    writeFileSync(join(folder, `${plan.hash}.json`), "{not json");
    const client = scriptedClient(0);
    await expect(runBatch(plan, { client, folder, pollMs: 1 })).rejects.toMatchObject({ code: "state" });
    expect(client.created).toBe(0);
  });

  it("names the saved file when the saved batch is gone", async () => {
    const folder = temporaryDirectory();
    const plan = planBatch({ subjects: [{ label: "h", hook }], cases, repeat: 1, env });
    const file = join(folder, `${plan.hash}.json`);
    writeFileSync(file, JSON.stringify({ version: 1, batchId: "msgbatch_gone", createdAt: "", plan: plan.hash, requests: 2, keys: [] }));
    const client = scriptedClient(0);
    client.retrieve = async () => {
      throw new HookJudgeError("api", "the model API failed: HTTP 404: not found");
    };
    const failure = runBatch(plan, { client, folder, pollMs: 1 });
    await expect(failure).rejects.toMatchObject({ code: "api" });
    await expect(failure).rejects.toThrow(`the saved batch msgbatch_gone cannot be retrieved (the model API failed: HTTP 404: not found); remove ${file} to submit the batch again`);
    expect(client.created).toBe(0);
  });
});
