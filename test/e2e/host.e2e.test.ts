import { existsSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { temporaryDirectory } from "../helpers/cli.js";
import { runClaude } from "./claude.js";
import { command, e2eProject, everything, hookAttachments, useHost } from "./scenario.js";

const host = useHost();

const project = (hooks: Record<string, unknown>) => e2eProject(hooks);

describe("hookjudge in the real Claude Code CLI", () => {
  it("a Stop judge that blocks once gives the agent another turn carrying its reason; the second Stop passes", async () => {
    const { cwd, configDir } = project({ Stop: [{ hooks: [command("run stop-complete")] }] });
    host.model.agentTurns.push({ text: "All done." }, { text: "Now the README is updated too." });
    host.model.judgeReplies.push({ verdict: { ok: false, reason: "The README does not mention the new flag yet." } }, { verdict: { ok: true, reason: "Done." } });
    const run = await runClaude(host.claude, { cwd, configDir, baseURL: host.model.url, prompt: "Add a --verbose flag and document it." });
    expect(run.result).toMatchObject({ subtype: "success", result: "Now the README is updated too." });
    expect(host.model.judgeRequests).toHaveLength(2);
    expect(host.model.agentRequests).toHaveLength(2);
    expect(everything(host.model.agentRequests[1]!)).toContain("The README does not mention the new flag yet.");
    // the judge saw the agent's final message as data
    expect(everything(host.model.judgeRequests[0]!)).toContain("All done.");
  });

  it("the default block cap: the agent gets 8 consecutive blocks, as Claude Code honours, and the 9th Stop passes with a message", async () => {
    const { cwd, configDir } = project({ Stop: [{ hooks: [command("run stop-complete")] }] });
    for (let stop = 1; stop <= 9; stop++) {
      host.model.agentTurns.push({ text: `Attempt ${stop}.` });
      host.model.judgeReplies.push({ verdict: { ok: false, reason: `Not finished (${stop}).` } });
    }
    const run = await runClaude(host.claude, { cwd, configDir, baseURL: host.model.url, prompt: "Finish the task." });
    expect(run.result).toMatchObject({ subtype: "success", result: "Attempt 9." });
    // nine Stops judged; eight blocks, each giving the agent another turn with its reason
    expect(host.model.judgeRequests).toHaveLength(9);
    expect(host.model.agentRequests).toHaveLength(9);
    expect(everything(host.model.agentRequests[8]!)).toContain("Not finished (8).");
    expect(everything(host.model.agentRequests[8]!)).not.toContain("Not finished (9).");
    const messages = hookAttachments<{ type?: string; hookEvent?: string; content?: string }>(configDir, run.result!.session_id!)
      .filter((attachment) => attachment.type === "hook_system_message" && attachment.hookEvent === "Stop")
      .map((attachment) => attachment.content!);
    expect(messages).toEqual([expect.stringContaining("this would be block 9 in a row, past the cap (max-blocks 8); letting the agent stop. Its last reason: Not finished (9).")]);
  });

  it("Claude Code's own cap, with hookjudge's turned off (max-blocks 0): it honours 8 blocks and overrides the 9th silently", async () => {
    const hook = join(temporaryDirectory("hookjudge-e2e-hooks-"), "never-capped.md");
    writeFileSync(hook, "---\nname: never-capped\nevents: [Stop]\nmax-blocks: 0\n---\nIs the task finished? $LAST_ASSISTANT_MESSAGE\n");
    const { cwd, configDir } = project({ Stop: [{ hooks: [command(`run ${hook}`)] }] });
    for (let stop = 1; stop <= 12; stop++) {
      host.model.agentTurns.push({ text: `Attempt ${stop}.` });
      host.model.judgeReplies.push({ verdict: { ok: false, reason: `Not finished (${stop}).` } });
    }
    const run = await runClaude(host.claude, { cwd, configDir, baseURL: host.model.url, prompt: "Finish the task." });
    expect(run.result).toMatchObject({ subtype: "success", is_error: false });
    // nine blocks answered, but the agent was asked again only eight times: the ninth was overridden, without a word
    expect(host.model.judgeRequests).toHaveLength(9);
    expect(host.model.agentRequests).toHaveLength(9);
    const attachments = hookAttachments<{ type?: string; hookEvent?: string }>(configDir, run.result!.session_id!).filter((attachment) => attachment.hookEvent === "Stop");
    expect(attachments.map((attachment) => attachment.type)).toEqual(Array(9).fill("hook_blocking_error"));
  });

  it("a PreToolUse hook that denies: the agent sees the reason, and the command never runs", async () => {
    const hook = join(temporaryDirectory("hookjudge-e2e-hooks-"), "no-markers.md");
    writeFileSync(hook, "---\nname: no-markers\nevents: [PreToolUse]\nmatcher: Bash\n---\nMay this command run? ${tool_input.command}\n");
    const { cwd, configDir } = project({ PreToolUse: [{ matcher: "Bash", hooks: [command(`run ${hook}`)] }] });
    host.model.agentTurns.push({ tools: [{ name: "Bash", input: { command: "touch marker.txt", description: "make a marker" } }] }, { text: "Understood, I will not create it." });
    host.model.judgeReplies.push({ verdict: { ok: false, reason: "Marker files are not allowed here." } });
    const run = await runClaude(host.claude, { cwd, configDir, baseURL: host.model.url, prompt: "Create marker.txt", allowedTools: ["Bash"] });
    expect(existsSync(join(cwd, "marker.txt"))).toBe(false);
    expect(run.result?.permission_denials).toHaveLength(1);
    expect(everything(host.model.agentRequests[1]!)).toContain("Marker files are not allowed here.");
    expect(String(host.model.judgeRequests[0]!.body.messages?.[0]?.content)).toContain("touch marker.txt");
  });

  it("an allowed command runs: a pass gives no decision and the user's allowed tools apply", async () => {
    const hook = join(temporaryDirectory("hookjudge-e2e-hooks-"), "markers-ok.md");
    writeFileSync(hook, "---\nname: markers-ok\nevents: [PreToolUse]\nmatcher: Bash\n---\nMay this command run? ${tool_input.command}\n");
    const { cwd, configDir } = project({ PreToolUse: [{ matcher: "Bash", hooks: [command(`run ${hook}`)] }] });
    host.model.agentTurns.push({ tools: [{ name: "Bash", input: { command: "touch marker.txt", description: "make a marker" } }] }, { text: "Created." });
    host.model.judgeReplies.push({ verdict: { ok: true, reason: "Harmless." } });
    const run = await runClaude(host.claude, { cwd, configDir, baseURL: host.model.url, prompt: "Create marker.txt", allowedTools: ["Bash"] });
    expect(existsSync(join(cwd, "marker.txt"))).toBe(true);
    expect(run.result?.permission_denials).toEqual([]);
  });

  it("a hung judge does not block: the stop goes ahead after the hook's timeout", async () => {
    const { cwd, configDir } = project({ Stop: [{ hooks: [command("run stop-complete --timeout 1")] }] });
    host.model.agentTurns.push({ text: "All done." });
    host.model.judgeReplies.push({ hang: true });
    const run = await runClaude(host.claude, { cwd, configDir, baseURL: host.model.url, prompt: "Do the thing." });
    expect(run.result).toMatchObject({ subtype: "success", result: "All done." });
    expect(host.model.agentRequests).toHaveLength(1);
    expect(host.model.judgeRequests).toHaveLength(1);
  });

  it("a malformed judge reply does not block either, and is not taken as a verdict", async () => {
    const { cwd, configDir } = project({ Stop: [{ hooks: [command("run stop-complete")] }] });
    host.model.agentTurns.push({ text: "All done." });
    host.model.judgeReplies.push({ text: "I think it is probably fine." }, { text: "Still prose." });
    const run = await runClaude(host.claude, { cwd, configDir, baseURL: host.model.url, prompt: "Do the thing." });
    expect(run.result).toMatchObject({ subtype: "success", result: "All done." });
    expect(host.model.agentRequests).toHaveLength(1);
    // one request, and one repair request carrying the parse error
    expect(host.model.judgeRequests).toHaveLength(2);
    expect(everything(host.model.judgeRequests[1]!)).toContain("could not be read as a verdict");
  });

  it("command review: rm -rf ~ is denied by a rule and ls runs, without a judge request", async () => {
    const { cwd, configDir } = project({ PreToolUse: [{ matcher: "Bash", hooks: [command("review-command")] }] });
    host.model.agentTurns.push(
      { tools: [{ name: "Bash", input: { command: "rm -rf ~", description: "clean up" } }] },
      { tools: [{ name: "Bash", input: { command: "ls -la", description: "list" } }] },
      { text: "Listed the files." },
    );
    const run = await runClaude(host.claude, { cwd, configDir, baseURL: host.model.url, prompt: "Clean up, then list the files.", allowedTools: ["Bash"] });
    expect(run.result?.permission_denials).toHaveLength(1);
    expect(everything(host.model.agentRequests[1]!)).toContain("destructive-delete");
    // the listing ran: its output (the .claude folder) came back to the agent
    expect(everything(host.model.agentRequests[2]!)).toContain(".claude");
    expect(host.model.judgeRequests).toHaveLength(0);
  });
});
