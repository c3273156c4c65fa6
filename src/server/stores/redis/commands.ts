/**
 * What the stores need of a Redis client: node-redis's `sendCommand`, and `isReady` to
 * refuse at once while disconnected. A client from `createClient()` (package `redis`, v5 or v6) is one.
 */
export interface RedisClient {
  sendCommand(args: string[]): Promise<unknown>;
  readonly isReady?: boolean;
}

/** Replaces the value only while it is still the caller's: a holder whose lease ended changes nothing. */
const REPLACE_IF_HELD = `if redis.call('GET', KEYS[1]) == ARGV[1] then
  redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[3])
  return 1
end
return 0`;

/** Extends the value's expiry only while it is still the caller's: answers 1 if it was. */
const EXPIRE_IF_HELD = `if redis.call('GET', KEYS[1]) == ARGV[1] then
  return redis.call('PEXPIRE', KEYS[1], ARGV[2])
end
return 0`;

/** Deletes the value only while it is still the caller's. */
const DELETE_IF_HELD = `if redis.call('GET', KEYS[1]) == ARGV[1] then
  return redis.call('DEL', KEYS[1])
end
return 0`;

/** A fixed window: the increment and the window's expiry in one step, so no counter outlives its window. */
const HIT_WINDOW = `local count = redis.call('INCR', KEYS[1])
local ttl = redis.call('PTTL', KEYS[1])
if ttl < 0 then
  redis.call('PEXPIRE', KEYS[1], ARGV[1])
  ttl = tonumber(ARGV[1])
end
return {count, ttl}`;

/**
 * The stores' few atomic steps, each one command. The handlers put the time limit around
 * each store call (`timeoutMs`); a command is never abandoned here, so an answer that
 * comes late still reaches them (a late reserve gives its token back).
 */
export class RedisCommands {
  readonly #client: RedisClient;
  readonly timeoutMs: number;

  constructor(client: RedisClient, timeoutMs: number) {
    if (client === null || typeof client !== 'object' || typeof client.sendCommand !== 'function') {
      throw new TypeError('payfect-checkout: createRedisStores needs a connected node-redis client (createClient() from `redis`)');
    }
    this.#client = client;
    this.timeoutMs = timeoutMs;
  }

  // While node-redis reconnects it would queue a command and send it minutes later; refusing now is the honest answer.
  #send(args: string[]): Promise<unknown> {
    if (this.#client.isReady === false) return Promise.reject(new Error('Redis is not connected'));
    return this.#client.sendCommand(args);
  }

  /** SET NX PX GET: writes `value` for `ttlMs` unless the key exists; answers the value that was there, or null. */
  async setIfAbsent(key: string, value: string, ttlMs: number): Promise<string | null> {
    const previous = await this.#send(['SET', key, value, 'NX', 'PX', String(ttlMs), 'GET']);
    return previous === null ? null : String(previous);
  }

  async get(key: string): Promise<string | null> {
    const value = await this.#send(['GET', key]);
    return value === null ? null : String(value);
  }

  /** SET PX: a fact that holds whoever holds the key now, such as "this checkout was fulfilled". */
  async set(key: string, value: string, ttlMs: number): Promise<void> {
    await this.#send(['SET', key, value, 'PX', String(ttlMs)]);
  }

  async replaceIfHeld(key: string, held: string, value: string, ttlMs: number): Promise<void> {
    await this.#eval(REPLACE_IF_HELD, key, [held, value, String(ttlMs)]);
  }

  /** PEXPIRE while the key still holds `held`; answers whether it did. */
  async expireIfHeld(key: string, held: string, ttlMs: number): Promise<boolean> {
    return Number(await this.#eval(EXPIRE_IF_HELD, key, [held, String(ttlMs)])) === 1;
  }

  async deleteIfHeld(key: string, held: string): Promise<void> {
    await this.#eval(DELETE_IF_HELD, key, [held]);
  }

  /** The count in the key's current window and the milliseconds left in it. */
  async hitWindow(key: string, windowMs: number): Promise<{ count: number; remainingMs: number }> {
    const [count, remainingMs] = (await this.#eval(HIT_WINDOW, key, [String(windowMs)])) as [number, number];
    return { count: Number(count), remainingMs: Number(remainingMs) };
  }

  // EVAL, not EVALSHA: a restarted Redis has an empty script cache, and these scripts are a few hundred bytes.
  #eval(script: string, key: string, args: string[]): Promise<unknown> {
    return this.#send(['EVAL', script, '1', key, ...args]);
  }
}
