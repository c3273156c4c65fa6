import type { CheckoutError } from '../shared/errors.js';
import type { PayfectCheckout, PayfectCheckoutCreate } from '../shared/payfect-api.js';
import type { CheckoutSession } from '../shared/checkout-session.js';
import type { CheckoutRequestItem } from '../shared/checkout-request.js';
import type { RateLimitStore } from './rate-limit.js';
import type { IdempotencyStore } from './idempotency.js';

/** A catalog entry: the server's price for one product. `unitAmount` is a decimal string such as `"20.50"`. */
export interface Product {
  name: string;
  unitAmount: string;
  currency: string;
  description?: string;
  images?: readonly string[];
}

/**
 * Where prices come from: an object keyed by product id (copied when the handler is
 * created), or a function, sync or async, that sees the product id and the client's item.
 * Returning `undefined` answers 422 `unknown_product`; throwing a `CheckoutError` answers it.
 */
export type Catalog =
  | Readonly<Record<string, Product>>
  | ((productId: string, item: CheckoutRequestItem) => Product | undefined | Promise<Product | undefined>);

/** A crypto payment method Payfect offers: `{ currency: 'usdt', network: 'tron' }`. */
export interface PaymentMethod {
  currency: string;
  network: string;
}

/** What the runtime knows about the caller that the Request does not carry. */
export interface RequestInfo {
  /** The socket's remote address; the Node adapter passes it. Without it (or another identity) there is no rate limit. */
  clientAddress?: string;
}

export interface RateLimitOptions {
  /** Length of one fixed window. Default 60000. */
  windowMs?: number;
  /** Requests allowed per client per window. Default 30. */
  max?: number;
  /** Default: an in-memory store holding at most 10000 clients. */
  store?: RateLimitStore;
  /**
   * Overrides the client key for rate limiting, e.g. a user id; `undefined` falls back to the address. A request
   * with no identity at all (no key, no `clientAddressHeader` match, no `info.clientAddress`) is not rate limited,
   * and the handler warns once.
   */
  key?: (request: Request, info: RequestInfo) => string | undefined;
}

export interface IdempotencyOptions {
  /** How long a created checkout is replayed for its `Idempotency-Key`. Default 600000 (10 minutes). */
  ttlMs?: number;
  /** Default: an in-memory store. */
  store?: IdempotencyStore;
  /** Bound of the default in-memory store. Default 10000. */
  maxEntries?: number;
}

/** Passed to `onCheckoutCreated` besides the checkout and the request. */
export interface CheckoutCreatedDetails {
  /** The body sent to Payfect, with the catalog's prices. */
  payfectRequest: PayfectCheckoutCreate;
  /** What the browser receives. */
  session: CheckoutSession;
  /** The key the rate limiter and idempotency saw ('' when unknown). */
  clientKey: string;
}

export interface CheckoutHandlerOptions {
  /** The Payfect secret key. Never sent anywhere but Payfect's `Authorization` header. */
  apiKey: string;
  catalog: Catalog;
  /** Default 'https://api.payfect.finance/api/v1'. */
  baseUrl?: string;
  /** Used when the request gives no `success_url`. */
  successUrl?: string;
  /** Used when the request gives no `cancel_url`. */
  cancelUrl?: string;
  /** Origins success/cancel URLs may point to. Default: the origins of successUrl/cancelUrl (never the request's own: its Host can be forged). */
  allowedRedirectOrigins?: readonly string[];
  /** Where Payfect posts notifications. Set by the server only. */
  callbackUrl?: string;
  /** Cross-origin browser origins allowed to call (CORS). Default: none, same-origin only. */
  allowedOrigins?: readonly string[];
  /**
   * The crypto payment methods you accept: a request's `payment_method_data` must name one of these pairs (else 400
   * invalid_request), in any listed coin. With none named, the first in the checkout's currency is used, else the
   * first. Default [{ currency: 'usdt', network: 'tron' }].
   */
  paymentMethods?: readonly PaymentMethod[];
  /** Default 99. */
  maxQuantity?: number;
  /** Default 16384. */
  maxBodyBytes?: number;
  /** How long the body may take to arrive once the handler starts reading it; slower is 408 `request_timeout`. Default 5000. */
  bodyTimeoutMs?: number;
  /** Payfect call timeout. Default 10000. */
  timeoutMs?: number;
  /** Default { windowMs: 60000, max: 30 }. */
  rateLimit?: RateLimitOptions | false;
  /** Default { ttlMs: 600000 }. */
  idempotency?: IdempotencyOptions | false;
  /**
   * A header naming the client's address, set by a proxy or edge runtime you trust, such
   * as 'cf-connecting-ip' or 'x-real-ip'. When set, it wins over `info.clientAddress`.
   * Default: none (X-Forwarded-For is never trusted on its own).
   */
  clientAddressHeader?: string;
  /**
   * Decides the `client_reference_id` sent to Payfect, from the one the browser asked for (if any). Fulfilment
   * keys on the reference, so the browser never chooses it alone: without this option, a request that sends one
   * is refused (400 invalid_request).
   */
  clientReferenceId?: (requested: string | undefined, request: Request) => string | undefined | Promise<string | undefined>;
  /** Awaited after Payfect created the checkout. If it throws, the buyer still gets the checkout and onError gets the error. */
  onCheckoutCreated?: (
    checkout: PayfectCheckout,
    request: Request,
    details: CheckoutCreatedDetails,
  ) => void | Promise<void>;
  /** Called with every error the handler answers (and hook failures). Never sees the API key. */
  onError?: (error: CheckoutError, request: Request) => void;
  /** Default globalThis.fetch. */
  fetch?: typeof globalThis.fetch;
}
