import { LRUCache } from 'lru-cache';
import type { CheckoutSession } from '../../shared/checkout-session.js';
import { CheckoutError } from '../checkout-error.js';
import { STORE_DEFAULTS } from '../defaults.js';
import { HELD, LeaseEngine, type Claim, type Lease } from './lease-engine.js';
import type { Report } from '../reporting.js';
import { checkStoreMethods, storeTimeLimit, type TimeLimitedStore } from './store-calls.js';

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
 * step is `reserve`: first writer wins (Redis: SET NX PX). Each call has a time limit
 * (`timeoutMs`, default 2000); a store that throws, rejects or hangs is 503 `store_unavailable`.
 */
export interface IdempotencyStore extends TimeLimitedStore {
  /** Atomically: the stored checkout, or the live reservation's fingerprint, or else a new reservation for `leaseMs`. */
  reserve(key: string, fingerprint: string, leaseMs: number): IdempotencyReservation | Promise<IdempotencyReservation>;
  /** The holder extends its live reservation to `leaseMs` from now, while its checkout is being created; false once it is not the holder. */
  renew(key: string, token: string, leaseMs: number): boolean | Promise<boolean>;
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
    this.maxEntries = options.maxEntries ?? STORE_DEFAULTS.idempotency.maxEntries;
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

  renew(key: string, token: string, leaseMs: number): boolean {
    const now = this.#now();
    const entry = this.#entries.peek(key);
    if (entry === undefined || !('token' in entry) || entry.token !== token || entry.expiresAt <= now) return false;
    entry.expiresAt = now + leaseMs;
    return true;
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

/**
 * Runs `create` once per key within the ttl, across every instance sharing the store: the
 * lease engine reserves the key, renews it while the checkout is created (catalog,
 * reference, Payfect, onCheckoutCreated), then stores the checkout, or releases the key
 * when creating failed, so that a retry with the same key can succeed.
 */
export class IdempotentCheckouts {
  readonly #store: IdempotencyStore;
  readonly #ttlMs: number;
  readonly #leases: LeaseEngine<CheckoutSession>;

  /** `createMs`: how long creating may take at Payfect; a copy waits that long for another instance's checkout. */
  constructor(options: { store: IdempotencyStore; ttlMs: number; createMs: number }) {
    checkStoreMethods(options.store, 'idempotency.store', ['reserve', 'renew', 'complete', 'release']);
    this.#store = options.store;
    this.#ttlMs = options.ttlMs;
    this.#leases = new LeaseEngine({
      storeName: 'idempotency store',
      storeTimeoutMs: storeTimeLimit(options.store),
      waitMs: options.createMs,
      busy: () =>
        new CheckoutError('store_unavailable', 'Another request with this Idempotency-Key is still creating its checkout; try again shortly.'),
    });
  }

  /** Copies with the same key and body share one run in this process; a different body is refused by the store's answer. */
  async run(
    key: string,
    fingerprint: string,
    create: () => Promise<CheckoutSession>,
    report: Report,
  ): Promise<CreatedOrReplayed> {
    const { value, replayed } = await this.#leases.share(`${key}\n${fingerprint}`, () =>
      this.#leases.hold(this.#lease(key, fingerprint), create, report),
    );
    return { session: value, replayed };
  }

  #lease(key: string, fingerprint: string): Lease<CheckoutSession, IdempotencyReservation> {
    const store = this.#store;
    return {
      reserve: (leaseMs) => store.reserve(key, fingerprint, leaseMs),
      claim: (reservation) => claimOf(reservation, fingerprint),
      renew: (token, leaseMs) => store.renew(key, token, leaseMs),
      complete: (token, session) => store.complete(key, token, { fingerprint, session }, this.#ttlMs),
      release: (token) => store.release(key, token),
    };
  }
}

/** A key reserved or stored for another body is refused: the buyer must use a new key for a new purchase. */
function claimOf(reservation: IdempotencyReservation, fingerprint: string): Claim<CheckoutSession> {
  if (reservation.state === 'reserved') return { state: 'reserved', token: reservation.token };
  const holder = reservation.state === 'stored' ? reservation.value.fingerprint : reservation.fingerprint;
  if (holder !== fingerprint) return { state: 'refused', error: differentBody() };
  return reservation.state === 'stored' ? { state: 'done', value: reservation.value.session } : HELD;
}

export interface CreatedOrReplayed {
  session: CheckoutSession;
  replayed: boolean;
}
