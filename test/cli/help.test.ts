import { describe, expect, it } from "vitest";
import { run } from "../../src/cli/index.js";
import { runCli } from "../helpers/cli.js";

/** The CLI in process, with stdin empty (a `--help` never reads it). */
async function cli(argv: string[]) {
  let stdout = "";
  let stderr = "";
  const code = await run(argv, { readStdin: async () => "", stdout: (text) => (stdout += text), stderr: (text) => (stderr += text), env: {}, cwd: process.cwd() });
  return { code, stdout, stderr };
}

const COMMANDS = [["run"], ["lint"], ["schema"], ["log"], ["loop", "start"], ["loop", "status"], ["loop", "cancel"], ["loop", "stop-hook"], ["review-command"], ["eval"], ["serve"], ["guard-files"]];

describe("hookjudge <command> --help", () => {
  it.each(COMMANDS)("%s %s --help prints its usage, lists every flag it takes, and exits 0", async (...command) => {
    const words = command.filter((word): word is string => typeof word === "string");
    const result = await cli([...words, "--help"]);
    expect(result.code).toBe(0);
    expect(result.stderr).toBe("");
    expect(result.stdout).toMatch(new RegExp(`^Usage:\\n  hookjudge ${words[0]}`));
    // the hand-written usage names every flag the command declares
    const [usage, flags = ""] = result.stdout.split("\nFlags: ");
    for (const flag of flags.split("\n")[0]!.split(", ").filter(Boolean)) {
      const name = flag.split(" ")[0]!;
      expect(usage, `${words.join(" ")}: ${name} is missing from the usage text`).toContain(name);
    }
  });

  it("-h works too, and --help after -- is an argument, not a request for help", async () => {
    expect((await cli(["log", "-h"])).stdout).toMatch(/^Usage:\n {2}hookjudge log/);
    const lint = await cli(["lint", "--", "--help"]);
    expect(lint.stdout).not.toMatch(/^Usage:/);
  });

  it("as a real process, a hook command's --help prints usage and never a hook answer", async () => {
    const result = await runCli(["run", "--help"]);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^Usage:\n {2}hookjudge run <hook>/);
    expect(result.stdout).not.toContain("systemMessage");
  });
});

describe("hookjudge schema", () => {
  it("prints the front matter's JSON Schema as one JSON document", async () => {
    const result = await runCli(["schema"]);
    expect(result.code).toBe(0);
    const schema = JSON.parse(result.stdout);
    expect(schema).toMatchObject({ $schema: "https://json-schema.org/draft/2020-12/schema", type: "object", additionalProperties: false });
    expect(Object.keys(schema.properties)).toEqual(expect.arrayContaining(["events", "matcher", "on-error", "votes", "escalate"]));
  });
});
