// (g) hookjudge serve under load: the server as a real process, a 50 ms loopback model in its own
// thread, and an open-loop load generator (bench/load.mjs) in its own process.
//   - overhead per hook excluding model time, at 200 req/s: the latency percentiles of
//     POST /hooks/stop-complete minus those of the same load sent straight to the model
//     (the baseline, measured in the same run), target p99 < 1 ms; and, to tell hookjudge's own
//     cost from that of any HTTP hook server, the same load through a bare node:http
//     pass-through to the model (bench/pass-through.mjs);
//   - 500 req/s for 30 s: zero errors, and the server's memory (RSS) at the end within 10 % of
//     its memory after the first 5 s (medians of readings every 0.5 s, seconds 5–10 and the last 5).
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { loadHook, planRequests, toMessagesParams } from "../dist/lib/index.js";
import { startFakeModel } from "./fake-model.mjs";
import { mark, median, ms, printTable, quantile, stopEvent } from "./stats.mjs";

const CLI = fileURLToPath(new URL("../dist/cli.js", import.meta.url));
const LOAD = fileURLToPath(new URL("./load.mjs", import.meta.url));
const PASS_THROUGH = fileURLToPath(new URL("./pass-through.mjs", import.meta.url));
const MODEL = "claude-haiku-4-5";
const DELAY_MS = 50;

/** Run the load generator to completion and return its report. */
function load(url, rate, seconds, bodyFile, headers = []) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [LOAD, url, String(rate), String(seconds), bodyFile, ...headers], { stdio: ["ignore", "pipe", "inherit"] });
    let stdout = "";
    child.stdout.setEncoding("utf8").on("data", (chunk) => (stdout += chunk));
    child.on("error", reject);
    child.on("close", (code) => (code === 0 ? resolve(JSON.parse(stdout)) : reject(new Error(`load generator exited with ${code}`))));
  });
}

function startServe(env) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, "serve", "--port", "0", "--concurrency", "64", "--queue", "1024"], { env, stdio: ["ignore", "ignore", "pipe"] });
    let stderr = "";
    child.stderr.setEncoding("utf8").on("data", (chunk) => {
      stderr += chunk;
      const found = /listening on (http:\/\/\S+)/.exec(stderr);
      if (found) resolve({ child, url: found[1], stderr: () => stderr });
    });
    child.on("close", (code) => reject(new Error(`serve exited with ${code}: ${stderr}`)));
  });
}

/** The p50 and p99 bucket bounds (ms) of the server's hookjudge_overhead_seconds histogram for /hooks. */
function serverOverhead(metrics) {
  const buckets = [...metrics.matchAll(/hookjudge_overhead_seconds_bucket\{route="hooks",le="([^"]+)"\} (\d+)/g)].map((match) => ({ le: match[1], count: Number(match[2]) }));
  const total = buckets.find((bucket) => bucket.le === "+Inf")?.count ?? 0;
  const bound = (q) => {
    const found = buckets.find((bucket) => bucket.count >= q * total);
    return found ? (found.le === "+Inf" ? "∞" : String(Number(found.le) * 1000)) : "—";
  };
  return { p50: bound(0.5), p99: bound(0.99) };
}

/** Start the bare pass-through to `modelURL` and return its URL and process. */
function startPassThrough(modelURL) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [PASS_THROUGH, modelURL], { stdio: ["ignore", "pipe", "inherit"] });
    child.stdout.setEncoding("utf8").once("data", (line) => resolve({ child, url: line.trim() }));
    child.on("error", reject);
  });
}

/** Resident memory of a process, in MiB. */
function rssMiB(pid) {
  const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
  return match ? Number(match[1]) / 1024 : NaN;
}

/**
 * @param {{ seconds?: number, sustainSeconds?: number }} [options]
 * @returns {Promise<{ misses: number }>}
 */
export async function serveLoad({ seconds = 10, sustainSeconds = 30 } = {}) {
  const home = mkdtempSync(join(tmpdir(), "hookjudge-bench-serve-"));
  const fake = await startFakeModel({ delayMs: DELAY_MS });
  const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !/^(HOOKJUDGE_|ANTHROPIC_)/.test(name)));
  Object.assign(env, { ANTHROPIC_API_KEY: "bench", ANTHROPIC_BASE_URL: fake.url, HOOKJUDGE_HOME: join(home, "state"), HOOKJUDGE_MODEL: MODEL });
  let server;
  try {
    server = await startServe(env);
    const event = stopEvent(home);
    const eventFile = join(home, "event.json");
    writeFileSync(eventFile, JSON.stringify(event));
    // the baseline sends the model the very body hookjudge sends it
    const [planned] = planRequests([loadHook("stop-complete")], event, { model: MODEL, stateDir: false });
    const modelFile = join(home, "model-request.json");
    writeFileSync(modelFile, JSON.stringify(toMessagesParams(planned.model, planned.request)));
    const hookURL = `${server.url}/hooks/stop-complete`;
    const modelURL = `${fake.url}/v1/messages`;

    // warm-up: a long-lived server runs JIT-compiled code; the first thousands of requests do not
    await load(hookURL, 500, 10, eventFile);
    const passThrough = await startPassThrough(modelURL);
    let relayed;
    try {
      await load(passThrough.url, 200, 2, modelFile);
      relayed = await load(passThrough.url, 200, seconds, modelFile);
    } finally {
      passThrough.child.kill();
    }
    const base = await load(modelURL, 200, seconds, modelFile, ["x-api-key: bench"]);
    const served = await load(hookURL, 200, seconds, eventFile);
    for (const [name, result] of [["baseline", base], ["pass-through", relayed], ["serve", served]]) {
      if (result.errors > 0) throw new Error(`${name}: ${result.errors} failed requests: ${JSON.stringify(result.statuses)}`);
    }
    const over = (q) => quantile(served.latenciesMs, q) - quantile(base.latenciesMs, q);
    const p99Ok = over(0.99) < 1;
    const floor = (q) => quantile(relayed.latenciesMs, q) - quantile(base.latenciesMs, q);
    const own = (q) => quantile(served.latenciesMs, q) - quantile(relayed.latenciesMs, q);
    // the server's own view: the time each judged request spent outside its judgment
    const inside = serverOverhead(await (await fetch(`${server.url}/metrics`)).text());

    // RSS every half second: one reading swings with the garbage collector, so the two ends are
    // compared as medians, of the readings in seconds 5 to 10 and of the last 5 seconds
    const samples = [];
    const sustainStart = performance.now();
    const sampler = setInterval(() => samples.push({ at: (performance.now() - sustainStart) / 1000, rss: rssMiB(server.child.pid) }), 500);
    const before = fake.requests();
    const sustained = await load(hookURL, 500, sustainSeconds, eventFile);
    clearInterval(sampler);
    const last = samples.at(-1)?.at ?? 0;
    const rssEarly = median(samples.filter((sample) => sample.at >= 5 && sample.at < 10).map((sample) => sample.rss));
    const rssEnd = median(samples.filter((sample) => sample.at > last - 5).map((sample) => sample.rss));
    const judged = fake.requests() - before;
    const growth = rssEnd / rssEarly - 1;
    const sustainOk = sustained.errors === 0 && judged === sustained.sent;
    const memoryOk = growth <= 0.1;

    console.log(`\n## (g) hookjudge serve — a real server process, ${DELAY_MS} ms loopback model (own thread), open-loop load from its own process\n`);
    printTable(
      ["case", "requests", "errors", "p50 ms", "p99 ms", "max ms"],
      [
        [`model alone (baseline), 200 req/s for ${seconds} s`, base.sent, base.errors, ms(quantile(base.latenciesMs, 0.5)), ms(quantile(base.latenciesMs, 0.99)), ms(base.latenciesMs.at(-1))],
        [`bare node:http pass-through to the model, 200 req/s for ${seconds} s`, relayed.sent, relayed.errors, ms(quantile(relayed.latenciesMs, 0.5)), ms(quantile(relayed.latenciesMs, 0.99)), ms(relayed.latenciesMs.at(-1))],
        [`POST /hooks/stop-complete, 200 req/s for ${seconds} s`, served.sent, served.errors, ms(quantile(served.latenciesMs, 0.5)), ms(quantile(served.latenciesMs, 0.99)), ms(served.latenciesMs.at(-1))],
        [`POST /hooks/stop-complete, 500 req/s for ${sustainSeconds} s`, sustained.sent, sustained.errors, ms(quantile(sustained.latenciesMs, 0.5)), ms(quantile(sustained.latenciesMs, 0.99)), ms(sustained.latenciesMs.at(-1))],
      ],
    );
    console.log("");
    printTable(
      ["measure", "value", "target", "result"],
      [
        ["overhead per hook excluding model time, p50 (client latency − model-alone latency)", `${ms(over(0.5))} ms`, "—", "—"],
        ["overhead per hook excluding model time, p99 (client latency − model-alone latency)", `${ms(over(0.99))} ms`, "< 1 ms", mark(p99Ok)],
        ["the same for a bare pass-through (the floor of any HTTP hook server here), p50 / p99", `${ms(floor(0.5))} / ${ms(floor(0.99))} ms`, "—", "—"],
        ["hookjudge's own part: serve latency − pass-through latency, p50 / p99", `${ms(own(0.5))} / ${ms(own(0.99))} ms`, "—", "—"],
        ["server-side time outside the judgment, p50 / p99 (histogram bucket bounds, every request so far)", `≤ ${inside.p50} / ≤ ${inside.p99} ms`, "—", "—"],
        [`500 req/s for ${sustainSeconds} s: errors, and judgments that reached the model`, `${sustained.errors} errors, ${judged} of ${sustained.sent} judged`, "0 errors, all judged", mark(sustainOk)],
        ["server memory (RSS, median of 0.5 s readings): seconds 5–10 → last 5 s", `${rssEarly.toFixed(1)} → ${rssEnd.toFixed(1)} MiB (${growth >= 0 ? "+" : ""}${(growth * 100).toFixed(1)} %)`, "≤ +10 %", mark(memoryOk)],
      ],
    );
    return { misses: [p99Ok, sustainOk, memoryOk].filter((ok) => !ok).length };
  } finally {
    server?.child.kill("SIGTERM");
    await fake.close();
    rmSync(home, { recursive: true, force: true });
  }
}
