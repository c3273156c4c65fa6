import { withinTimeLimit } from '../time-limit.js';

/**
 * What the stores need of a Redis client: node-redis's `sendCommand`, with its per-command
 * `timeout`. A client from `createClient()` (package `redis`, v5 or v6) is one.
 */
export interface RedisClient {
  sendCommand(args: string[], options?: { timeout?: number }): Promise<unknown>;
}

/** Replaces the value only while it is still the caller's: a holder whose lease ended changes nothing. */
const REPLACE_IF_HELD = `if redis.call('GET', KEYS[1]) == ARGV[1] then
  redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[3])
  return 1
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

/** The stores' few atomic steps, each one command with a time limit; the client rejects when Redis is down or slow. */
export class RedisCommands {
  readonly #client: RedisClient;
  readonly #timeoutMs: number;
  readonly #options: { timeout: number };

  constructor(client: RedisClient, timeoutMs: number) {
    if (client === null || typeof client !== 'object' || typeof client.sendCommand !== 'function') {
      throw new TypeError('payfect-checkout: createRedisStores needs a connected node-redis client (createClient() from `redis`)');
    }
    this.#client = client;
    this.#timeoutMs = timeoutMs;
    this.#options = { timeout: timeoutMs };
  }

  // node-redis's own timeout drops a command still queued (Redis unreachable); ours also ends one sent to a hung Redis.
  #send(args: string[]): Promise<unknown> {
    return withinTimeLimit(this.#client.sendCommand(args, this.#options), this.#timeoutMs, () => new Error(`Redis did not answer within ${this.#timeoutMs} ms`));
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
