import type { CompletionReservation, CompletionStore } from '../completion-store.js';
import type { RedisCommands } from './commands.js';
import { RedisStore } from './redis-store.js';

const DONE = 'done';

/** One key per checkout: `lease <token>` while a callback fulfils it, then `done` for the ttl. */
export class RedisCompletionStore extends RedisStore implements CompletionStore {
  constructor(redis: RedisCommands, prefix: string) {
    super(redis, `${prefix}completion:`);
  }

  async reserve(checkoutId: string, leaseMs: number): Promise<CompletionReservation> {
    const token = `lease ${crypto.randomUUID()}`;
    const previous = await this.redis.setIfAbsent(this.key(checkoutId), token, leaseMs);
    if (previous === null) return { state: 'reserved', token };
    return previous === DONE ? { state: 'completed' } : { state: 'in_progress' };
  }

  async complete(checkoutId: string, _token: string, ttlMs: number): Promise<void> {
    // Whoever holds the lease now, the fulfilment happened (a late holder's lease had expired): record it, as the memory store does.
    await this.redis.set(this.key(checkoutId), DONE, ttlMs);
  }

  async isCompleted(checkoutId: string): Promise<boolean> {
    return (await this.redis.get(this.key(checkoutId))) === DONE;
  }

  async renew(checkoutId: string, token: string, leaseMs: number): Promise<boolean> {
    return this.redis.expireIfHeld(this.key(checkoutId), token, leaseMs);
  }

  async release(checkoutId: string, token: string): Promise<void> {
    await this.redis.deleteIfHeld(this.key(checkoutId), token);
  }
}
