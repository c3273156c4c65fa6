import type { CheckoutSession } from '../shared/checkout-session.js';
import { CheckoutError } from './checkout-error.js';
import { evictOldest } from './bounded-map.js';
import { DEFAULTS } from './defaults.js';

/** What is kept per Idempotency-Key: which body created the checkout, and the checkout. */
export interface StoredCheckout {
  fingerprint: string;
  session: CheckoutSession;
}

/** Keeps created checkouts for replay; Redis or KV can implement it (SET with PX). */
export interface IdempotencyStore {
  get(key: string): StoredCheckout | undefined | Promise<StoredCheckout | undefined>;
  set(key: string, value: StoredCheckout, ttlMs: number): void | Promise<void>;
}

/** A bounded Map; the same-ttl entries expire in insertion order, so the oldest go first. */
export class MemoryIdempotencyStore implements IdempotencyStore {
  readonly maxEntries: number;
  readonly #entries = new Map<string, { value: StoredCheckout; expiresAt: number }>();
  readonly #now: () => number;

  constructor(options: { maxEntries?: number; now?: () => number } = {}) {
    this.maxEntries = options.maxEntries ?? DEFAULTS.idempotency.maxEntries;
    this.#now = options.now ?? Date.now;
  }

  get size(): number {
    return this.#entries.size;
  }

  get(key: string): StoredCheckout | undefined {
    const entry = this.#entries.get(key);
    if (entry === undefined) return undefined;
    if (entry.expiresAt > this.#now()) return entry.value;
    this.#entries.delete(key);
    return undefined;
  }

  set(key: string, value: StoredCheckout, ttlMs: number): void {
    const now = this.#now();
    this.#entries.delete(key);
    evictOldest(this.#entries, this.maxEntries, now, entryEnd);
    this.#entries.set(key, { value, expiresAt: now + ttlMs });
  }
}

const entryEnd = (entry: { expiresAt: number }): number => entry.expiresAt;

/** Printable ASCII, as Stripe and the IETF draft use; long enough for a UUID or a hash. */
const IDEMPOTENCY_KEY_PATTERN = /^[\x21-\x7e]{1,255}$/;

export function checkIdempotencyKey(value: string): void {
  if (!IDEMPOTENCY_KEY_PATTERN.test(value)) {
    throw new CheckoutError('invalid_request', 'The Idempotency-Key header is not valid.', {
      fields: { 'Idempotency-Key': 'must be 1 to 255 printable ASCII characters' },
    });
  }
}

/** A SHA-256 of the body, so a reused key with a different body is noticed without keeping bodies. */
export async function fingerprintBody(body: string): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(body)));
  let hex = '';
  for (const byte of digest) hex += byte.toString(16).padStart(2, '0');
  return hex;
}

function differentBody(): CheckoutError {
  return new CheckoutError(
    'invalid_request',
    'This Idempotency-Key was already used with a different body; use a new key for a new purchase.',
    { fields: { 'Idempotency-Key': 'was already used with a different body' } },
  );
}

/**
 * Runs `create` once per key within the ttl. Concurrent duplicates share the in-flight
 * promise; failures are not stored, so a retry with the same key can succeed.
 */
export class IdempotentCheckouts {
  readonly #store: IdempotencyStore;
  readonly #ttlMs: number;
  readonly #inFlight = new Map<string, { fingerprint: string; created: Promise<CreatedOrReplayed> }>();

  constructor(options: { store: IdempotencyStore; ttlMs: number }) {
    this.#store = options.store;
    this.#ttlMs = options.ttlMs;
  }

  run(key: string, fingerprint: string, create: () => Promise<CheckoutSession>): Promise<CreatedOrReplayed> {
    const running = this.#inFlight.get(key);
    if (running !== undefined) {
      if (running.fingerprint !== fingerprint) return Promise.reject(differentBody());
      return running.created.then(asReplay);
    }
    const created = this.#lookupOrCreate(key, fingerprint, create);
    this.#inFlight.set(key, { fingerprint, created });
    const forget = () => this.#inFlight.delete(key);
    created.then(forget, forget);
    return created;
  }

  async #lookupOrCreate(
    key: string,
    fingerprint: string,
    create: () => Promise<CheckoutSession>,
  ): Promise<CreatedOrReplayed> {
    const stored = await this.#store.get(key);
    if (stored !== undefined) {
      if (stored.fingerprint !== fingerprint) throw differentBody();
      return { session: stored.session, replayed: true };
    }
    const session = await create();
    try {
      await this.#store.set(key, { fingerprint, session }, this.#ttlMs);
    } catch (storeError) {
      // The checkout exists at Payfect: the buyer gets it even if it could not be remembered.
      return { session, replayed: false, storeError };
    }
    return { session, replayed: false };
  }
}

export interface CreatedOrReplayed {
  session: CheckoutSession;
  replayed: boolean;
  /** Set when the checkout was created but the store failed to keep it. */
  storeError?: unknown;
}

function asReplay(result: CreatedOrReplayed): CreatedOrReplayed {
  return { session: result.session, replayed: true };
}
