import { Hono } from 'hono';
import { answerError, notFound } from './api-answers.js';
import { apiRoutes } from './api-routes.js';
import type { CallbackDelivery } from './callback-delivery.js';
import type { EmulatedPaymentLink, EmulatedPrice, EmulatedProduct } from './catalog-objects.js';
import type { EmulatedCheckout } from './checkout-object.js';
import { resolveEmulatorOptions, type EmulatorOptions } from './emulator-options.js';
import { EmulatorState, type EmulatorEnv, type RecordedRequest } from './emulator-state.js';
import type { FaultSwitches } from './faults.js';
import { pageRoutes } from './page-routes.js';

export { EmulatorError } from './emulator-state.js';
export type { RecordedRequest } from './emulator-state.js';
export type { EmulatorOptions } from './emulator-options.js';

export interface Emulator {
  /** Stands in for `globalThis.fetch`: routes by path only, so any origin works and no socket is opened. */
  fetch(input: string | URL | Request, init?: RequestInit): Promise<Response>;
  /** The checkouts created (the newest `maxRecords`), by id, oldest first, with expiry applied. */
  readonly checkouts: ReadonlyMap<string, EmulatedCheckout>;
  /** The Products, Prices and Payment Links created (the newest `maxRecords` of each), by id, oldest first. */
  readonly products: ReadonlyMap<string, EmulatedProduct>;
  readonly prices: ReadonlyMap<string, EmulatedPrice>;
  readonly paymentLinks: ReadonlyMap<string, EmulatedPaymentLink>;
  /** The requests received (the newest `maxRecords`), oldest first, hosted-page requests included. */
  readonly requests: readonly RecordedRequest[];
  /** The callback notifications (the newest `maxRecords`), oldest first. */
  readonly deliveries: readonly CallbackDelivery[];
  /** The Fernet key callbacks are signed with: the `signingKey` option, or the one the emulator made. */
  readonly signingKey: string;
  /**
   * Pays an open checkout as the hosted page's Pay does: it becomes `complete` and its
   * callback is sent. Returns the checkout; throws `EmulatorError` for an unknown or
   * non-open one.
   */
  pay(id: string): EmulatedCheckout;
  /** Expires an open checkout as the clock would. Returns it; throws `EmulatorError` for an unknown or non-open one. */
  expire(id: string): EmulatedCheckout;
  /** Fault switches for the API. */
  readonly faults: FaultSwitches;
  /** Settles when every callback delivery so far is delivered or has given up. */
  idle(): Promise<void>;
  /** Forgets every checkout, catalog object, request and delivery, and clears the faults. */
  reset(): void;
}

/** Payfect's API, hosted pages and JSON 404s as one Hono app over the emulator's state. */
function emulatorApp(state: EmulatorState): Hono<EmulatorEnv> {
  const app = new Hono<EmulatorEnv>();
  app.use('*', async (c, next) => {
    const url = new URL(c.req.url);
    const recorded: RecordedRequest = {
      method: c.req.method,
      url: url.href,
      path: url.pathname,
      headers: Object.fromEntries(c.req.raw.headers),
      body: '',
      at: state.settings.now(),
    };
    state.record(recorded);
    c.set('recorded', recorded);
    await next();
  });
  app.route('/api/v1', apiRoutes(state));
  app.route('/', pageRoutes(state));
  app.notFound(notFound);
  app.onError(answerError);
  return app;
}

/**
 * An in-memory, stateful Payfect: the checkout, Product, Price and Payment Link API, the hosted
 * payment page, and signed callbacks. Throws a TypeError for an unknown option, naming the nearest known one.
 */
export function createEmulator(options: EmulatorOptions = {}): Emulator {
  const state = new EmulatorState(resolveEmulatorOptions(options));
  const app = emulatorApp(state);
  return {
    async fetch(input, init) {
      // A Request given alone is used as it is: the Node adapter's own Request, for one, cannot be copied.
      return app.fetch(input instanceof Request && init === undefined ? input : new Request(input, init));
    },
    get checkouts() {
      return new Map([...state.checkouts.keys()].map((id) => [id, state.checkout(id)!]));
    },
    products: state.products,
    prices: state.prices,
    paymentLinks: state.paymentLinks,
    requests: state.requests,
    deliveries: state.deliveries,
    signingKey: state.settings.signingKey,
    pay: (id) => state.pay(id),
    expire: (id) => state.expire(id),
    faults: state.faults,
    idle: () => state.idle(),
    reset: () => state.reset(),
  };
}
