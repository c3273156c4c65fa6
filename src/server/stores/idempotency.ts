import { LRUCache } from 'lru-cache';
import type { CheckoutSession } from '../../shared/checkout-session.js';
import { CheckoutError } from '../checkout-error.js';
import { DEFAULTS } from '../defaults.js';

/** What is kept per Idempotency-Key: which body created the checkout, and the checkout. */
export interface StoredCheckout {
  fingerprint: string;
  session: CheckoutSession;
}

/** The answer of `IdempotencyStore.reserve`. */
export type IdempotencyReservation =
  /** This caller holds the key for `leaseMs`: it creates the checkout, then `complete`s or `release`s with the token. */
  | { state: 'reserved'; token: string }
  /** A checkout was created for this key before: replay it. */
  | { state: 'stored'; value: StoredCheckout }
  /** Another caller (maybe another instance) holds a live reservation, made for a body with this fingerprint. */
  | { state: 'in_progress'; fingerprint: string };

/**
 * Remembers created checkouts per Idempotency-Key, on one instance or fifty. The one atomic
 * step is `reserve`: first writer wins (Redis: SET NX PX). A store that fails or hangs
 * throws (or rejects) within its own time limit; the handler answers 503 `store_unavailable`.
 */
export interface IdempotencyStore {
  /** Atomically: the stored checkout, or the live reservation's fingerprint, or else a new reservation for `leaseMs`. */
  reserve(key: string, fingerprint: string, leaseMs: number): IdempotencyReservation | Promise<IdempotencyReservation>;
  /** The holder keeps the created checkout for `ttlMs`; a stale token (its lease expired) changes nothing. */
  complete(key: string, token: string, value: StoredCheckout, ttlMs: number): void | Promise<void>;
  /** The holder gives the key up (creating failed), so a retry can create. */
  release(key: string, token: string): void | Promise<void>;
}

type MemoryEntry =
  | { token: string; fingerprint: string; expiresAt: number }
  | { value: StoredCheckout; expiresAt: number };

/** Bounded by lru-cache: at `maxEntries` the least recently used key is dropped. */
export class MemoryIdempotencyStore implements IdempotencyStore {
  readonly maxEntries: number;
  readonly #entries: LRUCache<string, MemoryEntry>;
  readonly #now: () => number;

  constructor(options: { maxEntries?: number; now?: () => number } = {}) {
    this.maxEntries = options.maxEntries ?? DEFAULTS.idempotency.maxEntries;
    this.#entries = new LRUCache({ max: this.maxEntries });
    this.#now = options.now ?? Date.now;
  }

  get size(): number {
    return this.#entries.size;
  }

  reserve(key: string, fingerprint: string, leaseMs: number): IdempotencyReservation {
    const now = this.#now();
    const entry = this.#entries.get(key);
    if (entry !== undefined && entry.expiresAt > now) {
      return 'value' in entry ? { state: 'stored', value: entry.value } : { state: 'in_progress', fingerprint: entry.fingerprint };
    }
    const token = crypto.randomUUID();
    this.#entries.set(key, { token, fingerprint, expiresAt: now + leaseMs });
    return { state: 'reserved', token };
  }

  complete(key: string, token: string, value: StoredCheckout, ttlMs: number): void {
    if (this.#holds(key, token)) this.#entries.set(key, { value, expiresAt: this.#now() + ttlMs });
  }

  release(key: string, token: string): void {
    if (this.#holds(key, token)) this.#entries.delete(key);
  }

  #holds(key: string, token: string): boolean {
    const entry = this.#entries.peek(key);
    return entry !== undefined && 'token' in entry && entry.token === token;
  }
}

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

function storeUnavailable(cause: unknown): CheckoutError {
  return new CheckoutError('store_unavailable', 'The checkout store is unavailable; try again shortly.', { cause });
}

/** Creating covers the catalog, Payfect's time limit and onCheckoutCreated; the lease adds this margin to it. */
const LEASE_MARGIN_MS = 10_000;
const FIRST_POLL_MS = 20;
const MAX_POLL_MS = 250;

/** Called when the store failed after the checkout was created, or failed to release a key. */
export type StoreFailure = (error: CheckoutError) => void;

/**
 * Runs `create` once per key within the ttl, across every instance sharing the store.
 * Concurrent duplicates in this process share the in-flight promise; those on other
 * instances poll the store until the holder completes (replay) or releases (they create).
 * Failures are not stored, so a retry with the same key can succeed.
 */
export class IdempotentCheckouts {
  readonly #store: IdempotencyStore;
  readonly #ttlMs: number;
  readonly #leaseMs: number;
  readonly #inFlight = new Map<string, { fingerprint: string; created: Promise<CreatedOrReplayed> }>();

  /** `createMs`: how long creating may take (Payfect's time limit); a holder that takes longer loses its lease. */
  constructor(options: { store: IdempotencyStore; ttlMs: number; createMs: number }) {
    this.#store = options.store;
    this.#ttlMs = options.ttlMs;
    this.#leaseMs = options.createMs + LEASE_MARGIN_MS;
  }

  run(
    key: string,
    fingerprint: string,
    create: () => Promise<CheckoutSession>,
    onStoreFailure: StoreFailure,
  ): Promise<CreatedOrReplayed> {
    const running = this.#inFlight.get(key);
    if (running !== undefined) {
      if (running.fingerprint !== fingerprint) return Promise.reject(differentBody());
      return running.created.then(asReplay);
    }
    const created = this.#reserveOrReplay(key, fingerprint, create, onStoreFailure);
    this.#inFlight.set(key, { fingerprint, created });
    const forget = () => this.#inFlight.delete(key);
    created.then(forget, forget);
    return created;
  }

  async #reserveOrReplay(
    key: string,
    fingerprint: string,
    create: () => Promise<CheckoutSession>,
    onStoreFailure: StoreFailure,
  ): Promise<CreatedOrReplayed> {
    // The holder's lease ends by then, so a poller either replays or takes the key over; past it the store is broken.
    const deadline = Date.now() + this.#leaseMs + MAX_POLL_MS;
    let pause = FIRST_POLL_MS;
    for (;;) {
      let reservation: IdempotencyReservation;
      try {
        reservation = await this.#store.reserve(key, fingerprint, this.#leaseMs);
      } catch (storeError) {
        throw storeUnavailable(storeError);
      }
      if (reservation.state === 'reserved') return this.#create(key, reservation.token, fingerprint, create, onStoreFailure);
      const holderFingerprint = reservation.state === 'stored' ? reservation.value.fingerprint : reservation.fingerprint;
      if (holderFingerprint !== fingerprint) throw differentBody();
      if (reservation.state === 'stored') return { session: reservation.value.session, replayed: true };
      if (Date.now() + pause > deadline) throw storeUnavailable(new Error(`Idempotency-Key still reserved after ${this.#leaseMs} ms`));
      await new Promise((resolve) => setTimeout(resolve, pause));
      pause = Math.min(pause * 2, MAX_POLL_MS);
    }
  }

  async #create(
    key: string,
    token: string,
    fingerprint: string,
    create: () => Promise<CheckoutSession>,
    onStoreFailure: StoreFailure,
  ): Promise<CreatedOrReplayed> {
    let session: CheckoutSession;
    try {
      session = await create();
    } catch (createError) {
      try {
        await this.#store.release(key, token);
      } catch (storeError) {
        // The lease still ends by itself; until then a retry waits, then creates.
        onStoreFailure(storeUnavailable(storeError));
      }
      throw createError;
    }
    try {
      await this.#store.complete(key, token, { fingerprint, session }, this.#ttlMs);
    } catch (storeError) {
      // The checkout exists at Payfect: the buyer gets it even if it could not be remembered.
      onStoreFailure(storeUnavailable(storeError));
    }
    return { session, replayed: false };
  }
}

export interface CreatedOrReplayed {
  session: CheckoutSession;
  replayed: boolean;
}

function asReplay(result: CreatedOrReplayed): CreatedOrReplayed {
  return { session: result.session, replayed: true };
}
