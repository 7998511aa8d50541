import { randomBytes } from "../internal/crypto.js";
import { HookJudgeError } from "../errors.js";
import { asideStamp, type StateStore } from "./store.js";

type RedisClient = ReturnType<typeof import("redis").createClient>;

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
  const { createClient } = await import("redis");
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

class RedisStore implements StateStore {
  constructor(
    private readonly client: RedisClient,
    readonly where: string,
    private readonly prefix = "hookjudge:",
  ) {}

  async read(key: string): Promise<string | undefined> {
    return (await this.client.get(this.prefix + key)) ?? undefined;
  }

  async write(key: string, text: string, options: { ttlSeconds?: number } = {}): Promise<void> {
    const ttl = options.ttlSeconds === undefined ? undefined : Math.max(1, Math.ceil(options.ttlSeconds));
    await this.client.set(this.prefix + key, text, ttl === undefined ? undefined : { EX: ttl });
  }

  async remove(key: string): Promise<void> {
    await this.client.del(this.prefix + key);
  }

  async setAside(key: string): Promise<string> {
    const to = `${key}.corrupt-${asideStamp()}`;
    await this.client.rename(this.prefix + key, this.prefix + to);
    return `${this.where} key ${this.prefix}${to}`;
  }

  async list(folder: string): Promise<string[]> {
    const prefix = folder.endsWith("/") ? folder : `${folder}/`;
    const keys: string[] = [];
    for await (const batch of this.client.scanIterator({ MATCH: `${this.prefix}${escapeGlob(prefix)}*`, COUNT: 500 })) {
      for (const full of batch) {
        const key = full.slice(this.prefix.length);
        const name = key.slice(prefix.length);
        if (!name.includes("/") && !name.startsWith(".")) keys.push(key);
      }
    }
    return keys.sort();
  }

  async withLock<T>(name: string, work: () => Promise<T>): Promise<T> {
    const key = `${this.prefix}lock:${name}`;
    const token = randomBytes(12).toString("hex");
    const deadline = Date.now() + LOCK_WAIT_MS;
    while ((await this.client.set(key, token, { NX: true, PX: LOCK_TTL_MS })) !== "OK") {
      if (Date.now() > deadline) throw new HookJudgeError("state", `could not lock ${name} in ${this.where}: another hookjudge holds it`);
      await new Promise((resolve) => setTimeout(resolve, 2 + Math.floor(Math.random() * 8)));
    }
    try {
      return await work();
    } finally {
      await this.client.eval(UNLOCK_SCRIPT, { keys: [key], arguments: [token] });
    }
  }

  async close(): Promise<void> {
    await this.client.quit().catch(() => {});
  }
}

function escapeGlob(text: string): string {
  return text.replace(/[*?[\]\\]/g, (character) => `\\${character}`);
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
