// (c) Many hooks through one executor: 200 hooks, concurrency 16, a loopback model (its own thread) that takes
// 50 ms per request, through the real Anthropic SDK and real sockets. The ideal wall time is
// ceil(200 / 16) waves × 50 ms; a raw node:http client doing the same 200 requests 16 at a time
// is the baseline measured in the same run.
import { request as httpRequest } from "node:http";
import { createAnthropicBackend, loadHook, planRequests, runHooks, toMessagesParams } from "../dist/lib/index.js";
import { startFakeModel } from "./fake-model.mjs";
import { mark, median, ms, printTable, ratio, stopEvent } from "./stats.mjs";

const HOOKS = 200;
const CONCURRENCY = 16;
const DELAY_MS = 50;
const MODEL = "claude-haiku-4-5";
const TARGET_OVER_IDEAL = 0.15;
const WARMUPS = 6;

/** POST a Messages body with node:http and read the whole answer: its status and parsed JSON. */
function postMessages(url, body, signal) {
  return new Promise((resolve, reject) => {
    const request = httpRequest(url, {
      method: "POST",
      ...(signal ? { signal } : {}),
      headers: { "content-type": "application/json", "content-length": Buffer.byteLength(body), "x-api-key": "bench" },
    });
    request.on("error", reject);
    request.on("response", (response) => {
      const chunks = [];
      response.on("data", (chunk) => chunks.push(chunk));
      response.on("error", reject);
      response.on("end", () => resolve({ status: response.statusCode, message: JSON.parse(Buffer.concat(chunks).toString("utf8")) }));
    });
    request.end(body);
  });
}

/** POST `body` to `url` `total` times, `concurrency` at a time, on node:http's global agent. */
async function rawRequests(url, body, total, concurrency) {
  let next = 0;
  const worker = async () => {
    while (next < total) {
      next++;
      const { status, message } = await postMessages(url, body);
      if (status !== 200 || message.content?.[0]?.name !== "verdict") {
        throw new Error(`raw baseline: unexpected answer ${status} ${JSON.stringify(message).slice(0, 200)}`);
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
}

/** The same request as a backend response, for the bare-HTTP comparison backend. */
async function bareComplete(url, body, signal) {
  const { message } = await postMessages(url, body, signal);
  return {
    content: message.content.map((block) => (block.type === "tool_use" ? { type: "tool_use", id: block.id, name: block.name, input: block.input } : { type: "text", text: block.text })),
    stopReason: message.stop_reason,
    usage: { inputTokens: message.usage.input_tokens, outputTokens: message.usage.output_tokens },
    modelId: message.model,
  };
}

const VOTE_JUDGMENTS = 30;
const VOTES_TARGET = 0.1;

/**
 * `votes: 3` against `votes: 1` on judges that agree: the first two judgments run at once, so the
 * wall time of one judgment should stay within 10 % of a single call's; the calls double.
 */
async function votesCost(fake, base, input) {
  const backend = createAnthropicBackend({ model: MODEL, apiKey: "bench", baseURL: fake.url });
  const time = async (votes) => {
    const hook = { ...base, name: `votes-${votes}`, votes };
    const before = fake.requests();
    const started = performance.now();
    const result = await runHooks([hook], input, { stateDir: false, backend });
    const wall = performance.now() - started;
    if (result.results[0]?.outcome?.kind !== "verdict") throw new Error(`votes ${votes}: no verdict: ${JSON.stringify(result.results[0]?.outcome)}`);
    return { wall, calls: fake.requests() - before };
  };
  for (let warmup = 0; warmup < 5; warmup++) await Promise.all([time(1), time(3)]);
  const one = [];
  const three = [];
  for (let run = 0; run < VOTE_JUDGMENTS; run++) {
    one.push(await time(1));
    three.push(await time(3));
  }
  const wallOne = median(one.map((entry) => entry.wall));
  const wallThree = median(three.map((entry) => entry.wall));
  const over = wallThree / wallOne - 1;
  const ok = over <= VOTES_TARGET;
  console.log(`\n### votes: 3 against votes: 1 on agreeing judges — ${VOTE_JUDGMENTS} judgments each, alternating, ${DELAY_MS} ms model\n`);
  printTable(
    ["case", "median wall ms", "calls per judgment", "over votes: 1", "target", "result"],
    [
      ["votes: 1", ms(wallOne), (one.reduce((sum, entry) => sum + entry.calls, 0) / one.length).toFixed(1), "—", "—", "—"],
      ["votes: 3 (two at once, agreeing)", ms(wallThree), (three.reduce((sum, entry) => sum + entry.calls, 0) / three.length).toFixed(1), `${over >= 0 ? "+" : ""}${(over * 100).toFixed(1)} %`, `≤ +${VOTES_TARGET * 100} %`, mark(ok)],
    ],
  );
  return ok ? 0 : 1;
}

/**
 * @param {{ runs?: number }} [options]
 * @returns {Promise<{ misses: number }>}
 */
export async function executor({ runs = 5 } = {}) {
  const fake = await startFakeModel({ delayMs: DELAY_MS });
  try {
    const base = loadHook("stop-complete");
    const hooks = Array.from({ length: HOOKS }, (_, index) => ({ ...base, name: `stop-complete-${index}` }));
    const input = stopEvent(process.cwd());
    // the raw baseline sends the very body the SDK sends
    const [planned] = planRequests([base], input, { model: MODEL, stateDir: false });
    const body = JSON.stringify(toMessagesParams(planned.model, planned.request));

    const timeRaw = async () => {
      const before = fake.requests();
      const started = performance.now();
      await rawRequests(`${fake.url}/v1/messages`, body, HOOKS, CONCURRENCY);
      const wall = performance.now() - started;
      const sent = fake.requests() - before;
      if (sent !== HOOKS) throw new Error(`raw baseline: the fake model received ${sent} requests, expected ${HOOKS}`);
      return wall;
    };
    const timeRunHooks = async (makeBackend = () => createAnthropicBackend({ model: MODEL, apiKey: "bench", baseURL: fake.url })) => {
      const backend = makeBackend();
      const before = fake.requests();
      const started = performance.now();
      const result = await runHooks(hooks, input, { concurrency: CONCURRENCY, stateDir: false, backend });
      const wall = performance.now() - started;
      const failed = result.results.filter((entry) => entry.outcome?.kind !== "verdict");
      if (result.results.length !== HOOKS || failed.length > 0) {
        const first = failed[0];
        throw new Error(
          `runHooks: ${result.results.length} results, ${failed.length} without a verdict` +
            (first ? `; first: ${first.hook}: ${JSON.stringify(first.outcome)}` : ""),
        );
      }
      const sent = fake.requests() - before;
      if (sent !== HOOKS) throw new Error(`runHooks: the fake model received ${sent} requests, expected ${HOOKS}`);
      return wall;
    };

    // warm-ups (load the SDK, open the sockets, let the JIT settle: an executor is long-lived),
    // then interleaved timed runs
    // for comparison only (not shipped): the same executor over a backend that posts the body with
    // node:http itself, to tell hookjudge's own cost from the SDK's
    const bareBackend = () => ({
      specificationVersion: "v1",
      id: "bare-http",
      modelId: MODEL,
      complete: (request, { signal }) => bareComplete(`${fake.url}/v1/messages`, JSON.stringify(toMessagesParams(MODEL, request)), signal),
    });
    for (let warmup = 0; warmup < WARMUPS; warmup++) {
      await timeRaw();
      await timeRunHooks();
      await timeRunHooks(bareBackend);
    }
    const raw = [];
    const judged = [];
    const bare = [];
    for (let run = 0; run < runs; run++) {
      bare.push(await timeRunHooks(bareBackend));
      raw.push(await timeRaw());
      judged.push(await timeRunHooks());
    }
    const models = [...(await fake.models())];
    if (!models.every((model) => model === MODEL)) throw new Error(`the fake model received models ${models.join(", ")}`);

    const ideal = Math.ceil(HOOKS / CONCURRENCY) * DELAY_MS;
    const rawMedian = median(raw);
    let misses = 0;
    const row = (name, walls, target) => {
      const wall = median(walls);
      const over = wall / ideal - 1;
      const ok = target ? over <= TARGET_OVER_IDEAL : undefined;
      if (ok === false) misses++;
      return [
        name,
        ms(wall),
        walls.map((value) => value.toFixed(0)).join(", "),
        String(ideal),
        `${over >= 0 ? "+" : ""}${(over * 100).toFixed(1)} %`,
        ratio(wall / rawMedian),
        target ? `≤ +${TARGET_OVER_IDEAL * 100} % (≤ ${(ideal * (1 + TARGET_OVER_IDEAL)).toFixed(0)} ms)` : "—",
        mark(ok),
      ];
    };
    console.log(
      `\n## (c) ${HOOKS} hooks through one executor — concurrency ${CONCURRENCY}, ${DELAY_MS} ms loopback model, real SDK and sockets; median of ${runs} runs after ${WARMUPS} warm-ups\n`,
    );
    printTable(
      ["case", "median wall ms", "runs ms", "ideal ms", "over ideal", "× raw http", "target", "result"],
      [
        row(`raw node:http, ${CONCURRENCY} at a time (baseline)`, raw, false),
        row(`runHooks (${HOOKS} hooks, stateDir: false)`, judged, true),
        row(`runHooks over a bare node:http backend (comparison: no SDK)`, bare, false),
      ],
    );
    console.log(
      `\nThe fake model answered ${fake.requests()} requests (${HOOKS} per run, ${3 * (runs + WARMUPS)} runs) over ${fake.connections()} TCP connections; every runHooks result was a verdict.`,
    );

    misses += await votesCost(fake, base, input);
    return { misses };
  } finally {
    await fake.close();
  }
}
