import { sha256Hex } from "../internal/crypto.js";

// the line hookjudge ends a Stop block's reason with on hosts that send that reason back as the
// next user prompt (Gemini CLI, Copilot CLI, Qwen Code): the tag is a hash of the text before it,
// so the line cannot be carried over to another prompt by accident
const MARK = /\n\n\(hookjudge stop check ([0-9a-f]{12}): this message is hookjudge's, not the user's\)\s*$/;

function tagOf(body: string): string {
  return sha256Hex(`hookjudge-continuation\0${body}`).slice(0, 12);
}

/** A Stop block's reason marked as hookjudge's own, for a host that feeds it back as a prompt. */
export function markContinuation(reason: string): string {
  return `${reason}\n\n(hookjudge stop check ${tagOf(reason)}: this message is hookjudge's, not the user's)`;
}

/**
 * Whether a prompt is a Stop block's reason hookjudge itself wrote ({@link markContinuation}),
 * fed back by the host. Whoever types the prompt could copy the line; it only spares hookjudge
 * from judging its own words, it is no authentication.
 */
export function isContinuation(prompt: string): boolean {
  const match = MARK.exec(prompt);
  return match !== null && match[1] === tagOf(prompt.slice(0, match.index));
}

/** Why a continuation passes unjudged (`ParsedEvent.unjudged`). */
export const CONTINUATION = "the prompt is a Stop check's reason that hookjudge itself sent back";
