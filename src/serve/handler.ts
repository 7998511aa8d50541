import type { IncomingMessage, ServerResponse } from "node:http";
import { answerFailSafe } from "../answer/fail-safe.js";
import type { AnswerOptions } from "../answer/types.js";
import type { HookDefinition } from "../hook/definition.js";
import { isKnownEvent } from "../hook/input.js";
import type { JudgeErrorCode } from "../judge/outcome.js";
import type { UnjudgedEvent } from "../policy/fail-safe.js";
import { isRuntimeName, runtimeNamed } from "../runtimes/index.js";
import type { Runtime } from "../runtimes/types.js";
import { bearerMatches, type SignatureChecker } from "./auth.js";
import { Exchange } from "./exchange.js";
import type { HookResolver } from "./hooks.js";
import { header, localRequestProblem, parseEvent, readBody, routeOf, type JudgingRoute } from "./http.js";
import type { ServerMetrics } from "./metrics.js";
import { Refusal, withClose } from "./refusal.js";
import { answerRoute } from "./routes.js";
import type { JudgmentSlots } from "./slots.js";

/** What every request of one server shares. */
export interface ServerContext {
  token: string | undefined;
  signatures: SignatureChecker | undefined;
  maxBody: number;
  resolver: HookResolver;
  metrics: ServerMetrics;
  slots: JudgmentSlots;
  /** The judgments in flight, and whether a shutdown cancelled each. */
  controllers: Map<AbortController, { shutdown: boolean }>;
  shuttingDown: () => boolean;
  runtime: Runtime;
  /** What the use cases run with: the server's environment, folder, warm backends and store. */
  answerOptions: AnswerOptions;
  log: (line: string) => void;
}

/**
 * The failure policy's answer to a judgment that could not run, in the runtime's HTTP form (a
 * plainly destructive Bash command is denied), and whether that answer lets the action proceed.
 */
function failureAnswer(runtime: Runtime, unjudged: UnjudgedEvent): { body: string; proceeds: boolean } {
  const answer = answerFailSafe(unjudged);
  return { body: runtime.httpBody(answer), proceeds: answer.decision.kind === "pass" };
}

/** The event's name for the metrics, or `other` (a client must not grow the label set at will). */
function knownEvent(event: string): string {
  return isKnownEvent(event) ? event : "other";
}

/** Why the request is not authenticated (a wrong token, a request from elsewhere), or nothing. */
function authRefusal(context: ServerContext, request: IncomingMessage): Refusal | undefined {
  if (context.token !== undefined && !bearerMatches(request.headers.authorization, context.token)) {
    return withClose(new Refusal(401, "unauthorized", "missing or wrong bearer token", { "www-authenticate": 'Bearer realm="hookjudge"' }));
  }
  // without a token, only this machine's own clients: a browser page cannot send JSON here
  // without a preflight this server never answers, nor reach it through another host name
  const local = context.token === undefined ? localRequestProblem(request) : undefined;
  return local ? withClose(new Refusal(403, "forbidden", local)) : undefined;
}

/** The body's text past the signature check, or the refusal to send. */
async function readSigned(context: ServerContext, request: IncomingMessage): Promise<string | Refusal> {
  const body = await readBody(request, context.maxBody);
  if (body instanceof Refusal) return body;
  if (context.signatures) {
    const problem = context.signatures.check(header(request, "x-hookjudge-timestamp"), header(request, "x-hookjudge-signature"), body);
    if (problem) return new Refusal(401, "unauthorized", `bad signature: ${problem}`);
  }
  return body.toString("utf8");
}

/**
 * A POST no hook answers (an unknown path or hook name): a hook event whose failure policy asks
 * or blocks (a Bash gate's PreToolUse) gets that answer as a 200, never the 404 a host reads as
 * "go ahead"; anything else gets the 404.
 */
async function unanswered(context: ServerContext, exchange: Exchange, known: Known, refusal: Refusal, name: string): Promise<void> {
  const text = await readSigned(context, exchange.request);
  if (text instanceof Refusal) return exchange.refuse(text);
  const event = parseEvent(text, known.runtime);
  if (event instanceof Refusal || !isKnownEvent(event)) return exchange.refuse(refusal);
  exchange.record.event = event;
  const failed = failureAnswer(known.runtime, { event, name, code: "config", message: refusal.message, text });
  if (failed.proceeds) return exchange.refuse(refusal);
  exchange.record.outcome = refusal.outcome;
  return exchange.answer(failed.body);
}

/** What is known of the event when a handler throws, for the failure policy's answer. */
interface Known {
  text?: string;
  event?: string;
  hook?: HookDefinition;
  name: string;
  /** The host answered: a route's `/<runtime>` prefix, else the `X-Hookjudge-Runtime` header, else the server's. */
  runtime: Runtime;
}

/**
 * Serve hooks over HTTP: `POST /hooks/<name>`, `POST /review-command`, `POST /loop/stop-hook`,
 * `GET /healthz`, `GET /metrics`. Returns the request handler of one server.
 */
export function createHandler(context: ServerContext): (request: IncomingMessage, response: ServerResponse) => Promise<void> {
  return async (request, response) => {
    const exchange = new Exchange(request, response, context.metrics, context.shuttingDown);
    const known: Known = { name: exchange.path, runtime: context.runtime };
    try {
      await serveRequest(context, exchange, known);
    } catch (error) {
      if (request.socket.destroyed) return exchange.cancelled();
      context.log(`hookjudge serve: ${(error as Error)?.stack ?? String(error)}`);
      exchange.record.outcome = "error";
      const message = `hookjudge could not answer: ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}`;
      // a 500 is a non-blocking error for Claude Code (the action goes ahead): an event that is
      // known gets its failure policy's answer instead, which asks (or denies) on a Bash gate
      if (known.event !== undefined && isKnownEvent(known.event)) {
        const failed = failureAnswer(known.runtime, { event: known.event, name: known.name, code: "input", message, ...(known.hook ? { hook: known.hook } : {}), ...(known.text !== undefined ? { text: known.text } : {}) });
        return exchange.answer(failed.body);
      }
      return exchange.finish(500, JSON.stringify({ error: message }) + "\n", { "content-type": "application/json" });
    }
  };
}

/** Route one request: health and metrics, authentication, the body, then a judgment. */
async function serveRequest(context: ServerContext, exchange: Exchange, known: Known): Promise<void> {
  const { request, record } = exchange;
  const route = routeOf(request.method ?? "GET", exchange.path);
  const named = route instanceof Refusal ? undefined : (route.runtime ?? header(request, "x-hookjudge-runtime"));
  if (named !== undefined) {
    if (!isRuntimeName(named)) return exchange.refuse(withClose(new Refusal(400, "bad-runtime", `X-Hookjudge-Runtime names no host hookjudge answers: ${JSON.stringify(named)}`)));
    known.runtime = runtimeNamed(named);
  }
  if (route instanceof Refusal) {
    if (route.status === 404 && request.method === "POST") {
      const denied = authRefusal(context, request);
      if (denied) return exchange.refuse(denied);
      return await unanswered(context, exchange, known, route, exchange.path);
    }
    // an unwanted body is not read: the connection closes after the answer
    return exchange.refuse(withClose(route));
  }
  record.route = route.route;
  known.name = route.route === "hooks" ? route.hook : route.route;
  record.hook = route.route === "hooks" ? "unknown" : route.route;
  if (route.route === "healthz") {
    const closing = context.shuttingDown();
    record.outcome = closing ? "closing" : "ok";
    return exchange.finish(closing ? 503 : 200, JSON.stringify({ ok: !closing, inFlight: context.slots.inFlight, queued: context.slots.waiting.length }) + "\n", { "content-type": "application/json" });
  }
  const denied = authRefusal(context, request);
  if (denied) return exchange.refuse(denied);
  if (route.route === "metrics") {
    record.outcome = "ok";
    return exchange.finish(200, context.metrics.render(), { "content-type": "text/plain; version=0.0.4; charset=utf-8" });
  }
  // the recursion guard, as `hookjudge run` has it: an agent started by a verifier's command
  // sends X-Hookjudge-Active: 1 (from --print-settings), and passes at once
  if (header(request, "x-hookjudge-active") === "1") {
    record.outcome = "nested";
    return exchange.finish(200, "", { connection: "close" });
  }
  const hook = route.route === "hooks" ? context.resolver.resolve(route.hook) : undefined;
  if (route.route === "hooks") {
    if (!hook) return await unanswered(context, exchange, known, new Refusal(404, "unknown-hook", `no hook named ${JSON.stringify(route.hook)}: not in the hooks folder, the settings file or the built-ins`), route.hook);
    record.hook = route.hook;
    known.hook = hook;
  }
  // the event a route always answers, when the body cannot be read
  const routeEvent = route.route === "review-command" ? "PreToolUse" : route.route === "loop-stop-hook" ? "Stop" : hook?.events?.length === 1 ? hook.events[0] : undefined;
  known.event = routeEvent;
  const text = await readSigned(context, request);
  if (text instanceof Refusal) {
    // a bad signature is an authentication failure: 401, as documented
    if (text.status === 401) return exchange.refuse(text);
    return routeEvent ? refuseByPolicy(context, exchange, known, routeEvent, "input", text) : exchange.refuse(text);
  }
  known.text = text;
  const event = parseEvent(text, known.runtime);
  if (event instanceof Refusal) return routeEvent ? refuseByPolicy(context, exchange, known, routeEvent, "input", event) : exchange.refuse(event);
  record.event = knownEvent(event);
  known.event = event;
  return judge(context, exchange, known, route as JudgingRoute, event, text);
}

/**
 * Past authentication, a refusal whose event is known goes through that event's failure policy:
 * where the policy lets the action proceed (a Stop), the status code says so as a non-blocking
 * error; where it asks or blocks (a Bash gate), a 200 carries that decision, so a gate that
 * cannot judge never lets the command through.
 */
function refuseByPolicy(context: ServerContext, exchange: Exchange, known: Known, event: string, code: JudgeErrorCode, refusal: Refusal): void {
  exchange.record.event = knownEvent(event);
  const failed = failureAnswer(known.runtime, { event, name: known.name, code, message: refusal.message, ...(known.hook ? { hook: known.hook } : {}), ...(known.text !== undefined ? { text: known.text } : {}) });
  if (failed.proceeds) return exchange.refuse(refusal);
  exchange.record.outcome = refusal.outcome;
  return exchange.answer(failed.body, refusal.headers["connection"] ? { connection: "close" } : {});
}

/** Wait for a judgment slot, then answer the event with the decision core. */
async function judge(context: ServerContext, exchange: Exchange, known: Known, route: JudgingRoute, event: string, text: string): Promise<void> {
  const { request, response, record } = exchange;
  const controller = new AbortController();
  const cause = { shutdown: false };
  context.controllers.set(controller, cause);
  // a client that goes away cancels its judgment, model call included
  const onClose = () => {
    if (!response.writableFinished) controller.abort(new Error("the client closed the connection"));
  };
  response.on("close", onClose);
  if (request.socket.destroyed || response.destroyed) onClose();
  let slotHeld = false;
  let answered;
  try {
    const slot = context.slots.acquire(controller.signal);
    if (slot === "full") {
      const { concurrency, queueLimit } = context.slots;
      return refuseByPolicy(context, exchange, known, event, "budget", new Refusal(503, "queue-full", `the server is busy (${concurrency} judging, ${queueLimit} waiting); try again`, { "retry-after": "1" }));
    }
    slotHeld = await slot;
    if (!slotHeld || (controller.signal.aborted && !cause.shutdown)) return exchange.cancelled();
    answered = await answerRoute(route.route, known.hook, text, known.runtime, { ...context.answerOptions, signal: controller.signal });
    record.ran = true;
  } finally {
    if (slotHeld) context.slots.release();
    context.controllers.delete(controller);
    response.off("close", onClose);
  }
  const { answer } = answered;
  if (answer?.judged) {
    record.judgeSeconds += answer.outcomes.reduce((sum, outcome) => sum + outcome.latencyMs / 1000, 0);
    context.metrics.recordJudgment(answer);
  }
  if (answered.log.trim() !== "") context.log(`${route.route}${route.route === "hooks" ? ` ${route.hook}` : ""}: ${answered.log.trim()}`);
  // cut short by shutdown, the judgment answered through the failure policy: that answer goes out
  if (controller.signal.aborted && !cause.shutdown) return exchange.cancelled();
  record.outcome = answer?.judged ? answer.decision.kind : "pass";
  return exchange.answer(answered.body);
}
