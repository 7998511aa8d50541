/** Why a decision was taken. */
export type DecisionSource = "verdict" | "error" | "cap" | "guard";

/**
 * What hookjudge answers for one hook, before it is written in a runtime's protocol.
 * `pass` lets the action go ahead (`allow: true` answers an explicit allow where the event has
 * one); `block` denies or keeps the agent working; `ask` hands the choice to the user.
 */
export type Decision = (
  | { kind: "pass"; allow?: boolean }
  | { kind: "block"; reason: string }
  | { kind: "ask"; reason: string }
) & {
  source: DecisionSource;
  /** Shown to the user, never to the agent. */
  systemMessage?: string;
};
