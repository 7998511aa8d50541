import { homedir } from "node:os";
import { join, resolve } from "node:path";

/** Where Claude Code keeps session transcripts: `$CLAUDE_CONFIG_DIR/projects`, else `~/.claude/projects`. */
export function claudeCodeTranscriptFolder(env: Record<string, string | undefined>): string {
  const config = env["CLAUDE_CONFIG_DIR"] ? resolve(env["CLAUDE_CONFIG_DIR"]) : join(homedir(), ".claude");
  return join(config, "projects");
}
