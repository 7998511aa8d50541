import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { basename, join } from "node:path";
import { describe, expect, it } from "vitest";
import { CLI, fixtureInput, fixturePath, ROOT, temporaryDirectory, testHome } from "../helpers/cli.js";
import { startFakeModel } from "../helpers/fake-model.js";

// The paths that need no model must not load the model SDK, and those that read no hook file must
// not load the YAML parser either: start-up is latency on every agent event. Checked in a real
// child process of dist/cli.js, with a preloaded recorder that sees every bundle the CLI's loader
// compiles (sdk.cjs, yaml.cjs, …) and every module Node loads.

interface Loaded {
  /** Bundles compiled through node:vm, by file name. */
  bundles: string[];
  /** Every module requested, and every file in the require cache. */
  modules: string[];
}

function runRecorded(args: string[], input: string, env: Record<string, string> = {}): Promise<{ code: number | null; stdout: string; loaded: Loaded }> {
  const record = join(temporaryDirectory("hookjudge-load-"), "loaded.json");
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], {
      cwd: ROOT,
      env: {
        PATH: process.env["PATH"] ?? "",
        HOME: testHome(),
        HOOKJUDGE_HOME: temporaryDirectory("hookjudge-load-home-"),
        NODE_OPTIONS: `--require ${join(ROOT, "test", "helpers", "load-recorder.cjs")}`,
        HOOKJUDGE_LOAD_RECORD: record,
        ...env,
      },
      stdio: ["pipe", "pipe", "pipe"],
    });
    let stdout = "";
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => (stdout += chunk));
    child.stderr.resume();
    child.on("error", reject);
    child.on("close", (code) => {
      const raw = JSON.parse(readFileSync(record, "utf8")) as { compiled: string[]; requested: string[]; modules: string[] };
      resolve({ code, stdout, loaded: { bundles: raw.compiled.map((file) => basename(file)), modules: [...raw.requested, ...raw.modules] } });
    });
    child.stdin.end(input);
  });
}

const sdkLoaded = (loaded: Loaded) => loaded.bundles.includes("sdk.cjs") || loaded.modules.some((name) => /@anthropic-ai[\\/]sdk|^@anthropic-ai\/sdk/.test(name));
const yamlLoaded = (loaded: Loaded) => loaded.bundles.includes("yaml.cjs") || loaded.modules.some((name) => /^yaml$|node_modules[\\/]yaml[\\/]/.test(name));

describe("the paths that need no model", () => {
  const project = temporaryDirectory("hookjudge-load-project-");
  const bash = (command: string) => JSON.stringify({ ...fixtureInput("pre-tool-use-bash", { cwd: project }), tool_input: { command } });

  it("the recorder sees the bundles a model call loads", async () => {
    // the control: a real model call (a loopback model) reads a hook file and calls through the SDK
    const fake = await startFakeModel({ fallback: { verdict: { ok: true, reason: "done" } } });
    try {
      const stop = JSON.stringify(fixtureInput("stop", { cwd: project, transcript: fixturePath("transcripts", "session.jsonl") }));
      const { code, loaded } = await runRecorded(["run", "stop-complete"], stop, { ANTHROPIC_API_KEY: "test", ANTHROPIC_BASE_URL: fake.url });
      expect(code).toBe(0);
      expect(fake.requests).toHaveLength(1);
      expect(loaded.bundles).toContain("cli.cjs");
      expect(sdkLoaded(loaded)).toBe(true);
      expect(yamlLoaded(loaded)).toBe(true);
    } finally {
      await fake.close();
    }
  });

  it("a rule-decided review-command loads neither the SDK nor the YAML parser", async () => {
    for (const command of ["ls -la", "rm -rf ~", "git push --force origin main"]) {
      const { code, stdout, loaded } = await runRecorded(["review-command"], bash(command));
      expect(code).toBe(0);
      if (command === "rm -rf ~") expect(JSON.parse(stdout).hookSpecificOutput.permissionDecision).toBe("deny");
      expect(sdkLoaded(loaded), command).toBe(false);
      expect(yamlLoaded(loaded), command).toBe(false);
    }
  });

  it("lint and run --dry-run load no SDK (they read a hook file, so YAML is theirs)", async () => {
    const lint = await runRecorded(["lint", "stop-complete"], "");
    expect(lint.code).toBe(0);
    expect(sdkLoaded(lint.loaded)).toBe(false);
    const dry = await runRecorded(["run", "stop-complete", "--dry-run"], JSON.stringify(fixtureInput("stop", { cwd: project, transcript: fixturePath("transcripts", "session.jsonl") })));
    expect(dry.code).toBe(0);
    expect(JSON.parse(dry.stdout).requests).toHaveLength(1);
    expect(sdkLoaded(dry.loaded)).toBe(false);
  });

  it("a loop's Stop with no verifier loads neither the SDK nor the YAML parser", async () => {
    const home = temporaryDirectory("hookjudge-load-loop-home-");
    const env = { HOOKJUDGE_HOME: home, CLAUDE_CODE_SESSION_ID: "load-session" };
    const started = await runRecorded(["loop", "start", "finish the work"], "", { ...env, CLAUDE_PROJECT_DIR: project });
    expect(started.code).toBe(0);
    const stop = JSON.stringify({ ...fixtureInput("stop", { cwd: project }), session_id: "load-session", last_assistant_message: "not yet" });
    const { code, stdout, loaded } = await runRecorded(["loop", "stop-hook"], stop, env);
    expect(code).toBe(0);
    expect(JSON.parse(stdout).decision).toBe("block");
    expect(sdkLoaded(loaded)).toBe(false);
    expect(yamlLoaded(loaded)).toBe(false);
  });
});
