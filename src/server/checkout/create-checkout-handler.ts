import { CheckoutRequest } from '../../shared/checkout-request.js';
import type { CheckoutSession } from '../../shared/checkout-session.js';
import { fieldErrors } from '../../shared/field-errors.js';
import type { PayfectCheckoutCreate } from '../../shared/payfect-api.js';
import { CheckoutError } from '../checkout-error.js';
import { summarizeCheckout } from './checkout-summary.js';
import { ClientRateLimit } from '../http/client-rate-limit.js';
import { IN_ENGLISH } from '../../shared/english-messages.js';
import { ErrorAnswers } from '../http/error-answers.js';
import { IdempotentCheckouts, MemoryIdempotencyStore, checkIdempotencyKey, fingerprintBody } from '../stores/idempotency.js';
import { answerHeaders, jsonResponse } from '../http/json-response.js';
import { CheckoutHandlerSchema, type CheckoutHandlerOptions, type ClientInfo, type ResolvedCheckoutOptions } from '../options.js';
import { resolveOptions } from '../../shared/option-schema.js';
import { OnceWarnings, chooseOnError } from '../reporting.js';
import { OriginPolicy, RedirectPolicy } from '../http/origin-policy.js';
import type { PreflightGrant } from '../http/preflight.js';
import { NO_CLIENT_INFO, throughFrontDoor, type FrontDoor } from '../http/front-door.js';
import { HttpPayfectClient, type PayfectClient } from '../payfect/payfect-client.js';
import { PaymentMethods } from './payment-methods.js';
import { PriceAuthority } from './price-authority.js';
import { checkJsonContentType, parseJsonBody, readBodyText } from '../http/request-body.js';

export type CheckoutHandler = (request: Request, info?: ClientInfo) => Promise<Response>;

const ALLOW = 'POST, OPTIONS';
const PREFLIGHT: PreflightGrant = { allow: ALLOW, methods: 'POST', headers: 'Content-Type, Idempotency-Key' };
/** Payfect's limit for `client_reference_id`. */
const MAX_REFERENCE_LENGTH = 200;
const INTERNAL_MESSAGE = 'Something went wrong while creating the checkout.';

/** Everything one handler keeps between requests, built once from the resolved options. */
interface CheckoutEndpoint {
  options: ResolvedCheckoutOptions;
  payfect: PayfectClient;
  prices: PriceAuthority;
  door: FrontDoor;
  redirects: RedirectPolicy;
  paymentMethods: PaymentMethods;
  idempotent: IdempotentCheckouts | undefined;
}

/**
 * The session endpoint as a Fetch API handler: `(request, info?) => Promise<Response>`.
 * It checks the caller and the body, prices every item from the catalog, creates the
 * Payfect checkout with the secret key, and answers JSON, always.
 */
export function createCheckoutHandler(options: CheckoutHandlerOptions): CheckoutHandler {
  const resolved = resolveOptions(CheckoutHandlerSchema, options, 'createCheckoutHandler');
  const { idempotency } = resolved;
  const warnings = new OnceWarnings();
  const onError = chooseOnError(resolved.onError, { handler: 'createCheckoutHandler', baseUrl: resolved.baseUrl, warnings });
  const endpoint: CheckoutEndpoint = {
    options: resolved,
    payfect: new HttpPayfectClient(resolved),
    prices: new PriceAuthority(resolved.catalog, resolved.maxQuantity),
    door: {
      grant: PREFLIGHT,
      origins: new OriginPolicy(resolved.allowedOrigins),
      clients: new ClientRateLimit({ rateLimit: resolved.rateLimit, clientAddressHeader: resolved.clientAddressHeader, requests: 'checkout', warnings }),
      errors: new ErrorAnswers(resolved.apiKey, onError, INTERNAL_MESSAGE),
      tooMany: 'Too many checkout attempts; try again shortly.',
    },
    redirects: new RedirectPolicy(resolved),
    paymentMethods: new PaymentMethods(resolved.paymentMethods),
    idempotent:
      idempotency === false
        ? undefined
        : new IdempotentCheckouts({
            ttlMs: idempotency.ttlMs,
            createMs: resolved.timeoutMs,
            store: idempotency.store ?? new MemoryIdempotencyStore({ maxEntries: idempotency.maxEntries }),
          }),
  };
  return (request, info) => handleCheckout(endpoint, request, info ?? NO_CLIENT_INFO);
}

/** One checkout request, top to bottom: method, origin, rate limit (the front door), body, then create (or replay) and answer. */
function handleCheckout(endpoint: CheckoutEndpoint, request: Request, info: ClientInfo): Promise<Response> {
  return throughFrontDoor(endpoint.door, request, info, async ({ corsOrigin, clientKey }) => {
    checkJsonContentType(request.headers.get('content-type'), request.headers.get('content-encoding'));
    const text = await readBodyText(request, endpoint.options.maxBodyBytes, info.bodyFramed === true, endpoint.options.bodyTimeoutMs);
    const body = readCheckoutRequest(text);

    const { session, replayed } = await createOrReplay(endpoint, request, text, body, clientKey);
    const headers = answerHeaders(corsOrigin);
    if (replayed) headers['idempotent-replayed'] = 'true';
    return jsonResponse(200, session, headers);
  });
}

function readCheckoutRequest(text: string): CheckoutRequest {
  const parsed = CheckoutRequest.safeParse(parseJsonBody(text), IN_ENGLISH);
  if (parsed.success) return parsed.data;
  const fields = fieldErrors(parsed.error.issues);
  const message = 'callback_url' in fields ? 'callback_url is set by the server, never by the browser.' : 'The checkout request is not valid.';
  throw new CheckoutError('invalid_request', message, { fields });
}

/** With an Idempotency-Key, a repeat gets the first checkout back; without one, every request creates. */
async function createOrReplay(
  endpoint: CheckoutEndpoint,
  request: Request,
  text: string,
  body: CheckoutRequest,
  clientKey: string,
): Promise<{ session: CheckoutSession; replayed: boolean }> {
  const idempotencyKey = request.headers.get('idempotency-key');
  const { idempotent } = endpoint;
  if (idempotent === undefined || idempotencyKey === null) {
    return { session: await create(endpoint, request, body, clientKey), replayed: false };
  }
  checkIdempotencyKey(idempotencyKey);
  return idempotent.run(
    `${clientKey}\n${idempotencyKey}`,
    await fingerprintBody(text),
    () => create(endpoint, request, body, clientKey),
    (storeError) => endpoint.door.errors.report(storeError, request),
  );
}

/** Prices the request from the catalog, creates the Payfect checkout, checks it, and tells onCheckoutCreated. */
async function create(endpoint: CheckoutEndpoint, request: Request, body: CheckoutRequest, clientKey: string): Promise<CheckoutSession> {
  const { options } = endpoint;
  const urls = endpoint.redirects.resolve(body);
  const cart = await endpoint.prices.price(body);
  const payfectRequest: PayfectCheckoutCreate = {
    currency: cart.currency,
    invoice_items: cart.invoiceItems,
    ...urls,
    payment_method_data: endpoint.paymentMethods.choose(body.payment_method_data, body.currency),
  };
  const reference = await decideReference(options, body.client_reference_id, request);
  if (reference !== undefined) payfectRequest.client_reference_id = reference;
  if (options.callbackUrl !== undefined) payfectRequest.callback_url = options.callbackUrl;
  const checkout = await endpoint.payfect.createCheckout(payfectRequest);
  cart.checkCharge(checkout);
  const session = summarizeCheckout(checkout);
  if (options.onCheckoutCreated !== undefined) {
    try {
      await options.onCheckoutCreated(checkout, request, { payfectRequest, session, clientKey });
    } catch (hookError) {
      // The checkout exists and the buyer may pay it; the merchant's records failed, and they hear about it.
      const error = new CheckoutError('internal_error', 'onCheckoutCreated threw; the buyer still got the checkout.', { cause: hookError });
      endpoint.door.errors.report(error, request);
    }
  }
  return session;
}

/** The merchant's hook decides; without one, a browser-sent reference is refused, since fulfilment keys on it. */
async function decideReference(options: ResolvedCheckoutOptions, requested: string | undefined, request: Request): Promise<string | undefined> {
  if (options.clientReferenceId === undefined) {
    if (requested === undefined) return undefined;
    throw new CheckoutError(
      'invalid_request',
      'client_reference_id is decided by the server: set the `clientReferenceId` option to accept or replace it.',
      { fields: { client_reference_id: "is not accepted without the server's `clientReferenceId` option" } },
    );
  }
  const reference = await options.clientReferenceId(requested, request);
  if (reference !== undefined && (typeof reference !== 'string' || reference.length > MAX_REFERENCE_LENGTH)) {
    throw new TypeError(`payfect-checkout: \`clientReferenceId\` must return a string of at most ${MAX_REFERENCE_LENGTH} characters, or undefined`);
  }
  return reference;
}
