import { createBashTool } from "./bash.js";
import { globTool } from "./glob.js";
import { grepTool } from "./grep.js";
import { readTool } from "./read.js";
import type { AgentTool } from "./types.js";

export type { AgentTool, ToolContext, ToolResult } from "./types.js";

/** The tool names a hook may list in `tools`. */
export type ToolName = "Read" | "Grep" | "Glob" | "Bash";

/**
 * The verifier's tools for a hook: the read-only ones it lists, and `Bash` exactly when
 * `allow-commands` is not empty (listing Bash without commands gives no Bash).
 */
export function verifierTools(names: ToolName[], allowCommands: string[], commandTimeoutSeconds: number): AgentTool[] {
  const tools: AgentTool[] = [];
  for (const name of names) {
    if (name === "Read") tools.push(readTool as AgentTool);
    if (name === "Grep") tools.push(grepTool as AgentTool);
    if (name === "Glob") tools.push(globTool as AgentTool);
  }
  if (allowCommands.length > 0) {
    tools.push(createBashTool(allowCommands, commandTimeoutSeconds) as AgentTool);
  }
  return tools;
}
