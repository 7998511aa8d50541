import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { appendAudit, type AuditEntry } from "../../src/audit/log.js";
import { redactSecrets, redactText } from "../../src/audit/redact.js";
import { fixturePath, runCli, stateFolder, temporaryDirectory } from "../helpers/cli.js";
import { startFakeModel } from "../helpers/fake-model.js";
import { fixtureProject } from "../helpers/project.js";

describe("redactText: command-line passwords", () => {
  it.each([
    ["mysql -uroot -pS3cret! mydb", "mysql -uroot -p[redacted] mydb"],
    ["mysqldump -h db -p'a b' shop > dump.sql", "mysqldump -h db -p'[redacted]' shop > dump.sql"],
    ['/usr/bin/mariadb -u app -p"x;y" -e "select 1"', '/usr/bin/mariadb -u app -p"[redacted]" -e "select 1"'],
    ["mysqladmin -pTopSecret status", "mysqladmin -p[redacted] status"],
    ["redis-cli -h cache -a hunter2 ping", "redis-cli -h cache -a [redacted] ping"],
    ["sshpass -p hunter2 ssh deploy@host", "sshpass -p [redacted] ssh deploy@host"],
    ["psql --password=hunter2", "psql --password=[redacted]"],
    ["tool --password hunter2 --verbose", "tool --password [redacted] --verbose"],
    ['tool --password "two words"', 'tool --password "[redacted]"'],
    ["tool --token=abc123", "tool --token=[redacted]"],
  ])("%s", (text, expected) => {
    expect(redactText(text)).toBe(expected);
  });

  it("leaves options that prompt, and -p of other programs, alone", () => {
    for (const text of ["mysql -p mydb", "mysql -u root -p", "mysql --password --host db", "mkdir -p build", "ls -p /tmp; echo -pfoo", "redis-cli --askpass ping", "mysql -P3306 -h db"]) {
      expect(redactText(text), text).toBe(text);
    }
  });

  it("stops at the end of the program's command", () => {
    expect(redactText("mysql -pS3cret db && grep -pattern x")).toBe("mysql -p[redacted] db && grep -pattern x");
    expect(redactText("echo x | redis-cli -a pw1 get k; other -a keep")).toBe("echo x | redis-cli -a [redacted] get k; other -a keep");
  });
});

describe("redactText: URLs and headers", () => {
  it.each([
    ["git clone https://user:pass@example.com/repo.git", "git clone https://user:***@example.com/repo.git"],
    ["redis://:pass@cache:6379/0", "redis://:***@cache:6379/0"],
    ["postgres://app:p%40ss@db/x?sslmode=require", "postgres://app:***@db/x?sslmode=require"],
    ["see https://example.com/a:b@c", "see https://example.com/a:b@c"],
  ])("%s", (text, expected) => {
    expect(redactText(text)).toBe(expected);
  });

  it("masks Authorization headers and bearer tokens in every spelling", () => {
    expect(redactText("curl -H 'Authorization: Bearer abcdefghijkl' https://api")).toBe("curl -H 'Authorization: [redacted]' https://api");
    expect(redactText('{"Authorization": "Bearer abcdefghijkl"}')).toBe('{"Authorization": [redacted]}');
    expect(redactText("the header was bearer abcdefghijkl")).toBe("the header was bearer [redacted]");
  });

  it("is stable: redacting twice changes nothing more", () => {
    const once = redactText("mysql -pX db; redis-cli -a Y; https://u:p@h; --password Z; Authorization: Bearer abcdefghijkl");
    expect(redactText(once)).toBe(once);
    expect(once).not.toMatch(/-pX|-a Y|:p@|Z|abcdefghijkl/);
  });

  it("masks the same forms inside a structured input", () => {
    const input = redactSecrets({ tool_input: { command: "mysql -pS3cret db" }, url: "redis://:pw@h:6379" });
    expect(input).toEqual({ tool_input: { command: "mysql -p[redacted] db" }, url: "redis://:***@h:6379" });
  });
});

const entry = (overrides: Partial<AuditEntry>): AuditEntry => ({
  time: "2026-01-01T00:00:00.000Z",
  session: "s",
  event: "Stop",
  hook: "h",
  promptHash: "0",
  model: null,
  outcome: "verdict",
  ok: false,
  decision: "block",
  source: "verdict",
  reason: "",
  latencyMs: 1,
  turns: 1,
  inputTokens: 1,
  outputTokens: 1,
  costUsd: null,
  ...overrides,
});

describe("appendAudit", () => {
  it("redacts reasons, tool-call summaries and kept inputs, whoever built the entry", () => {
    const home = temporaryDirectory();
    appendAudit(home, [
      entry({
        reason: "deploy.sh runs mysql -pHunter2Pass prod and logs https://ci:tok3n@git.example.com",
        toolCalls: [{ name: "Bash", summary: "redis-cli -a s3cr3t ping", durationMs: 1, bytes: 1, isError: false }],
        input: { api_key: "sk-ant-abcdefghijklmnop123", tool_input: { command: "x --password hunter2" } },
      }),
    ]);
    const text = readFileSync(join(home, "audit.jsonl"), "utf8");
    expect(text).not.toMatch(/Hunter2Pass|tok3n|s3cr3t|sk-ant-abc|hunter2/);
    const line = JSON.parse(text) as AuditEntry;
    expect(line.reason).toBe("deploy.sh runs mysql -p[redacted] prod and logs https://ci:***@git.example.com");
    expect(line.toolCalls![0]!.summary).toBe("redis-cli -a [redacted] ping");
    expect(line.input).toEqual({ api_key: "[redacted]", tool_input: { command: "x --password [redacted]" } });
  });

  it("hookjudge run keeps a verifier's reason and its tool calls in audit.jsonl without the secrets they quote", async () => {
    const fake = await startFakeModel();
    try {
      const { root } = fixtureProject();
      const home = temporaryDirectory();
      fake.enqueue(
        { content: [{ type: "tool_use", id: "toolu_r1", name: "Grep", input: { pattern: "mysql -pS3cretPassw0rd" } }], stopReason: "tool_use" },
        { verdict: { ok: false, reason: "scripts/db.sh logs in with --password hunter2 and redis://:pw9@cache" } },
      );
      const stop = JSON.stringify({ hook_event_name: "Stop", session_id: "s-audit", cwd: root, stop_hook_active: false, last_assistant_message: "Done." });
      const result = await runCli(["run", fixturePath("hooks", "verify-flags.md")], {
        input: stop,
        env: { ANTHROPIC_API_KEY: "test", ANTHROPIC_BASE_URL: fake.url, HOOKJUDGE_HOME: home },
      });
      // the agent still gets the whole reason: only what is written to disk is masked
      expect(JSON.parse(result.stdout)).toMatchObject({ decision: "block", reason: expect.stringContaining("--password hunter2") });
      const text = readFileSync(join(stateFolder(root, { HOOKJUDGE_HOME: home }), "audit.jsonl"), "utf8");
      expect(text).not.toMatch(/S3cretPassw0rd|hunter2|pw9/);
      expect(JSON.parse(text)).toMatchObject({
        reason: "scripts/db.sh logs in with --password [redacted] and redis://:***@cache",
        toolCalls: [{ name: "Grep", summary: "/mysql -p[redacted]" }],
      });
    } finally {
      await fake.close();
    }
  });
});
