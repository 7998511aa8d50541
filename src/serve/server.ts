import { createServer, type Server } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { createBackend } from "../backends/index.js";
import type { Backend } from "../backends/spec.js";
import type { RunOptions } from "../executor/run-hooks.js";
import { runtimeNamed } from "../runtimes/index.js";
import type { StateStore } from "../store/store.js";
import { DEFAULT_REPLAY_WINDOW_SECONDS, SignatureChecker } from "./auth.js";
import { ConnectionLimit } from "./connections.js";
import { createHandler, type ServerContext } from "./handler.js";
import { HookResolver } from "./hooks.js";
import { ServerMetrics } from "./metrics.js";
import { JudgmentSlots } from "./slots.js";

/** Options for {@link startServer}. */
export interface ServeOptions {
  /** The address to listen on. Anything but loopback needs a `token`. @default "127.0.0.1" */
  host?: string;
  /** The port; 0 picks a free one. @default 8787 */
  port?: number;
  /** A folder of hook files, served as `/hooks/<file name without .md>`. */
  hooksDir?: string;
  /** A Claude Code settings file whose prompt and agent entries are served by their names. */
  settingsFile?: string;
  /** The bearer token every request must carry. @default none (loopback only) */
  token?: string;
  /** The secret of `X-Hookjudge-Signature`; when set, every POST must be signed. @default none */
  hmacSecret?: string;
  /** How far a signed request's timestamp may be from the server's clock, in seconds. @default 300 */
  replayWindowSeconds?: number;
  /** Judgments at once. @default 16 */
  concurrency?: number;
  /** Requests that may wait for a judgment slot; more get 503. @default 256 */
  queue?: number;
  /** The largest request body, in bytes; larger gets 413. @default 1048576 */
  maxBody?: number;
  /** Time to receive a request's headers, in ms. @default 10000 */
  headersTimeoutMs?: number;
  /** Time to receive a whole request, in ms (slow senders get 408). @default 30000 */
  requestTimeoutMs?: number;
  /** How long an idle keep-alive connection stays open, in ms. @default 5000 */
  keepAliveTimeoutMs?: number;
  /** Environment for models, keys and `HOOKJUDGE_HOME`, as the CLI's. @default process.env */
  env?: Record<string, string | undefined>;
  /** The folder relative paths resolve against. @default process.cwd() */
  cwd?: string;
  /** The backends (tests, other vendors). @default one Anthropic backend per model, kept for the server's life */
  backend?: RunOptions["backend"];
  /** Where the shared state lives (block counters, loops, verdict cache). @default each event's state folder, as the CLI */
  store?: StateStore;
  /** Where the server writes what a hook process would print on stderr. @default nowhere */
  log?: (line: string) => void;
}

/** A running server. */
export interface HookServer {
  /** `http://host:port`. */
  url: string;
  port: number;
  metrics: ServerMetrics;
  /**
   * Stop accepting connections, let the requests in flight finish for up to `graceMs`, then cancel
   * what is left. Resolves when every connection is closed. Decisions are written to the audit log
   * as they are made, so nothing is left to flush.
   */
  close(graceMs?: number): Promise<void>;
}

const LOOPBACK = new Set(["127.0.0.1", "::1", "localhost"]);

/**
 * Serve hooks over HTTP, as Claude Code's `type: "http"` hooks call them: `POST /hooks/<name>`,
 * `POST /review-command`, `POST /loop/stop-hook`, `GET /healthz`, `GET /metrics`. Each POST is
 * answered by the decision core the CLI uses too, so a decision is the JSON the command would
 * print, sent as a 200; a pass is a 200 with an empty body; a status code alone never decides.
 * @throws HookJudgeError-like `Error` when a non-loopback host is given without a token.
 */
export async function startServer(options: ServeOptions = {}): Promise<HookServer> {
  const host = options.host ?? "127.0.0.1";
  if (!LOOPBACK.has(host) && !options.token) {
    throw new Error(`refusing to listen on ${host} without a token: anyone who can reach it could run judgments on your key; set --token-env, or listen on 127.0.0.1`);
  }
  const env = options.env ?? process.env;
  const cwd = options.cwd ?? process.cwd();
  const concurrency = options.concurrency ?? 16;
  const queueLimit = options.queue ?? 256;
  let shuttingDown = false;
  const slots = new JudgmentSlots(concurrency, queueLimit);
  const context: ServerContext = {
    token: options.token,
    signatures: options.hmacSecret ? new SignatureChecker(options.hmacSecret, options.replayWindowSeconds ?? DEFAULT_REPLAY_WINDOW_SECONDS) : undefined,
    maxBody: options.maxBody ?? 1024 * 1024,
    resolver: new HookResolver({ cwd, ...(options.hooksDir ? { hooksDir: options.hooksDir } : {}), ...(options.settingsFile ? { settingsFile: options.settingsFile } : {}) }),
    metrics: new ServerMetrics(() => ({ queued: slots.waiting.length, inFlight: slots.inFlight })),
    slots,
    controllers: new Map(),
    shuttingDown: () => shuttingDown,
    // a request names another host by a route prefix (/codex/…) or X-Hookjudge-Runtime
    runtime: runtimeNamed("claude-code"),
    answerOptions: { env, cwd, backend: options.backend ?? warmBackends(env), ...(options.store ? { store: options.store } : {}) },
    log: options.log ?? (() => {}),
  };
  const handle = createHandler(context);
  const server: Server = createServer(
    {
      headersTimeout: options.headersTimeoutMs ?? 10_000,
      requestTimeout: options.requestTimeoutMs ?? 30_000,
      // how often those two are checked (Node's default, 30 s, would let a slow client stay 40 s)
      connectionsCheckingInterval: Math.min(1000, options.headersTimeoutMs ?? 1000),
      // an idle keep-alive connection is closed soon: hooks come in bursts, and idle sockets count
      // against the connection limit (Node announces it in Keep-Alive: timeout=5)
      keepAliveTimeout: options.keepAliveTimeoutMs ?? 5_000,
    },
    (request, response) => {
      connections.busy(request.socket, response);
      void handle(request, response);
    },
  );
  // every connection holds a socket and perhaps a body up to maxBody: bound how many there can be;
  // at the bound the oldest idle one makes room, so idle connections cannot lock out a judgment
  const connections = new ConnectionLimit(Math.max(256, concurrency + queueLimit + 64));
  server.on("connection", (socket: Socket) => connections.admit(socket));
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 8787, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const shownHost = address.family === "IPv6" ? `[${address.address}]` : address.address;

  let closing: Promise<void> | undefined;
  return {
    url: `http://${shownHost}:${address.port}`,
    port: address.port,
    metrics: context.metrics,
    close: (graceMs = 10_000) =>
      (closing ??= (async () => {
        shuttingDown = true;
        const closed = new Promise<void>((resolve) => server.close(() => resolve()));
        server.closeIdleConnections();
        const deadline = Date.now() + graceMs;
        while ((slots.inFlight > 0 || slots.waiting.length > 0) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
        // what waits in the queue past the grace gets the failure policy's answer, not a reset
        slots.releaseWaiting();
        for (const [controller, cause] of context.controllers) {
          cause.shutdown = true;
          controller.abort(new Error("the server is shutting down"));
        }
        // the cancelled judgments answer at once; then nothing is left to wait for
        const settle = Date.now() + 1000;
        while (slots.inFlight > 0 && Date.now() < settle) await new Promise((resolve) => setTimeout(resolve, 10));
        server.closeAllConnections();
        await closed;
      })()),
  };
}

/** One backend per model for the server's life: its client and sockets stay warm. */
function warmBackends(env: Record<string, string | undefined>): NonNullable<RunOptions["backend"]> {
  const backends = new Map<string, Backend>();
  return (model: string) => {
    let found = backends.get(model);
    if (!found) {
      found = createBackend({ model, env });
      backends.set(model, found);
    }
    return found;
  };
}
