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

export interface CompletionStore {
  /** Atomically: `completed` if fulfilled, `in_progress` if another live reservation exists, else reserve it. */
  reserve(checkoutId: string, leaseMs: number): Promise<CompletionReservation>;
  /** The holder marks the checkout fulfilled, remembered for `ttlMs`. */
  complete(checkoutId: string, token: string, ttlMs: number): Promise<void>;
  /** The holder gives the reservation up (its `onCompleted` threw), so the sender's retry can fulfil. */
  release(checkoutId: string, token: string): Promise<void>;
}
