import { fstatSync, readFileSync, writeSync } from "node:fs";
import { installLiteHeaders } from "../internal/lite-headers.js";
import { answerFailure, hookInvocation, run, silentStderr } from "./index.js";

// the process edge may shape globals; the library never does
installLiteHeaders();

/**
 * The whole of stdin. A terminal or /dev/null (character devices) gives "". A pipe or file is read
 * with one synchronous read to its end: the stream API would load node:stream and node:net, over
 * 10 ms of every hook process's start-up. A non-blocking pipe (EAGAIN) falls back to the stream.
 */
function readStdin(): Promise<string> {
  try {
    if (fstatSync(0).isCharacterDevice()) return Promise.resolve("");
    return Promise.resolve(readFileSync(0, "utf8"));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    // no stdin at all (closed descriptor) reads as empty, like a closed pipe
    if (code === "EBADF") return Promise.resolve("");
    if (code !== "EAGAIN") return Promise.reject(error as Error);
  }
  return readStdinStream();
}

function readStdinStream(): Promise<string> {
  if (process.stdin.isTTY) return Promise.resolve("");
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    process.stdin.on("data", (chunk: Buffer) => chunks.push(chunk));
    process.stdin.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    process.stdin.on("error", reject);
  });
}

/**
 * Write `text` to stdout (1) or stderr (2) synchronously, as the stream API would for a pipe or a
 * file, without loading node:stream and node:net (several ms of start-up). A non-blocking
 * descriptor (EAGAIN) hands the rest, and every later write, to the stream, keeping the order; a
 * reader that has gone (EPIPE) gets nothing more.
 */
function createWriter(fd: 1 | 2): (text: string) => void {
  let mode: "sync" | "stream" | "closed" = "sync";
  const stream = () => (fd === 1 ? process.stdout : process.stderr);
  return (text) => {
    if (mode === "closed") return;
    if (mode === "stream") {
      stream().write(text);
      return;
    }
    const bytes = Buffer.from(text, "utf8");
    let offset = 0;
    try {
      while (offset < bytes.length) offset += writeSync(fd, bytes, offset);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === "EPIPE") mode = "closed";
      else if (code === "EAGAIN") {
        mode = "stream";
        stream().write(bytes.subarray(offset));
      } else throw error;
    }
  };
}

const env = { ...process.env };
// everything this process starts inherits the mark, so a nested hookjudge passes at once
process.env["HOOKJUDGE_ACTIVE"] = "1";

const argv = process.argv.slice(2);
const writeStdout = createWriter(1);
let stdinText: Promise<string> | undefined;
let terminal: import("node:readline/promises").Interface | undefined;
let answered = false;
const io = {
  // read once: the last resort below may need the event again
  readStdin: () => (stdinText ??= readStdin()),
  stdout: (text: string) => {
    answered ||= text !== "";
    writeStdout(text);
  },
  // pydantic-deep mixes stderr into the answer it reads: with --runtime pydantic-deep nothing goes there, a crash included
  stderr: silentStderr(argv) ? () => {} : createWriter(2),
  env,
  cwd: process.cwd(),
  // only a terminal at both ends can be asked; node:tty and readline load only when a command
  // asks (they bring node:net and the streams; process.stdin, once created, would also take a piped event)
  ask: async (question: string) => {
    // a builtin, not import(): the bundle runs in a vm.Script, which has no dynamic import
    const { isatty } = process.getBuiltinModule("node:tty");
    if (!isatty(0) || !isatty(1)) return undefined;
    // one reader for every question, paused between them so that it never keeps the process alive
    terminal ??= process.getBuiltinModule("node:readline/promises").createInterface({ input: process.stdin, output: process.stdout });
    terminal.resume();
    try {
      return await terminal.question(question);
    } catch {
      // Ctrl+D or Ctrl+C at a question: no to it and to the rest
      return "n";
    } finally {
      terminal.pause();
    }
  },
  // the handlers are installed only by a command that waits for them, so Ctrl-C stops any other
  untilShutdown: () => new Promise<string>((resolve) => {
    for (const signal of ["SIGTERM", "SIGINT"] as const) process.once(signal, () => resolve(signal));
  }),
};

// the last resort: an error that escapes every await (a throw in a callback) would end the process
// with exit 1 and no output, which a host reads as "go ahead"; a hook command answers through the
// event's failure policy instead
let escaped = false;
const onEscaped = (error: unknown) => {
  if (escaped) return;
  escaped = true;
  const failing = argv[0] === undefined ? undefined : hookInvocation(argv[0], argv.slice(1));
  void (failing ? answerFailure(failing, error, io, answered) : Promise.resolve(undefined))
    .catch(() => undefined)
    .then((code) => {
      if (code === undefined) io.stderr(`hookjudge: unexpected error: ${(error as Error)?.stack ?? String(error)}\n`);
      process.exit(code ?? 1);
    });
};
process.on("uncaughtException", onEscaped);
process.on("unhandledRejection", onEscaped);

void run(argv, io).then((code) => {
  process.exitCode = code;
});
