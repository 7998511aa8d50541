import { spawn, type ChildProcessWithoutNullStreams } from "node:child_process";
import { request as httpRequest } from "node:http";
import { CLI, testHome } from "./cli.js";

/** A `hookjudge serve` process. */
export interface ServeProcess {
  url: string;
  child: ChildProcessWithoutNullStreams;
  /** Everything it has printed on stderr so far. */
  stderr: () => string;
  exited: Promise<number | null>;
}

/**
 * Start `node dist/cli.js serve --port 0 …args` as a real process, with the given environment only
 * (plus PATH), and wait for the address it prints.
 */
export function startServeProcess(args: string[], env: Record<string, string>, cwd?: string): Promise<ServeProcess> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, "serve", "--port", "0", ...args], { ...(cwd ? { cwd } : {}), env: { PATH: process.env["PATH"] ?? "", HOME: testHome(), ...env } });
    let stderr = "";
    const exited = new Promise<number | null>((done) => child.on("close", done));
    // a test that fails or times out before it stops its server must not leave it running
    const stop = () => child.kill("SIGKILL");
    process.once("exit", stop);
    void exited.then(() => process.off("exit", stop));
    child.stdout.resume();
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => {
      stderr += chunk;
      const found = /listening on (http:\/\/\S+)/.exec(stderr);
      if (found) resolve({ url: found[1]!, child, stderr: () => stderr, exited });
    });
    void exited.then((code) => reject(new Error(`serve exited with ${code} before listening: ${stderr}`)));
  });
}

/** An HTTP answer, read whole. */
export interface HttpAnswer {
  status: number;
  body: string;
  headers: Record<string, string | string[] | undefined>;
}

/** Send one request and read the whole answer. */
export function sendHttp(method: string, url: string, body?: string, headers: Record<string, string> = {}): Promise<HttpAnswer> {
  return new Promise((resolve, reject) => {
    const request = httpRequest(url, { method, headers: { "content-type": "application/json", ...headers } });
    request.on("error", reject);
    request.on("response", (response) => {
      let text = "";
      response.setEncoding("utf8").on("data", (chunk: string) => (text += chunk));
      response.on("end", () => resolve({ status: response.statusCode ?? 0, body: text, headers: response.headers }));
    });
    request.end(body);
  });
}
