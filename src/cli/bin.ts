import { installLiteHeaders } from "../internal/lite-headers.js";
import { run } from "./index.js";

// the process edge may shape globals; the library never does
installLiteHeaders();

function readStdin(): Promise<string> {
  if (process.stdin.isTTY) return Promise.resolve("");
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    process.stdin.on("data", (chunk: Buffer) => chunks.push(chunk));
    process.stdin.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    process.stdin.on("error", reject);
  });
}

const env = { ...process.env };
// everything this process starts inherits the mark, so a nested hookjudge passes at once
process.env["HOOKJUDGE_ACTIVE"] = "1";

void run(process.argv.slice(2), {
  readStdin,
  stdout: (text) => void process.stdout.write(text),
  stderr: (text) => void process.stderr.write(text),
  env,
  cwd: process.cwd(),
}).then((code) => {
  process.exitCode = code;
});
