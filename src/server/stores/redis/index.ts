import { RedisCommands, type RedisClient } from './commands.js';
import { RedisCompletionStore } from './completion-store.js';
import { RedisIdempotencyStore } from './idempotency-store.js';
import { RedisRateLimitStore } from './rate-limit-store.js';

export interface RedisStoresOptions {
  /** Put before every key, so several shops or environments can share one Redis. Default 'payfect:'. */
  prefix?: string;
  /** The time limit of each Redis command; a slower answer fails the call (503, or no rate limit). Default 1000. */
  timeoutMs?: number;
}

export interface RedisStores {
  idempotency: RedisIdempotencyStore;
  rateLimit: RedisRateLimitStore;
  completion: RedisCompletionStore;
}

const DEFAULT_PREFIX = 'payfect:';
const DEFAULT_TIMEOUT_MS = 1000;

/**
 * The three stores on one connected node-redis client (Redis 7 or later), for running the
 * endpoint on more than one instance. Every key has the prefix and a TTL.
 */
export function createRedisStores(redis: RedisClient, options: RedisStoresOptions = {}): RedisStores {
  const prefix = options.prefix ?? DEFAULT_PREFIX;
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  if (typeof prefix !== 'string') throw new TypeError('payfect-checkout: `prefix` must be a string');
  if (!Number.isSafeInteger(timeoutMs) || timeoutMs < 1) {
    throw new TypeError(`payfect-checkout: \`timeoutMs\` must be a positive integer, got ${String(timeoutMs)}`);
  }
  const commands = new RedisCommands(redis, timeoutMs);
  return {
    idempotency: new RedisIdempotencyStore(commands, prefix),
    rateLimit: new RedisRateLimitStore(commands, prefix),
    completion: new RedisCompletionStore(commands, prefix),
  };
}

export type { RedisClient } from './commands.js';
export { RedisCompletionStore, RedisIdempotencyStore, RedisRateLimitStore };
