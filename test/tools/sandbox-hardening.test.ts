import { execFileSync } from "node:child_process";

import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { openChecked, OpenRefusedError } from "../../src/internal/files.js";
import { isSecretPath, SECRET_NAME_SOURCE } from "../../src/internal/secrets.js";
import { createBashTool, pathCandidates } from "../../src/tools/bash.js";
import { verifierEnvironment } from "../../src/tools/child.js";
import { grepTool } from "../../src/tools/grep.js";
import { readTool } from "../../src/tools/read.js";
import { isWithin } from "../../src/tools/sandbox.js";
import type { AgentTool, ToolContext } from "../../src/tools/types.js";
import { fixtureProject, toolContext } from "../helpers/project.js";

const { root, outside } = fixtureProject();
const call = async <Input>(tool: AgentTool<Input>, input: unknown, context: ToolContext = toolContext(root)) => {
  const parsed = tool.parse(input);
  if (!parsed.ok) return { content: parsed.message, isError: true };
  return tool.run(parsed.value, context);
};
const inside = (real: string) => (isWithin(root, real) ? undefined : new OpenRefusedError(`${real} is outside`, "outside"));

describe("open, then check what was opened", () => {
  it("refuses a symlink at open (O_NOFOLLOW), as a name swapped for a link after a check would be", () => {
    expect(() => openChecked(join(root, "secret-link.txt"), inside)).toThrow(/symbolic link/);
  });

  it("checks the descriptor's real path: a symlinked folder on the way out is caught after open", () => {
    expect(() => openChecked(join(root, "escape", "secret.txt"), inside)).toThrow(/outside/);
    expect(() => openChecked(join(outside, "secret.txt"), inside)).toThrow(/outside/);
  });

  it("Read refuses the link, and a FIFO at once", async () => {
    expect((await call(readTool, { file_path: "secret-link.txt" })).content).toContain("outside the project root");
    execFileSync("mkfifo", [join(root, "read-fifo")]);
    const started = Date.now();
    const result = await call(readTool, { file_path: "read-fifo" });
    expect(result).toMatchObject({ isError: true, content: expect.stringContaining("not a regular file") });
    expect(Date.now() - started).toBeLessThan(1_000);
  });

  it("Grep refuses a FIFO named as its path at once, instead of blocking ripgrep", async () => {
    execFileSync("mkfifo", [join(root, "grep-fifo")]);
    const started = Date.now();
    const result = await call(grepTool, { pattern: "x", path: "grep-fifo" });
    expect(result).toMatchObject({ isError: true, content: expect.stringContaining("not a regular file or a folder") });
    expect(Date.now() - started).toBeLessThan(1_000);
    // a walk over a folder holding a FIFO still finishes
    const walk = await call(grepTool, { pattern: "verbose" });
    expect(walk.isError).toBeUndefined();
  });
});

describe("Bash: paths glued to options", () => {
  it("finds the path in -o/abs, -f/etc/x, --output=/x and clusters", () => {
    expect(pathCandidates("-o/abs/path")).toContain("/abs/path");
    expect(pathCandidates("-f/etc/x")).toContain("/etc/x");
    expect(pathCandidates("--output=/x")).toContain("/x");
    expect(pathCandidates("-no/tmp/y")).toContain("/tmp/y");
  });

  it.each([["sort -o/tmp/out src/flags.ts"], ["sort --output=/tmp/out src/flags.ts"], ["sort -o../outside/x src/flags.ts"], ["sort -o~/x src/flags.ts"]])(
    "refuses %s",
    async (command) => {
      const tool = createBashTool(["sort *"], 10);
      const result = await call(tool, { command }, toolContext(root, { allowCommands: ["sort *"] }));
      expect(result).toMatchObject({ isError: true, content: expect.stringMatching(/^refused: .*(outside the project root|home folder)/) });
    },
  );
});

describe("the environment of verifier commands", () => {
  it("keeps only the allow-list", () => {
    const env = verifierEnvironment({}, { PATH: "/bin", HOME: "/h", LC_ALL: "C", ANTHROPIC_API_KEY: "k", HOOKJUDGE_SERVE_TOKEN: "t", GITHUB_TOKEN: "g", AWS_SECRET_ACCESS_KEY: "a" });
    expect(env).toEqual({ PATH: "/bin", HOME: "/h", LC_ALL: "C" });
  });

  it("a command sees no ANTHROPIC_API_KEY or HOOKJUDGE_SERVE_TOKEN", async () => {
    process.env["ANTHROPIC_API_KEY"] = "sk-test-leak";
    process.env["HOOKJUDGE_SERVE_TOKEN"] = "serve-test-leak";
    try {
      const tool = createBashTool(["env"], 10);
      const result = await call(tool, { command: "env" }, toolContext(root, { allowCommands: ["env"] }));
      expect(result.content).toContain("PATH=");
      expect(result.content).not.toContain("sk-test-leak");
      expect(result.content).not.toContain("serve-test-leak");
      expect(result.content).not.toMatch(/^(ANTHROPIC_|HOOKJUDGE_(?!ACTIVE=))/m);
    } finally {
      delete process.env["ANTHROPIC_API_KEY"];
      delete process.env["HOOKJUDGE_SERVE_TOKEN"];
    }
  });
});

describe("isSecretPath", () => {
  it.each([
    ".env", ".env.local", "app/.ENV.production", ".envrc", "home/.ssh/config", "id_ed25519", "id_rsa.pub", "certs/server.pem", "tls.key",
    "a.p12", "b.pfx", ".netrc", ".npmrc", ".yarnrc.yml", ".pypirc", ".git-credentials", ".pgpass", ".my.cnf", ".aws/credentials",
    ".azure/accessTokens.json", ".config/gcloud/application_default_credentials.json", ".kube/config", ".docker/config.json",
    ".gnupg/pubring.kbx", ".config/gh/hosts.yml", "infra/terraform.tfstate", "terraform.tfstate.backup", "terraform.tfvars",
    ".bash_history", ".zsh_history", ".python_history", ".psql_history", ".mysql_history", ".node_repl_history", "/etc/shadow",
    "/proc/self/environ", "/proc/123/environ", "credentials", "credentials.json", "secrets.yaml", "secrets.yml", ".vault-token",
  ])("%s is secret", (path) => expect(isSecretPath(path)).toBe(true));

  it.each([".env.example", ".env.sample", ".env.template", "src/flags.ts", "README.md", "docs/environment.md", "keys.ts", "package.json"])(
    "%s is not",
    (path) => expect(isSecretPath(path)).toBe(false),
  );

  it("exports a source usable inside a larger expression for command words", () => {
    const word = new RegExp(String.raw`(?:^|[\s/='"])(?:${SECRET_NAME_SOURCE})(?=$|[\s'";|&)])`, "i");
    expect(word.test("cat ~/.ssh/id_rsa")).toBe(true);
    expect(word.test("cp .env /tmp/x")).toBe(true);
    expect(word.test("cat src/flags.ts")).toBe(false);
  });
});

