import * as z from 'zod/mini';
import { CheckoutSession } from '../../../shared/checkout-session.js';
import type { IdempotencyReservation, IdempotencyStore, StoredCheckout } from '../idempotency.js';
import type { RedisCommands } from './commands.js';
import { RedisStore } from './redis-store.js';

const HELD = 'held ';
const STORED = 'stored ';

/** A checkout as kept in Redis; parsed on the way back, since anything with the prefix could have written it. */
const StoredValue = z.object({ fingerprint: z.string(), session: CheckoutSession });

/**
 * One key per Idempotency-Key: `held <token> <fingerprint>` while a request creates the
 * checkout (for the lease), then `stored <json>` for the ttl.
 */
export class RedisIdempotencyStore extends RedisStore implements IdempotencyStore {
  constructor(redis: RedisCommands, prefix: string) {
    super(redis, `${prefix}idempotency:`);
  }

  async reserve(key: string, fingerprint: string, leaseMs: number): Promise<IdempotencyReservation> {
    const held = `${HELD}${crypto.randomUUID()} ${fingerprint}`;
    const previous = await this.redis.setIfAbsent(this.key(key), held, leaseMs);
    if (previous === null) return { state: 'reserved', token: held };
    if (previous.startsWith(HELD)) return { state: 'in_progress', fingerprint: previous.slice(previous.lastIndexOf(' ') + 1) };
    if (previous.startsWith(STORED)) {
      return { state: 'stored', value: StoredValue.parse(JSON.parse(previous.slice(STORED.length))) };
    }
    throw new Error(`payfect-checkout: the Redis key ${this.key(key)} holds a value this store did not write`);
  }

  async complete(key: string, token: string, value: StoredCheckout, ttlMs: number): Promise<void> {
    await this.redis.replaceIfHeld(this.key(key), token, STORED + JSON.stringify(value), ttlMs);
  }

  async renew(key: string, token: string, leaseMs: number): Promise<boolean> {
    return this.redis.expireIfHeld(this.key(key), token, leaseMs);
  }

  async release(key: string, token: string): Promise<void> {
    await this.redis.deleteIfHeld(this.key(key), token);
  }
}
