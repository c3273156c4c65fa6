import { evictOldest } from './bounded-map.js';
import { DEFAULTS } from './defaults.js';

/** One client's count in its current fixed window. */
export interface RateLimitHit {
  count: number;
  /** Epoch ms when the window ends and the count restarts. */
  resetAt: number;
}

/** Counts hits per key; Redis, KV or a database can implement it (e.g. INCR + PEXPIRE). */
export interface RateLimitStore {
  hit(key: string, windowMs: number): RateLimitHit | Promise<RateLimitHit>;
}

/**
 * Fixed windows in a Map. Map order is insertion order and every window has the same
 * length, so the oldest entries expire first; at `maxKeys` the oldest are dropped.
 */
export class MemoryRateLimitStore implements RateLimitStore {
  readonly maxKeys: number;
  readonly #windows = new Map<string, RateLimitHit>();
  readonly #now: () => number;

  constructor(options: { maxKeys?: number; now?: () => number } = {}) {
    this.maxKeys = options.maxKeys ?? DEFAULTS.rateLimit.maxKeys;
    this.#now = options.now ?? Date.now;
  }

  get size(): number {
    return this.#windows.size;
  }

  hit(key: string, windowMs: number): RateLimitHit {
    const now = this.#now();
    const current = this.#windows.get(key);
    if (current !== undefined && current.resetAt > now) {
      current.count += 1;
      return { count: current.count, resetAt: current.resetAt };
    }
    // Re-inserting moves the key to the end, keeping the Map ordered by expiry.
    if (current !== undefined) this.#windows.delete(key);
    else evictOldest(this.#windows, this.maxKeys, now, windowEnd);
    const fresh = { count: 1, resetAt: now + windowMs };
    this.#windows.set(key, fresh);
    return { count: 1, resetAt: fresh.resetAt };
  }

}

const windowEnd = (window: RateLimitHit): number => window.resetAt;

export type RateLimitVerdict = { allowed: true } | { allowed: false; retryAfterSeconds: number };

export class RateLimiter {
  readonly #store: RateLimitStore;
  readonly #windowMs: number;
  readonly #max: number;
  readonly #now: () => number;

  constructor(options: { windowMs: number; max: number; store: RateLimitStore; now?: () => number }) {
    this.#store = options.store;
    this.#windowMs = options.windowMs;
    this.#max = options.max;
    this.#now = options.now ?? Date.now;
  }

  async check(key: string): Promise<RateLimitVerdict> {
    const hit = await this.#store.hit(key, this.#windowMs);
    if (hit.count <= this.#max) return ALLOWED;
    return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((hit.resetAt - this.#now()) / 1000)) };
  }
}

const ALLOWED: RateLimitVerdict = { allowed: true };
