import type { RateLimitHit, RateLimitStore } from '../rate-limit.js';
import type { RedisCommands } from './commands.js';
import { RedisStore } from './redis-store.js';

/** One counter per client and window, which expires with its window. */
export class RedisRateLimitStore extends RedisStore implements RateLimitStore {
  constructor(redis: RedisCommands, prefix: string) {
    super(redis, `${prefix}rate:`);
  }

  async hit(key: string, windowMs: number): Promise<RateLimitHit> {
    const { count, remainingMs } = await this.redis.hitWindow(this.key(key), windowMs);
    return { count, resetAt: Date.now() + remainingMs };
  }
}
