import type { IncomingMessage } from "node:http";
import { isRuntimeName } from "../runtimes/index.js";
import type { Runtime, RuntimeName } from "../runtimes/types.js";
import { Refusal } from "./refusal.js";

/** A route of the server, and the host a `/<runtime>` prefix named. */
export type Route = ({ route: "hooks"; hook: string } | { route: "review-command" | "loop-stop-hook" | "healthz" | "metrics"; hook?: undefined }) & { runtime?: RuntimeName };

/** A route that judges an event. */
export type JudgingRoute = Route & { route: "hooks" | "review-command" | "loop-stop-hook" };

/**
 * The route of `method` and `path`, or the 404 or 405 saying why there is none. A path may start
 * with a host's name (`/codex/review-command`, `/gemini-cli/hooks/<name>`): that host's protocol answers.
 */
export function routeOf(method: string, fullPath: string): Route | Refusal {
  const prefixed = /^\/([a-z-]+)(\/.*)$/.exec(fullPath);
  const runtime = prefixed && isRuntimeName(prefixed[1]!) ? prefixed[1] : undefined;
  const path = runtime !== undefined ? prefixed![2]! : fullPath;
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
  if (!route) return new Refusal(404, "not-found", `no route ${fullPath}: POST [/<runtime>]/hooks/<name>, /review-command or /loop/stop-hook; GET /healthz or /metrics`);
  const wanted = route.route === "healthz" || route.route === "metrics" ? "GET" : "POST";
  if (method !== wanted) return new Refusal(405, "bad-method", `${fullPath} answers ${wanted} only`, { allow: wanted });
  return runtime !== undefined ? { ...route, runtime } : route;
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/** A request header's (first) value. */
export function header(request: IncomingMessage, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/** The whole body, or a 413 when it is larger than `maxBody` bytes (declared or sent). */
export function readBody(request: IncomingMessage, maxBody: number): Promise<Buffer | Refusal> {
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

/**
 * The event's canonical name, or a 400 saying why the body is not a hook event. A host other than
 * Claude Code names its events its own way (or, as pydantic-deep, in another field): its runtime reads them.
 */
export function parseEvent(text: string, runtime?: Runtime): string | Refusal {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return new Refusal(400, "bad-json", `the body is not JSON: ${(error as Error).message}`);
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) return new Refusal(400, "bad-json", "the body must be a JSON object (a hook event)");
  if (runtime !== undefined && runtime.name !== "claude-code") {
    const parsed = runtime.parse(text);
    const canonical = parsed.ok ? parsed.input.hook_event_name : parsed.recovered.hook_event_name;
    return canonical ?? new Refusal(400, "bad-json", `the body is not a ${runtime.name} hook event${parsed.ok ? "" : `: ${parsed.error.message}`}`);
  }
  const name = (value as { hook_event_name?: unknown }).hook_event_name;
  if (typeof name !== "string" || name === "") return new Refusal(400, "bad-json", "the body has no hook_event_name: it is not a hook event");
  return name;
}

const LOCAL_HOST = /^(?:localhost|127(?:\.\d{1,3}){3}|\[::1\])(?::\d+)?$/i;

/**
 * Why a request to a server without a token is not taken as one from this machine's own hooks:
 * a Host that is not a loopback name (DNS rebinding), or a body that is not declared JSON (a
 * browser sends JSON across sites only after a preflight, which this server never answers).
 */
export function localRequestProblem(request: IncomingMessage): string | undefined {
  if (!LOCAL_HOST.test(request.headers.host ?? "")) return `the Host header must name this machine (localhost or 127.0.0.1) when the server has no token, received ${JSON.stringify(request.headers.host ?? "")}`;
  if (request.method === "POST" && !/^application\/json\b/i.test(request.headers["content-type"] ?? "")) {
    return "a hook event must be sent as Content-Type: application/json";
  }
  return undefined;
}
