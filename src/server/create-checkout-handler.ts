import { CheckoutRequest } from '../shared/checkout-request.js';
import type { CheckoutSession } from '../shared/checkout-session.js';
import { CheckoutError } from '../shared/errors.js';
import { fieldErrors } from '../shared/field-errors.js';
import { compareDecimals, multiplyDecimal, sumDecimals } from '../shared/money.js';
import type { PayfectCheckout, PayfectCheckoutCreate } from '../shared/payfect-api.js';
import { summarizeCheckout } from './checkout-summary.js';
import { clientKeyOf } from './client-identity.js';
import { forwardingWarning } from './forwarding-warning.js';
import { DEFAULTS } from './defaults.js';
import { IN_ENGLISH } from './english-messages.js';
import { IdempotentCheckouts, MemoryIdempotencyStore, checkIdempotencyKey, fingerprintBody } from './idempotency.js';
import { ErrorAnswers } from './error-answers.js';
import { answerHeaders, jsonResponse } from './json-response.js';
import type { CheckoutHandlerOptions, RequestInfo } from './options.js';
import { OriginPolicy, RedirectPolicy, httpOrigin } from './origin-policy.js';
import { MAX_TIMER_MS, createPayfectClient } from './payfect-client.js';
import { PaymentMethods } from './payment-methods.js';
import { PriceAuthority } from './price-authority.js';
import { MemoryRateLimitStore, RateLimiter } from './rate-limit.js';
import { checkJsonContentType, parseJsonBody, readBodyText } from './request-body.js';

export type CheckoutHandler = (request: Request, info?: RequestInfo) => Promise<Response>;

const ALLOW = 'POST, OPTIONS';
/** Payfect's limit for `client_reference_id`. */
const MAX_REFERENCE_LENGTH = 200;
const NO_INFO: RequestInfo = Object.freeze({});
const INTERNAL_MESSAGE = 'Something went wrong while creating the checkout.';
const NO_IDENTITY_WARNING =
  'payfect-checkout: a checkout request came with no client identity, so it was not rate limited. ' +
  'Give the handler one: pass `info.clientAddress` (handler(request, { clientAddress })), set `clientAddressHeader` ' +
  "to a header your proxy or platform sets (such as 'x-real-ip' or 'cf-connecting-ip'), or set `rateLimit.key`. " +
  'This is said once per handler.';

function positiveInteger(name: string, value: number | undefined, fallback: number, max = Number.MAX_SAFE_INTEGER): number {
  if (value === undefined) return fallback;
  if (!Number.isSafeInteger(value) || value < 1 || value > max) {
    throw new TypeError(`payfect-checkout: \`${name}\` must be an integer from 1 to ${max}, got ${String(value)}`);
  }
  return value;
}

/**
 * The session endpoint as a Fetch API handler: `(request, info?) => Promise<Response>`.
 * It checks the caller and the body, prices every item from the catalog, creates the
 * Payfect checkout with the secret key, and answers JSON, always.
 */
export function createCheckoutHandler(options: CheckoutHandlerOptions): CheckoutHandler {
  if (options === null || typeof options !== 'object') throw new TypeError('payfect-checkout: options are required');
  const payfect = createPayfectClient({
    apiKey: options.apiKey,
    baseUrl: options.baseUrl ?? DEFAULTS.baseUrl,
    timeoutMs: positiveInteger('timeoutMs', options.timeoutMs, DEFAULTS.timeoutMs, MAX_TIMER_MS),
    ...(options.fetch !== undefined && { fetch: options.fetch }),
  });
  const prices = new PriceAuthority(options.catalog, positiveInteger('maxQuantity', options.maxQuantity, DEFAULTS.maxQuantity));
  const maxBodyBytes = positiveInteger('maxBodyBytes', options.maxBodyBytes, DEFAULTS.maxBodyBytes);
  const bodyTimeoutMs = positiveInteger('bodyTimeoutMs', options.bodyTimeoutMs, DEFAULTS.bodyTimeoutMs, MAX_TIMER_MS);
  const origins = new OriginPolicy(options.allowedOrigins);
  const redirects = new RedirectPolicy(options);
  const callbackUrl = options.callbackUrl;
  if (callbackUrl !== undefined && httpOrigin(callbackUrl) === undefined) {
    throw new TypeError(`payfect-checkout: \`callbackUrl\` must be an absolute http(s) URL, got ${JSON.stringify(callbackUrl)}`);
  }
  const paymentMethods = new PaymentMethods(options.paymentMethods ?? DEFAULTS.paymentMethods);

  const rateLimitOptions = options.rateLimit === false ? undefined : (options.rateLimit ?? {});
  const limiter =
    rateLimitOptions &&
    new RateLimiter({
      windowMs: positiveInteger('rateLimit.windowMs', rateLimitOptions.windowMs, DEFAULTS.rateLimit.windowMs),
      max: positiveInteger('rateLimit.max', rateLimitOptions.max, DEFAULTS.rateLimit.max),
      store: rateLimitOptions.store ?? new MemoryRateLimitStore({ maxKeys: DEFAULTS.rateLimit.maxKeys }),
    });
  const rateLimitKey = rateLimitOptions?.key;
  const clientAddressHeader = options.clientAddressHeader?.toLowerCase();

  const idempotencyOptions = options.idempotency === false ? undefined : (options.idempotency ?? {});
  const idempotent =
    idempotencyOptions &&
    new IdempotentCheckouts({
      ttlMs: positiveInteger('idempotency.ttlMs', idempotencyOptions.ttlMs, DEFAULTS.idempotency.ttlMs),
      createMs: options.timeoutMs ?? DEFAULTS.timeoutMs,
      store:
        idempotencyOptions.store ??
        new MemoryIdempotencyStore({
          maxEntries: positiveInteger('idempotency.maxEntries', idempotencyOptions.maxEntries, DEFAULTS.idempotency.maxEntries),
        }),
    });
  const { onCheckoutCreated, onError, apiKey, clientReferenceId } = options;
  if (clientReferenceId !== undefined && typeof clientReferenceId !== 'function') {
    throw new TypeError('payfect-checkout: `clientReferenceId` must be a function (requested, request) => string | undefined');
  }
  let warnedNoIdentity = false;
  const noticeForwarding = clientAddressHeader === undefined ? forwardingWarning() : undefined;

  const errors = new ErrorAnswers(apiKey, onError, INTERNAL_MESSAGE);
  const report = (error: CheckoutError, request: Request) => errors.report(error, request);

  function fail(caught: unknown, request: Request, corsOrigin: string | null, extraHeaders?: Record<string, string>): Response {
    const headers = answerHeaders(corsOrigin);
    if (extraHeaders !== undefined) Object.assign(headers, extraHeaders);
    return errors.answer(caught, request, headers);
  }

  /** The merchant's hook decides; without one, a browser-sent reference is refused, since fulfilment keys on it. */
  async function decideReference(requested: string | undefined, request: Request): Promise<string | undefined> {
    if (clientReferenceId === undefined) {
      if (requested === undefined) return undefined;
      throw new CheckoutError(
        'invalid_request',
        'client_reference_id is decided by the server: set the `clientReferenceId` option to accept or replace it.',
        { fields: { client_reference_id: 'is not accepted without the server\'s `clientReferenceId` option' } },
      );
    }
    const reference = await clientReferenceId(requested, request);
    if (reference !== undefined && (typeof reference !== 'string' || reference.length > MAX_REFERENCE_LENGTH)) {
      throw new TypeError(`payfect-checkout: \`clientReferenceId\` must return a string of at most ${MAX_REFERENCE_LENGTH} characters, or undefined`);
    }
    return reference;
  }

  async function create(request: Request, body: CheckoutRequest, clientKey: string): Promise<CheckoutSession> {
    const urls = redirects.resolve(body);
    const invoiceItems = await prices.price(body);
    const payfectRequest: PayfectCheckoutCreate = {
      currency: body.currency,
      invoice_items: invoiceItems,
      ...urls,
      payment_method_data: paymentMethods.choose(body.payment_method_data, body.currency),
    };
    const reference = await decideReference(body.client_reference_id, request);
    if (reference !== undefined) payfectRequest.client_reference_id = reference;
    if (callbackUrl !== undefined) payfectRequest.callback_url = callbackUrl;
    const checkout = await payfect.createCheckout(payfectRequest);
    checkTotal(checkout, payfectRequest);
    const session = summarizeCheckout(checkout);
    if (onCheckoutCreated !== undefined) {
      try {
        await onCheckoutCreated(checkout, request, { payfectRequest, session, clientKey });
      } catch (hookError) {
        // The checkout exists and the buyer may pay it; the merchant's records failed, and they hear about it.
        report(new CheckoutError('internal_error', 'onCheckoutCreated threw; the buyer still got the checkout.', { cause: hookError }), request);
      }
    }
    return session;
  }

  return async function handleCheckout(request: Request, info?: RequestInfo): Promise<Response> {
    let corsOrigin: string | null = null;
    const method = request.method;
    try {
      if (method !== 'POST' && method !== 'OPTIONS') {
        return fail(
          new CheckoutError('method_not_allowed', `${method} is not allowed; use POST.`),
          request,
          null,
          { allow: ALLOW },
        );
      }
      corsOrigin = origins.check(request);
      if (method === 'OPTIONS') return preflight(corsOrigin);

      noticeForwarding?.(request);
      const clientKey = clientKeyOf(request, info, clientAddressHeader);
      if (limiter !== undefined) {
        const limitKey = rateLimitKey?.(request, info ?? NO_INFO) ?? clientKey;
        if (limitKey === '') {
          // One shared bucket would let a single client lock every buyer out; no limit is the lesser harm, said aloud once.
          if (!warnedNoIdentity) console.warn(NO_IDENTITY_WARNING);
          warnedNoIdentity = true;
        } else {
          const verdict = await limiter.check(limitKey);
          if (!verdict.allowed) {
            return fail(
              new CheckoutError('rate_limited', 'Too many checkout attempts; try again shortly.'),
              request,
              corsOrigin,
              { 'retry-after': String(verdict.retryAfterSeconds) },
            );
          }
        }
      }
      checkJsonContentType(request.headers.get('content-type'), request.headers.get('content-encoding'));
      const text = await readBodyText(request, maxBodyBytes, bodyTimeoutMs);
      const parsed = CheckoutRequest.safeParse(parseJsonBody(text), IN_ENGLISH);
      if (!parsed.success) {
        const fields = fieldErrors(parsed.error.issues);
        const message =
          'callback_url' in fields
            ? 'callback_url is set by the server, never by the browser.'
            : 'The checkout request is not valid.';
        throw new CheckoutError('invalid_request', message, { fields });
      }
      const idempotencyKey = request.headers.get('idempotency-key');
      let session: CheckoutSession;
      let replayed = false;
      if (idempotent !== undefined && idempotencyKey !== null) {
        checkIdempotencyKey(idempotencyKey);
        const result = await idempotent.run(
          `${clientKey}\n${idempotencyKey}`,
          await fingerprintBody(text),
          () => create(request, parsed.data, clientKey),
          (storeError) => report(storeError, request),
        );
        session = result.session;
        replayed = result.replayed;
      } else {
        session = await create(request, parsed.data, clientKey);
      }
      const headers = answerHeaders(corsOrigin);
      if (replayed) headers['idempotent-replayed'] = 'true';
      return jsonResponse(200, session, headers);
    } catch (caught) {
      return fail(caught, request, corsOrigin);
    }
  };
}

/** Payfect must charge what the catalog says; a reply that disagrees is not shown to the buyer. */
function checkTotal(checkout: PayfectCheckout, sent: PayfectCheckoutCreate): void {
  const total = sumDecimals(sent.invoice_items.map((item) => multiplyDecimal(item.price_data.unit_amount, item.quantity)));
  const amount = checkout.amountTotal;
  const currency = checkout.currency;
  if (amount === undefined || currency === undefined || compareDecimals(amount, total) !== 0 || currency.toLowerCase() !== sent.currency.toLowerCase()) {
    throw new CheckoutError(
      'payfect_invalid_response',
      "Payfect's checkout does not charge the catalog's total; it was not used.",
      { cause: new Error(`Payfect answered ${String(amount)} ${String(currency)} for a catalog total of ${total} ${sent.currency}`) },
    );
  }
}

function preflight(corsOrigin: string | null): Response {
  const headers: Record<string, string> = { 'cache-control': 'no-store', vary: 'Origin', allow: ALLOW };
  if (corsOrigin !== null) {
    headers['access-control-allow-origin'] = corsOrigin;
    headers['access-control-allow-methods'] = 'POST';
    headers['access-control-allow-headers'] = 'Content-Type, Idempotency-Key';
    headers['access-control-max-age'] = String(DEFAULTS.corsMaxAgeSeconds);
  }
  return new Response(null, { status: 204, headers });
}
