import { request as httpRequest, type IncomingMessage } from "node:http";
import { LiteHeaders } from "./lite-headers.js";

type FetchInput = string | URL | { url: string };
interface FetchInit {
  method?: string;
  headers?: unknown;
  body?: unknown;
  signal?: AbortSignal | null;
}

/**
 * A small `fetch` for non-streaming JSON APIs, on `node:http`/`node:https`. It answers the part of
 * the Fetch API the Anthropic SDK uses (status, headers, text, json, clone, a cancellable body) and
 * keeps undici's HTTP stack from starting, which saves start-up time in a one-call process.
 * The body is read whole before the promise resolves; an abort destroys the socket.
 */
export async function httpFetch(input: FetchInput, init: FetchInit = {}): Promise<Response> {
  const url = new URL(typeof input === "string" || input instanceof URL ? input : input.url);
  const signal = init.signal ?? undefined;
  // node:https (and TLS) load only for https URLs
  const send = url.protocol === "https:" ? (await import("node:https")).request : httpRequest;
  return new Promise<Response>((resolvePromise, rejectPromise) => {
    if (signal?.aborted) {
      rejectPromise(abortError(signal));
      return;
    }
    const body = bodyBuffer(init.body);
    const headers = headerRecord(init.headers);
    if (body && headers["content-length"] === undefined) headers["content-length"] = String(body.length);
    const request = send(url, { method: init.method ?? "GET", headers });
    const onAbort = () => {
      request.destroy();
      rejectPromise(abortError(signal));
    };
    signal?.addEventListener("abort", onAbort, { once: true });
    const done = () => signal?.removeEventListener("abort", onAbort);
    request.on("error", (error) => {
      done();
      rejectPromise(Object.assign(new TypeError("fetch failed", { cause: error })));
    });
    request.on("response", (response: IncomingMessage) => {
      const chunks: Buffer[] = [];
      response.on("data", (chunk: Buffer) => chunks.push(chunk));
      response.on("error", (error) => {
        done();
        rejectPromise(new TypeError("fetch failed", { cause: error }));
      });
      response.on("end", () => {
        done();
        resolvePromise(createResponse(url.href, response, Buffer.concat(chunks)));
      });
    });
    request.end(body);
  });
}

function createResponse(url: string, message: IncomingMessage, buffer: Buffer): Response {
  // the small class rather than the global: the answer is only read, and the global is undici's
  const headers = new LiteHeaders();
  for (const [name, value] of Object.entries(message.headers)) {
    if (Array.isArray(value)) for (const item of value) headers.append(name, item);
    else if (value !== undefined) headers.set(name, value);
  }
  const status = message.statusCode ?? 0;
  const make = (): Response => {
    let used = false;
    const take = () => {
      used = true;
      return buffer;
    };
    const response = {
      url,
      status,
      statusText: message.statusMessage ?? "",
      ok: status >= 200 && status < 300,
      redirected: false,
      type: "basic",
      headers,
      get bodyUsed() {
        return used;
      },
      body: {
        locked: false,
        async *[Symbol.asyncIterator]() {
          yield new Uint8Array(take());
        },
      },
      text: async () => take().toString("utf8"),
      json: async () => JSON.parse(take().toString("utf8")) as unknown,
      arrayBuffer: async () => {
        const bytes = take();
        return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
      },
      clone: () => make(),
    };
    return response as unknown as Response;
  };
  return make();
}

function bodyBuffer(body: unknown): Buffer | undefined {
  if (body === undefined || body === null) return undefined;
  if (typeof body === "string") return Buffer.from(body);
  if (body instanceof Uint8Array) return Buffer.from(body);
  if (body instanceof ArrayBuffer) return Buffer.from(body);
  throw new TypeError("hookjudge's fetch sends only string or byte bodies");
}

function headerRecord(headers: unknown): Record<string, string> {
  const record: Record<string, string> = {};
  if (!headers) return record;
  const entries: Iterable<[string, string]> =
    typeof (headers as { entries?: unknown }).entries === "function" && !Array.isArray(headers)
      ? (headers as Headers).entries()
      : Array.isArray(headers)
        ? (headers as Array<[string, string]>)
        : Object.entries(headers as Record<string, string>);
  for (const [name, value] of entries) {
    if (value !== undefined && value !== null) record[name.toLowerCase()] = String(value);
  }
  return record;
}

function abortError(signal: AbortSignal | undefined): Error {
  const reason: unknown = signal?.reason;
  if (reason instanceof Error && reason.name === "AbortError") return reason;
  const error = new Error("This operation was aborted", { cause: reason });
  error.name = "AbortError";
  return error;
}
