import * as z from 'zod/mini';
import { Milliseconds, resolveOptions, strictOptions } from '../../../shared/option-schema.js';
import { RedisCommands, type RedisClient } from './commands.js';
import { RedisCompletionStore } from './completion-store.js';
import { RedisIdempotencyStore } from './idempotency-store.js';
import { RedisRateLimitStore } from './rate-limit-store.js';

const RedisStoresSchema = strictOptions({
  /** Put before every key, so several shops or environments can share one Redis. Default 'payfect:'. */
  prefix: z._default(z.string(), 'payfect:'),
  /** The time limit the handlers put on each call to these stores; a slower answer fails the call (503, or no rate limit). Default 1000. */
  timeoutMs: z._default(Milliseconds, 1000),
});
export type RedisStoresOptions = z.input<typeof RedisStoresSchema>;

export interface RedisStores {
  idempotency: RedisIdempotencyStore;
  rateLimit: RedisRateLimitStore;
  completion: RedisCompletionStore;
}

/**
 * The three stores on one connected node-redis client (Redis 7 or later), for running the
 * endpoint on more than one instance. Every key has the prefix and a TTL.
 */
export function createRedisStores(redis: RedisClient, options: RedisStoresOptions = {}): RedisStores {
  const { prefix, timeoutMs } = resolveOptions(RedisStoresSchema, options, 'createRedisStores');
  const commands = new RedisCommands(redis, timeoutMs);
  return {
    idempotency: new RedisIdempotencyStore(commands, prefix),
    rateLimit: new RedisRateLimitStore(commands, prefix),
    completion: new RedisCompletionStore(commands, prefix),
  };
}

export type { RedisClient } from './commands.js';
export { RedisCompletionStore, RedisIdempotencyStore, RedisRateLimitStore };
