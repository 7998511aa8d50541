import { sha256Hex } from "../internal/crypto.js";
import type { HookInput } from "../hook/input.js";
import * as z from "../internal/zod.js";
import { readDocument, type StateStore } from "../store/store.js";
import type { Decision } from "./decision.js";

const counterSchema = z.strictObject({
  version: z.literal(1),
  session: z.string(),
  /** `event:agent:hook`. */
  key: z.string(),
  /** Consecutive blocks so far. */
  blocks: z.int().check(z.gte(0)),
});

/** A Stop hook's decision to be counted against its cap. */
export interface CappedDecision {
  hook: string;
  maxBlocks: number;
  decision: Decision;
}

/**
 * Apply the per-session consecutive-block cap to Stop/SubagentStop decisions, in place. Like
 * Claude Code's own cap (8 by default), `max-blocks: N` delivers N consecutive blocks and ends the
 * chain at the next one: block N+1 becomes a pass announced in `systemMessage`, so the override is
 * never silent (Claude Code honours 8 blocks and overrides the 9th without a word to the hook). A fresh stop
 * (`stop_hook_active: false`) starts the count again; a pass resets it. Each hook's count is an
 * entry of its own, so hooks running in parallel processes never overwrite each other. Returns
 * notes for the user (a corrupt entry set aside, a store that cannot be written).
 */
export async function applyBlockCap(store: StateStore, input: HookInput, decisions: CappedDecision[]): Promise<string[]> {
  const notes: string[] = [];
  const session = input.session_id ?? "no-session";
  const scope = `${input.hook_event_name}:${input.agent_id ?? "main"}`;
  for (const entry of decisions) {
    const key = `${scope}:${entry.hook}`;
    // hashed names: any session id or hook name makes a short, safe, distinct key
    const path = `sessions/${digest(session)}-${digest(key)}.json`;
    let blocks = 0;
    try {
      const read = await readDocument(store, path, counterSchema);
      if (read.status === "ok") blocks = read.value.blocks;
      if (read.status === "corrupt") {
        notes.push(`hookjudge: a block count was corrupt (${read.problem}); set aside as ${read.setAsideTo}, counting starts again`);
      }
    } catch (error) {
      notes.push(`hookjudge: cannot read ${path} in ${store.where} (${(error as Error).message}); counting starts again`);
    }
    const stored = blocks;
    // only a runtime that says this stop is fresh resets the chain
    if (input.stop_hook_active === false) blocks = 0;
    const { decision } = entry;
    if (decision.kind !== "block") {
      blocks = 0;
    } else if (entry.maxBlocks > 0 && blocks >= entry.maxBlocks) {
      const message = `hookjudge ${entry.hook}: this would be block ${blocks + 1} in a row, past the cap (max-blocks ${entry.maxBlocks}); letting the agent stop. Its last reason: ${decision.reason}`;
      entry.decision = {
        kind: "pass",
        source: "cap",
        systemMessage: decision.systemMessage ? `${decision.systemMessage}\n${message}` : message,
      };
      blocks = 0;
    } else {
      blocks += 1;
    }
    // an unchanged count needs no write (a pass with nothing counted, the common case)
    if (blocks === stored) continue;
    try {
      // a count nobody touches for a day is forgotten (a file store keeps it, harmlessly)
      await store.write(path, JSON.stringify({ version: 1, session, key, blocks }) + "\n", { ttlSeconds: 86_400 });
    } catch (error) {
      notes.push(`hookjudge: cannot write ${path} in ${store.where} (${(error as Error).message}); the block cap cannot count`);
    }
  }
  return notes;
}

function digest(text: string): string {
  return sha256Hex(text).slice(0, 20);
}
