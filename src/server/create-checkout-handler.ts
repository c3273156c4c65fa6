import { CheckoutRequest } from '../shared/checkout-request.js';
import type { CheckoutSession } from '../shared/checkout-session.js';
import { CheckoutError, ENDPOINT_ERROR_STATUS } from '../shared/errors.js';
import { fieldErrors } from '../shared/field-errors.js';
import type { PayfectCheckoutCreate } from '../shared/payfect-api.js';
import { summarizeCheckout } from './checkout-summary.js';
import { clientKeyOf } from './client-identity.js';
import { DEFAULTS } from './defaults.js';
import { IN_ENGLISH } from './english-messages.js';
import { IdempotentCheckouts, MemoryIdempotencyStore, checkIdempotencyKey, fingerprintBody } from './idempotency.js';
import { answerHeaders, errorResponse, jsonResponse } from './json-response.js';
import type { CheckoutHandlerOptions, RequestInfo } from './options.js';
import { OriginPolicy, RedirectPolicy, httpOrigin } from './origin-policy.js';
import { PayfectClient } from './payfect-client.js';
import { PaymentMethods } from './payment-methods.js';
import { PriceAuthority } from './price-authority.js';
import { MemoryRateLimitStore, RateLimiter } from './rate-limit.js';
import { checkJsonContentType, parseJsonBody, readBodyText } from './request-body.js';
import { redactCheckoutError, redactError } from './secret-redaction.js';

export type CheckoutHandler = (request: Request, info?: RequestInfo) => Promise<Response>;

const ALLOW = 'POST, OPTIONS';
const NO_INFO: RequestInfo = Object.freeze({});
const INTERNAL_MESSAGE = 'Something went wrong while creating the checkout.';
const NO_IDENTITY_WARNING =
  'payfect-checkout: a checkout request came with no client identity, so it was not rate limited. ' +
  'Give the handler one: pass `info.clientAddress` (handler(request, { clientAddress })), set `clientAddressHeader` ' +
  "to a header your proxy or platform sets (such as 'x-real-ip' or 'cf-connecting-ip'), or set `rateLimit.key`. " +
  'This is said once per handler.';

/** setTimeout fires at once for a delay past 2^31 - 1 ms, which would make every Payfect call time out. */
const MAX_TIMER_MS = 2_147_483_647;

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
  const payfect = new PayfectClient({
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
  const { onCheckoutCreated, onError, apiKey } = options;
  let warnedNoIdentity = false;

  /** Hands onError an error that is already redacted. */
  function tell(redacted: CheckoutError, request: Request): void {
    if (onError === undefined) return;
    try {
      onError(redacted, request);
    } catch (hookError) {
      // A logger that throws must not turn an answer into a crash; the failure is still surfaced.
      console.error('payfect-checkout: onError threw', redactError(hookError, apiKey));
    }
  }

  function report(error: CheckoutError, request: Request): void {
    // A catalog or hook may have thrown with the key in hand; the promise is that onError never sees it.
    if (onError !== undefined) tell(redactCheckoutError(error, apiKey), request);
  }

  function fail(caught: unknown, request: Request, corsOrigin: string | null, extraHeaders?: Record<string, string>): Response {
    const known =
      caught instanceof CheckoutError && Object.hasOwn(ENDPOINT_ERROR_STATUS, caught.code) && caught.code !== 'internal_error';
    // Redacted once, for both the answer and onError; an internal error's answer is a fixed message, so only onError needs it.
    const error = known
      ? redactCheckoutError(caught, apiKey)
      : new CheckoutError('internal_error', INTERNAL_MESSAGE, { cause: caught });
    if (known) tell(error, request);
    else report(error, request);
    const headers = answerHeaders(corsOrigin);
    if (extraHeaders !== undefined) Object.assign(headers, extraHeaders);
    return errorResponse(error, headers);
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
    if (body.client_reference_id !== undefined) payfectRequest.client_reference_id = body.client_reference_id;
    if (callbackUrl !== undefined) payfectRequest.callback_url = callbackUrl;
    const checkout = await payfect.createCheckout(payfectRequest);
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
