import { execFile } from "node:child_process";
import { cpSync, mkdirSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { ROOT, temporaryDirectory } from "../helpers/cli.js";

// The optional peers are really absent here: the package is copied to a temporary folder that has no
// node_modules on its way up to /, and the CLI or the library runs from that copy in a child
// process, so resolution fails as it does for a user who never installed them.

let copy: string;
beforeAll(() => {
  copy = temporaryDirectory("hookjudge-no-peers-");
  // an installed hookjudge without its node_modules: dist/, prompts/ and package.json
  for (const entry of ["dist", "prompts", "package.json"]) cpSync(join(ROOT, entry), join(copy, entry), { recursive: true });
});

const run = (args: string[], input: string, env: Record<string, string>) =>
  new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
    const child = execFile(process.execPath, args, { cwd: copy, env: { PATH: process.env["PATH"] ?? "", HOME: copy, HOOKJUDGE_HOME: join(copy, "state"), ...env }, encoding: "utf8" }, (error, stdout, stderr) =>
      resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
    child.stdin!.end(input);
  });

const stopEvent = () => {
  const project = join(copy, "project");
  mkdirSync(join(project, ".git"), { recursive: true });
  return JSON.stringify({ hook_event_name: "Stop", session_id: "peers", cwd: project, stop_hook_active: false, last_assistant_message: "done" });
};

describe("a provider whose optional peer is not installed", () => {
  it.each([
    ["bedrock:us.anthropic.claude-haiku-4-5-20251001-v1:0", "@anthropic-ai/bedrock-sdk", { AWS_BEARER_TOKEN_BEDROCK: "k", AWS_EC2_METADATA_DISABLED: "true" }],
    ["vertex:claude-haiku-4-5@20251001", "@anthropic-ai/vertex-sdk", { CLOUD_ML_REGION: "us-east5", ANTHROPIC_VERTEX_PROJECT_ID: "p", METADATA_SERVER_DETECTION: "none" }],
  ])("the CLI with %s answers a config error that says what to install", async (model, peer, env) => {
    expect(() => createRequire(join(copy, "dist", "cli.js")).resolve(peer)).toThrow();
    const result = await run([join(copy, "dist", "cli.js"), "run", "stop-complete", "--model", model], stopEvent(), env);
    expect(result.code).toBe(0);
    const message = String((JSON.parse(result.stdout) as { systemMessage?: string }).systemMessage);
    expect(message).toContain("(config)");
    expect(message).toContain(`npm install ${peer}@">=1.1.4 <2"`);
  });

  it("the library's OpenAI-compatible backend without openai: a config error that says what to install", async () => {
    expect(() => createRequire(join(copy, "dist", "lib", "index.js")).resolve("openai")).toThrow();
    const script = `
      const { createBackend } = await import(${JSON.stringify(join(copy, "dist", "lib", "backends", "index.js"))});
      const backend = createBackend({ model: "openai:gpt-4o-mini", env: { HOOKJUDGE_OPENAI_API_KEY: "k", OPENAI_BASE_URL: "http://127.0.0.1:9/v1" } });
      try { await backend.complete({ system: "s", messages: [{ role: "user", content: "x" }], tools: [], maxTokens: 10 }, { signal: new AbortController().signal }); }
      catch (error) { console.log(JSON.stringify({ code: error.code, message: error.message })); }
    `;
    const result = await run(["--input-type=module", "-e", script], "", {});
    expect(result.stderr).toBe("");
    expect(JSON.parse(result.stdout)).toEqual({ code: "config", message: expect.stringContaining('npm install openai@"^6.49.0"') });
  });
});
