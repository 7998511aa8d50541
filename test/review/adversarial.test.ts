import { mkdtempSync, mkdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { analyzeCommandLine } from "../../src/shell/analyze.js";
import { applyRules } from "../../src/review/rules.js";
import { CASES, type Expect } from "./adversarial-cases.js";

const cwd = mkdtempSync(join(tmpdir(), "hookjudge-adv-"));
mkdirSync(join(cwd, ".git"));
afterAll(() => rmSync(cwd, { recursive: true, force: true }));

export function verdictOf(command: string): string {
  try { return applyRules(analyzeCommandLine(command), {}, { cwd }).verdict; } catch (error) { return `throw:${(error as Error).message}`; }
}
function ok(expectation: Expect, verdict: string): boolean {
  switch (expectation) {
    case "deny": return verdict === "deny";
    case "ask": return verdict === "ask";
    case "allow": return verdict === "allow";
    case "not-allow": return verdict === "deny" || verdict === "ask";
    case "not-rule-allowed": return verdict !== "allow";
  }
}
const short = (s: string) => (s.length > 120 ? `${s.slice(0, 60)}…[${s.length}]…${s.slice(-40)}` : s);

describe("adversarial Bash gate cases", () => {
  it("has at least 400 non-safe cases", () => {
    expect(CASES.filter((c) => c.expect !== "allow").length).toBeGreaterThanOrEqual(400);
  });
  for (const cls of [...new Set(CASES.map((c) => c.class))]) {
    it(`class ${cls}`, () => {
      const failures = CASES.filter((c) => c.class === cls)
        .map((c) => ({ c, v: verdictOf(c.command) }))
        .filter(({ c, v }) => !ok(c.expect, v))
        .map(({ c, v }) => `${short(JSON.stringify(c.command))} expected ${c.expect} got ${v}`);
      expect(failures).toEqual([]);
    });
  }
});
