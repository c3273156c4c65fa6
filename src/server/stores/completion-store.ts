import { STORE_DEFAULTS } from '../defaults.js';
import type { TimeLimitedStore } from './store-calls.js';

/**
 * Remembers which checkouts were fulfilled, so `onCompleted` runs once per checkout. The
 * one atomic step is `reserve`: first writer wins, on one instance or fifty (Redis: SET NX PX).
 */
export type CompletionReservation =
  /** This caller holds the checkout for `leaseMs` and must fulfil it, then `complete` or `release` with the token. */
  | { state: 'reserved'; token: string }
  /** Fulfilled before: acknowledge, do not fulfil again. */
  | { state: 'completed' }
  /** Another caller (maybe another instance) holds a live reservation. */
  | { state: 'in_progress' };

/** Each call has a time limit (`timeoutMs`, default 2000); a store that throws, rejects or hangs is 503 `store_unavailable`. */
export interface CompletionStore extends TimeLimitedStore {
  /** Atomically: `completed` if fulfilled, `in_progress` if another live reservation exists, else reserve it. */
  reserve(checkoutId: string, leaseMs: number): Promise<CompletionReservation>;
  /** The holder extends its live reservation to `leaseMs` from now, while `onCompleted` runs; false once it is not the holder. */
  renew(checkoutId: string, token: string, leaseMs: number): Promise<boolean>;
  /** The holder marks the checkout fulfilled, remembered for `ttlMs`. */
  complete(checkoutId: string, token: string, ttlMs: number): Promise<void>;
  /** The holder gives the reservation up (its `onCompleted` threw), so the sender's retry can fulfil. */
  release(checkoutId: string, token: string): Promise<void>;
  /** Whether `onCompleted` succeeded for this checkout (read only: the status handler asks it). */
  isCompleted(checkoutId: string): Promise<boolean>;
}

/** A live reservation holds its token; a fulfilled checkout holds none. */
interface Entry {
  token: string | undefined;
  expiresAt: number;
}

const COMPLETED: CompletionReservation = Object.freeze({ state: 'completed' });
const IN_PROGRESS: CompletionReservation = Object.freeze({ state: 'in_progress' });

/**
 * The in-memory `CompletionStore`, for one instance: a Map in insertion order, at most
 * `maxEntries` long. When full, the oldest fulfilled checkouts are forgotten first; live
 * reservations never are, and a store full of them refuses (the handler answers 503).
 */
export class MemoryCompletionStore implements CompletionStore {
  readonly maxEntries: number;
  readonly #entries = new Map<string, Entry>();
  readonly #now: () => number;

  constructor(options: { maxEntries?: number; now?: () => number } = {}) {
    const maxEntries = options.maxEntries ?? STORE_DEFAULTS.completion.maxEntries;
    if (!Number.isSafeInteger(maxEntries) || maxEntries < 1) {
      throw new TypeError(`payfect-checkout: \`maxEntries\` must be a positive integer, got ${String(maxEntries)}`);
    }
    this.maxEntries = maxEntries;
    this.#now = options.now ?? Date.now;
  }

  get size(): number {
    return this.#entries.size;
  }

  async reserve(checkoutId: string, leaseMs: number): Promise<CompletionReservation> {
    const now = this.#now();
    const entry = this.#live(checkoutId, now);
    if (entry !== undefined) return entry.token === undefined ? COMPLETED : IN_PROGRESS;
    this.#makeRoom(now);
    const token = crypto.randomUUID();
    this.#entries.set(checkoutId, { token, expiresAt: now + leaseMs });
    return { state: 'reserved', token };
  }

  async complete(checkoutId: string, _token: string, ttlMs: number): Promise<void> {
    // Whoever holds the lease now, the fulfilment happened: the record must say so (a late holder's lease had expired).
    const now = this.#now();
    this.#entries.delete(checkoutId);
    this.#makeRoom(now);
    this.#entries.set(checkoutId, { token: undefined, expiresAt: now + ttlMs });
  }

  async release(checkoutId: string, token: string): Promise<void> {
    if (this.#entries.get(checkoutId)?.token === token) this.#entries.delete(checkoutId);
  }

  async renew(checkoutId: string, token: string, leaseMs: number): Promise<boolean> {
    const now = this.#now();
    const entry = this.#live(checkoutId, now);
    if (entry === undefined || entry.token !== token) return false;
    entry.expiresAt = now + leaseMs;
    return true;
  }

  async isCompleted(checkoutId: string): Promise<boolean> {
    const entry = this.#live(checkoutId, this.#now());
    return entry !== undefined && entry.token === undefined;
  }

  #live(checkoutId: string, now: number): Entry | undefined {
    const entry = this.#entries.get(checkoutId);
    if (entry === undefined || entry.expiresAt > now) return entry;
    this.#entries.delete(checkoutId);
    return undefined;
  }

  /** Drops expired entries from the front, then the oldest fulfilled ones while full. */
  #makeRoom(now: number): void {
    for (const [id, entry] of this.#entries) {
      const full = this.#entries.size >= this.maxEntries;
      if (entry.expiresAt <= now || (full && entry.token === undefined)) this.#entries.delete(id);
      else if (!full) break;
    }
    if (this.#entries.size >= this.maxEntries) {
      throw new Error(`MemoryCompletionStore is full: ${this.maxEntries} checkouts are being fulfilled at once`);
    }
  }
}
