import { describe, expect, it } from "vitest";
import type { HookInput } from "../../src/hook/input.js";
import { applyBlockCap } from "../../src/policy/block-cap.js";
import type { Decision } from "../../src/policy/decision.js";
import { FileStore } from "../../src/store/file-store.js";
import { temporaryDirectory } from "../helpers/cli.js";

const stop = (active: boolean): HookInput => ({ session_id: "s1", cwd: "/tmp", hook_event_name: "Stop", stop_hook_active: active }) as HookInput;
const block = (): Decision => ({ kind: "block", reason: "not done", source: "verdict" });

/** Run `count` consecutive blocking Stops through the cap and return the decisions it let out. */
async function chain(maxBlocks: number, count: number, store = new FileStore(temporaryDirectory())): Promise<Decision[]> {
  const out: Decision[] = [];
  for (let index = 0; index < count; index++) {
    const decisions = [{ hook: "h", maxBlocks, decision: block() }];
    expect(await applyBlockCap(store, stop(index > 0), decisions)).toEqual([]);
    out.push(decisions[0]!.decision);
  }
  return out;
}

describe("applyBlockCap", () => {
  it.each([1, 2, 3, 8])("max-blocks %i delivers that many blocks in a row; the next one passes, announced", async (maxBlocks) => {
    const decisions = await chain(maxBlocks, maxBlocks + 2);
    expect(decisions.slice(0, maxBlocks).map((decision) => decision.kind)).toEqual(Array(maxBlocks).fill("block"));
    const capped = decisions[maxBlocks]!;
    expect(capped).toMatchObject({ kind: "pass", source: "cap" });
    expect(capped.systemMessage).toContain(`this would be block ${maxBlocks + 1} in a row, past the cap (max-blocks ${maxBlocks})`);
    expect(capped.systemMessage).toContain("Its last reason: not done");
    // the override ends the chain: the next continuation may block again
    expect(decisions[maxBlocks + 1]!.kind).toBe("block");
  });

  it("max-blocks 0 never caps", async () => {
    expect((await chain(0, 12)).every((decision) => decision.kind === "block")).toBe(true);
  });

  it("a pass resets the count, and so does a fresh stop", async () => {
    const store = new FileStore(temporaryDirectory());
    const run = async (decision: Decision, active: boolean) => {
      const decisions = [{ hook: "h", maxBlocks: 2, decision }];
      await applyBlockCap(store, stop(active), decisions);
      return decisions[0]!.decision.kind;
    };
    expect(await run(block(), false)).toBe("block");
    expect(await run(block(), true)).toBe("block");
    expect(await run({ kind: "pass", source: "verdict" }, true)).toBe("pass");
    expect(await run(block(), true)).toBe("block");
    expect(await run(block(), true)).toBe("block");
    expect(await run(block(), false)).toBe("block");
    expect(await run(block(), true)).toBe("block");
    expect(await run(block(), true)).toBe("pass");
  });
});
