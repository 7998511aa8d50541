import { execFile } from "node:child_process";
import { cpSync, mkdirSync, readdirSync, readFileSync, symlinkSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { ROOT, runCli, temporaryDirectory } from "../helpers/cli.js";

// The Redis client is an optional peer, really absent here: the package is copied to a temporary
// folder with no node_modules on its way up to /, and the CLI or the library runs from that copy in
// a child process, so `redis` fails to resolve as it does for a user who never installed it.

const range = (JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as { peerDependencies: Record<string, string> }).peerDependencies["redis"]!;
const install = `npm install redis@"${range}"`;

let copy: string;
beforeAll(() => {
  copy = temporaryDirectory("hookjudge-no-redis-");
  for (const entry of ["dist", "prompts", "package.json"]) cpSync(join(ROOT, entry), join(copy, entry), { recursive: true });
});

const run = (args: string[], input = "", cwd = copy) =>
  new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
    const child = execFile(process.execPath, args, { cwd, env: { PATH: process.env["PATH"] ?? "", HOME: copy, HOOKJUDGE_HOME: join(copy, "state") }, encoding: "utf8" }, (error, stdout, stderr) =>
      resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
    child.stdin!.end(input);
  });

describe("--store redis:// without the redis package installed", () => {
  it("is declared an optional peer, and a dev dependency for these tests", () => {
    const manifest = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as Record<string, Record<string, unknown>>;
    expect(manifest["dependencies"]!["redis"]).toBeUndefined();
    expect(manifest["peerDependenciesMeta"]!["redis"]).toEqual({ optional: true });
    expect(manifest["devDependencies"]!["redis"]).toEqual(expect.any(String));
  });

  it("a command with --store: exit 1 and a message that says what to install", async () => {
    expect(() => createRequire(join(copy, "dist", "cli.js")).resolve("redis")).toThrow();
    const result = await run([join(copy, "dist", "cli.js"), "loop", "status", "--store", "redis://127.0.0.1:9"]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`--store redis:// needs the optional package redis, which is not installed: run ${install}`);
  });

  it("the loop's Stop hook with --store: answers through the failure policy, naming the package", async () => {
    mkdirSync(join(copy, "project", ".git"), { recursive: true });
    const event = JSON.stringify({ hook_event_name: "Stop", session_id: "s", cwd: join(copy, "project"), stop_hook_active: false, last_assistant_message: "done" });
    const result = await run([join(copy, "dist", "cli.js"), "loop", "stop-hook", "--store", "redis://127.0.0.1:9"], event);
    expect(result.code).toBe(0);
    expect(String((JSON.parse(result.stdout) as { systemMessage?: string }).systemMessage)).toContain(install);
  });

  it("the library's Redis store: a config error naming the package", async () => {
    // the library needs its own dependencies: every one this checkout has, except the Redis client
    const library = temporaryDirectory("hookjudge-no-redis-lib-");
    for (const entry of ["dist", "prompts", "package.json"]) cpSync(join(ROOT, entry), join(library, entry), { recursive: true });
    mkdirSync(join(library, "node_modules"));
    for (const name of readdirSync(join(ROOT, "node_modules"))) {
      if (name !== "redis" && name !== "@redis" && !name.startsWith(".")) symlinkSync(join(ROOT, "node_modules", name), join(library, "node_modules", name));
    }
    expect(() => createRequire(join(library, "dist", "lib", "index.js")).resolve("redis")).toThrow();
    expect(() => createRequire(join(library, "dist", "lib", "index.js")).resolve("zod")).not.toThrow();
    const script = `
      const { openStore } = await import(${JSON.stringify(join(library, "dist", "lib", "store", "open.js"))});
      try { await openStore("redis://127.0.0.1:9", "/tmp"); } catch (error) { console.log(JSON.stringify({ code: error.code, message: error.message })); }
    `;
    const result = await run(["--input-type=module", "-e", script], "", library);
    expect(result.stderr).toBe("");
    expect(JSON.parse(result.stdout)).toEqual({ code: "config", message: expect.stringContaining(install) });
  });

  it("where redis is installed (this checkout), the client loads and only the connection fails", async () => {
    const result = await runCli(["loop", "status", "--store", "redis://127.0.0.1:9"]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("cannot connect to the store at redis://127.0.0.1:9");
  });
});
