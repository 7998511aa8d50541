import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runHook } from "../../src/executor/run-hooks.js";
import type { HookInput } from "../../src/hook/input.js";
import { loadHook } from "../../src/hook/load.js";
import { analyzeCommandLine } from "../../src/review/analyze.js";
import { cacheKey } from "../../src/review/cache.js";
import { reviewCommand, type ReviewOptions } from "../../src/review/review.js";
import { applyRules } from "../../src/review/rules.js";
import { parseSimpleCommand } from "../../src/review/shell.js";
import { MockBackend } from "../../src/testing/index.js";
import { fixturePath, temporaryDirectory } from "../helpers/cli.js";

const { commands } = JSON.parse(readFileSync(fixturePath("commands.json"), "utf8")) as { commands: Array<{ command: string; label: "allow" | "deny" | "ambiguous" }> };
const labelled = (label: string) => commands.filter((entry) => entry.label === label).map((entry) => entry.command);
const hook = loadHook("bash-review");

/** A review through the real executor and a scripted backend that always answers `verdict`. */
function reviewer(verdict: Record<string, unknown>, stateDir: string | false = false) {
  const backend = new MockBackend([{ verdict }], { repeatLast: true });
  const options: ReviewOptions = {
    hook,
    model: "mock-model",
    projectRules: {},
    stateDir,
    judge: async (judged, input, summary) => (await runHook(judged, input, { backend, stateDir: false, render: { extra: { COMMAND_SUMMARY: summary } } })).results[0]!.outcome!,
  };
  const review = (command: string) => reviewCommand(command, bashInput(command), options);
  return { backend, review, options };
}

function bashInput(command: string, cwd = "/home/user/project"): HookInput {
  return { hook_event_name: "PreToolUse", tool_name: "Bash", tool_input: { command }, cwd, session_id: "s" };
}

describe("the labelled command corpus", () => {
  it("has at least 150 commands with disguised variants of the deny set", () => {
    expect(commands.length).toBeGreaterThanOrEqual(150);
    for (const disguise of ["\\rm", "r''m", "/bin/rm", "env X=1", "bash -c", "$(", "eval", "base64 -d | sh", "-delete", "xargs rm", "python3 -c"]) {
      expect(labelled("deny").some((command) => command.includes(disguise)), disguise).toBe(true);
    }
  });

  it("the rules deny every deny command: zero reach anything but deny", () => {
    const leaks = labelled("deny").filter((command) => applyRules(analyzeCommandLine(command)).verdict !== "deny");
    expect(leaks).toEqual([]);
  });

  it("a model that always says ok never gets a deny command through, and is never asked about one", async () => {
    const { backend, review } = reviewer({ ok: true, reason: "looks fine" });
    for (const command of labelled("deny")) {
      const result = await review(command);
      expect(result.decision.kind, command).toBe("block");
      expect(result.decidedBy, command).toMatch(/^rule:/);
    }
    expect(backend.requests).toHaveLength(0);
  });

  it("decides at least 90% of the allow set without a model", async () => {
    const { backend, review } = reviewer({ ok: true, reason: "fine" });
    const allow = labelled("allow");
    let byRule = 0;
    for (const command of allow) {
      const result = await review(command);
      if (result.decidedBy.startsWith("rule:")) byRule++;
      expect(result.decision.kind, command).toBe("pass");
    }
    expect(byRule / allow.length).toBeGreaterThanOrEqual(0.9);
    expect(backend.requests.length).toBe(allow.length - byRule);
  });

  it("sends the ambiguous middle to the model, then answers repeats from the cache", async () => {
    const state = temporaryDirectory();
    const { backend, review } = reviewer({ ok: false, reason: "it destroys data" }, state);
    const ambiguous = labelled("ambiguous");
    for (const command of ambiguous) {
      const result = await review(command);
      expect(result.decidedBy, command).toBe("model");
      expect(result.decision.kind).toBe("block");
    }
    expect(backend.requests).toHaveLength(ambiguous.length);
    const prompt = String(backend.requests[0]!.messages[0]!.content);
    expect(prompt).toContain("rm -rf dist: no rule decides");
    for (const command of ambiguous) expect((await review(command)).decidedBy).toBe("cache");
    expect(backend.requests).toHaveLength(ambiguous.length);
  });
});

describe("the parser", () => {
  it("finds commands inside wrappers, substitutions, heredocs and interpreter strings", () => {
    const found = (line: string) => analyzeCommandLine(line).commands.map((command) => `${command.name ?? "?"}:${command.via.join(">")}`);
    expect(found("sudo env A=1 nice -n 5 rm -rf x")).toEqual(["rm:sudo>env>nice"]);
    expect(found("bash -c 'ls && rm x'")).toEqual(["bash:", "ls:bash -c", "rm:bash -c"]);
    expect(found("cat <<EOF | sh\nrm -rf x\nEOF")).toEqual(["cat:", "sh:", "rm:| sh"]);
    expect(found("find . -exec rm {} +")).toEqual(["find:", "rm:find -exec"]);
    expect(found("echo $(whoami)")).toEqual(["echo:", "whoami:$(…)"]);
    expect(found("$a -rf x")).toEqual(["?:"]);
  });

  it("normalises quoting tricks to the program's name, and never allows a computed one", () => {
    for (const line of ["\\rm x", "r''m x", "'rm' x", "/bin/rm x"]) expect(analyzeCommandLine(line).commands[0]!.name).toBe("rm");
    expect(analyzeCommandLine("$'\\x6c\\x73'").commands[0]!.name).toBeNull();
    expect(applyRules(analyzeCommandLine("$'\\x6c\\x73' -la")).verdict).toBe("model");
    expect(applyRules(analyzeCommandLine("$(echo ls)")).verdict).toBe("model");
    expect(applyRules(analyzeCommandLine("ls 'unclosed")).verdict).toBe("model");
  });

  it("does not allow a read-only command that writes outside the project", () => {
    expect(applyRules(analyzeCommandLine("ls > listing.txt")).verdict).toBe("allow");
    expect(applyRules(analyzeCommandLine("ls > /tmp/listing.txt")).verdict).toBe("model");
    expect(applyRules(analyzeCommandLine("cat a > ../b")).verdict).toBe("model");
  });

  it("applies the project's rules: deny beats ask beats allow", () => {
    const rules = { allow: ["make deploy-preview"], ask: ["kubectl *"], deny: ["terraform destroy *"] };
    expect(applyRules(analyzeCommandLine("make deploy-preview"), rules).verdict).toBe("allow");
    expect(applyRules(analyzeCommandLine("kubectl get pods"), rules).verdict).toBe("ask");
    expect(applyRules(analyzeCommandLine("ls && terraform destroy -auto-approve"), rules).verdict).toBe("deny");
    expect(applyRules(analyzeCommandLine("kubectl get pods; rm -rf /"), rules).verdict).toBe("deny");
  });

  it("the verifier's strict parser and the reviewer agree on what a simple command is", () => {
    expect(parseSimpleCommand("npm test")).toEqual({ argv: ["npm", "test"] });
    expect(analyzeCommandLine("npm test").commands.map((command) => [command.name, ...command.args])).toEqual([["npm", "test"]]);
  });
});

describe("the verdict cache", () => {
  it("misses when the prompt, the model, the command or the folder changes, and after its TTL", async () => {
    const state = temporaryDirectory();
    const { backend, review, options } = reviewer({ ok: true, reason: "fine" }, state);
    await review("rm -rf dist");
    expect((await review("rm  -rf   dist")).decidedBy).toBe("cache");
    expect((await reviewCommand("rm -rf dist", bashInput("rm -rf dist", "/other"), options)).decidedBy).toBe("model");
    expect((await reviewCommand("rm -rf dist", bashInput("rm -rf dist"), { ...options, model: "other-model" })).decidedBy).toBe("model");
    expect((await reviewCommand("rm -rf dist", bashInput("rm -rf dist"), { ...options, hook: { ...hook, template: hook.template + "\nBe strict." } })).decidedBy).toBe("model");
    expect((await reviewCommand("rm -rf dist", bashInput("rm -rf dist"), { ...options, cacheTtlMs: 0 })).decidedBy).toBe("model");
    expect(backend.requests).toHaveLength(5);
  });

  it("never caches an error", async () => {
    const state = temporaryDirectory();
    const options: ReviewOptions = {
      hook,
      model: "m",
      projectRules: {},
      stateDir: state,
      judge: async () => ({ kind: "error", code: "timeout", message: "slow", usage: { inputTokens: 0, outputTokens: 0, costUsd: 0 }, latencyMs: 1, turns: 1, toolCalls: 0 }),
    };
    const first = await reviewCommand("rm -rf dist", bashInput("rm -rf dist"), options);
    expect(first).toMatchObject({ decidedBy: "error", decision: { kind: "ask" } });
    expect(() => readdirSync(join(state, "cache"))).toThrow();
    expect(cacheKey({ promptHash: "p", model: "m", command: "a  b", cwd: "/" })).toBe(cacheKey({ promptHash: "p", model: "m", command: "a b", cwd: "/" }));
  });

  it("ignores a corrupt cache entry", async () => {
    const state = temporaryDirectory();
    const { backend, review } = reviewer({ ok: true, reason: "fine" }, state);
    await review("rm -rf dist");
    const folder = join(state, "cache", "review");
    const sub = readdirSync(folder)[0]!;
    const file = readdirSync(join(folder, sub))[0]!;
    writeFileSync(join(folder, sub, file), "{garbage");
    expect((await review("rm -rf dist")).decidedBy).toBe("model");
    expect(backend.requests).toHaveLength(2);
  });
});
