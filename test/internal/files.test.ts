import { execFileSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { readRegularFile } from "../../src/internal/files.js";
import { readTranscript } from "../../src/template/transcript.js";
import { runCli, temporaryDirectory } from "../helpers/cli.js";

// An event names files (its transcript, a project's config and rules); one that names a FIFO or a
// device must not hang the process that reads it, as a CLI hook or as the server.
describe("files named by an event", () => {
  const folder = temporaryDirectory("hookjudge-files-");
  const fifo = join(folder, "transcript.jsonl");
  execFileSync("mkfifo", [fifo]);

  it("a FIFO is refused at once, never waited on", () => {
    expect(() => readRegularFile(fifo)).toThrow(/not a regular file/);
    expect(() => readRegularFile(join(folder))).toThrow(/not a regular file|EISDIR/);
    expect(readTranscript(fifo)).toMatchObject({ messages: [], refused: expect.stringMatching(/not a regular file/) });
    writeFileSync(join(folder, "plain.txt"), "plain text\n");
    expect(readRegularFile(join(folder, "plain.txt"))).toBe("plain text\n");
  });

  it("a hook run whose transcript, config and rules are FIFOs answers, with the transcript empty", async () => {
    const project = temporaryDirectory("hookjudge-files-project-");
    mkdirSync(join(project, ".hookjudge"));
    execFileSync("mkfifo", [join(project, ".hookjudge", "config.json")]);
    const event = { session_id: "s", cwd: project, transcript_path: fifo, hook_event_name: "Stop", stop_hook_active: false, last_assistant_message: "Done." };
    const dry = await runCli(["run", "stop-complete", "--dry-run"], { input: JSON.stringify(event), cwd: project });
    expect(dry.code).toBe(0);
    expect(JSON.parse(dry.stdout).requests).toHaveLength(1);
    expect(dry.stderr).toMatch(/ignoring .*config\.json: .*not a regular file/);

    execFileSync("mkfifo", [join(project, ".hookjudge", "rules.json")]);
    const review = await runCli(["review-command"], {
      input: JSON.stringify({ session_id: "s", cwd: project, hook_event_name: "PreToolUse", tool_name: "Bash", tool_input: { command: "ls" } }),
      cwd: project,
      env: { HOOKJUDGE_HOME: join(project, "state") },
    });
    expect(review.code).toBe(0);
    // a rules file that cannot be read is a visible problem and the command is asked about
    expect(JSON.parse(review.stdout).hookSpecificOutput.permissionDecision).toBe("ask");
  });
});
