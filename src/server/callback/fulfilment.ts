import { CheckoutError } from '../checkout-error.js';
import { compareDecimals } from '../../shared/money.js';
import type { PayfectCallback, PayfectCheckout } from '../../shared/payfect-api.js';
import type { CompletionReservation, CompletionStore } from '../stores/completion-store.js';
import { HELD, LeaseEngine, type Claim, type Lease } from '../stores/lease-engine.js';
import { checkStoreMethods, storeTimeLimit } from '../stores/store-calls.js';
import type { PayfectClient } from '../payfect/payfect-client.js';
import type { Report } from '../reporting.js';

export type OnCompleted = (checkout: PayfectCheckout, notification: PayfectCallback) => void | Promise<void>;

export interface FulfilmentOptions {
  payfect: PayfectClient;
  store: CompletionStore;
  onCompleted: OnCompleted;
  /** How long a fulfilled checkout is remembered. */
  ttlMs: number;
  /** How long a copy waits for another instance's run before answering 409, so the sender retries. */
  inProgressWaitMs: number;
}

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

const DONE: Claim<void> = Object.freeze({ state: 'done', value: undefined });

/**
 * Runs `onCompleted` once per checkout, through the lease engine: across processes the
 * store's atomic reserve decides who runs it, and in one process copies with the same
 * body share the run in flight. A verified notification (signed) reserves first, so a
 * replay costs no Query; an unverified one is confirmed by Query before it may reserve,
 * so a forged notification never holds the checkout nor shares its 409 with the genuine.
 */
export class Fulfilments {
  readonly #options: FulfilmentOptions;
  readonly #leases: LeaseEngine<void>;

  constructor(options: FulfilmentOptions) {
    checkStoreMethods(options.store, 'store', ['reserve', 'renew', 'complete', 'release']);
    this.#options = options;
    this.#leases = new LeaseEngine({
      storeName: 'completion store',
      storeTimeoutMs: storeTimeLimit(options.store),
      waitMs: options.inProgressWaitMs,
      busy: () => notComplete('Another instance is still fulfilling this checkout; send the notification again later.'),
    });
  }

  /** Resolves once `onCompleted` has succeeded for this checkout, now or before; rejects with the table's error. */
  async fulfil(notification: PayfectCallback, verified: boolean, report: Report): Promise<void> {
    await this.#leases.share(`${notification.id}\n${JSON.stringify(notification)}`, async () => {
      const confirmed = verified ? undefined : await this.#confirm(notification);
      return this.#leases.hold(
        this.#lease(notification.id),
        async () => this.#runOnCompleted(confirmed ?? (await this.#confirm(notification)), notification),
        report,
      );
    });
  }

  async #confirm(notification: PayfectCallback): Promise<PayfectCheckout> {
    return confirmedCheckout(await this.#options.payfect.retrieveCheckout(notification.id), notification);
  }

  async #runOnCompleted(checkout: PayfectCheckout, notification: PayfectCallback): Promise<void> {
    try {
      await this.#options.onCompleted(checkout, notification);
    } catch (hookError) {
      throw new CheckoutError('fulfilment_failed', 'onCompleted threw; send the notification again to retry.', { cause: hookError });
    }
  }

  #lease(id: string): Lease<void, CompletionReservation> {
    const { store, ttlMs } = this.#options;
    return {
      reserve: (leaseMs) => store.reserve(id, leaseMs),
      claim: (reservation) => {
        if (reservation.state === 'reserved') return { state: 'reserved', token: reservation.token };
        return reservation.state === 'completed' ? DONE : HELD;
      },
      renew: (token, leaseMs) => store.renew(id, token, leaseMs),
      complete: (token) => store.complete(id, token, ttlMs),
      release: (token) => store.release(id, token),
    };
  }
}
