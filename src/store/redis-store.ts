import { randomBytes } from "../internal/crypto.js";
import { HookJudgeError } from "../errors.js";
import { asideStamp, type StateStore } from "./store.js";

type RedisClient = ReturnType<typeof import("redis").createClient>;

/** The Redis client versions hookjudge works with (an optional peer: only `--store redis://` needs it). */
export const REDIS_PEER_RANGE = "^5.12.1";

/** How long a lock is held at most before Redis lets it go (a holder that died). */
const LOCK_TTL_MS = 30_000;
/** How long a caller waits for a lock. */
const LOCK_WAIT_MS = 10_000;
// delete the lock only if it still holds our token: a lock that expired and was taken is not ours
const UNLOCK_SCRIPT = 'if redis.call("get", KEYS[1]) == ARGV[1] then return redis.call("del", KEYS[1]) else return 0 end';

/**
 * Connect to Redis at `url` (`redis://[user:password@]host[:port][/db]`, or `rediss://` for TLS)
 * and return a store whose keys all start with `hookjudge:`. The client loads only here.
 * @throws HookJudgeError `config` when Redis cannot be reached.
 */
export async function openRedisStore(url: string): Promise<StateStore> {
  const { createClient } = await importRedis();
  const where = redactUrl(url);
  let connected = false;
  // once connected, a dropped connection is retried; the first connection is tried once, so a
  // wrong address is an error at start rather than a server that hangs
  const reconnectStrategy = (retries: number, cause: Error) => (connected ? Math.min(50 * 2 ** retries, 2000) : cause);
  // while reconnecting, commands fail at once rather than wait in a queue past the hook's timeout
  const client = createClient({ url, disableOfflineQueue: true, socket: { connectTimeout: 5000, reconnectStrategy } });
  // a connection that drops is retried by the client; its errors must not end the process
  client.on("error", () => {});
  try {
    await client.connect();
    connected = true;
  } catch (error) {
    throw new HookJudgeError("config", `cannot connect to the store at ${where}: ${(error as Error).message}`, { cause: error });
  }
  return new RedisStore(client, where);
}

/** The Redis client, or a `config` error that says how to install it. */
async function importRedis(): Promise<typeof import("redis")> {
  try {
    return await import("redis");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if ((code !== "ERR_MODULE_NOT_FOUND" && code !== "MODULE_NOT_FOUND") || !String((error as Error).message).includes("redis")) throw error;
    throw new HookJudgeError(
      "config",
      `--store redis:// needs the optional package redis, which is not installed: run npm install redis@"${REDIS_PEER_RANGE}" in the project where hookjudge is installed (npm install -g redis@"${REDIS_PEER_RANGE}" for a global hookjudge), or leave --store out to keep the state in files`,
      { cause: error },
    );
  }
}

/** How long one Redis command may take before the caller is told the store is not answering. */
const COMMAND_TIMEOUT_MS = 5000;

class RedisStore implements StateStore {
  constructor(
    private readonly client: RedisClient,
    readonly where: string,
    private readonly prefix = "hookjudge:",
  ) {}

  // a stalled Redis (or a half-open connection) must not hold a request past its hook's timeout
  async #within<T>(what: string, command: Promise<T>): Promise<T> {
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new HookJudgeError("state", `the store at ${this.where} did not answer ${what} within ${COMMAND_TIMEOUT_MS / 1000} s`)), COMMAND_TIMEOUT_MS);
    });
    try {
      return await Promise.race([command, late]);
    } finally {
      clearTimeout(timer);
    }
  }

  // the keys of a folder that never expire (loops) are listed in a set, so listing them never
  // walks the keyspace; keys with a time-to-live (counters, cache) are never listed
  #index(key: string): string {
    return `${this.prefix}index:${key.slice(0, key.lastIndexOf("/") + 1)}`;
  }

  async read(key: string): Promise<string | undefined> {
    return (await this.#within(`GET ${key}`, this.client.get(this.prefix + key))) ?? undefined;
  }

  async write(key: string, text: string, options: { ttlSeconds?: number } = {}): Promise<void> {
    if (options.ttlSeconds !== undefined) {
      await this.#within(`SET ${key}`, this.client.set(this.prefix + key, text, { EX: Math.max(1, Math.ceil(options.ttlSeconds)) }));
      return;
    }
    await this.#within(`SET ${key}`, this.client.multi().set(this.prefix + key, text).sAdd(this.#index(key), key).exec());
  }

  async remove(key: string): Promise<void> {
    await this.#within(`DEL ${key}`, this.client.multi().del(this.prefix + key).sRem(this.#index(key), key).exec());
  }

  async setAside(key: string): Promise<string> {
    const to = `${key}.corrupt-${asideStamp()}`;
    await this.#within(`RENAME ${key}`, this.client.multi().rename(this.prefix + key, this.prefix + to).sRem(this.#index(key), key).exec());
    return `${this.where} key ${this.prefix}${to}`;
  }

  async list(folder: string): Promise<string[]> {
    const prefix = folder.endsWith("/") ? folder : `${folder}/`;
    const keys = await this.#within(`SMEMBERS ${prefix}`, this.client.sMembers(this.#index(prefix)));
    return keys.filter((key) => !key.slice(prefix.length).includes("/")).sort();
  }

  async withLock<T>(name: string, work: () => Promise<T>): Promise<T> {
    const key = `${this.prefix}lock:${name}`;
    const token = randomBytes(12).toString("hex");
    const deadline = Date.now() + LOCK_WAIT_MS;
    while ((await this.#within(`SET ${key}`, this.client.set(key, token, { NX: true, PX: LOCK_TTL_MS }))) !== "OK") {
      if (Date.now() > deadline) throw new HookJudgeError("state", `could not lock ${name} in ${this.where}: another hookjudge holds it`);
      await new Promise((resolve) => setTimeout(resolve, 2 + Math.floor(Math.random() * 8)));
    }
    try {
      return await work();
    } finally {
      // a lock that cannot be released expires by itself: the work's own result or error stands
      await this.#within(`unlock ${name}`, this.client.eval(UNLOCK_SCRIPT, { keys: [key], arguments: [token] })).catch(() => {});
    }
  }

  async close(): Promise<void> {
    // a polite close waits for the server; one that is gone gets the socket closed under it
    const closed = this.client.close().catch(() => {});
    const gave = await Promise.race([closed.then(() => true), new Promise<boolean>((resolve) => setTimeout(() => resolve(false), 1000).unref())]);
    if (!gave) this.client.destroy();
  }
}

/** The URL without its password, for messages. */
function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = "***";
    return parsed.toString();
  } catch {
    return "the given Redis URL";
  }
}
