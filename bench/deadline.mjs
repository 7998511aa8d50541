// (d) Deadlines: how far past its timeout a judgment ends when the model never answers, and when
// it answers 529 over and over (the SDK retries, honouring retry-after). The promise is that a
// hook's wall time never exceeds its timeout by more than 0.5 s, retries included.
import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { mkdtempSync, realpathSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createAnthropicBackend, loadHook, runHook } from "../dist/lib/index.js";
import { MockBackend } from "../dist/lib/testing/index.js";
import { startFakeModel } from "./fake-model.mjs";
import { mark, median, ms, printTable, stopEvent } from "./stats.mjs";

const TIMEOUT_SECONDS = 1;
const BOUND_MS = 500;
const CLI = fileURLToPath(new URL("../dist/cli.js", import.meta.url));

/** Run the CLI on a Stop event against `url` with `--timeout`, its state in `home`; resolve its wall time and output. */
function timeCli(url, home) {
  return new Promise((resolve, reject) => {
    const env = { ...process.env, ANTHROPIC_API_KEY: "bench", ANTHROPIC_BASE_URL: url, HOOKJUDGE_HOME: home };
    const started = performance.now();
    const child = spawn(process.execPath, [CLI, "run", "stop-complete", "--timeout", String(TIMEOUT_SECONDS)], { env });
    let stdout = "";
    child.stdout.setEncoding("utf8").on("data", (chunk) => (stdout += chunk));
    child.on("error", reject);
    child.on("close", (code) => resolve({ wall: performance.now() - started, code, stdout }));
    child.stdin.end(JSON.stringify(stopEvent(process.cwd())));
  });
}

/**
 * @param {{ runs?: number }} [options]
 * @returns {Promise<{ misses: number }>}
 */
export async function deadline({ runs = 5 } = {}) {
  const hook = loadHook("stop-complete");
  let misses = 0;
  const rows = [];
  for (const mode of ["hang", "overloaded"]) {
    const fake = await startFakeModel({ mode });
    try {
      const backend = createAnthropicBackend({ model: "claude-haiku-4-5", apiKey: "bench", baseURL: fake.url });
      const overshoots = [];
      for (let run = 0; run < runs; run++) {
        const started = performance.now();
        const result = await runHook(hook, stopEvent(process.cwd()), { backend, stateDir: false, timeout: TIMEOUT_SECONDS });
        const wall = performance.now() - started;
        const outcome = result.results[0]?.outcome;
        if (outcome?.kind !== "error" || outcome.code !== "timeout") {
          throw new Error(`deadline (${mode}): expected a timeout error, got ${JSON.stringify(outcome)}`);
        }
        overshoots.push(wall - TIMEOUT_SECONDS * 1000);
      }
      if (mode === "hang") {
        // the whole process, start-up included, as an agent runtime sees it
        const cliOvershoots = [];
        const home = mkdtempSync(join(tmpdir(), "hookjudge-bench-deadline-cli-"));
        try {
          for (let run = 0; run < runs; run++) {
            const { wall, code, stdout } = await timeCli(fake.url, home);
            if (code !== 0 || !stdout.includes("could not judge (timeout)")) throw new Error(`deadline (cli): unexpected answer ${code} ${stdout}`);
            cliOvershoots.push(wall - TIMEOUT_SECONDS * 1000);
          }
        } finally {
          rmSync(home, { recursive: true, force: true });
        }
        const worstCli = Math.max(...cliOvershoots);
        if (worstCli > BOUND_MS) misses++;
        rows.push(["hookjudge run (whole process), model never answers", "1", ms(median(cliOvershoots)), ms(worstCli), `≤ ${BOUND_MS} ms`, mark(worstCli <= BOUND_MS)]);
      }
      const worst = Math.max(...overshoots);
      const ok = worst <= BOUND_MS;
      if (!ok) misses++;
      rows.push([
        mode === "hang" ? "model never answers" : "model answers 529 (retry-after 700 ms)",
        String((fake.requests() - (mode === "hang" ? runs : 0)) / runs),
        ms(median(overshoots)),
        ms(worst),
        `≤ ${BOUND_MS} ms`,
        mark(ok),
      ]);
    } finally {
      await fake.close();
    }
  }
  // an agent hook whose verifier runs an allowed command that outlives the deadline
  const root = realpathSync(mkdtempSync(join(tmpdir(), "hookjudge-bench-deadline-")));
  try {
    const agent = { ...loadHook("stop-verify"), allowCommands: ["sleep *"], timeout: 30 };
    const overshoots = [];
    for (let run = 0; run < runs; run++) {
      const backend = new MockBackend([
        { response: { content: [{ type: "tool_use", id: "t1", name: "Bash", input: { command: "sleep 30" } }], stopReason: "tool_use", usage: { inputTokens: 1, outputTokens: 1 } } },
      ]);
      const started = performance.now();
      const result = await runHook(agent, stopEvent(root), { backend, stateDir: false, timeout: TIMEOUT_SECONDS });
      const outcome = result.results[0]?.outcome;
      if (outcome?.kind !== "error" || outcome.code !== "timeout") throw new Error(`deadline (agent): expected a timeout, got ${JSON.stringify(outcome)}`);
      overshoots.push(performance.now() - started - TIMEOUT_SECONDS * 1000);
    }
    const worst = Math.max(...overshoots);
    if (worst > BOUND_MS) misses++;
    rows.push(["agent hook, its allowed command outlives the deadline (process group killed)", "—", ms(median(overshoots)), ms(worst), `≤ ${BOUND_MS} ms`, mark(worst <= BOUND_MS)]);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
  console.log(`\n## (d) Deadlines — runHook with timeout ${TIMEOUT_SECONDS} s, real SDK and sockets, ${runs} runs each\n`);
  printTable(["model", "requests per run", "median ms past timeout", "worst ms past timeout", "target", "result"], rows);
  return { misses };
}
