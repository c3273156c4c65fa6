import { FERNET_KEY_PATTERN } from '../shared/fernet.js';
import * as z from 'zod/mini';
import type { CheckoutError } from './checkout-error.js';
import type { PayfectCallback, PayfectCheckout, PayfectCheckoutCreate } from '../shared/payfect-api.js';
import { CurrencyCode, HttpUrl } from '../shared/schema-parts.js';
import { NETWORK_PATTERN } from '../shared/codes.js';
import type { CompletionStore } from './stores/completion-store.js';
import { DEFAULTS } from './defaults.js';
import { IN_ENGLISH } from './english-messages.js';
import type { CheckoutSession } from '../shared/checkout-session.js';
import type { CheckoutRequestItem } from '../shared/checkout-request.js';
import type { RateLimitStore } from './stores/rate-limit.js';
import type { IdempotencyStore } from './stores/idempotency.js';

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

/** What the runtime knows about the request that the `Request` object does not carry: the handlers' second argument. */
export interface ClientInfo {
  /** The socket's remote address; the Node adapter passes it. Without it (or another identity) there is no rate limit. */
  clientAddress?: string;
  /**
   * For adapters: the runtime's HTTP parser already cut the body at its Content-Length (Node's does), so that
   * header can be trusted and the body read in one go. Never set it for a Request built from untrusted parts.
   */
  bodyFramed?: boolean;
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
  key?: (request: Request, info: ClientInfo) => string | undefined;
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
  onError?: OnError;
  /** Default globalThis.fetch. */
  fetch?: typeof globalThis.fetch;
}

/** What `onError` receives: every error a handler answers, and hook or store failures that did not change the answer. */
export type OnError = (error: CheckoutError, request: Request) => void;

/** Options of `createPayfectClient`; both handlers take the same four. */
export interface PayfectClientOptions {
  /** The Payfect secret key. Refused when it holds whitespace (a trailing newline from a file, say). */
  apiKey: string;
  /** Default 'https://api.payfect.finance/api/v1'. */
  baseUrl?: string;
  /** For the whole call: connecting, and reading the reply to its end. Default 10000. */
  timeoutMs?: number;
  /** Default globalThis.fetch. */
  fetch?: typeof globalThis.fetch;
}

export interface CallbackHandlerOptions extends PayfectClientOptions {
  /**
   * Payfect's Fernet key. When set, a notification must carry an `X-Payfect-Signature` made with it whose JSON
   * equals the body (else 401 signature_invalid). Without it, Query alone decides, which is still safe.
   */
  signingKey?: string;
  /**
   * Fulfils the order, once per checkout. `checkout` is Query's answer (status `complete`), not the POSTed body.
   * Throwing answers 500 fulfilment_failed, so Payfect sends the notification again and the retry can fulfil.
   */
  onCompleted: (checkout: PayfectCheckout, notification: PayfectCallback) => void | Promise<void>;
  /** Remembers fulfilled checkouts. Default: a `MemoryCompletionStore` (one instance, 100000 checkouts). */
  store?: CompletionStore;
  /** Default 16384. */
  maxBodyBytes?: number;
  /** Called with every error answered, and with store failures that did not change the answer. Never sees the API key. */
  onError?: OnError;
}

// The one place options are checked and defaulted; every part receives the parsed output.

/** setTimeout fires at once for a delay past 2^31 - 1 ms, which would make every Payfect call time out. */
const MAX_TIMER_MS = 2_147_483_647;
/** Payfect keys are UUIDs (36 characters); a short key would also match ordinary text when the key is looked for in replies. */
const MIN_API_KEY_LENGTH = 16;
const API_KEY_MESSAGE =
  `must be your Payfect secret key, a UUID such as 123e4567-e89b-12d3-a456-426614174000 (at least ${MIN_API_KEY_LENGTH} characters)`;

function fn<T>(what: string) {
  return z.custom<T>((value) => typeof value === 'function', { error: `must be a function ${what}` });
}

function positiveInteger(max = Number.MAX_SAFE_INTEGER) {
  return z.int({ error: `must be an integer from 1 to ${max}` }).check(z.gte(1, `must be an integer from 1 to ${max}`), z.lte(max, `must be an integer from 1 to ${max}`));
}

const Origin = z.pipe(
  z.string({ error: 'must be an http(s) origin' }).check(z.refine((value) => HttpUrl.safeParse(value).success, 'must be an http(s) origin')),
  z.transform((value: string) => new URL(value).origin),
);

const ApiKey = z.string({ error: API_KEY_MESSAGE }).check(
  // Refused, not trimmed: fetch would send the trimmed key while every leak check looked for the untrimmed one.
  z.refine((key) => !/\s/.test(key), 'contains whitespace (often a trailing newline from a secrets file); trim it where you read it'),
  z.minLength(MIN_API_KEY_LENGTH, API_KEY_MESSAGE),
);

const Store = <T>(method: string) =>
  z.custom<T>((value) => value !== null && typeof value === 'object' && typeof (value as Record<string, unknown>)[method] === 'function', {
    error: `must be a store with a ${method}() method`,
  });

const PayfectConnection = {
  apiKey: ApiKey,
  baseUrl: z._default(z.string().check(z.refine((url) => HttpUrl.safeParse(url).success, 'must be an http(s) URL')), DEFAULTS.baseUrl),
  timeoutMs: z._default(positiveInteger(MAX_TIMER_MS), DEFAULTS.timeoutMs),
  fetch: z._default(fn<typeof globalThis.fetch>('(input, init) => Promise<Response>'), () => globalThis.fetch),
};

export const PayfectClientSchema = z.object(PayfectConnection);
export type ResolvedPayfectClientOptions = z.output<typeof PayfectClientSchema>;

const PaymentMethodSchema = z.object({
  currency: CurrencyCode,
  network: z.string().check(z.regex(NETWORK_PATTERN, 'must be a network name such as tron'), z.toLowerCase()),
});

export const CheckoutHandlerSchema = z.object({
  ...PayfectConnection,
  catalog: z.custom<Catalog>((value) => typeof value === 'function' || (value !== null && typeof value === 'object'), {
    error: 'must be an object of products or a function',
  }),
  successUrl: z.optional(HttpUrl),
  cancelUrl: z.optional(HttpUrl),
  allowedRedirectOrigins: z.optional(z.array(Origin)),
  clientReferenceId: z.optional(fn<NonNullable<CheckoutHandlerOptions['clientReferenceId']>>('(requested, request) => string | undefined')),
  callbackUrl: z.optional(HttpUrl),
  allowedOrigins: z._default(z.array(Origin), []),
  paymentMethods: z._default(z.array(PaymentMethodSchema).check(z.minLength(1, 'must name at least one method')), DEFAULTS.paymentMethods.map((method) => ({ ...method }))),
  maxQuantity: z._default(positiveInteger(), DEFAULTS.maxQuantity),
  maxBodyBytes: z._default(positiveInteger(), DEFAULTS.maxBodyBytes),
  bodyTimeoutMs: z._default(positiveInteger(MAX_TIMER_MS), DEFAULTS.bodyTimeoutMs),
  rateLimit: z.prefault(
    z.union([
      z.literal(false),
      z.object({
        windowMs: z._default(positiveInteger(), DEFAULTS.rateLimit.windowMs),
        max: z._default(positiveInteger(), DEFAULTS.rateLimit.max),
        store: z.optional(Store<RateLimitStore>('hit')),
        key: z.optional(fn<NonNullable<RateLimitOptions['key']>>('(request, info) => string | undefined')),
      }),
    ]),
    {},
  ),
  idempotency: z.prefault(
    z.union([
      z.literal(false),
      z.object({
        ttlMs: z._default(positiveInteger(), DEFAULTS.idempotency.ttlMs),
        store: z.optional(Store<IdempotencyStore>('reserve')),
        maxEntries: z._default(positiveInteger(), DEFAULTS.idempotency.maxEntries),
      }),
    ]),
    {},
  ),
  clientAddressHeader: z.optional(z.pipe(z.string().check(z.minLength(1)), z.transform((name: string) => name.toLowerCase()))),
  onCheckoutCreated: z.optional(fn<NonNullable<CheckoutHandlerOptions['onCheckoutCreated']>>('(checkout, request, details) => …')),
  onError: z.optional(fn<OnError>('(error, request) => void')),
});
export type ResolvedCheckoutOptions = z.output<typeof CheckoutHandlerSchema>;

export const CallbackHandlerSchema = z.object({
  ...PayfectConnection,
  signingKey: z.optional(
    z.string().check(z.regex(FERNET_KEY_PATTERN, 'must be your Payfect Fernet key, 44 characters of url-safe base64 ending in "=" (trim any whitespace)')),
  ),
  onCompleted: fn<CallbackHandlerOptions['onCompleted']>('(checkout, notification) => …'),
  store: z.optional(Store<CompletionStore>('reserve')),
  maxBodyBytes: z._default(positiveInteger(), DEFAULTS.maxBodyBytes),
  onError: z.optional(fn<OnError>('(error, request) => void')),
});
export type ResolvedCallbackOptions = z.output<typeof CallbackHandlerSchema>;

/** The options parsed once, defaults applied; anything wrong is one TypeError naming each bad option. */
export function resolveOptions<T extends z.ZodMiniType>(schema: T, options: unknown): z.output<T> {
  if (options === null || typeof options !== 'object') throw new TypeError('payfect-checkout: options are required');
  const parsed = schema.safeParse(options, IN_ENGLISH);
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.flatMap(describeIssue);
  throw new TypeError(`payfect-checkout: ${problems.join('; ')}`);
}

/** `path message` for each issue; for `rateLimit: false | {…}`, the object branch's own issues say what is wrong. */
function describeIssue(issue: z.core.$ZodIssue): string[] {
  if (issue.code === 'invalid_union') {
    const branch = issue.errors.at(-1) ?? [];
    return branch.flatMap((inner) => describeIssue({ ...inner, path: [...issue.path, ...inner.path] }));
  }
  return [`\`${issue.path.join('.') || '(options)'}\` ${issue.message}`];
}
