// (a) Cold start: the CLI as a real child process, as an agent runtime starts a hook, against a
// zero-latency loopback model; each case as a ratio to `node -e 0` measured in the same rounds.
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { startFakeModel } from "./fake-model.mjs";
import { mark, median, ms, printTable, quantile, ratio, stopEvent } from "./stats.mjs";

const CLI = fileURLToPath(new URL("../dist/cli.js", import.meta.url));

/** Spawn `node …args`, feed `stdin`, and time it from spawn to the close of its streams. */
export function timeChild(args, { stdin, env, cwd }) {
  return new Promise((resolve, reject) => {
    let stdout = "";
    let stderr = "";
    const started = performance.now();
    const child = spawn(process.execPath, args, { env, cwd, stdio: ["pipe", "pipe", "pipe"] });
    child.stdout.setEncoding("utf8").on("data", (chunk) => (stdout += chunk));
    child.stderr.setEncoding("utf8").on("data", (chunk) => (stderr += chunk));
    child.stdin.on("error", () => {}); // a child that exits without reading stdin
    child.on("error", reject);
    child.on("close", (code, signal) => resolve({ ms: performance.now() - started, code, signal, stdout, stderr }));
    child.stdin.end(stdin ?? "");
  });
}

/**
 * @param {{ rounds?: number }} [options]
 * @returns {Promise<{ misses: number }>}
 */
export async function coldStart({ rounds = 25 } = {}) {
  const home = mkdtempSync(join(tmpdir(), "hookjudge-bench-cold-"));
  const fake = await startFakeModel({ delayMs: 0 });
  try {
    // the children get this environment without hookjudge's and the SDK's variables; it is
    // measured twice: as Node starts on this machine, and without the variables that add a fixed
    // cost to every Node start (NODE_EXTRA_CA_CERTS makes Node 20 read a certificate bundle at
    // start-up: tens of ms, which DESIGN.md's "node -e 0 ≈ 100 ms" baseline includes)
    const startCost = ["NODE_OPTIONS", "NODE_EXTRA_CA_CERTS"];
    const removed = startCost.filter((name) => process.env[name] !== undefined);
    const common = Object.fromEntries(Object.entries(process.env).filter(([name]) => !/^(HOOKJUDGE_|ANTHROPIC_|OPENAI_|AWS_|OLLAMA_)/.test(name)));
    Object.assign(common, { ANTHROPIC_API_KEY: "bench", ANTHROPIC_BASE_URL: fake.url, HOOKJUDGE_HOME: join(home, "state") });
    const lean = Object.fromEntries(Object.entries(common).filter(([name]) => !startCost.includes(name)));
    const event = JSON.stringify(stopEvent(home));

    // each case checks its own answer, so a broken path cannot post a fast time
    const cases = [
      { name: "node -e 0 (baseline)", args: ["-e", "0"], baseline: true, requests: 0 },
      {
        name: "run stop-complete (model call)",
        args: [CLI, "run", "stop-complete"],
        stdin: event,
        requests: 1,
        target: 2.2,
        check: (result) => result.stderr === "" || `stderr: ${result.stderr.trim()}`,
      },
      {
        name: "run stop-complete, openai: (model call)",
        args: [CLI, "run", "stop-complete", "--model", "openai:bench-model"],
        stdin: event,
        requests: 1,
        target: 2.2,
        env: { HOOKJUDGE_OPENAI_API_KEY: "bench", OPENAI_BASE_URL: `${fake.url}/v1` },
        check: (result) => result.stderr === "" || `stderr: ${result.stderr.trim()}`,
      },
      {
        name: "run stop-complete, bedrock: (model call)",
        args: [CLI, "run", "stop-complete", "--model", "bedrock:anthropic.bench-model-v1:0"],
        stdin: event,
        requests: 1,
        target: 4,
        // static keys are signed in process; the AWS chain (profiles, IMDS) is never reached
        env: { AWS_ACCESS_KEY_ID: "AKIDBENCH", AWS_SECRET_ACCESS_KEY: "bench", AWS_REGION: "us-east-1", AWS_EC2_METADATA_DISABLED: "true", ANTHROPIC_BEDROCK_BASE_URL: fake.url },
        check: (result) => result.stderr === "" || `stderr: ${result.stderr.trim()}`,
      },
      {
        name: "run stop-complete --dry-run",
        args: [CLI, "run", "stop-complete", "--dry-run"],
        stdin: event,
        requests: 0,
        target: 1.3,
        check: (result) => JSON.parse(result.stdout).requests?.length === 1 || `unexpected dry-run output: ${result.stdout.slice(0, 200)}`,
      },
      {
        name: "lint stop-complete",
        args: [CLI, "lint", "stop-complete"],
        requests: 0,
        target: 1.3,
        check: (result) => /no problems/.test(result.stdout) || `unexpected lint output: ${result.stdout.trim()}`,
      },
      {
        name: "--help",
        args: [CLI, "--help"],
        requests: 0,
        check: (result) => /Usage/.test(result.stdout) || `unexpected help output: ${result.stdout.slice(0, 200)}`,
      },
    ];
    const measure = async (title, env) => {
    for (const entry of cases) entry.times = [];

    // one uncounted round warms the file cache; then each round runs every case once, the order
    // rotated by one per round so that no case always follows the same neighbour
    for (let round = -1; round < rounds; round++) {
      for (let step = 0; step < cases.length; step++) {
        const entry = cases[(Math.max(round, 0) + step) % cases.length];
        const before = fake.requests();
        const result = await timeChild(entry.args, { stdin: entry.stdin, env: entry.env ? { ...env, ...entry.env } : env, cwd: home });
        const label = `cold start, ${entry.name}`;
        if (result.code !== 0) {
          throw new Error(`${label}: exit ${result.code ?? result.signal}\n${result.stderr}${result.stdout}`);
        }
        let verdict;
        try {
          verdict = entry.check ? entry.check(result) : true;
        } catch (error) {
          verdict = `${error.message}: ${result.stdout.slice(0, 200)}`;
        }
        if (verdict !== true) throw new Error(`${label}: ${verdict}`);
        const sent = fake.requests() - before;
        if (sent !== entry.requests) throw new Error(`${label}: the fake model received ${sent} requests, expected ${entry.requests}`);
        if (round >= 0) entry.times.push(result.ms);
      }
    }

    const base = median(cases.find((entry) => entry.baseline).times);
    const rows = cases.map((entry) => {
      const middle = median(entry.times);
      const times = entry.baseline ? 1 : middle / base;
      const ok = entry.target === undefined ? undefined : times <= entry.target;
      if (ok === false) misses++;
      return [
        entry.name,
        ms(middle),
        ms(quantile(entry.times, 0.9)),
        ms(Math.min(...entry.times)),
        ratio(times),
        entry.target === undefined ? "—" : `≤ ${entry.target.toFixed(1)}×`,
        mark(ok),
      ];
    });
    console.log(`\n## (a) CLI cold start, ${title} — child processes, ${rounds} interleaved rounds (+1 warm-up), zero-latency loopback model\n`);
    printTable(["case", "median ms", "p90 ms", "min ms", "× node -e 0", "target", "result"], rows);
    console.log(`\nEvery model-calling run sent exactly 1 request to the fake model; the other cases sent none.`);
    };
    let misses = 0;
    await measure("as Node starts on this machine", common);
    if (removed.length > 0) await measure(`without ${removed.join(", ")}`, lean);
    return { misses };
  } finally {
    await fake.close();
    rmSync(home, { recursive: true, force: true });
  }
}
