import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { ROOT } from "../helpers/cli.js";

// The layout of src/, checked over every import (static, re-export, type-only and dynamic):
// the edges (cli, serve, sdk) call the core (answer), which calls the stages, which use internal;
// runtimes sit beside the stages. Nothing reaches up a layer, and no edge imports another.

const SRC = join(ROOT, "src");

/** Each top folder's layer: a file may import only its own layer or those below. */
const LAYERS: Record<string, number> = {
  internal: 0,
  "errors.ts": 0,
  hook: 1,
  template: 1,
  judge: 1,
  policy: 1,
  review: 1,
  loop: 1,
  eval: 1,
  audit: 1,
  store: 1,
  backends: 1,
  tools: 1,
  shell: 1,
  executor: 1,
  runtimes: 1,
  testing: 1,
  answer: 2,
  cli: 3,
  serve: 3,
  sdk: 3,
  "index.ts": 4,
};
const EDGES = new Set(["cli", "serve", "sdk"]);
/** The one edge that starts another: `hookjudge serve` is a command of the process edge. */
const EDGE_STARTS = new Set(["cli/serve-command.ts → serve"]);

/** Files still over {@link MAX_LINES}, to be split (the list only shrinks). */
const OVER_LIMIT = new Set<string>([]);
const MAX_LINES = 300;

function sourceFiles(folder: string): string[] {
  return readdirSync(folder, { withFileTypes: true }).flatMap((entry) => {
    const path = join(folder, entry.name);
    return entry.isDirectory() ? sourceFiles(path) : entry.name.endsWith(".ts") ? [path] : [];
  });
}

/** Every relative module a file imports, as a path under src/. */
function importsOf(file: string): string[] {
  const text = readFileSync(file, "utf8");
  const found = [...text.matchAll(/(?:^|[\s;])(?:import|export)\s[^;]*?\sfrom\s+["']([^"']+)["']|import\(\s*["']([^"']+)["']\s*\)|^import\s+["']([^"']+)["']/gm)];
  return found
    .map((match) => match[1] ?? match[2] ?? match[3]!)
    .filter((specifier) => specifier.startsWith("."))
    .map((specifier) => relative(SRC, resolve(dirname(file), specifier.replace(/\.js$/, ".ts"))));
}

const topOf = (path: string) => path.split("/")[0]!;

describe("the layout of src/", () => {
  const files = sourceFiles(SRC).map((file) => ({ file, path: relative(SRC, file) }));

  it("puts every folder in a layer", () => {
    const unplaced = [...new Set(files.map(({ path }) => topOf(path)))].filter((top) => !(top in LAYERS));
    expect(unplaced).toEqual([]);
  });

  it("reads imports well enough to see the known ones", () => {
    const serve = files.find(({ path }) => path === "serve/routes.ts")!;
    expect(importsOf(serve.file)).toEqual(expect.arrayContaining(["answer/judge-event.ts", "answer/review-bash.ts", "answer/loop-stop.ts"]));
  });

  it("has no import that reaches up a layer, and no edge importing another", () => {
    const problems: string[] = [];
    for (const { file, path } of files) {
      const from = topOf(path);
      for (const target of importsOf(file)) {
        const to = topOf(target);
        if (target.startsWith("..")) problems.push(`${path} imports ${target}, outside src/`);
        else if (LAYERS[to]! > LAYERS[from]!) problems.push(`${path} (${from}, layer ${LAYERS[from]}) reaches up to ${target} (${to}, layer ${LAYERS[to]})`);
        else if (EDGES.has(from) && EDGES.has(to) && from !== to && !EDGE_STARTS.has(`${path} → ${to}`)) problems.push(`${path} (an edge) imports another edge: ${target}`);
      }
    }
    expect(problems).toEqual([]);
  });

  it("keeps serve away from cli, and the core away from every edge", () => {
    const offending = files.flatMap(({ file, path }) =>
      importsOf(file)
        .filter((target) => (topOf(path) === "serve" && topOf(target) === "cli") || (topOf(path) === "answer" && EDGES.has(topOf(target))))
        .map((target) => `${path} → ${target}`),
    );
    expect(offending).toEqual([]);
  });

  it("keeps a host's shapes in its runtime folder: the core and the edges reach Claude Code only through runtimes/", () => {
    const offending = files.flatMap(({ file, path }) =>
      importsOf(file)
        .filter((target) => target.startsWith("runtimes/claude-code/") && (topOf(path) === "answer" || EDGES.has(topOf(path))))
        .map((target) => `${path} → ${target}`),
    );
    expect(offending).toEqual([]);
  });

  it(`keeps every source file within ${MAX_LINES} lines, but the few still to be split`, () => {
    const long = files.filter(({ file }) => readFileSync(file, "utf8").split("\n").length - 1 > MAX_LINES).map(({ path }) => path);
    expect(long.filter((path) => !OVER_LIMIT.has(path))).toEqual([]);
    // a file split since is taken off the list
    expect([...OVER_LIMIT].filter((path) => !long.includes(path))).toEqual([]);
  });
});
