import { CheckoutError } from '../checkout-error.js';
import { compareDecimals } from '../../shared/money.js';
import type { PayfectCallback, PayfectCheckout } from '../../shared/payfect-api.js';
import type { CompletionStore } from '../stores/completion-store.js';
import type { PayfectClient } from '../payfect/payfect-client.js';
import { withinTimeLimit } from '../stores/time-limit.js';

/** Told about failures that do not change the answer (a store that could not record a fulfilment). */
export type Report = (error: CheckoutError) => void;

export type OnCompleted = (checkout: PayfectCheckout, notification: PayfectCallback) => void | Promise<void>;

export interface FulfilmentOptions {
  payfect: PayfectClient;
  store: CompletionStore;
  onCompleted: OnCompleted;
  leaseMs: number;
  ttlMs: number;
  storeTimeoutMs: number;
  inProgressWaitMs: number;
}

/** The first wait for another instance's reservation; each next one doubles, up to a second. */
const FIRST_POLL_MS = 50;
const MAX_POLL_MS = 1_000;

function notComplete(message: string): CheckoutError {
  return new CheckoutError('checkout_not_complete', message);
}

/**
 * Query's checkout when it confirms the notification: Payfect knows it, says `complete`,
 * and agrees on the amount, the currency and the reference.
 */
function confirmedCheckout(checkout: PayfectCheckout | undefined, notification: PayfectCallback): PayfectCheckout {
  if (checkout === undefined) throw notComplete('Payfect has no checkout with this id.');
  if (checkout.status !== 'complete') throw notComplete(`Payfect says this checkout is ${checkout.status}, not complete.`);
  if (checkout.amountTotal === undefined || compareDecimals(checkout.amountTotal, notification.amount) !== 0) {
    throw notComplete("The notification's amount differs from Payfect's.");
  }
  if (checkout.currency === undefined || checkout.currency.toLowerCase() !== notification.currency.toLowerCase()) {
    throw notComplete("The notification's currency differs from Payfect's.");
  }
  if ((checkout.clientReferenceId ?? null) !== (notification.client_reference_id ?? null)) {
    throw notComplete("The notification's client_reference_id differs from Payfect's.");
  }
  return checkout;
}

/**
 * Runs `onCompleted` once per checkout. In one process, copies of a notification share
 * the run in flight; across processes, the store's atomic reserve decides who runs it.
 * A copy that finds another instance's reservation polls the store for a bounded time:
 * it answers 200 once that run completed, takes over if it was released, and otherwise
 * fails with 409 so the sender retries later (a 2xx is never sent before a success).
 */
export class Fulfilments {
  readonly #options: FulfilmentOptions;
  /** Bounded by the requests in flight: an entry lives exactly as long as its run. */
  readonly #inFlight = new Map<string, Promise<void>>();

  constructor(options: FulfilmentOptions) {
    this.#options = options;
  }

  /** Resolves once `onCompleted` has succeeded for this checkout, now or before; rejects with the table's error. */
  fulfil(notification: PayfectCallback, report: Report): Promise<void> {
    const running = this.#inFlight.get(notification.id);
    if (running !== undefined) return running;
    const run = this.#fulfilOnce(notification, report);
    this.#inFlight.set(notification.id, run);
    const forget = () => this.#inFlight.delete(notification.id);
    run.then(forget, forget);
    return run;
  }

  async #fulfilOnce(notification: PayfectCallback, report: Report): Promise<void> {
    const { store, leaseMs, inProgressWaitMs } = this.#options;
    const id = notification.id;
    const giveUpAt = Date.now() + inProgressWaitMs;
    let delay = FIRST_POLL_MS;
    for (;;) {
      const reservation = await this.#store('reserve', () => store.reserve(id, leaseMs));
      if (reservation.state === 'completed') return;
      if (reservation.state === 'reserved') return this.#confirmAndFulfil(notification, reservation.token, report);
      if (Date.now() + delay > giveUpAt) {
        throw notComplete('Another instance is still fulfilling this checkout; send the notification again later.');
      }
      await new Promise((resolve) => setTimeout(resolve, delay));
      delay = Math.min(delay * 2, MAX_POLL_MS);
    }
  }

  async #confirmAndFulfil(notification: PayfectCallback, token: string, report: Report): Promise<void> {
    const { payfect, onCompleted, store, ttlMs } = this.#options;
    const id = notification.id;
    try {
      const checkout = confirmedCheckout(await payfect.retrieveCheckout(id), notification);
      try {
        await onCompleted(checkout, notification);
      } catch (hookError) {
        throw new CheckoutError('fulfilment_failed', 'onCompleted threw; send the notification again to retry.', { cause: hookError });
      }
    } catch (error) {
      await this.#release(id, token, report);
      throw error;
    }
    try {
      await this.#store('complete', () => store.complete(id, token, ttlMs));
    } catch (storeError) {
      // onCompleted succeeded: a 2xx stops the sender's retries, which could fulfil again once the lease ends.
      report(storeError as CheckoutError);
    }
  }

  /** Gives the checkout back so the sender's retry can fulfil; a failure is reported, never hiding the first error. */
  async #release(id: string, token: string, report: Report): Promise<void> {
    try {
      await this.#store('release', () => this.#options.store.release(id, token));
    } catch (storeError) {
      report(storeError as CheckoutError);
    }
  }

  /** A store call within its time limit; any failure is 503 store_unavailable. */
  #store<T>(operation: string, call: () => Promise<T>): Promise<T> {
    const { storeTimeoutMs } = this.#options;
    const work = (async () => call())().catch((error: unknown) => {
      throw new CheckoutError('store_unavailable', `The completion store failed to ${operation}.`, { cause: error });
    });
    return withinTimeLimit(
      work,
      storeTimeoutMs,
      () => new CheckoutError('store_unavailable', `The completion store did not answer ${operation} within ${storeTimeoutMs} ms.`),
    );
  }
}
