import { chmodSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { createBackend } from "../../src/backends/index.js";
import { buildJudgeRequest, judgePrompt } from "../../src/judge/prompt-judge.js";
import { temporaryDirectory } from "../helpers/cli.js";

// A stand-in `claude` (a script that records how it was started and prints one result line):
// the real binary against a loopback model is in test/e2e/claude-code-backend.e2e.test.ts.
function fakeClaude(result: Record<string, unknown>): { binary: string; record: string } {
  const dir = temporaryDirectory();
  const record = join(dir, "record.json");
  const binary = join(dir, "claude");
  writeFileSync(
    binary,
    `#!${process.execPath}\nconst fs = require("fs");\nconst stdin = fs.readFileSync(0, "utf8");\nfs.writeFileSync(${JSON.stringify(record)}, JSON.stringify({ argv: process.argv.slice(2), stdin, cwd: process.cwd(), active: process.env.HOOKJUDGE_ACTIVE }));\nprocess.stdout.write(${JSON.stringify(JSON.stringify(result))} + "\\n");\n`,
  );
  chmodSync(binary, 0o755);
  return { binary, record };
}

const request = buildJudgeRequest("judge system", "Is it done?", "Stop");

describe("claude-code: how claude -p is started", () => {
  it("one call: structured output with the verdict schema, tools off, no settings sources, HOOKJUDGE_ACTIVE=1, the prompt on stdin", async () => {
    const { binary, record } = fakeClaude({ type: "result", subtype: "success", is_error: false, result: "", structured_output: { ok: true, reason: "fine" }, usage: { input_tokens: 50, output_tokens: 9 }, modelUsage: { "claude-haiku-4-5-20251001": {} } });
    const backend = createBackend({ model: "claude-code:claude-haiku-4-5", env: { HOOKJUDGE_CLAUDE_CODE_PATH: binary, PATH: process.env["PATH"] ?? "" } });
    const outcome = await judgePrompt({ backend, request, signal: new AbortController().signal });
    expect(outcome).toMatchObject({ kind: "verdict", verdict: { ok: true, reason: "fine" }, model: "claude-haiku-4-5-20251001", usage: { inputTokens: 50, outputTokens: 9 } });
    const seen = JSON.parse(readFileSync(record, "utf8")) as { argv: string[]; stdin: string; cwd: string; active: string };
    expect(seen.active).toBe("1");
    expect(seen.stdin).toBe("Is it done?");
    expect(seen.cwd).toBe(tmpdir());
    const flag = (name: string) => seen.argv[seen.argv.indexOf(name) + 1];
    expect(seen.argv[0]).toBe("-p");
    expect(flag("--output-format")).toBe("json");
    expect(flag("--tools")).toBe("");
    expect(flag("--setting-sources")).toBe("");
    expect(flag("--max-turns")).toBe("2");
    expect(flag("--model")).toBe("claude-haiku-4-5");
    expect(flag("--system-prompt")).toBe("judge system");
    expect(seen.argv).toContain("--no-session-persistence");
    expect(JSON.parse(flag("--json-schema")!)).toMatchObject({ required: ["ok", "reason"] });
  });

  it("a failed run is an api error, never a verdict", async () => {
    const { binary } = fakeClaude({ type: "result", subtype: "error_max_turns", is_error: true, result: "" });
    const backend = createBackend({ model: "claude-code:claude-haiku-4-5", env: { HOOKJUDGE_CLAUDE_CODE_PATH: binary } });
    expect(await judgePrompt({ backend, request, signal: new AbortController().signal })).toMatchObject({ kind: "error", code: "api", message: expect.stringContaining("error_max_turns") });
  });
});
