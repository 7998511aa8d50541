// (b) In-process overhead of runHook with an instant backend: what hookjudge itself costs per
// judgment (rendering, request building, verdict parsing, policy, state and audit writes), in the
// steady state of a long-lived process: the long warm-up lets the JIT finish (a fresh process is (a)).
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadHook, runHook } from "../dist/lib/index.js";
import { MockBackend } from "../dist/lib/testing/index.js";
import { mark, ms, printTable, quantile, ratio, stopEvent } from "./stats.mjs";

const TARGET_P99_MS = 2;

/**
 * Time each of `calls` `count` times, one call at a time, after `warmup` untimed rounds. The calls
 * are interleaved (one of each per round), so a noisy stretch of the machine hits every case alike.
 */
async function timeInterleaved(calls, { warmup, count }) {
  const times = calls.map(() => new Array(count));
  for (let round = -warmup; round < count; round++) {
    for (let index = 0; index < calls.length; index++) {
      const { call, check } = calls[index];
      const started = performance.now();
      const result = await call();
      const elapsed = performance.now() - started;
      check(result);
      if (round >= 0) times[index][round] = elapsed;
    }
  }
  return times;
}

/**
 * @param {{ warmup?: number, count?: number }} [options]
 * @returns {Promise<{ misses: number }>}
 */
export async function overhead({ warmup = 5000, count = 2000 } = {}) {
  const home = mkdtempSync(join(tmpdir(), "hookjudge-bench-overhead-"));
  try {
    const hook = loadHook("stop-complete");
    const input = stopEvent(home);
    const mock = new MockBackend([{ verdict: { ok: true, reason: "fine" } }], { repeatLast: true });
    const checkRun = (result) => {
      const outcome = result.results[0]?.outcome;
      if (result.results.length !== 1 || outcome?.kind !== "verdict" || outcome.verdict.ok !== true) {
        throw new Error(`runHook did not return an ok verdict: ${JSON.stringify(result.results[0] ?? result).slice(0, 400)}`);
      }
      if (result.notes.length > 0) throw new Error(`runHook reported state problems: ${result.notes.join("; ")}`);
    };

    // the floor: the mock backend's own call, which no hookjudge code can avoid
    const floorMock = new MockBackend([{ verdict: { ok: true, reason: "fine" } }], { repeatLast: true });
    const request = { system: "bench", messages: [{ role: "user", content: "bench" }], tools: [], maxTokens: 16 };
    const signal = new AbortController().signal;
    const stateDir = join(home, "state");
    const [floor, stateless, stateful] = await timeInterleaved(
      [
        { call: () => floorMock.complete(request, { signal }), check: () => {} },
        { call: () => runHook(hook, input, { backend: mock, stateDir: false }), check: checkRun },
        { call: () => runHook(hook, input, { backend: mock, stateDir }), check: checkRun },
      ],
      { warmup, count },
    );

    const base = quantile(stateless, 0.5);
    let misses = 0;
    const row = (name, times, target) => {
      const p99 = quantile(times, 0.99);
      const ok = target ? p99 < TARGET_P99_MS : undefined;
      if (ok === false) misses++;
      return [
        name,
        ms(quantile(times, 0.5)),
        ms(quantile(times, 0.99)),
        ms(Math.max(...times)),
        ratio(quantile(times, 0.5) / base),
        target ? `p99 < ${TARGET_P99_MS} ms` : "—",
        mark(ok),
      ];
    };
    console.log(`\n## (b) runHook overhead in process — MockBackend (instant), stop-complete on a Stop event, ${warmup} warm-up + ${count} timed calls each, interleaved\n`);
    printTable(
      ["case", "p50 ms", "p99 ms", "max ms", "p50 × stateDir:false", "target", "result"],
      [
        row("MockBackend.complete alone (floor)", floor, false),
        row("runHook, stateDir: false (no state/audit)", stateless, true),
        row("runHook, stateDir: temp dir (block cap + audit)", stateful, true),
      ],
    );
    const auditCost = quantile(stateful, 0.5) - base;
    console.log(`\nState and audit writes add ${ms(auditCost)} ms at p50.`);
    return { misses };
  } finally {
    rmSync(home, { recursive: true, force: true });
  }
}
