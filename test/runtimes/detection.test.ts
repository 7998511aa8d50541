import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { RUNTIME_NAMES, runtimeNamed, selectRuntime } from "../../src/runtimes/index.js";
import { ROOT } from "../helpers/cli.js";
import { hostEvent } from "./_fixtures.js";

// every payload in test/fixtures/runtimes/<host>/ is detected as its host without --runtime; the
// Agent SDK's (Claude Code's CLI underneath) and hookjudge's own fixtures stay Claude Code's
const FOLDERS: Record<string, string> = { "agent-sdk": "claude-code", codex: "codex", "gemini-cli": "gemini-cli", copilot: "copilot", cursor: "cursor", "pydantic-deep": "pydantic-deep", "qwen-code": "qwen-code" };

describe("detection", () => {
  for (const [folder, runtime] of Object.entries(FOLDERS)) {
    it(`reads every ${folder} payload as ${runtime}'s`, () => {
      const names = readdirSync(join(ROOT, "test", "fixtures", "runtimes", folder)).filter((name) => name.endsWith(".json"));
      expect(names.length).toBeGreaterThan(0);
      for (const name of names) expect([name, selectRuntime(undefined, hostEvent(folder, name.replace(/\.json$/, "")), {}).name]).toEqual([name, runtime]);
    });
  }

  it("keeps hookjudge's own Claude Code fixtures as Claude Code's, whatever host variables Claude Code sets", () => {
    for (const name of readdirSync(join(ROOT, "fixtures", "inputs"))) {
      const text = readFileText(join(ROOT, "fixtures", "inputs", name));
      expect([name, selectRuntime(undefined, text, { CLAUDE_PROJECT_DIR: "/p", CLAUDECODE: "1" }).name]).toEqual([name, "claude-code"]);
    }
  });

  it("knows every host by name, and each parses its own garbage into an input error, never a throw", () => {
    expect(RUNTIME_NAMES).toEqual(["claude-code", "codex", "gemini-cli", "pydantic-deep", "copilot", "cursor", "qwen-code"]);
    for (const name of RUNTIME_NAMES) {
      const runtime = runtimeNamed(name);
      expect(runtime.name).toBe(name);
      for (const text of ["", "not json", "[]", "null", '{"x":1}']) expect(runtime.parse(text)).toMatchObject({ ok: false, error: { code: "input" } });
    }
  });

  it("answers an unknown event with no decision, exit 0, in every host", () => {
    for (const name of RUNTIME_NAMES) {
      const output = runtimeNamed(name).output({ event: "SomethingNew", decision: { kind: "block", reason: "r", source: "verdict" } });
      expect([name, output.exitCode, output.stdout]).toEqual([name, 0, ""]);
    }
  });
});

function readFileText(path: string): string {
  return readFileSync(path, "utf8");
}
