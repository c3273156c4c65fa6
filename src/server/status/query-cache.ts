import { LRUCache } from 'lru-cache';
import type { CheckoutStatus } from '../../shared/checkout-status.js';
import type { PayfectClient } from '../payfect/payfect-client.js';

/** DESIGN.md: Query's answer is reused for at most 2 s, so a page polling every second costs Payfect one call in two. */
export const QUERY_CACHE_MS = 2_000;
/** The ids remembered at once; past it the least recently asked is dropped (and asked again). */
export const MAX_CACHED_CHECKOUTS = 10_000;

/** What Query said about one id: its status, or that Payfect has no such checkout (a 404, remembered as briefly). */
export type QueryVerdict = CheckoutStatus['status'] | 'not_found';

/**
 * Query's status per checkout id, remembered for `QUERY_CACHE_MS`. lru-cache bounds it and
 * shares one Query among the requests for an id that arrive while it is in flight; a
 * failed Query is not remembered.
 */
export class QueryCache {
  readonly #verdicts: LRUCache<string, QueryVerdict>;

  constructor(payfect: PayfectClient) {
    this.#verdicts = new LRUCache<string, QueryVerdict>({
      max: MAX_CACHED_CHECKOUTS,
      ttl: QUERY_CACHE_MS,
      // Each look reads the clock (no 1 ms memo kept on a timer), and reads Date.now, the clock a test can move.
      ttlResolution: 0,
      perf: { now: () => Date.now() },
      fetchMethod: async (id) => (await payfect.retrieveCheckout(id))?.status ?? 'not_found',
    });
  }

  /** Rejects with the Payfect client's error (`payfect_error`, `payfect_invalid_response`, `payfect_timeout`). */
  verdict(id: string): Promise<QueryVerdict> {
    return this.#verdicts.forceFetch(id);
  }
}
