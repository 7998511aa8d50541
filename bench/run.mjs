// The benchmark suite: `npm run bench` (builds dist/, then runs this).
//   (a) CLI cold start as child processes, against `node -e 0`
//   (b) runHook overhead in process, with an instant MockBackend
//   (c) 200 hooks through one executor, concurrency 16, 50 ms loopback model
//   (d) how far past its timeout a judgment ends against a hung or overloaded model
//   (e) the verifier loop's own work per turn, with a 1 KB Read
//   (f) command review: the rule path in process, and review-command end to end
//   (g) hookjudge serve under an open-loop load: overhead per hook, 500 req/s sustained, memory
// Run some only: `node bench/run.mjs cold overhead executor deadline agent review serve` (any subset, in that order).
// Cold start is measured as Node starts here, and again without NODE_OPTIONS/NODE_EXTRA_CA_CERTS.
// Only loopback networking (127.0.0.1). Targets are reported as PASS/MISS and do not change the
// exit code; an error in any benchmark (a wrong answer, a failed request) exits 1.
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
};

const requested = process.argv.slice(2);
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
  try {
    const result = await SECTIONS[name]();
    misses += result.misses;
  } catch (error) {
    errors.push(name);
    console.error(`\nbench ${name} FAILED: ${error?.stack ?? error}`);
  }
}

const seconds = ((performance.now() - started) / 1000).toFixed(1);
console.log(
  `\n${errors.length > 0 ? `ERRORS in: ${errors.join(", ")}` : "no errors"}; ${misses === 0 ? "every target met" : `${misses} target(s) missed`}; benchmarks took ${seconds} s.`,
);
process.exitCode = errors.length > 0 ? 1 : 0;
