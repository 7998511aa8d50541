// The benchmark suite: `npm run bench` (builds dist/, then runs this).
//   (a) CLI cold start as child processes, against `node -e 0`
//   (b) runHook overhead in process, with an instant MockBackend
//   (c) 200 hooks through one executor, concurrency 16, 50 ms loopback model
//   (d) how far past its timeout a judgment ends against a hung or overloaded model
//   (e) the verifier loop's own work per turn, with a 1 KB Read
//   (f) command review: the rule path in process, and review-command end to end
//   (g) hookjudge serve under an open-loop load: overhead per hook, 500 req/s sustained, memory
//   (h) the peer guards' test corpora (../shared/corpora) through the gate: what rules stop, allow, deny
// Run some only: `node bench/run.mjs cold overhead executor deadline agent review serve peers` (any subset, in that order).
// Options after the section names go to every section; peers reads `--write-docs` (docs/peer-differences.md) and `--json FILE`.
// Cold start is measured as Node starts here, and again without NODE_OPTIONS/NODE_EXTRA_CA_CERTS.
// Only loopback networking (127.0.0.1). Targets are reported as PASS/MISS and do not change the
// exit code; an error in any benchmark (a wrong answer, a failed request) exits 1.
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { cpus, platform, arch } from "node:os";
import { fileURLToPath } from "node:url";

const SECTIONS = {
  cold: async () => (await import("./cold-start.mjs")).coldStart({ rounds: 25 }),
  overhead: async () => (await import("./overhead.mjs")).overhead({ warmup: 5000, count: 2000 }),
  executor: async () => (await import("./executor.mjs")).executor({ runs: 5 }),
  deadline: async () => (await import("./deadline.mjs")).deadline({ runs: 5 }),
  agent: async () => (await import("./agent-loop.mjs")).agentLoop({ runs: 50 }),
  review: async () => (await import("./review.mjs")).review({ warmup: 5000, count: 2000, rounds: 25 }),
  serve: async () => (await import("./serve.mjs")).serveLoad({ seconds: 10, sustainSeconds: 30 }),
  peers: async (flags) => (await import("./peers.mjs")).peers({ writeDocs: flags.includes("--write-docs"), json: flags.includes("--json") ? flags[flags.indexOf("--json") + 1] : undefined }),
};

// each section runs in a fresh process of its own (`--section NAME`), so no section inherits the
// heap, the JIT state or the open sockets of the ones before it
const sectionIndex = process.argv.indexOf("--section");
if (sectionIndex !== -1) {
  const name = process.argv[sectionIndex + 1];
  const result = await SECTIONS[name](process.argv.slice(sectionIndex + 2));
  process.stdout.write(`\n@@misses ${result.misses}\n`);
  process.exit(0);
}

const args = process.argv.slice(2);
const firstOption = args.findIndex((arg) => arg.startsWith("--"));
const requested = firstOption === -1 ? args : args.slice(0, firstOption);
const passed = firstOption === -1 ? [] : args.slice(firstOption);
const unknown = requested.filter((name) => !(name in SECTIONS));
if (unknown.length > 0) {
  console.error(`bench: unknown section ${unknown.join(", ")}; sections: ${Object.keys(SECTIONS).join(", ")}`);
  process.exit(1);
}
const chosen = Object.keys(SECTIONS).filter((name) => requested.length === 0 || requested.includes(name));

for (const file of ["../dist/cli.js", "../dist/lib/index.js", "../dist/lib/testing/index.js"]) {
  if (!existsSync(fileURLToPath(new URL(file, import.meta.url)))) {
    console.error(`bench: ${file.slice(3)} is missing; build first (npm run build), or use npm run bench`);
    process.exit(1);
  }
}

const cpu = cpus();
console.log(
  `# hookjudge bench — node ${process.version} · ${cpu[0]?.model?.trim() ?? "unknown CPU"} · ${cpu.length} cores · ${platform()}/${arch()} · ${new Date().toISOString()}`,
);

const started = performance.now();
const errors = [];
let misses = 0;
for (const name of chosen) {
  const child = spawnSync(process.execPath, [fileURLToPath(import.meta.url), "--section", name, ...passed], { encoding: "utf8", stdio: ["ignore", "pipe", "inherit"], maxBuffer: 64 * 1024 * 1024 });
  const missLine = /\n@@misses (\d+)\n$/.exec(child.stdout ?? "");
  process.stdout.write((child.stdout ?? "").replace(/\n@@misses \d+\n$/, "\n"));
  if (child.status !== 0 || !missLine) {
    errors.push(name);
    console.error(`\nbench ${name} FAILED (exit ${child.status ?? child.signal})`);
  } else misses += Number(missLine[1]);
}

const seconds = ((performance.now() - started) / 1000).toFixed(1);
console.log(
  `\n${errors.length > 0 ? `ERRORS in: ${errors.join(", ")}` : "no errors"}; ${misses === 0 ? "every target met" : `${misses} target(s) missed`}; benchmarks took ${seconds} s.`,
);
process.exitCode = errors.length > 0 ? 1 : 0;
