import { HookJudgeError } from "../errors.js";
import type { HookDefinition } from "../hook/definition.js";
import { checkRuntimeName, parseCommandArgs, parsePositiveNumber } from "./args.js";
import { UsageError, type CliIo } from "./io.js";
import { FLAGS } from "./flags.js";

/** Grace for requests in flight when the server is told to stop, in ms. */
const SHUTDOWN_GRACE_MS = 10_000;

/**
 * `hookjudge serve`: answer Claude Code's `type: "http"` hooks from one long-lived process.
 * `--print-settings` prints the settings snippet for the configured hooks and exits.
 */
export async function serveCommand(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommandArgs("serve", argv, FLAGS["serve"]);
  if (positionals.length > 0) throw new UsageError(`serve takes no arguments, received ${JSON.stringify(positionals[0])}`);
  const host = values.host ?? "127.0.0.1";
  const port = values.port === undefined ? 8787 : parsePort(values.port);
  const token = secretFromEnv("--token-env", values["token-env"], io);
  const hmacSecret = secretFromEnv("--hmac-secret-env", values["hmac-secret-env"], io);
  const concurrency = parsePositiveNumber("--concurrency", values.concurrency, true);
  const queue = values.queue === undefined ? undefined : parseCount("--queue", values.queue);
  const maxBody = parsePositiveNumber("--max-body", values["max-body"], true);
  checkRuntimeName(values.runtime);

  if (values["print-settings"]) {
    const { HookResolver } = await import("../serve/hooks.js");
    const resolver = new HookResolver({ cwd: io.cwd, ...(values.hooks ? { hooksDir: values.hooks } : {}), ...(values.settings ? { settingsFile: values.settings } : {}) });
    const configured = resolver.names().flatMap((name): HookDefinition[] => {
      const hook = resolver.resolve(name);
      if (!hook || hook.source.startsWith("builtin:")) return [];
      // a hook that does not load would answer only with its error: it is named, not printed
      if (hook.loadError) {
        io.stderr(`hookjudge serve: left out ${name}: ${hook.loadError.message}\n`);
        return [];
      }
      return [hook];
    });
    const base = `http://${host.includes(":") ? `[${host}]` : host}:${port}`;
    if (hmacSecret) io.stderr("hookjudge serve: Claude Code cannot sign requests; these settings suit a server without --hmac-secret-env (signed requests are for other senders)\n");
    const { runtimeNamed } = await import("../runtimes/index.js");
    const runtime = runtimeNamed((values.runtime ?? "claude-code") as Parameters<typeof runtimeNamed>[0]);
    const snippet = runtime.settingsSnippet({ base, hooks: configured, ...(values["token-env"] ? { tokenEnv: values["token-env"] } : {}) });
    io.stdout(JSON.stringify(snippet, null, 2) + "\n");
    return 0;
  }
  if (!io.untilShutdown) throw new UsageError("serve needs a process to run in (use the hookjudge command)");

  // a shared store (Redis) holds every project's state; without one, each event's state folder does
  const store = values.store === undefined || values.store === "files" ? undefined : await (await import("../store/open.js")).openStore(values.store, io.cwd);
  const { startServer } = await import("../serve/server.js");
  let server;
  try {
    server = await startServer({
      host,
      port,
      env: io.env,
      cwd: io.cwd,
      ...(values.hooks ? { hooksDir: values.hooks } : {}),
      ...(values.settings ? { settingsFile: values.settings } : {}),
      ...(token ? { token } : {}),
      ...(hmacSecret ? { hmacSecret } : {}),
      ...(concurrency ? { concurrency } : {}),
      ...(queue !== undefined ? { queue } : {}),
      ...(maxBody ? { maxBody } : {}),
      ...(store ? { store } : {}),
      log: (line) => io.stderr(`${new Date().toISOString()} ${line}\n`),
    });
  } catch (error) {
    await store?.close();
    const message = (error as Error).message;
    throw new HookJudgeError("config", `hookjudge serve cannot start: ${message}`, { cause: error });
  }
  io.stderr(`hookjudge serve: listening on ${server.url}${token ? " (bearer token required)" : ""}${hmacSecret ? " (signed requests only)" : ""}${store ? ` (shared state in ${store.where})` : ""}\n`);
  const signal = await io.untilShutdown();
  io.stderr(`hookjudge serve: ${signal}: no new connections; finishing the requests in flight (up to ${SHUTDOWN_GRACE_MS / 1000} s)\n`);
  await server.close(SHUTDOWN_GRACE_MS);
  await store?.close();
  io.stderr("hookjudge serve: stopped\n");
  return 0;
}

function parsePort(value: string): number {
  const port = Number(value);
  if (!/^\d+$/.test(value.trim()) || port > 65535) throw new UsageError(`--port expects a port number (0-65535), received ${JSON.stringify(value)}`);
  return port;
}

function parseCount(flag: string, value: string): number {
  if (!/^\d+$/.test(value.trim())) throw new UsageError(`${flag} expects a whole number, received ${JSON.stringify(value)}`);
  return Number(value);
}

/** A secret named by an environment variable: the variable must be set and not empty. */
function secretFromEnv(flag: string, name: string | undefined, io: CliIo): string | undefined {
  if (name === undefined) return undefined;
  // a trailing newline from `openssl … > file` and `$(cat file)` is not part of the secret
  const value = io.env[name]?.trim();
  if (!value) throw new UsageError(`${flag} ${name}: the environment variable ${name} is not set (or empty)`);
  return value;
}
