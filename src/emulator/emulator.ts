import * as z from 'zod/mini';
import { fieldErrors } from '../shared/field-errors.js';
import { FERNET_KEY_PATTERN, FernetError, generateFernetKey } from '../shared/fernet.js';
import { PayfectCheckoutCreate } from '../shared/payfect-api.js';
import {
  DEFAULT_CALLBACK_RETRY,
  deliverCallback,
  type CallbackDelivery,
  type CallbackRetryOptions,
} from './callback-delivery.js';
import {
  AmountTooLargeError,
  callbackPayload,
  createCheckoutObject,
  secondsTimestamp,
  type EmulatedCheckout,
} from './checkout-object.js';
import { delay, Faults, type FaultSwitches } from './faults.js';
import { HOSTED_PAGE_CSP, renderCheckoutPage, renderMessagePage } from './hosted-page.js';
import { readBodyText, readIncomingCall, type IncomingCall } from './incoming-call.js';

// English field messages per parse: a global z.config() would change zod for whoever imports the emulator.
const ENGLISH = z.locales.en().localeError;

export interface EmulatorOptions {
  /**
   * The API keys `Authorization: Api-Key <key>` may carry: a list, or a predicate.
   * Default: any non-empty key, so a merchant's tests need no real key.
   */
  apiKeys?: readonly string[] | ((key: string) => boolean);
  /** How long a checkout stays open. Default 30 minutes. */
  expiresInMs?: number;
  /** The origin of the hosted pages in each checkout's `url`. Default: the origin the create request was sent to. */
  publicUrl?: string | URL;
  /** The merchant every checkout belongs to. */
  merchant?: { id?: string; name?: string };
  /** The clock, in milliseconds since the epoch. Default `Date.now`. */
  now?: () => number;
  /** Retries for callback notifications. */
  callbackRetry?: CallbackRetryOptions;
  /** What delivers callback notifications. Default `globalThis.fetch`. */
  callbackFetch?: typeof globalThis.fetch;
  /**
   * The Fernet key that signs each callback in `X-Payfect-Signature`, as Payfect's
   * dashboard key would. Default: a new random key, on `emulator.signingKey`.
   */
  signingKey?: string;
  /** The largest create body accepted; a larger one is read no further. Default 1 MiB. */
  maxBodyBytes?: number;
  /**
   * How many of each record the emulator keeps: `requests`, `checkouts` and `deliveries`
   * each hold at most this many, and the oldest is dropped first, so a long-running
   * emulator or a load test stays within bounded memory. A dropped checkout is gone:
   * its hosted page answers 404. A dropped delivery still finishes, and `idle()` still
   * waits for it. A positive integer, or `Infinity` to keep everything. Default 10000.
   */
  maxRecords?: number;
}

/** A request the emulator received, as tests see it. */
export interface RecordedRequest {
  method: string;
  url: string;
  path: string;
  headers: Record<string, string>;
  /** The body as the emulator read it: only a create within `maxBodyBytes` is read, any other body is `''`. */
  body: string;
  at: number;
}

/** Why `pay(id)` or `expire(id)` refused. */
export class EmulatorError extends Error {
  override name = 'EmulatorError';
  constructor(
    readonly code: 'checkout_not_found' | 'checkout_not_open',
    message: string,
  ) {
    super(message);
  }
}

export interface Emulator {
  /** Stands in for `globalThis.fetch`: routes by path only, so any origin works and no socket is opened. */
  fetch(input: string | URL | Request, init?: RequestInit): Promise<Response>;
  /** The checkouts created (the newest `maxRecords`), by id, oldest first, with expiry applied. */
  readonly checkouts: ReadonlyMap<string, EmulatedCheckout>;
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
  /** Forgets every checkout, request and delivery, and clears the faults. */
  reset(): void;
}

interface StoredCheckout {
  checkout: EmulatedCheckout;
  callbackUrl: string | null;
}

const API_PREFIX = '/api/v1/';
const CREATE_PATH = '/api/v1/checkouts/';
const QUERY_PATH = /^\/api\/v1\/checkouts\/([^/]+)(\/?)$/;
const PAGE_PATH = /^\/checkouts\/([^/]+)(?:\/(pay|cancel))?\/?$/;
const DEFAULT_EXPIRES_IN_MS = 30 * 60 * 1000;
const DEFAULT_MAX_RECORDS = 10_000;

function json(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return Response.json(body, { status, headers });
}

function methodNotAllowed(method: string, allow: string): Response {
  return json(405, { detail: `Method "${method}" not allowed.` }, { allow });
}

function unauthorized(detail: string): Response {
  return json(401, { detail }, { 'www-authenticate': 'Api-Key' });
}

function html(status: number, body: string): Response {
  return new Response(body, {
    status,
    headers: {
      'content-type': 'text/html; charset=utf-8',
      'content-security-policy': HOSTED_PAGE_CSP,
      'cache-control': 'no-store',
      'x-content-type-options': 'nosniff',
      'referrer-policy': 'no-referrer',
    },
  });
}

function seeOther(location: string): Response {
  return new Response(null, { status: 303, headers: { location, 'cache-control': 'no-store' } });
}

/** A malformed escape in an id is just an unknown checkout, not a crash. */
function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

function keyAccepted(apiKeys: EmulatorOptions['apiKeys'], key: string): boolean {
  if (apiKeys === undefined) return key.length > 0;
  if (typeof apiKeys === 'function') return apiKeys(key);
  return apiKeys.includes(key);
}

/** An in-memory, stateful Payfect: the create-checkout and Query API, the hosted payment page, and signed callbacks. */
export function createEmulator(options: EmulatorOptions = {}): Emulator {
  const now = options.now ?? Date.now;
  const expiresInMs = options.expiresInMs ?? DEFAULT_EXPIRES_IN_MS;
  if (!(expiresInMs > 0)) throw new RangeError(`expiresInMs must be positive, got ${expiresInMs}`);
  const maxBodyBytes = options.maxBodyBytes ?? 1024 * 1024;
  const maxRecords = options.maxRecords ?? DEFAULT_MAX_RECORDS;
  if (!(maxRecords === Infinity || (Number.isInteger(maxRecords) && maxRecords > 0))) {
    throw new RangeError(`maxRecords must be a positive integer or Infinity, got ${maxRecords}`);
  }
  const signingKey = options.signingKey ?? generateFernetKey();
  if (!FERNET_KEY_PATTERN.test(signingKey)) {
    throw new FernetError('signingKey is not a Fernet key: 32 bytes in url-safe base64, 44 characters ending in "=" (Fernet.generate_key() makes one).');
  }
  const publicOrigin = options.publicUrl === undefined ? undefined : new URL(options.publicUrl).origin;
  const merchant = {
    id: options.merchant?.id ?? globalThis.crypto.randomUUID(),
    name: options.merchant?.name ?? 'Payfect Emulator Shop',
  };
  const retry = { ...DEFAULT_CALLBACK_RETRY, ...options.callbackRetry };
  const callbackFetch = options.callbackFetch ?? ((input, init) => globalThis.fetch(input, init));

  const stored = new Map<string, StoredCheckout>();
  const requests: RecordedRequest[] = [];
  const deliveries: CallbackDelivery[] = [];
  // Deliveries still running, kept apart from the capped list so idle() waits for dropped ones too.
  const inFlight = new Set<Promise<CallbackDelivery>>();
  const faults = new Faults();

  /** Appends to a capped record list, dropping the oldest. */
  function record<T>(list: T[], item: T): void {
    list.push(item);
    if (list.length > maxRecords) list.shift();
  }

  function setStatus(checkout: EmulatedCheckout, status: 'complete' | 'expired'): void {
    checkout.status = status;
    checkout.updatedAt = secondsTimestamp(now());
  }

  /** Applies expiry lazily: a checkout past `expiresAt` is expired whenever anyone looks. */
  function refresh(entry: StoredCheckout): EmulatedCheckout {
    const { checkout } = entry;
    if (checkout.status === 'open' && now() > Number(checkout.expiresAt)) setStatus(checkout, 'expired');
    return checkout;
  }

  /** The checkout pay() or expire() acts on; an unknown or non-open one is refused. */
  function openCheckout(id: string, done: 'paid' | 'expired'): StoredCheckout {
    const entry = stored.get(id);
    if (!entry) throw new EmulatorError('checkout_not_found', `There is no checkout ${JSON.stringify(id)}.`);
    const { status } = refresh(entry);
    if (status !== 'open') throw new EmulatorError('checkout_not_open', `Checkout ${id} is ${status}, so it cannot be ${done}.`);
    return entry;
  }

  function pay(id: string): EmulatedCheckout {
    const { checkout, callbackUrl } = openCheckout(id, 'paid');
    setStatus(checkout, 'complete');
    if (callbackUrl) {
      const body = JSON.stringify(callbackPayload(checkout, globalThis.crypto.randomUUID()));
      const delivery = deliverCallback(checkout.id, callbackUrl, body, { fetch: callbackFetch, signingKey, now, retry });
      record(deliveries, delivery);
      inFlight.add(delivery.done);
      const settled = () => inFlight.delete(delivery.done);
      delivery.done.then(settled, settled);
    }
    return checkout;
  }

  function expire(id: string): EmulatedCheckout {
    const { checkout } = openCheckout(id, 'expired');
    setStatus(checkout, 'expired');
    return checkout;
  }

  /** The key check create and Query share: a 401 answer, or undefined when the key is accepted. */
  function refuseKey(request: IncomingCall): Response | undefined {
    const authorization = request.headers.get('authorization');
    if (!authorization) return unauthorized('Authentication credentials were not provided.');
    const key = /^Api-Key\s+(\S+)\s*$/i.exec(authorization)?.[1];
    if (!key || !keyAccepted(options.apiKeys, key)) return unauthorized('Invalid API key.');
    return undefined;
  }

  async function createCheckout(request: IncomingCall, recorded: RecordedRequest): Promise<Response> {
    const refused = refuseKey(request);
    if (refused) return refused;
    const mediaType = (request.headers.get('content-type') ?? '').split(';')[0]?.trim().toLowerCase();
    if (mediaType !== 'application/json') {
      return json(415, { detail: `Unsupported media type "${mediaType ?? ''}" in request.` });
    }
    const body = await readBodyText(request, maxBodyBytes);
    if (body === undefined) return json(413, { detail: `Request body is larger than ${maxBodyBytes} bytes.` });
    recorded.body = body;
    let parsed: unknown;
    try {
      parsed = JSON.parse(body);
    } catch (error) {
      return json(400, { detail: `JSON parse error - ${(error as Error).message}` });
    }
    const result = PayfectCheckoutCreate.safeParse(parsed, { error: ENGLISH });
    if (!result.success) {
      return json(400, { detail: 'Invalid request body.', errors: fieldErrors(result.error.issues) });
    }
    const id = globalThis.crypto.randomUUID();
    let checkout: EmulatedCheckout;
    try {
      checkout = createCheckoutObject(result.data, { id, merchant, origin: publicOrigin ?? request.url.origin, nowMs: now(), expiresInMs });
    } catch (error) {
      if (!(error instanceof AmountTooLargeError)) throw error;
      return json(400, { detail: 'Invalid request body.', errors: { [error.field]: error.message } });
    }
    stored.set(id, { checkout, callbackUrl: result.data.callback_url ?? null });
    // A Map iterates in insertion order, so its first key is the oldest checkout.
    if (stored.size > maxRecords) stored.delete(stored.keys().next().value!);
    return json(201, checkout);
  }

  function queryCheckout(request: IncomingCall, id: string): Response {
    const refused = refuseKey(request);
    if (refused) return refused;
    const entry = stored.get(id);
    return entry ? json(200, refresh(entry)) : json(404, { detail: 'Not found.' });
  }

  async function api(request: IncomingCall, path: string, recorded: RecordedRequest): Promise<Response> {
    const fault = faults.take();
    if (fault.delayMs) await delay(fault.delayMs, request.signal);
    if (fault.unauthorized) return unauthorized('Invalid API key.');
    if (fault.status) return json(fault.status, { detail: `Emulated failure (status ${fault.status}).` });
    if (fault.malformed) {
      const text = fault.malformed === 'wrong-shape' ? JSON.stringify({ id: 42, checkout: null }) : '{"id": "3f1c9a0e-';
      return new Response(text, { status: 201, headers: { 'content-type': 'application/json' } });
    }
    if (path === CREATE_PATH) {
      if (request.method !== 'POST') return methodNotAllowed(request.method, 'POST');
      return createCheckout(request, recorded);
    }
    const query = QUERY_PATH.exec(path);
    if (query?.[1] && query[2]) {
      if (request.method !== 'GET' && request.method !== 'HEAD') return methodNotAllowed(request.method, 'GET');
      return queryCheckout(request, safeDecode(query[1]));
    }
    if (query || path === CREATE_PATH.slice(0, -1)) {
      return json(404, { detail: 'Not found. Each checkout path ends with a slash: /api/v1/checkouts/ and /api/v1/checkouts/<id>/' });
    }
    return json(404, { detail: 'Not found.' });
  }

  function payPage(entry: StoredCheckout): Response {
    const { status } = refresh(entry);
    if (status === 'expired') return html(409, renderMessagePage('Checkout expired', 'This checkout has expired and can no longer be paid.'));
    if (status === 'complete') return html(409, renderMessagePage('Already paid', 'This checkout has already been paid.'));
    const checkout = pay(entry.checkout.id);
    return checkout.successUrl ? seeOther(checkout.successUrl) : html(200, renderCheckoutPage(checkout));
  }

  function cancelPage(entry: StoredCheckout): Response {
    const checkout = refresh(entry);
    if (checkout.status === 'complete') {
      return html(409, renderMessagePage('Already paid', 'This checkout has been paid, so it cannot be cancelled.'));
    }
    return checkout.cancelUrl
      ? seeOther(checkout.cancelUrl)
      : html(200, renderMessagePage('Checkout cancelled', 'Nothing was paid. You can close this page.'));
  }

  function hostedPage(request: IncomingCall, id: string, action: string | undefined): Response {
    const entry = stored.get(id);
    if (!entry) return html(404, renderMessagePage('Checkout not found', 'There is no checkout with this address.'));
    if (action === undefined) {
      if (request.method !== 'GET' && request.method !== 'HEAD') return html(405, renderMessagePage('Not allowed', 'Use the buttons on the checkout page.'));
      return html(200, renderCheckoutPage(refresh(entry)));
    }
    if (request.method !== 'POST') return html(405, renderMessagePage('Not allowed', 'Use the buttons on the checkout page.'));
    return action === 'pay' ? payPage(entry) : cancelPage(entry);
  }

  /** Routes by path. Only create reads a body, so no other request's body is ever held. */
  async function route(request: IncomingCall): Promise<Response> {
    const path = request.url.pathname;
    const recorded: RecordedRequest = {
      method: request.method,
      url: request.url.href,
      path,
      headers: Object.fromEntries(request.headers),
      body: '',
      at: now(),
    };
    record(requests, recorded);
    if (path.startsWith(API_PREFIX)) return api(request, path, recorded);
    const page = PAGE_PATH.exec(path);
    if (page?.[1]) return hostedPage(request, safeDecode(page[1]), page[2]);
    return html(404, renderMessagePage('Not found', 'The Payfect emulator has nothing at this address.'));
  }

  return {
    fetch(input, init) {
      try {
        return route(readIncomingCall(input, init));
      } catch (error) {
        // Mirrors fetch: a bad URL or init rejects rather than throwing synchronously.
        return Promise.reject(error);
      }
    },
    get checkouts() {
      return new Map([...stored].map(([id, entry]) => [id, refresh(entry)]));
    },
    requests,
    deliveries,
    signingKey,
    pay,
    expire,
    faults,
    async idle() {
      await Promise.all(inFlight);
    },
    reset() {
      stored.clear();
      requests.length = 0;
      deliveries.length = 0;
      inFlight.clear();
      faults.clear();
    },
  };
}
