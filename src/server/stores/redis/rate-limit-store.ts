import type { RateLimitHit, RateLimitStore } from '../rate-limit.js';
import type { RedisCommands } from './commands.js';

/** One counter per client and window, which expires with its window. */
export class RedisRateLimitStore implements RateLimitStore {
  readonly #redis: RedisCommands;
  readonly #prefix: string;
  /** The handlers' time limit on each call: `createRedisStores`' `timeoutMs`. */
  readonly timeoutMs: number;

  constructor(redis: RedisCommands, prefix: string) {
    this.#redis = redis;
    this.timeoutMs = redis.timeoutMs;
    this.#prefix = `${prefix}rate:`;
  }

  async hit(key: string, windowMs: number): Promise<RateLimitHit> {
    const { count, remainingMs } = await this.#redis.hitWindow(this.#prefix + key, windowMs);
    return { count, resetAt: Date.now() + remainingMs };
  }
}
