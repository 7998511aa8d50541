import { cpSync, mkdirSync, realpathSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { ToolContext } from "../../src/tools/types.js";
import { fixturePath, temporaryDirectory } from "./cli.js";

/**
 * A fresh copy of fixtures/project in a temporary folder, with a secret outside it and a symlink
 * that points there, for the sandbox tests.
 */
export function fixtureProject(): { root: string; outside: string } {
  const base = realpathSync(temporaryDirectory("hookjudge-project-"));
  const root = join(base, "project");
  cpSync(fixturePath("project"), root, { recursive: true });
  const outside = join(base, "outside");
  mkdirSync(outside);
  writeFileSync(join(outside, "secret.txt"), "outside the root\n");
  symlinkSync(outside, join(root, "escape"));
  symlinkSync(join(outside, "secret.txt"), join(root, "secret-link.txt"));
  return { root, outside };
}

/** A tool context on a project root with test-sized limits. */
export function toolContext(root: string, overrides: Partial<ToolContext> = {}): ToolContext {
  return {
    root,
    allowCommands: [],
    allowSensitiveFiles: false,
    limits: { lines: 2000, bytes: 32 * 1024 },
    commandTimeoutSeconds: 10,
    signal: new AbortController().signal,
    ...overrides,
  };
}
