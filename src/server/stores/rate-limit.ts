import { LRUCache } from 'lru-cache';
import { STORE_DEFAULTS } from '../defaults.js';
import { callStore, storeTimeLimit, type TimeLimitedStore } from './store-calls.js';

/** One client's count in its current fixed window. */
export interface RateLimitHit {
  count: number;
  /** Epoch ms when the window ends and the count restarts. */
  resetAt: number;
}

/**
 * Counts hits per key in fixed windows; the increment and the window's expiry are one
 * atomic step (Redis: INCR + PEXPIRE in a Lua script). Each call has a time limit
 * (`timeoutMs`, default 2000); a store that fails or hangs lets the request through.
 */
export interface RateLimitStore extends TimeLimitedStore {
  hit(key: string, windowMs: number): RateLimitHit | Promise<RateLimitHit>;
}

/** Fixed windows bounded by lru-cache: at `maxKeys` the least recently seen client is dropped. */
export class MemoryRateLimitStore implements RateLimitStore {
  readonly maxKeys: number;
  readonly #windows: LRUCache<string, RateLimitHit>;
  readonly #now: () => number;

  constructor(options: { maxKeys?: number; now?: () => number } = {}) {
    this.maxKeys = options.maxKeys ?? STORE_DEFAULTS.rateLimit.maxKeys;
    this.#windows = new LRUCache({ max: this.maxKeys });
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
    this.#windows.set(key, { count: 1, resetAt: now + windowMs });
    return { count: 1, resetAt: now + windowMs };
  }
}

export type RateLimitVerdict = { allowed: true } | { allowed: false; retryAfterSeconds: number };

const STORE_DOWN_WARNING =
  'payfect-checkout: the rate-limit store failed, so requests are let through unlimited until it answers again ' +
  '(idempotency still holds). This is said once per handler.';

export class RateLimiter {
  readonly #store: RateLimitStore;
  readonly #windowMs: number;
  readonly #max: number;
  readonly #now: () => number;
  readonly #timeoutMs: number;
  #warned = false;

  constructor(options: { windowMs: number; max: number; store: RateLimitStore; now?: () => number }) {
    this.#store = options.store;
    this.#windowMs = options.windowMs;
    this.#max = options.max;
    this.#now = options.now ?? Date.now;
    this.#timeoutMs = storeTimeLimit(options.store);
  }

  async check(key: string): Promise<RateLimitVerdict> {
    let hit: RateLimitHit;
    try {
      hit = await callStore('rate-limit store', 'hit', this.#timeoutMs, () => this.#store.hit(key, this.#windowMs));
    } catch (storeError) {
      // Failing open: a store outage must not refuse every buyer; a flood still meets idempotency and Payfect's limits.
      if (!this.#warned) console.warn(STORE_DOWN_WARNING, storeError);
      this.#warned = true;
      return ALLOWED;
    }
    if (hit.count <= this.#max) return ALLOWED;
    return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((hit.resetAt - this.#now()) / 1000)) };
  }
}

const ALLOWED: RateLimitVerdict = { allowed: true };
