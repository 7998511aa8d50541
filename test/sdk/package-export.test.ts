import { execFileSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { ROOT } from "../helpers/cli.js";

describe("hookjudge/agent-sdk", () => {
  it("resolves, as an application imports it, to the built createAgentSdkHooks", () => {
    // the package's own name resolves through its exports map from inside it, as from an application's node_modules
    const script = 'const { createAgentSdkHooks } = await import("hookjudge/agent-sdk"); const hooks = createAgentSdkHooks({ reviewCommands: true, env: {} }); console.log(JSON.stringify(Object.fromEntries(Object.entries(hooks).map(([event, entries]) => [event, entries.map((entry) => [entry.matcher, entry.timeout, typeof entry.hooks[0]])]))));';
    const output = execFileSync(process.execPath, ["--input-type=module", "-e", script], { cwd: ROOT, encoding: "utf8" });
    expect(JSON.parse(output)).toEqual({ PreToolUse: [["Bash", 35, "function"]] });
  });
});
