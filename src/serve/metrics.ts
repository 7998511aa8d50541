import type { Answer } from "../answer/types.js";

/** Upper bounds of the latency histogram, in seconds. */
const LATENCY_BUCKETS = [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];
/** Upper bounds of the overhead histogram (a request's time outside its judgments), in seconds. */
const OVERHEAD_BUCKETS = [0.0001, 0.00025, 0.0005, 0.001, 0.002, 0.005, 0.01, 0.025, 0.05, 0.1];

/** One request as the metrics see it. */
export interface RequestRecord {
  /** `hooks`, `review-command`, `loop-stop-hook`, `healthz`, `metrics` or `unknown`. */
  route: string;
  /** The hook's name on `/hooks/<name>`, else the route. */
  hook: string;
  /** The event judged, or `none` when the request was refused before. */
  event: string;
  /** `pass`, `block`, `ask`, or why no decision was made (`unauthorized`, `too-large`, `bad-json`, `queue-full`, `cancelled`, `error`). */
  outcome: string;
  seconds: number;
  /** Whether the request reached its command (it was not refused before). */
  ran: boolean;
  /** Of `seconds`, the time its judgments took (model calls included); 0 when none ran. */
  judgeSeconds: number;
}

interface Histogram {
  bounds: number[];
  buckets: number[];
  sum: number;
  count: number;
}

/**
 * The server's counters, rendered in Prometheus' text format (version 0.0.4): requests by route,
 * hook, event and outcome; a latency histogram by route; model tokens and cost; decisions taken
 * from the verdict cache; the queue and in-flight gauges.
 */
export class ServerMetrics {
  readonly #requests = new Map<string, number>();
  readonly #latency = new Map<string, Histogram>();
  readonly #overhead = new Map<string, Histogram>();
  #inputTokens = 0;
  #outputTokens = 0;
  #costUsd = 0;
  #cacheHits = 0;
  #modelDecisions = 0;
  #ruleDecisions = 0;
  #judgeErrors = 0;

  constructor(private readonly gauges: () => { queued: number; inFlight: number }) {}

  /** Count a request that has been answered. */
  recordRequest(record: RequestRecord): void {
    const key = labels({ route: record.route, hook: record.hook, event: record.event, outcome: record.outcome });
    this.#requests.set(key, (this.#requests.get(key) ?? 0) + 1);
    observe(this.#latency, LATENCY_BUCKETS, record.route, record.seconds);
    if (record.ran) observe(this.#overhead, OVERHEAD_BUCKETS, record.route, Math.max(0, record.seconds - record.judgeSeconds));
  }

  /** Count what a judgment cost and what decided it, from its answer. */
  recordJudgment(report: Pick<Answer, "decidedBy" | "outcomes">): void {
    for (const outcome of report.outcomes) {
      this.#inputTokens += outcome.usage.inputTokens;
      this.#outputTokens += outcome.usage.outputTokens;
      this.#costUsd += outcome.usage.costUsd ?? 0;
    }
    if (report.decidedBy === "cache") this.#cacheHits += 1;
    else if (report.decidedBy === "error") this.#judgeErrors += 1;
    else if (report.decidedBy.startsWith("rule:")) this.#ruleDecisions += 1;
    else if (report.outcomes.length > 0) this.#modelDecisions += 1;
  }

  /** The exposition text. */
  render(): string {
    const lines: string[] = [];
    const family = (name: string, type: string, help: string) => lines.push(`# HELP ${name} ${help}`, `# TYPE ${name} ${type}`);
    family("hookjudge_requests_total", "counter", "Requests answered, by route, hook, event and outcome.");
    for (const [key, value] of this.#requests) lines.push(`hookjudge_requests_total{${key}} ${value}`);
    family("hookjudge_request_duration_seconds", "histogram", "Time from a request's arrival to its answer, by route.");
    renderHistogram(lines, "hookjudge_request_duration_seconds", this.#latency);
    family("hookjudge_overhead_seconds", "histogram", "Of a judged request's time, what was spent outside its judgments (parsing, routing, state, audit), by route.");
    renderHistogram(lines, "hookjudge_overhead_seconds", this.#overhead);
    family("hookjudge_model_tokens_total", "counter", "Model tokens over every judgment, by direction.");
    lines.push(`hookjudge_model_tokens_total{direction="input"} ${this.#inputTokens}`);
    lines.push(`hookjudge_model_tokens_total{direction="output"} ${this.#outputTokens}`);
    family("hookjudge_model_cost_usd_total", "counter", "Estimated model cost in US dollars (models of unknown price count 0).");
    lines.push(`hookjudge_model_cost_usd_total ${this.#costUsd}`);
    family("hookjudge_decisions_total", "counter", "Decisions by what made them: a rule, the verdict cache, a model, or a judge error.");
    lines.push(`hookjudge_decisions_total{by="rule"} ${this.#ruleDecisions}`);
    lines.push(`hookjudge_decisions_total{by="cache"} ${this.#cacheHits}`);
    lines.push(`hookjudge_decisions_total{by="model"} ${this.#modelDecisions}`);
    lines.push(`hookjudge_decisions_total{by="error"} ${this.#judgeErrors}`);
    family("hookjudge_cache_hits_total", "counter", "Command reviews answered from the verdict cache.");
    lines.push(`hookjudge_cache_hits_total ${this.#cacheHits}`);
    const { queued, inFlight } = this.gauges();
    family("hookjudge_queue_depth", "gauge", "Requests waiting for a judgment slot.");
    lines.push(`hookjudge_queue_depth ${queued}`);
    family("hookjudge_in_flight", "gauge", "Judgments running now.");
    lines.push(`hookjudge_in_flight ${inFlight}`);
    return lines.join("\n") + "\n";
  }
}

function observe(histograms: Map<string, Histogram>, bounds: number[], route: string, value: number): void {
  let histogram = histograms.get(route);
  if (!histogram) {
    histogram = { bounds, buckets: bounds.map(() => 0), sum: 0, count: 0 };
    histograms.set(route, histogram);
  }
  bounds.forEach((bound, index) => {
    if (value <= bound) histogram.buckets[index]! += 1;
  });
  histogram.sum += value;
  histogram.count += 1;
}

function renderHistogram(lines: string[], name: string, histograms: Map<string, Histogram>): void {
  for (const [route, histogram] of histograms) {
    histogram.bounds.forEach((bound, index) => lines.push(`${name}_bucket{${labels({ route, le: String(bound) })}} ${histogram.buckets[index]}`));
    lines.push(`${name}_bucket{${labels({ route, le: "+Inf" })}} ${histogram.count}`);
    lines.push(`${name}_sum{${labels({ route })}} ${histogram.sum}`);
    lines.push(`${name}_count{${labels({ route })}} ${histogram.count}`);
  }
}

function labels(values: Record<string, string>): string {
  return Object.entries(values)
    .map(([name, value]) => `${name}="${value.replace(/\\/g, "\\\\").replace(/\n/g, "\\n").replace(/"/g, '\\"')}"`)
    .join(",");
}
