// An open-loop HTTP load generator for the serve benchmark, run as its own process so that its
// work is not charged to the server: request i is sent at start + i / rate whatever the answers
// before it (a slow server cannot slow the offered load down, as it would in a closed loop), and
// each request's latency is timed from its own send time with performance.now().
//   node bench/load.mjs <url> <requests per second> <seconds> <body file> [header: value]…
// Prints one JSON line: { sent, ok, errors, statuses, latenciesMs (sorted) }.
import { readFileSync } from "node:fs";
import { Agent, request } from "node:http";

const [url, rateText, secondsText, bodyFile, ...headerArgs] = process.argv.slice(2);
const rate = Number(rateText);
const total = Math.round(rate * Number(secondsText));
const body = readFileSync(bodyFile);
const headers = { "content-type": "application/json", "content-length": String(body.length) };
for (const header of headerArgs) {
  const colon = header.indexOf(":");
  headers[header.slice(0, colon).trim().toLowerCase()] = header.slice(colon + 1).trim();
}
const agent = new Agent({ keepAlive: true, maxSockets: Infinity });
const latencies = [];
const statuses = {};
let errors = 0;
let done = 0;

const sendOne = () => {
  const started = performance.now();
  const call = request(url, { method: "POST", headers, agent });
  const finish = (status) => {
    statuses[status] = (statuses[status] ?? 0) + 1;
    if (status === "200") latencies.push(performance.now() - started);
    else errors++;
    if (++done === total) report();
  };
  call.on("error", (error) => finish(error.code ?? "error"));
  call.on("response", (response) => {
    response.resume();
    response.on("end", () => finish(String(response.statusCode)));
  });
  call.end(body);
};

const report = () => {
  latencies.sort((a, b) => a - b);
  process.stdout.write(JSON.stringify({ sent: total, ok: latencies.length, errors, statuses, latenciesMs: latencies }) + "\n");
  agent.destroy();
};

const start = performance.now();
let sent = 0;
const tick = () => {
  // catch up on every send that is due, then sleep until the next one
  const due = Math.min(total, Math.floor(((performance.now() - start) * rate) / 1000) + 1);
  while (sent < due) {
    sent++;
    sendOne();
  }
  if (sent < total) setTimeout(tick, Math.max(0, start + (sent * 1000) / rate - performance.now()));
};
tick();
