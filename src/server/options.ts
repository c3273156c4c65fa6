import * as z from 'zod/mini';
import { FERNET_KEY_PATTERN } from '../shared/fernet.js';
import type { PayfectCallback, PayfectCheckout, PayfectCheckoutCreate } from '../shared/payfect-api.js';
import { CurrencyCode, DecimalAmount, HttpUrl, PaymentMethod as PaymentMethodSchema, ProductData } from '../shared/schema-parts.js';
import { nearestName } from '../shared/option-names.js';
import { IN_ENGLISH } from '../shared/english-messages.js';
import type { CheckoutSession } from '../shared/checkout-session.js';
import type { CheckoutRequestItem } from '../shared/checkout-request.js';
import type { CompletionStore } from './stores/completion-store.js';
import type { RateLimitStore } from './stores/rate-limit.js';
import type { IdempotencyStore } from './stores/idempotency.js';
import { STORE_DEFAULTS } from './defaults.js';
import type { OnError } from './reporting.js';
import { Milliseconds, Origins, defaultsOf, fn, positiveInteger, store, strictOptions } from '../shared/option-schema.js';

// The options of createCheckoutHandler, createCallbackHandler and createPayfectClient: each is one
// strict schema, its public type is the schema's input, and its defaults are the schema's own.

const KINDS = 'either { name, unitAmount, currency, description?, images? } or { price: <the ID of a Payfect Price> }';
const PRICE_ID_MESSAGE = 'must be the ID of a Payfect Price, as its dashboard or API gives it';
const AMOUNT_FIELDS = ['name', 'unitAmount', 'currency', 'description', 'images'];

/** Names each field an entry of this kind may not have, with the nearest known one; a Price-ID entry's amount fields are Payfect's. */
function unknownFields(fields: readonly PropertyKey[], kind: 'amount' | 'price' | 'either'): string {
  const known = kind === 'amount' ? AMOUNT_FIELDS : kind === 'price' ? ['price'] : [...AMOUNT_FIELDS, 'price'];
  return fields
    .map((field) => {
      const name = String(field);
      if (kind === 'price' && AMOUNT_FIELDS.includes(name)) {
        return `has \`${name}\`, which a product priced by a Payfect Price takes from Payfect (its Price and Product)`;
      }
      const nearest = nearestName(name, known);
      return `has no field \`${name}\`${nearest ? `; did you mean \`${nearest}\`?` : ''}`;
    })
    .join('; ');
}

/** A catalog entry priced here: the server sends Payfect this amount, currency and product data as `price_data`. */
export const AmountProduct = z.strictObject(
  {
    name: ProductData.shape.name,
    /** The unit price, a decimal string such as `"20.50"`. */
    unitAmount: DecimalAmount,
    currency: CurrencyCode,
    description: ProductData.shape.description,
    /** Absolute http(s) URLs; a readonly array (`as const`) is accepted. */
    images: z.optional(z.readonly(z.array(HttpUrl).check(z.maxLength(8)))),
  },
  { error: (issue) => (issue.code === 'unrecognized_keys' ? unknownFields(issue.keys, 'amount') : undefined) },
);
export type AmountProduct = z.input<typeof AmountProduct>;

/**
 * A catalog entry priced by Payfect: `price` is the ID of a Price made in Payfect's dashboard or with its API.
 * The server sends `{ price, quantity }`; the Price's amount and currency, and its Product's name, are Payfect's.
 */
export const PriceIdProduct = z.strictObject(
  {
    price: z.string({ error: PRICE_ID_MESSAGE }).check(z.minLength(1, PRICE_ID_MESSAGE), z.maxLength(200, PRICE_ID_MESSAGE)),
  },
  { error: (issue) => (issue.code === 'unrecognized_keys' ? unknownFields(issue.keys, 'price') : undefined) },
);
export type PriceIdProduct = z.input<typeof PriceIdProduct>;

/** A catalog entry: priced here (`{ name, unitAmount, currency, description?, images? }`), or by a Payfect Price ID (`{ price }`). */
export type Product = AmountProduct | PriceIdProduct;
/** A catalog entry as checked: a currency in lower case, an amount known to be decimal. */
export type CheckedProduct = z.output<typeof AmountProduct> | z.output<typeof PriceIdProduct>;

/**
 * One catalog entry checked as the handler prices with it, or a TypeError naming the product and what to fix:
 * an entry is one kind or the other, so both `price` and `unitAmount`, or neither, is refused, as is a misspelt field.
 */
export function checkProduct(productId: string, entry: unknown): CheckedProduct {
  const problem = (text: string) => new TypeError(`payfect-checkout: catalog product ${JSON.stringify(productId)} ${text}`);
  if (entry === null || typeof entry !== 'object' || Array.isArray(entry)) {
    throw problem(`must be an object, ${KINDS}`);
  }
  const byPrice = Object.hasOwn(entry, 'price');
  const byAmount = Object.hasOwn(entry, 'unitAmount');
  if (byPrice && byAmount) {
    throw problem(`has both \`price\` and \`unitAmount\`: it is priced here or by a Payfect Price, not both (${KINDS})`);
  }
  if (!byPrice && !byAmount) {
    const strays = Object.keys(entry).filter((field) => !AMOUNT_FIELDS.includes(field));
    throw problem(`needs \`unitAmount\` or \`price\` (${KINDS})${strays.length > 0 ? `; ${unknownFields(strays, 'either')}` : ''}`);
  }
  const parsed = (byPrice ? PriceIdProduct : AmountProduct).safeParse(entry, IN_ENGLISH);
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map((issue) => (issue.path.length === 0 ? issue.message : `${issue.path.join('.')} ${issue.message}`));
  throw problem(`is invalid: ${problems.join('; ')}`);
}

/**
 * Where prices come from: an object keyed by product id (copied when the handler is
 * created), or a function, sync or async, that sees the product id and the client's item.
 * Returning `undefined` answers 422 `unknown_product`; throwing a `CheckoutError` answers it.
 */
export type Catalog =
  | Readonly<Record<string, Product>>
  | ((productId: string, item: CheckoutRequestItem) => Product | undefined | Promise<Product | undefined>);

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

/** Passed to `onCheckoutCreated` besides the checkout and the request. */
export interface CheckoutCreatedDetails {
  /** The body sent to Payfect, with the catalog's prices. */
  payfectRequest: PayfectCheckoutCreate;
  /** What the browser receives. */
  session: CheckoutSession;
  /** The key the rate limiter and idempotency saw ('' when unknown). */
  clientKey: string;
}

/** Payfect keys are UUIDs (36 characters); a short key would also match ordinary text when the key is looked for in replies. */
const MIN_API_KEY_LENGTH = 16;
const API_KEY_MESSAGE =
  `must be your Payfect secret key, a UUID such as 123e4567-e89b-12d3-a456-426614174000 (at least ${MIN_API_KEY_LENGTH} characters)`;

const ApiKey = z.string({ error: API_KEY_MESSAGE }).check(
  // Refused, not trimmed: fetch would send the trimmed key while every leak check looked for the untrimmed one.
  z.refine((key) => !/\s/.test(key), 'contains whitespace (often a trailing newline from a secrets file); trim it where you read it'),
  z.minLength(MIN_API_KEY_LENGTH, API_KEY_MESSAGE),
);

/** `onError`: the merchant's function, or `false` for no default logging either. */
export const OnErrorOption = z.optional(z.union([z.literal(false), fn<OnError>('(error, request) => void, or false')]));

export const PayfectConnection = {
  /** The Payfect secret key. Never sent anywhere but Payfect's `Authorization` header; refused when it holds whitespace. */
  apiKey: ApiKey,
  /** Payfect's API root. Default `'https://api.payfect.finance/api/v1'`. */
  baseUrl: z._default(
    z.string().check(z.refine((url) => HttpUrl.safeParse(url).success, 'must be an http(s) URL')),
    'https://api.payfect.finance/api/v1',
  ),
  /** For each Payfect call as a whole: connecting, and reading the reply to its end. Default 10000. */
  timeoutMs: z._default(Milliseconds, 10_000),
  /** Default `globalThis.fetch`: inject the emulator's `fetch`, or a fake. */
  fetch: z._default(fn<typeof globalThis.fetch>('(input, init) => Promise<Response>'), () => globalThis.fetch),
};

export const PayfectClientSchema = strictOptions(PayfectConnection);
/** Options of `createPayfectClient`; both handlers take the same four. */
export type PayfectClientOptions = z.input<typeof PayfectClientSchema>;
export type ResolvedPayfectClientOptions = z.output<typeof PayfectClientSchema>;

/** A crypto payment method Payfect offers: `{ currency: 'usdt', network: 'tron' }`. */
export type PaymentMethod = z.input<typeof PaymentMethodSchema>;

export const RateLimitSchema = strictOptions({
  /** Length of one fixed window. Default 60000. */
  windowMs: z._default(positiveInteger(), 60_000),
  /** Requests allowed per client per window. Default 30. */
  max: z._default(positiveInteger(), 30),
  /** Default: an in-memory store holding at most 10000 clients. */
  store: z.optional(store<RateLimitStore>('hit')),
  /**
   * Overrides the client key for rate limiting, e.g. a user id; `undefined` falls back to the address. A request
   * with no identity at all (no key, no `clientAddressHeader` match, no `info.clientAddress`) is not rate limited,
   * and the handler warns once.
   */
  key: z.optional(fn<(request: Request, info: ClientInfo) => string | undefined>('(request, info) => string | undefined')),
});
export type RateLimitOptions = z.input<typeof RateLimitSchema>;

const IdempotencySchema = strictOptions({
  /** How long a created checkout is replayed for its `Idempotency-Key`. Default 600000 (10 minutes). */
  ttlMs: z._default(positiveInteger(), 600_000),
  /** Default: an in-memory store. */
  store: z.optional(store<IdempotencyStore>('reserve')),
  /** Bound of the default in-memory store. Default 10000. */
  maxEntries: z._default(positiveInteger(), STORE_DEFAULTS.idempotency.maxEntries),
});
export type IdempotencyOptions = z.input<typeof IdempotencySchema>;

const CheckoutHandlerShape = {
  ...PayfectConnection,
  /** Where prices come from: products by id, or a function (may be async); each priced here or by a Payfect Price ID. */
  catalog: z.custom<Catalog>((value) => typeof value === 'function' || (value !== null && typeof value === 'object'), {
    error: 'must be an object of products or a function',
  }),
  /** Used when the request gives no `success_url`. */
  successUrl: z.optional(HttpUrl),
  /** Used when the request gives no `cancel_url`. */
  cancelUrl: z.optional(HttpUrl),
  /** Origins success/cancel URLs may point to. Default: the origins of successUrl/cancelUrl (never the request's own: its Host can be forged). */
  allowedRedirectOrigins: z.optional(Origins),
  /**
   * Decides the `client_reference_id` sent to Payfect, from the one the browser asked for (if any). Fulfilment
   * keys on the reference, so the browser never chooses it alone: without this option, a request that sends one
   * is refused (400 invalid_request).
   */
  clientReferenceId: z.optional(
    fn<(requested: string | undefined, request: Request) => string | undefined | Promise<string | undefined>>(
      '(requested, request) => string | undefined',
    ),
  ),
  /** Where Payfect posts notifications. Set by the server only. */
  callbackUrl: z.optional(HttpUrl),
  /** Cross-origin browser origins allowed to call (CORS). Default: none, same-origin only. */
  allowedOrigins: z._default(Origins, []),
  /**
   * The crypto payment methods you accept: a request's `payment_method_data` must name one of these pairs (else 400
   * invalid_request), in any listed coin. With none named, the first in the checkout's currency is used, else the
   * first. Default `[{ currency: 'usdt', network: 'tron' }]`.
   */
  paymentMethods: z._default(z.readonly(z.array(PaymentMethodSchema).check(z.minLength(1, 'must name at least one method'))), [
    { currency: 'usdt', network: 'tron' },
  ]),
  /** The most of one product a checkout may hold, over all its lines. Default 99. */
  maxQuantity: z._default(positiveInteger(), 99),
  /** The largest request body read; a larger one is 413 `payload_too_large`. Default 16384. */
  maxBodyBytes: z._default(positiveInteger(), 16_384),
  /** How long the body may take to arrive once the handler starts reading it; slower is 408 `request_timeout`. Default 5000. */
  bodyTimeoutMs: z._default(Milliseconds, 5_000),
  /** Per client: `{ windowMs, max, store?, key? }`, or `false` for none. Default `{ windowMs: 60000, max: 30 }`. */
  rateLimit: z.prefault(z.union([z.literal(false), RateLimitSchema]), {}),
  /** Replays a checkout for a repeated `Idempotency-Key`: `{ ttlMs, store?, maxEntries }`, or `false`. Default `{ ttlMs: 600000 }`. */
  idempotency: z.prefault(z.union([z.literal(false), IdempotencySchema]), {}),
  /**
   * A header naming the client's address, set by a proxy or edge runtime you trust, such
   * as 'cf-connecting-ip' or 'x-real-ip'. When set, it wins over `info.clientAddress`.
   * Default: none (X-Forwarded-For is never trusted on its own).
   */
  clientAddressHeader: z.optional(z.pipe(z.string().check(z.minLength(1)), z.transform((name: string) => name.toLowerCase()))),
  /** Awaited after Payfect created the checkout. If it throws, the buyer still gets the checkout and onError gets the error. */
  onCheckoutCreated: z.optional(
    fn<(checkout: PayfectCheckout, request: Request, details: CheckoutCreatedDetails) => void | Promise<void>>(
      '(checkout, request, details) => …',
    ),
  ),
  /**
   * Told every error the handler answers, and hook or store failures that did not change the answer; it never
   * sees the API key. Without it, the handler logs 5xx failures and, once per code, the refusals that point at
   * setup, naming the fix; `false` silences that.
   */
  onError: OnErrorOption,
};

export const CheckoutHandlerSchema = strictOptions(CheckoutHandlerShape);
export type CheckoutHandlerOptions = z.input<typeof CheckoutHandlerSchema>;
export type ResolvedCheckoutOptions = z.output<typeof CheckoutHandlerSchema>;

export const CallbackHandlerSchema = strictOptions({
  ...PayfectConnection,
  /**
   * Payfect's Fernet key. When set, a notification must carry an `X-Payfect-Signature` made with it whose JSON
   * equals the body (else 401 signature_invalid). Without it, Query alone decides whether a notification is believed.
   */
  signingKey: z.optional(
    z.string().check(z.regex(FERNET_KEY_PATTERN, 'must be your Payfect Fernet key, 44 characters of url-safe base64 ending in "=" (trim any whitespace)')),
  ),
  /**
   * Fulfils the order, once per checkout. `checkout` is Query's answer (status `complete`), not the POSTed body.
   * Throwing answers 500 fulfilment_failed, so Payfect sends the notification again and the retry can fulfil.
   */
  onCompleted: fn<(checkout: PayfectCheckout, notification: PayfectCallback) => void | Promise<void>>('(checkout, notification) => …'),
  /** Remembers fulfilled checkouts. Default: a `MemoryCompletionStore` (one instance, 100000 checkouts). */
  store: z.optional(store<CompletionStore>('reserve')),
  /** The largest notification body read; a larger one is 413 `payload_too_large`. Default 16384. */
  maxBodyBytes: CheckoutHandlerShape.maxBodyBytes,
  /**
   * Told every error answered, and store failures that did not change the answer; it never sees the API key.
   * Without it, the handler logs 5xx failures and, once per code, the refusals that point at setup; `false` silences that.
   */
  onError: OnErrorOption,
});
export type CallbackHandlerOptions = z.input<typeof CallbackHandlerSchema>;

/**
 * The handlers' defaults, read from their schemas, for merchants who want to show or derive
 * from them (e.g. `max: DEFAULTS.rateLimit.max * 2`). Frozen.
 */
export const DEFAULTS = defaultsOf(CheckoutHandlerShape, [
  'baseUrl',
  'timeoutMs',
  'allowedOrigins',
  'paymentMethods',
  'maxQuantity',
  'maxBodyBytes',
  'bodyTimeoutMs',
  'rateLimit',
  'idempotency',
]);
