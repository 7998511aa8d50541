// Build: tsc emits the library and its types; esbuild bundles the CLI into CommonJS bundles (the
// CLI, and beside it the model SDK, the YAML parser and the shell parser, each loaded only by the
// paths that need it: a rule-decided review never reads YAML), which a small loader runs with
// V8's code cache; the caches are written by running the CLI once on a loopback model. Then the
// result is smoke-tested: what ships is what was tested.
import { execFile, execFileSync } from "node:child_process";
import { chmodSync, copyFileSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:http";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

const root = fileURLToPath(new URL("..", import.meta.url));
const dist = `${root}dist`;
const bundle = `${dist}/bundle`;

rmSync(dist, { recursive: true, force: true });
execFileSync(process.execPath, [`${root}node_modules/typescript/bin/tsc`, "-p", `${root}tsconfig.build.json`], { stdio: "inherit" });

const common = { bundle: true, format: "cjs", platform: "node", target: "node20.19", minify: true, legalComments: "none", logLevel: "warning" };
// the CLI bundle reaches these through the loader, each compiled only when first needed: the SDK
// (a model call), yaml (reading a hook file) and unbash (parsing a shell command)
// and the gate's rules (a review; other paths never compile them)
// and the HTTP server (only `hookjudge serve` runs it; every other path would parse it for nothing)
const SPLIT = { sdk: "sdk.cjs", openai: "openai.cjs", yaml: "yaml.cjs", unbash: "unbash.cjs", rules: "rules.cjs", serve: "serve.cjs" };
const throughLoader = {
  name: "through-loader",
  setup(context) {
    context.onResolve({ filter: /\/anthropic-sdk\.js$/ }, () => ({ path: "sdk", namespace: "hookjudge-split" }));
    context.onResolve({ filter: /\/openai-sdk\.js$/ }, () => ({ path: "openai", namespace: "hookjudge-split" }));
    context.onResolve({ filter: /(^|\/)review\/rules\.js$|^\.\/rules\.js$/ }, ({ importer, path }) => (path === "./rules.js" && !/\/review\/[^/]+$/.test(importer) ? undefined : { path: "rules", namespace: "hookjudge-split" }));
    context.onResolve({ filter: /^(yaml|unbash)$/ }, ({ path }) => ({ path, namespace: "hookjudge-split" }));
    context.onResolve({ filter: /^\.\.\/serve\/server\.js$/ }, ({ importer }) => (/\/cli\/serve-command\.ts$/.test(importer) ? { path: "serve", namespace: "hookjudge-split" } : undefined));
    context.onResolve({ filter: /^\.\/loader\.cjs$/ }, () => ({ path: "./loader.cjs", external: true }));
    // optional peers (heavy: never bundled) are required from the install when their provider (or
    // the Redis store) is used: a require, since the loader's vm.Script has no callback for a dynamic import()
    context.onResolve({ filter: /^(@anthropic-ai\/(bedrock|vertex)-sdk|redis)$/ }, ({ path, namespace }) => (namespace === "hookjudge-peer" ? { path, external: true } : { path, namespace: "hookjudge-peer" }));
    context.onLoad({ filter: /.*/, namespace: "hookjudge-peer" }, ({ path }) => ({ contents: `module.exports = require(${JSON.stringify(path)});`, loader: "js" }));
    context.onLoad({ filter: /.*/, namespace: "hookjudge-split" }, ({ path }) => ({
      contents: `module.exports = require("./loader.cjs").load(${JSON.stringify(SPLIT[path])});`,
      loader: "js",
    }));
  },
};
mkdirSync(bundle, { recursive: true });
await build({
  ...common,
  entryPoints: [`${root}src/cli/bin.ts`],
  outfile: `${bundle}/cli.cjs`,
  plugins: [throughLoader],
  define: { "import.meta.url": "__hookjudgeFileUrl" },
  banner: { js: 'const __hookjudgeFileUrl = require("node:url").pathToFileURL(__filename).href;' },
});
await build({ ...common, entryPoints: [`${root}src/backends/anthropic-sdk.ts`], outfile: `${bundle}/${SPLIT.sdk}` });
// the OpenAI client (a dev dependency, an optional peer of the library) ships inside the CLI
await build({ ...common, entryPoints: [`${root}src/backends/openai-sdk.ts`], outfile: `${bundle}/${SPLIT.openai}` });
await build({ ...common, entryPoints: [`${root}src/review/rules.ts`], outfile: `${bundle}/${SPLIT.rules}`, plugins: [throughLoader] });
await build({
  ...common,
  entryPoints: [`${root}src/serve/server.ts`],
  outfile: `${bundle}/${SPLIT.serve}`,
  plugins: [throughLoader],
  define: { "import.meta.url": "__hookjudgeFileUrl" },
  banner: { js: 'const __hookjudgeFileUrl = require("node:url").pathToFileURL(__filename).href;' },
});
for (const name of ["yaml", "unbash"]) {
  await build({
    ...common,
    stdin: { contents: `export * from ${JSON.stringify(name)};`, resolveDir: root, loader: "js" },
    outfile: `${bundle}/${SPLIT[name]}`,
  });
}
copyFileSync(`${root}scripts/runtime/loader.cjs`, `${bundle}/loader.cjs`);
// dist/ is CommonJS and dist/lib/ (the library) is ESM, so the bin starts without the ESM loader
writeFileSync(`${dist}/package.json`, JSON.stringify({ type: "commonjs" }) + "\n");
writeFileSync(`${dist}/lib/package.json`, JSON.stringify({ type: "module" }) + "\n");
writeFileSync(`${dist}/cli.js`, '#!/usr/bin/env node\n"use strict";\nrequire("./bundle/loader.cjs").load("cli.cjs");\n');
chmodSync(`${dist}/cli.js`, 0o755);

// write the code caches from one real run of each path: lint, a dry run, a model call (Anthropic, then OpenAI-compatible) and a review
const server = createServer((request, response) => {
  request.resume();
  request.on("end", () => {
    response.writeHead(200, { "content-type": "application/json" });
    if (request.url.endsWith("/chat/completions")) {
      const call = { id: "call_build", type: "function", function: { name: "verdict", arguments: '{"ok":true,"reason":"build"}' } };
      response.end(JSON.stringify({ id: "chatcmpl_build", object: "chat.completion", created: 0, model: "build", choices: [{ index: 0, message: { role: "assistant", content: null, tool_calls: [call] }, finish_reason: "tool_calls" }], usage: { prompt_tokens: 1, completion_tokens: 1, total_tokens: 2 } }));
      return;
    }
    response.end(
      JSON.stringify({
        id: "msg_build",
        type: "message",
        role: "assistant",
        model: "build",
        content: [{ type: "tool_use", id: "toolu_build", name: "verdict", input: { ok: true, reason: "build" } }],
        stop_reason: "tool_use",
        usage: { input_tokens: 1, output_tokens: 1 },
      }),
    );
  });
});
await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
const stateDir = `${dist}/.build-state`;
const env = {
  ...process.env,
  HOOKJUDGE_WRITE_CODE_CACHE: "1",
  HOOKJUDGE_HOME: stateDir,
  ANTHROPIC_API_KEY: "build",
  ANTHROPIC_BASE_URL: `http://127.0.0.1:${server.address().port}`,
  HOOKJUDGE_OPENAI_API_KEY: "build",
  OPENAI_BASE_URL: `http://127.0.0.1:${server.address().port}/v1`,
};
const event = JSON.stringify({ hook_event_name: "Stop", session_id: "build", cwd: dist, stop_hook_active: false, last_assistant_message: "done" });
const runCli = (args, input = event) =>
  new Promise((resolve, reject) => {
    const child = execFile(process.execPath, [`${dist}/cli.js`, ...args], { env, encoding: "utf8" }, (error, stdout, stderr) => {
      if (error) reject(new Error(`build check failed: hookjudge ${args.join(" ")}: ${error.message}\n${stderr}`));
      else resolve(stdout);
    });
    child.stdin.end(input);
  });
try {
  await runCli(["lint", "stop-complete"]);
  await runCli(["run", "stop-complete", "--dry-run"]);
  await runCli(["run", "stop-complete", "edit-review"]);
  await runCli(["run", "stop-complete", "--model", "openai:build"]);
  await runCli(["review-command"], JSON.stringify({ hook_event_name: "PreToolUse", tool_name: "Bash", tool_input: { command: "git status && ls -la | grep x" }, cwd: dist }));
} finally {
  server.close();
  rmSync(stateDir, { recursive: true, force: true });
}

// what ships is what was tested: the library imports and the CLI answers
await import(`${dist}/lib/index.js`);
execFileSync(process.execPath, [`${dist}/cli.js`, "--help"], { stdio: "ignore" });
console.log("built dist/: library and types (tsc), CLI bundles with code caches (esbuild)");
