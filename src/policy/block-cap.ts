import { join } from "node:path";
import * as z from "../internal/zod.js";
import type { HookInput } from "../hook/input.js";
import { readJsonState, writeFileAtomic } from "../internal/state.js";
import type { Decision } from "./decision.js";

const sessionStateSchema = z.strictObject({
  version: z.literal(1),
  /** Consecutive Stop blocks, by `event:agent:hook`. */
  stopBlocks: z.record(z.string(), z.int().check(z.gte(0))),
});

type SessionState = z.infer<typeof sessionStateSchema>;

/** A Stop hook's decision to be counted against its cap. */
export interface CappedDecision {
  hook: string;
  maxBlocks: number;
  decision: Decision;
}

/**
 * Apply the per-session consecutive-block cap to Stop/SubagentStop decisions, in place. A block
 * that would exceed a hook's `max-blocks` becomes a pass announced in `systemMessage`. A fresh
 * stop (`stop_hook_active` false) starts the count again; a pass resets it. Returns notes for the
 * user (a corrupt state file set aside, a state folder that cannot be written).
 */
export function applyBlockCap(stateDir: string, input: HookInput, decisions: CappedDecision[]): string[] {
  const notes: string[] = [];
  const session = (input.session_id ?? "no-session").replace(/[^A-Za-z0-9_-]/g, "_");
  const path = join(stateDir, "sessions", `${session}.json`);
  let state: SessionState = { version: 1, stopBlocks: {} };
  try {
    const read = readJsonState(path, (value) => sessionStateSchema.parse(value));
    if (read.status === "ok") state = read.value;
    if (read.status === "corrupt") {
      notes.push(`hookjudge: the session state file was corrupt (${read.problem}); set aside as ${read.setAsideTo}, block counts start again`);
    }
  } catch (error) {
    notes.push(`hookjudge: cannot read ${path} (${(error as Error).message}); block counts start again`);
  }
  const before = JSON.stringify(state.stopBlocks);
  const scope = `${input.hook_event_name}:${input.agent_id ?? "main"}`;
  for (const entry of decisions) {
    const key = `${scope}:${entry.hook}`;
    const count = input.stop_hook_active === true ? (state.stopBlocks[key] ?? 0) : 0;
    const { decision } = entry;
    if (decision.kind !== "block") {
      delete state.stopBlocks[key];
      continue;
    }
    if (entry.maxBlocks > 0 && count >= entry.maxBlocks) {
      const message = `hookjudge ${entry.hook}: blocked ${count} times in a row, the cap (max-blocks ${entry.maxBlocks}); letting the agent stop. Its last reason: ${decision.reason}`;
      entry.decision = {
        kind: "pass",
        source: "cap",
        systemMessage: decision.systemMessage ? `${decision.systemMessage}\n${message}` : message,
      };
      delete state.stopBlocks[key];
      continue;
    }
    state.stopBlocks[key] = count + 1;
  }
  // a pass with nothing counted changes nothing: skip the write
  if (JSON.stringify(state.stopBlocks) === before) return notes;
  try {
    writeFileAtomic(path, JSON.stringify(state, null, 2) + "\n");
  } catch (error) {
    notes.push(`hookjudge: cannot write ${path} (${(error as Error).message}); the block cap cannot count`);
  }
  return notes;
}
