import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { lastAssistantText, readTranscript, renderTranscript } from "../../src/template/transcript.js";
import { fixturePath, temporaryDirectory } from "../helpers/cli.js";

describe("readTranscript", () => {
  const transcript = readTranscript(fixturePath("transcripts", "session.jsonl"));

  it("merges assistant lines by message.id and skips sidechains and metadata", () => {
    const assistant = transcript.messages.filter((message) => message.role === "assistant");
    expect(assistant.map((message) => message.plainText)).toEqual([
      "I'll add the flag in src/cli.ts.",
      "",
      "All done: I added the --verbose flag,\ndocumented it in the README, and the tests pass.",
    ]);
    expect(transcript.messages.some((message) => message.text.includes("SIDECHAIN"))).toBe(false);
  });

  it("tolerates a garbled line and a partial last line, and counts them", () => {
    expect(transcript.skippedLines).toBe(2);
  });

  it("summarises tool calls and results in one line each", () => {
    const all = transcript.messages.map((message) => message.text).join("\n");
    expect(all).toContain('[tool call Bash: {"command":"npm test"}]');
    expect(all).toContain("[tool result: Tests: 12 passed, 12 total]");
  });

  it("finds the last assistant message that has text", () => {
    expect(lastAssistantText(readTranscript(fixturePath("transcripts", "ends-with-tool-use.jsonl")))).toBe(
      "I'll add the flag in src/cli.ts.",
    );
  });

  it("gives an empty transcript for a missing file", () => {
    expect(readTranscript("/nonexistent/transcript.jsonl").messages).toEqual([]);
  });

  it("reads only the end of a file larger than the limit", () => {
    const folder = temporaryDirectory();
    const path = join(folder, "big.jsonl");
    const line = (index: number) =>
      JSON.stringify({ type: "user", message: { role: "user", content: `message ${index} ${"z".repeat(100)}` } });
    writeFileSync(path, Array.from({ length: 1000 }, (_, index) => line(index)).join("\n") + "\n");
    const tail = readTranscript(path, { maxBytes: 10_000 });
    expect(tail.readFromTail).toBe(true);
    expect(tail.skippedLines).toBe(0);
    expect(tail.messages.at(-1)!.text).toContain("message 999");
    expect(tail.messages.length).toBeLessThan(100);
  });
});

describe("renderTranscript", () => {
  it("keeps the most recent messages under the budget with an omitted-count note", () => {
    const folder = temporaryDirectory();
    const path = join(folder, "long.jsonl");
    const lines: string[] = [];
    for (let index = 0; index < 300; index++) {
      lines.push(JSON.stringify({ type: "user", message: { role: "user", content: `Question ${index}: ${"x".repeat(200)}` } }));
      lines.push(
        JSON.stringify({ type: "assistant", message: { id: `msg_${index}`, role: "assistant", content: [{ type: "text", text: `Answer ${index}: ${"y".repeat(200)}` }] } }),
      );
    }
    writeFileSync(path, lines.join("\n"));
    const rendered = renderTranscript(readTranscript(path), { budgetChars: 5_000 });
    const note = /^\[(\d+) earlier messages omitted\]/.exec(rendered);
    expect(note).not.toBeNull();
    const shown = (rendered.match(/^\[turn \d+: (user|assistant)\]$/gm) ?? []).length;
    expect(Number(note![1]) + shown).toBe(600);
    expect(rendered.length).toBeLessThan(5_200);
    expect(rendered.trimEnd()).toMatch(new RegExp(`Answer 299: ${"y".repeat(200)}\n</turn-[0-9a-f]{12}>$`));
  });

  it("labels injected hook feedback", () => {
    const rendered = renderTranscript(readTranscript(fixturePath("transcripts", "session.jsonl")));
    expect(rendered).toMatch(/\[turn \d+: user \(injected\)\]\n<turn-[0-9a-f]{12}>\nStop hook feedback:/);
  });
});
