import { execFileSync } from "node:child_process";
import { mkdirSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { createBashTool } from "../../src/tools/bash.js";
import { globTool } from "../../src/tools/glob.js";
import { grepTool } from "../../src/tools/grep.js";
import { readTool } from "../../src/tools/read.js";
import { capOutput } from "../../src/tools/truncate.js";
import type { AgentTool, ToolContext } from "../../src/tools/types.js";
import { fixtureProject, toolContext } from "../helpers/project.js";

const { root, outside } = fixtureProject();
const call = async <Input>(tool: AgentTool<Input>, input: unknown, context: ToolContext = toolContext(root)) => {
  const parsed = tool.parse(input);
  if (!parsed.ok) return { content: parsed.message, isError: true };
  return tool.run(parsed.value, context);
};

describe("Read", () => {
  it("shows numbered lines, honours offset and limit, and says how to read on", async () => {
    const whole = await call(readTool, { file_path: "src/flags.ts" });
    expect(whole.isError).toBeUndefined();
    expect(whole.content.split("\n")[7]).toBe("     8\t  for (const argument of argv) {");
    const part = await call(readTool, { file_path: join(root, "src/flags.ts"), offset: 9, limit: 2 });
    expect(part.content).toBe('     9\t    if (argument === "--verbose") flags.verbose = true;\n    10\t    if (argument.startsWith("--output=")) flags.output = argument.slice("--output=".length);\n[3 more lines: read on with offset 11]');
  });

  it("reports a missing file, a directory, a binary file and bad input as errors", async () => {
    expect(await call(readTool, { file_path: "src/missing.ts" })).toEqual({ content: "src/missing.ts does not exist", isError: true });
    expect((await call(readTool, { file_path: "src" })).content).toContain("is a directory; use Glob");
    expect((await call(readTool, { file_path: "src/logo.bin" })).content).toContain("binary");
    expect((await call(readTool, { path: "src/flags.ts" })).content).toMatch(/invalid input: (input|path|file_path)/);
  });

  it.each([
    ["../outside/secret.txt", "outside the project root"],
    ["/etc/passwd", "outside the project root"],
    ["escape/secret.txt", "outside the project root"],
    ["secret-link.txt", "outside the project root"],
    [".env", "may hold secrets"],
  ])("refuses %s", async (path, why) => {
    const result = await call(readTool, { file_path: path });
    expect(result.isError).toBe(true);
    expect(result.content).toContain("refused: ");
    expect(result.content).toContain(why);
    expect(result.content).not.toContain("outside the root\n");
  });

  it("reads .env only when the hook allows sensitive files, and the transcript though outside", async () => {
    expect((await call(readTool, { file_path: ".env" }, toolContext(root, { allowSensitiveFiles: true }))).content).toContain("API_KEY=");
    const transcript = await call(readTool, { file_path: join(outside, "secret.txt") }, toolContext(root, { transcriptPath: join(outside, "secret.txt") }));
    expect(transcript.content).toBe("     1\toutside the root");
  });
});

describe("Grep", () => {
  it("finds lines with file names and numbers, or file names by default", async () => {
    const content = await call(grepTool, { pattern: "--verbose", output_mode: "content" });
    expect(content.content.split("\n").sort()).toEqual(['README.md:3:A small project for the verifier\'s tests. `--verbose` prints a detailed report.', 'src/flags.ts:9:    if (argument === "--verbose") flags.verbose = true;']);
    expect((await call(grepTool, { pattern: "todo", "-i": true })).content).toBe("src/report.ts");
    expect((await call(grepTool, { pattern: "flags", path: "src", glob: "report.*", output_mode: "count" })).content).toBe("src/report.ts:4");
  });

  it("never searches secrets or follows symlinks out of the root", async () => {
    expect((await call(grepTool, { pattern: "sk-live", "-i": true, glob: "*" })).content).toBe("No matches.");
    expect((await call(grepTool, { pattern: "outside the root" })).content).toBe("No matches.");
    expect((await call(grepTool, { pattern: "x", path: "../outside" })).content).toContain("refused");
  });

  it("returns a bad regex as an error the model can fix", async () => {
    const result = await call(grepTool, { pattern: "flags(" });
    expect(result.isError).toBe(true);
    expect(result.content).toMatch(/^grep failed: .*regex/s);
  });
});

describe("Glob", () => {
  it("lists matching files, relative and sorted, without secrets or symlinked folders", async () => {
    expect((await call(globTool, { pattern: "**/*.ts" })).content).toBe("src/flags.ts\nsrc/report.ts");
    expect((await call(globTool, { pattern: "**/*" })).content).not.toMatch(/\.env|secret/);
    expect((await call(globTool, { pattern: "../**" })).content).toContain("refused");
    expect((await call(globTool, { pattern: "*.md", path: "/etc" })).content).toContain("refused");
  });
});

describe("Bash", () => {
  const bash = createBashTool(["node test/flags.test.js", "node -e *"], 10);
  const context = toolContext(root, { allowCommands: ["node test/flags.test.js", "node -e *"] });

  it("runs an allowed command without a shell, in the root, marked HOOKJUDGE_ACTIVE=1", async () => {
    expect(await call(bash, { command: "node test/flags.test.js" }, context)).toEqual({
      content: "$ node test/flags.test.js\nexit code 0\nflags: 3 passed, 0 failed",
      isError: false,
    });
    const marked = await call(bash, { command: "node -e 'console.log(process.env.HOOKJUDGE_ACTIVE, process.cwd())'" }, context);
    expect(marked.content).toContain(`1 ${root}`);
    const failing = await call(bash, { command: "node -e 'process.exit(3)'" }, context);
    expect(failing).toMatchObject({ isError: true, content: expect.stringContaining("exit code 3") });
  });

  it.each([
    ["npm test", "not an allowed command"],
    ["node test/flags.test.js; rm -rf x", "only one command"],
    ["node test/flags.test.js && rm -rf x", "cannot be chained"],
    ["node test/flags.test.js | cat", "pipes"],
    ["node test/flags.test.js > out.txt", "redirections"],
    ["node -e $(whoami)", "command substitution"],
    ["node -e `id`", "command substitution"],
    ["node -e $HOME", "variable expansion"],
    ["node -e \"$HOME\"", "expansions inside double quotes"],
    ["node -e *.js", "glob"],
    ["node -e ~/x", "~ expansion"],
    ["FOO=1 node test/flags.test.js", "assignments"],
    ["node test/flags.test.js &", "background"],
  ])("refuses %s", async (command, why) => {
    const result = await call(bash, { command }, context);
    expect(result.isError).toBe(true);
    expect(result.content).toContain("refused: ");
    expect(result.content).toContain(why);
  });
});

describe("capOutput", () => {
  it("cuts by lines and by bytes, with a note saying what was shown", () => {
    const text = Array.from({ length: 10 }, (_, index) => `line ${index}`).join("\n");
    expect(capOutput(text, { lines: 3, bytes: 1000 }, "Narrow it.")).toBe("line 0\nline 1\nline 2\n[output cut at 3 lines: showing 3 of 10 lines. Narrow it.]");
    expect(capOutput(text, { lines: 100, bytes: 20 }, "Narrow it.")).toBe("line 0\nline 1\n[output cut at 20 bytes: showing 2 of 10 lines. Narrow it.]");
    expect(capOutput(text, { lines: 100, bytes: 1000 }, "x")).toBe(text);
  });
});

describe("the sandbox, against the ways around it", () => {
  const { root: base } = fixtureProject();
  const secretFiles = [".ssh/config", ".aws/credentials", "config/secrets.yaml", "service-account.json", ".ENV", "keys/deploy.asc", ".git/config"];
  for (const file of secretFiles) {
    mkdirSync(join(base, file, ".."), { recursive: true });
    writeFileSync(join(base, file), "token = SECRET-VALUE-123\n");
  }
  symlinkSync("/etc", join(base, "etc-link"));
  const context = toolContext(base);

  it("Grep never returns a line from a secret file, whatever the glob", async () => {
    for (const input of [{ pattern: "SECRET-VALUE", output_mode: "content" }, { pattern: "SECRET-VALUE", glob: "*" }, { pattern: "secret-value", "-i": true, glob: "**/*", output_mode: "count" }]) {
      expect((await call(grepTool, input, context)).content).toBe("No matches.");
    }
  });

  it("Glob lists nothing outside the root or secret, through symlinked folders or extglobs", async () => {
    expect((await call(globTool, { pattern: "etc-link/pass*" }, context)).content).toBe("No files match.");
    expect((await call(globTool, { pattern: "..?(x)/**/*.txt" }, context)).content).toContain("refused");
    expect((await call(globTool, { pattern: "**/*", path: "." }, context)).content).not.toMatch(/SECRET|\.ssh|\.aws|secrets|service-account|\.ENV|\.asc|\.git\//);
  });

  it("Read refuses paths outside without saying whether they exist, and never blocks on a pipe", async () => {
    const missing = await call(readTool, { file_path: "/etc/no-such-file" }, context);
    const present = await call(readTool, { file_path: "/etc/hostname" }, context);
    expect(missing.content.replace("/etc/no-such-file", "X")).toBe(present.content.replace("/etc/hostname", "X"));
    execFileSync("mkfifo", [join(base, "pipe")]);
    expect(await call(readTool, { file_path: "pipe" }, context)).toEqual({ content: "pipe is not a regular file (pipes, sockets and devices are refused)", isError: true });
    expect((await call(readTool, { file_path: ".ENV" }, context)).content).toContain("may hold secrets");
  });

  it("Read's note points exactly at the first line it did not show when the byte cap cuts", async () => {
    writeFileSync(join(base, "long.txt"), Array.from({ length: 3000 }, (_, index) => `line ${index + 1} ${"x".repeat(90)}`).join("\n"));
    const result = await call(readTool, { file_path: "long.txt" }, context);
    const shown = result.content.split("\n").filter((line) => /^\s+\d+\t/.test(line));
    const next = Number(/read on with offset (\d+)/.exec(result.content)![1]);
    expect(next).toBe(shown.length + 1);
    expect(Buffer.byteLength(result.content)).toBeLessThan(33 * 1024);
  });

  it("Bash refuses path arguments that lead outside or name secrets, and keeps the end of long output", async () => {
    const bash = createBashTool(["node -e *", "cat *", "pytest tests/*"], 10);
    const bashContext = toolContext(base, { allowCommands: ["node -e *", "cat *", "pytest tests/*"] });
    expect((await call(bash, { command: "cat ../outside/secret.txt" }, bashContext)).content).toContain("points outside the project root");
    expect((await call(bash, { command: "cat --file=/etc/hostname" }, bashContext)).content).toContain("points outside the project root");
    expect((await call(bash, { command: "cat .ssh/config" }, bashContext)).content).toContain("may hold secrets");
    expect((await call(bash, { command: "pytest tests/../../etc/passwd" }, bashContext)).content).toContain("not an allowed command");
    const long = await call(bash, { command: "node -e 'for (let i = 0; i < 20000; i++) console.log(\"row \" + i); console.log(\"SUM\" + \"MARY: 3 failed\")'" }, bashContext);
    expect(long.content).toContain("SUMMARY: 3 failed");
    expect(long.content).toContain("row 0\n");
    expect(long.content).toMatch(/bytes cut/);
  });
});
