import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { createBackend } from "../backends/index.js";
import type { Backend } from "../backends/spec.js";
import type { CliIo, JudgmentReport } from "../cli/io.js";
import type { RunOptions } from "../executor/run-hooks.js";
import type { HookDefinition } from "../hook/definition.js";
import { isKnownEvent } from "../hook/input.js";
import type { JudgeErrorCode } from "../judge/outcome.js";
import { failSafeDecision } from "../policy/fail-safe.js";
import { toClaudeCode } from "../protocol/claude-code.js";
import { bearerMatches, SignatureChecker, DEFAULT_REPLAY_WINDOW_SECONDS } from "./auth.js";
import type { StateStore } from "../store/store.js";
import { HookResolver } from "./hooks.js";
import { ServerMetrics, type RequestRecord } from "./metrics.js";

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

/** Refused before any judgment: a status, a JSON error body and the outcome the metrics count. */
class Refusal {
  constructor(
    readonly status: number,
    readonly outcome: string,
    readonly message: string,
    readonly headers: Record<string, string> = {},
  ) {}
}

/**
 * Serve hooks over HTTP, as Claude Code's `type: "http"` hooks call them: `POST /hooks/<name>`,
 * `POST /review-command`, `POST /loop/stop-hook`, `GET /healthz`, `GET /metrics`. Each POST is
 * answered by the very code of the matching CLI command, so a decision is the JSON the command
 * would print, sent as a 200; a pass is a 200 with an empty body; a status code alone never decides.
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
  const maxBody = options.maxBody ?? 1024 * 1024;
  const log = options.log ?? (() => {});
  const resolver = new HookResolver({ cwd, ...(options.hooksDir ? { hooksDir: options.hooksDir } : {}), ...(options.settingsFile ? { settingsFile: options.settingsFile } : {}) });
  const signatures = options.hmacSecret ? new SignatureChecker(options.hmacSecret, options.replayWindowSeconds ?? DEFAULT_REPLAY_WINDOW_SECONDS) : undefined;

  // one backend per model for the server's life: its client and sockets stay warm
  const backends = new Map<string, Backend>();
  const backend: RunOptions["backend"] =
    options.backend ??
    ((model: string) => {
      let found = backends.get(model);
      if (!found) {
        found = createBackend({ model, env });
        backends.set(model, found);
      }
      return found;
    });

  let inFlight = 0;
  const waiting: Array<{ resume: () => void }> = [];
  const controllers = new Map<AbortController, { shutdown: boolean }>();
  let shuttingDown = false;
  const metrics = new ServerMetrics(() => ({ queued: waiting.length, inFlight }));

  /** A judgment slot: at once, after a wait in the queue, or a refusal when the queue is full. */
  const acquire = (signal: AbortSignal): Promise<boolean> | "full" => {
    if (inFlight < concurrency) {
      inFlight++;
      return Promise.resolve(true);
    }
    if (waiting.length >= queueLimit) return "full";
    return new Promise((resolve) => {
      const entry = {
        resume: () => {
          signal.removeEventListener("abort", leave);
          resolve(true);
        },
      };
      // a client that leaves while queued gives its place back at once
      const leave = () => {
        const index = waiting.indexOf(entry);
        if (index !== -1) waiting.splice(index, 1);
        resolve(false);
      };
      signal.addEventListener("abort", leave, { once: true });
      waiting.push(entry);
    });
  };
  const release = () => {
    const next = waiting.shift();
    if (next) next.resume();
    else inFlight--;
  };

  const handle = async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    const started = performance.now();
    const path = (request.url ?? "/").split("?")[0]!;
    const record: RequestRecord = { route: "unknown", hook: "unknown", event: "none", outcome: "error", seconds: 0, ran: false, judgeSeconds: 0 };
    const finish = (status: number, body: string, headers: Record<string, string> = {}) => {
      record.seconds = (performance.now() - started) / 1000;
      metrics.recordRequest(record);
      if (response.destroyed || response.headersSent) return;
      response.writeHead(status, { "content-length": String(Buffer.byteLength(body)), ...(shuttingDown ? { connection: "close" } : {}), ...headers });
      response.end(body);
    };
    const refuse = (refusal: Refusal) => {
      record.outcome = refusal.outcome;
      finish(refusal.status, JSON.stringify({ error: refusal.message }) + "\n", { "content-type": "application/json", ...refusal.headers });
    };
    const answer = (text: string) => finish(200, text, text === "" ? {} : { "content-type": "application/json" });
    const authRefusal = (): Refusal | undefined => {
      if (options.token !== undefined && !bearerMatches(request.headers.authorization, options.token)) {
        return withClose(new Refusal(401, "unauthorized", "missing or wrong bearer token", { "www-authenticate": 'Bearer realm="hookjudge"' }));
      }
      // without a token, only this machine's own clients: a browser page cannot send JSON here
      // without a preflight this server never answers, nor reach it through another host name
      const local = options.token === undefined ? localRequestProblem(request) : undefined;
      return local ? withClose(new Refusal(403, "forbidden", local)) : undefined;
    };
    /** The body's text past the signature check, or the refusal to send. */
    const readSigned = async (): Promise<string | Refusal> => {
      const body = await readBody(request, maxBody);
      if (body instanceof Refusal) return body;
      if (signatures) {
        const problem = signatures.check(header(request, "x-hookjudge-timestamp"), header(request, "x-hookjudge-signature"), body);
        if (problem) return new Refusal(401, "unauthorized", `bad signature: ${problem}`);
      }
      return body.toString("utf8");
    };
    /**
     * A POST no hook answers (an unknown path or hook name): a hook event whose failure policy
     * asks or blocks (a Bash gate's PreToolUse) gets that answer as a 200, never the 404 a host
     * reads as "go ahead"; anything else gets the 404.
     */
    const unanswered = async (refusal: Refusal, name: string): Promise<void> => {
      const text = await readSigned();
      if (text instanceof Refusal) return refuse(text);
      const event = parseEvent(text);
      if (event instanceof Refusal || !isKnownEvent(event)) return refuse(refusal);
      record.event = event;
      const failed = failureAnswer({ event, name, code: "config", message: refusal.message, text });
      if (failed.proceeds) return refuse(refusal);
      record.outcome = refusal.outcome;
      return answer(failed.body);
    };
    // what is known of the event when a handler throws, for the failure policy's answer
    let eventText: string | undefined;
    let eventName: string | undefined;
    let failingHook: HookDefinition | undefined;
    let failingName: string = path;
    try {
      const route = routeOf(request.method ?? "GET", path);
      if (route instanceof Refusal) {
        if (route.status === 404 && request.method === "POST") {
          const denied = authRefusal();
          if (denied) return refuse(denied);
          return await unanswered(route, path);
        }
        // an unwanted body is not read: the connection closes after the answer
        return refuse(withClose(route));
      }
      record.route = route.route;
      failingName = route.route === "hooks" ? route.hook : route.route;
      record.hook = route.route === "hooks" ? "unknown" : route.route;
      if (route.route === "healthz") {
        record.outcome = shuttingDown ? "closing" : "ok";
        return finish(shuttingDown ? 503 : 200, JSON.stringify({ ok: !shuttingDown, inFlight, queued: waiting.length }) + "\n", { "content-type": "application/json" });
      }
      const denied = authRefusal();
      if (denied) return refuse(denied);
      if (route.route === "metrics") {
        record.outcome = "ok";
        return finish(200, metrics.render(), { "content-type": "text/plain; version=0.0.4; charset=utf-8" });
      }
      // the recursion guard, as `hookjudge run` has it: an agent started by a verifier's command
      // sends X-Hookjudge-Active: 1 (from --print-settings), and passes at once
      if (header(request, "x-hookjudge-active") === "1") {
        record.outcome = "nested";
        return finish(200, "", { connection: "close" });
      }

      const hook = route.route === "hooks" ? resolver.resolve(route.hook) : undefined;
      if (route.route === "hooks") {
        if (!hook) return await unanswered(new Refusal(404, "unknown-hook", `no hook named ${JSON.stringify(route.hook)}: not in the hooks folder, the settings file or the built-ins`), route.hook);
        record.hook = route.hook;
        failingHook = hook;
      }
      // the event a route always answers, when the body cannot be read
      const routeEvent = route.route === "review-command" ? "PreToolUse" : route.route === "loop-stop-hook" ? "Stop" : hook?.events?.length === 1 ? hook.events[0] : undefined;
      eventName = routeEvent;
      // past authentication, a refusal whose event is known goes through that event's failure
      // policy: where the policy lets the action proceed (a Stop), the status code says so as a
      // non-blocking error; where it asks or blocks (a Bash gate), a 200 carries that decision,
      // so a gate that cannot judge never lets the command through
      const policy = (event: string, code: JudgeErrorCode, refusal: Refusal) => {
        record.event = knownEvent(event);
        const failed = failureAnswer({ event, name: failingName, code, message: refusal.message, ...(hook ? { hook } : {}), ...(eventText !== undefined ? { text: eventText } : {}) });
        if (failed.proceeds) return refuse(refusal);
        record.outcome = refusal.outcome;
        return finish(200, failed.body, { "content-type": "application/json", ...(refusal.headers["connection"] ? { connection: "close" } : {}) });
      };

      const text = await readSigned();
      if (text instanceof Refusal) {
        // a bad signature is an authentication failure: 401, as documented
        if (text.status === 401) return refuse(text);
        return routeEvent ? policy(routeEvent, "input", text) : refuse(text);
      }
      eventText = text;
      const event = parseEvent(text);
      if (event instanceof Refusal) return routeEvent ? policy(routeEvent, "input", event) : refuse(event);
      record.event = knownEvent(event);
      eventName = event;

      const controller = new AbortController();
      const cause = { shutdown: false };
      controllers.set(controller, cause);
      // a client that goes away cancels its judgment, model call included
      const onClose = () => {
        if (!response.writableFinished) controller.abort(new Error("the client closed the connection"));
      };
      response.on("close", onClose);
      if (request.socket.destroyed || response.destroyed) onClose();
      let stdout = "";
      let stderr = "";
      let report: JudgmentReport | undefined;
      let exitCode: number;
      let slotHeld = false;
      try {
        const slot = acquire(controller.signal);
        if (slot === "full") return policy(event, "budget", new Refusal(503, "queue-full", `the server is busy (${concurrency} judging, ${queueLimit} waiting); try again`, { "retry-after": "1" }));
        slotHeld = await slot;
        if (!slotHeld || (controller.signal.aborted && !cause.shutdown)) {
          record.outcome = "cancelled";
          return finish(499, "");
        }
        const io: CliIo = {
          readStdin: async () => text,
          stdout: (chunk) => void (stdout += chunk),
          stderr: (chunk) => void (stderr += chunk),
          env,
          cwd,
          signal: controller.signal,
          backend,
          ...(options.store ? { store: options.store } : {}),
          report: (value) => {
            report = value;
            record.judgeSeconds += value.outcomes.reduce((sum, outcome) => sum + outcome.latencyMs / 1000, 0);
            metrics.recordJudgment(value);
          },
        };
        exitCode = await runRoute(route.route, hook, io);
        record.ran = true;
      } finally {
        if (slotHeld) release();
        controllers.delete(controller);
        response.off("close", onClose);
      }
      if (stderr.trim() !== "") log(`${route.route}${route.route === "hooks" ? ` ${route.hook}` : ""}: ${stderr.trim()}`);
      // cut short by shutdown, the judgment answered through the failure policy: that answer goes out
      if (controller.signal.aborted && !cause.shutdown) {
        record.outcome = "cancelled";
        return finish(499, "");
      }
      record.outcome = report?.decision ?? "pass";
      return answer(toHttpAnswer(event, exitCode, stdout, stderr));
    } catch (error) {
      if (request.socket.destroyed) {
        record.outcome = "cancelled";
        return finish(499, "");
      }
      log(`hookjudge serve: ${(error as Error)?.stack ?? String(error)}`);
      record.outcome = "error";
      const message = `hookjudge could not answer: ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}`;
      // a 500 is a non-blocking error for Claude Code (the action goes ahead): an event that is
      // known gets its failure policy's answer instead, which asks (or denies) on a Bash gate
      if (eventName !== undefined && isKnownEvent(eventName)) {
        const failed = failureAnswer({ event: eventName, name: failingName, code: "input", message, ...(failingHook ? { hook: failingHook } : {}), ...(eventText !== undefined ? { text: eventText } : {}) });
        return answer(failed.body);
      }
      return finish(500, JSON.stringify({ error: message }) + "\n", { "content-type": "application/json" });
    }
  };

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
    metrics,
    close: (graceMs = 10_000) =>
      (closing ??= (async () => {
        shuttingDown = true;
        const closed = new Promise<void>((resolve) => server.close(() => resolve()));
        server.closeIdleConnections();
        const deadline = Date.now() + graceMs;
        while ((inFlight > 0 || waiting.length > 0) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
        // what waits in the queue past the grace gets the failure policy's answer, not a reset
        for (const entry of waiting.splice(0)) entry.resume();
        for (const [controller, cause] of controllers) {
          cause.shutdown = true;
          controller.abort(new Error("the server is shutting down"));
        }
        // the cancelled judgments answer at once; then nothing is left to wait for
        const settle = Date.now() + 1000;
        while (inFlight > 0 && Date.now() < settle) await new Promise((resolve) => setTimeout(resolve, 10));
        server.closeAllConnections();
        await closed;
      })()),
  };
}

/**
 * A bound on open connections that idle ones cannot exhaust: a new connection over the bound
 * closes the connection idle the longest (no request in progress: kept alive after an answer, or
 * opened and never used); only when every connection is busy is the new one refused (closed).
 */
class ConnectionLimit {
  // in the order they last became idle, oldest first; the count is of requests in progress
  readonly #sockets = new Map<Socket, number>();

  constructor(readonly limit: number) {}

  admit(socket: Socket): void {
    while (this.#sockets.size >= this.limit) {
      const idle = this.#oldestIdle();
      if (!idle) {
        socket.destroy();
        return;
      }
      this.#sockets.delete(idle);
      idle.destroy();
    }
    this.#sockets.set(socket, 0);
    socket.once("close", () => this.#sockets.delete(socket));
  }

  /** `socket` has a request in progress until `response` closes. */
  busy(socket: Socket, response: ServerResponse): void {
    const count = this.#sockets.get(socket);
    if (count === undefined) return;
    this.#sockets.set(socket, count + 1);
    response.once("close", () => {
      const left = this.#sockets.get(socket);
      if (left === undefined) return;
      // idle again: it moves to the back of the line
      this.#sockets.delete(socket);
      if (!socket.destroyed) this.#sockets.set(socket, left - 1);
    });
  }

  #oldestIdle(): Socket | undefined {
    for (const [socket, count] of this.#sockets) if (count === 0) return socket;
    return undefined;
  }
}

type Route = { route: "hooks"; hook: string } | { route: "review-command" | "loop-stop-hook" | "healthz" | "metrics"; hook?: undefined };

function routeOf(method: string, path: string): Route | Refusal {
  const hookMatch = /^\/hooks\/([^/]+)$/.exec(path);
  const route: Route | undefined = hookMatch
    ? { route: "hooks", hook: safeDecode(hookMatch[1]!) }
    : path === "/review-command"
      ? { route: "review-command" }
      : path === "/loop/stop-hook"
        ? { route: "loop-stop-hook" }
        : path === "/healthz"
          ? { route: "healthz" }
          : path === "/metrics"
            ? { route: "metrics" }
            : undefined;
  if (!route) return new Refusal(404, "not-found", `no route ${path}: POST /hooks/<name>, /review-command or /loop/stop-hook; GET /healthz or /metrics`);
  const wanted = route.route === "healthz" || route.route === "metrics" ? "GET" : "POST";
  if (method !== wanted) return new Refusal(405, "bad-method", `${path} answers ${wanted} only`, { allow: wanted });
  return route;
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

async function runRoute(route: Route["route"], hook: HookDefinition | undefined, io: CliIo): Promise<number> {
  if (route === "hooks") {
    const { judgeHookEvent } = await import("../cli/run-command.js");
    return judgeHookEvent([hook!], await io.readStdin(), { dryRun: false, output: "claude" }, io);
  }
  if (route === "review-command") return (await import("../cli/review-command.js")).reviewCommandCommand([], io);
  return (await import("../cli/loop-command.js")).loopCommand(["stop-hook"], io);
}

function header(request: IncomingMessage, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

function readBody(request: IncomingMessage, maxBody: number): Promise<Buffer | Refusal> {
  const tooLarge = () => new Refusal(413, "too-large", `the request body is larger than ${maxBody} bytes`, { connection: "close" });
  const declared = Number(request.headers["content-length"]);
  if (Number.isFinite(declared) && declared > maxBody) return Promise.resolve(tooLarge());
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let refused = false;
    request.on("data", (chunk: Buffer) => {
      if (refused) return;
      size += chunk.length;
      if (size > maxBody) {
        refused = true;
        resolve(tooLarge());
        return;
      }
      chunks.push(chunk);
    });
    request.on("end", () => {
      if (!refused) resolve(Buffer.concat(chunks));
    });
    request.on("error", reject);
  });
}

/** The event's name, or a 400 saying why the body is not a hook event. */
function parseEvent(text: string): string | Refusal {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return new Refusal(400, "bad-json", `the body is not JSON: ${(error as Error).message}`);
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) return new Refusal(400, "bad-json", "the body must be a JSON object (a hook event)");
  const name = (value as { hook_event_name?: unknown }).hook_event_name;
  if (typeof name !== "string" || name === "") return new Refusal(400, "bad-json", "the body has no hook_event_name: it is not a hook event");
  return name;
}

/**
 * The HTTP body for what the command printed. A JSON answer goes as it is; nothing printed is a
 * pass (empty body). The events a command hook blocks with exit 2 have no exit code over HTTP:
 * TaskCreated takes `decision: "block"`; TaskCompleted and TeammateIdle have no JSON way to keep
 * working, so the user is told in a `systemMessage` instead.
 */
export function toHttpAnswer(event: string, exitCode: number, stdout: string, stderr: string): string {
  const trimmed = stdout.trim();
  if (exitCode !== 2) return trimmed.startsWith("{") ? trimmed : "";
  // what the command printed beside its exit 2 (a cap note, an error note) is kept
  const printed = trimmed.startsWith("{") ? (JSON.parse(trimmed) as Record<string, unknown>) : {};
  const reason = stderr.trim();
  if (event === "TaskCreated") return JSON.stringify({ ...printed, decision: "block", reason });
  if (event === "PostToolUseFailure") return JSON.stringify({ ...printed, hookSpecificOutput: { hookEventName: event, additionalContext: reason } });
  const notice = `hookjudge would keep this ${event} open (${reason}), but an HTTP hook has no way to: use a command hook for ${event} to block it`;
  return JSON.stringify({ ...printed, systemMessage: typeof printed["systemMessage"] === "string" ? `${printed["systemMessage"]}\n${notice}` : notice });
}

/**
 * The failure policy's answer to a judgment that could not run, as the CLI would give it (a
 * plainly destructive Bash command is denied), and whether that answer lets the action proceed.
 */
function failureAnswer(unjudged: Parameters<typeof failSafeDecision>[0]): { body: string; proceeds: boolean } {
  const decision = failSafeDecision(unjudged);
  const output = toClaudeCode(unjudged.event, decision);
  return { body: toHttpAnswer(unjudged.event, output.exitCode, output.stdout, output.stderr), proceeds: decision.kind === "pass" };
}

/** The event's name for the metrics, or `other` (a client must not grow the label set at will). */
function knownEvent(event: string): string {
  return isKnownEvent(event) ? event : "other";
}

/** Marks a refusal whose body is not read: the connection closes after the answer. */
function withClose(refusal: Refusal): Refusal {
  return new Refusal(refusal.status, refusal.outcome, refusal.message, { connection: "close", ...refusal.headers });
}

const LOCAL_HOST = /^(?:localhost|127(?:\.\d{1,3}){3}|\[::1\])(?::\d+)?$/i;

/**
 * Why a request to a server without a token is not taken as one from this machine's own hooks:
 * a Host that is not a loopback name (DNS rebinding), or a body that is not declared JSON (a
 * browser sends JSON across sites only after a preflight, which this server never answers).
 */
function localRequestProblem(request: IncomingMessage): string | undefined {
  if (!LOCAL_HOST.test(request.headers.host ?? "")) return `the Host header must name this machine (localhost or 127.0.0.1) when the server has no token, received ${JSON.stringify(request.headers.host ?? "")}`;
  if (request.method === "POST" && !/^application\/json\b/i.test(request.headers["content-type"] ?? "")) {
    return "a hook event must be sent as Content-Type: application/json";
  }
  return undefined;
}
