import * as z from 'zod/mini';
import { fieldErrors } from '../shared/field-errors.js';
import { PayfectCheckoutCreate } from '../shared/payfect-api.js';
import {
  DEFAULT_CALLBACK_RETRY,
  deliverCallback,
  type CallbackDelivery,
  type CallbackRetryOptions,
} from './callback-delivery.js';
import { createCheckoutObject, secondsTimestamp, type EmulatedCheckout } from './checkout-object.js';
import { delay, Faults, type FaultSwitches } from './faults.js';
import { HOSTED_PAGE_CSP, renderCheckoutPage, renderMessagePage } from './hosted-page.js';
import { readIncomingCall, type IncomingCall } from './incoming-call.js';

// English field messages per parse: a global z.config() would change zod for whoever imports the emulator.
const ENGLISH = z.locales.en().localeError;
const encoder = new TextEncoder();

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
  /** The largest create body accepted. Default 1 MiB. */
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
  body: string;
  at: number;
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
const PAGE_PATH = /^\/checkouts\/([^/]+)(?:\/(pay|cancel))?\/?$/;
const DEFAULT_EXPIRES_IN_MS = 30 * 60 * 1000;
const DEFAULT_MAX_RECORDS = 10_000;

function json(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json', ...headers },
  });
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

/** UTF-8 takes 1 to 3 bytes per UTF-16 unit, so only a body near the limit is encoded to count. */
function exceedsBytes(text: string, limit: number): boolean {
  if (text.length > limit) return true;
  return text.length * 3 > limit && encoder.encode(text).byteLength > limit;
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

/** An in-memory, stateful Payfect: the create-checkout API and the hosted payment page. */
export function createEmulator(options: EmulatorOptions = {}): Emulator {
  const now = options.now ?? Date.now;
  const expiresInMs = options.expiresInMs ?? DEFAULT_EXPIRES_IN_MS;
  if (!(expiresInMs > 0)) throw new RangeError(`expiresInMs must be positive, got ${expiresInMs}`);
  const maxBodyBytes = options.maxBodyBytes ?? 1024 * 1024;
  const maxRecords = options.maxRecords ?? DEFAULT_MAX_RECORDS;
  if (!(maxRecords === Infinity || (Number.isInteger(maxRecords) && maxRecords > 0))) {
    throw new RangeError(`maxRecords must be a positive integer or Infinity, got ${maxRecords}`);
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

  /** Applies expiry lazily: a checkout past `expiresAt` is expired whenever anyone looks. */
  function refresh(entry: StoredCheckout): EmulatedCheckout {
    const { checkout } = entry;
    if (checkout.status === 'open' && now() > Number(checkout.expiresAt)) {
      checkout.status = 'expired';
      checkout.updatedAt = secondsTimestamp(now());
    }
    return checkout;
  }

  function createCheckout(request: IncomingCall, body: string): Response {
    const authorization = request.headers.get('authorization');
    if (!authorization) return unauthorized('Authentication credentials were not provided.');
    const key = /^Api-Key\s+(\S+)\s*$/i.exec(authorization)?.[1];
    if (!key || !keyAccepted(options.apiKeys, key)) return unauthorized('Invalid API key.');
    const mediaType = (request.headers.get('content-type') ?? '').split(';')[0]?.trim().toLowerCase();
    if (mediaType !== 'application/json') {
      return json(415, { detail: `Unsupported media type "${mediaType ?? ''}" in request.` });
    }
    if (exceedsBytes(body, maxBodyBytes)) {
      return json(413, { detail: `Request body is larger than ${maxBodyBytes} bytes.` });
    }
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
    const checkout = createCheckoutObject(result.data, {
      id,
      merchant,
      origin: publicOrigin ?? request.url.origin,
      nowMs: now(),
      expiresInMs,
    });
    stored.set(id, { checkout, callbackUrl: result.data.callback_url ?? null });
    // A Map iterates in insertion order, so its first key is the oldest checkout.
    if (stored.size > maxRecords) stored.delete(stored.keys().next().value!);
    return json(201, checkout);
  }

  async function api(request: IncomingCall, path: string, body: string): Promise<Response> {
    const fault = faults.take();
    if (fault.delayMs) await delay(fault.delayMs, request.signal);
    if (fault.unauthorized) return unauthorized('Invalid API key.');
    if (fault.status) return json(fault.status, { detail: `Emulated failure (status ${fault.status}).` });
    if (fault.malformed) {
      const text = fault.malformed === 'wrong-shape' ? JSON.stringify({ id: 42, checkout: null }) : '{"id": "3f1c9a0e-';
      return new Response(text, { status: 201, headers: { 'content-type': 'application/json' } });
    }
    if (path === CREATE_PATH) {
      if (request.method !== 'POST') return json(405, { detail: `Method "${request.method}" not allowed.` }, { allow: 'POST' });
      return createCheckout(request, body);
    }
    if (path === CREATE_PATH.slice(0, -1)) {
      return json(404, { detail: 'Not found. The create-checkout path ends with a slash: /api/v1/checkouts/' });
    }
    return json(404, { detail: 'Not found.' });
  }

  function pay(entry: StoredCheckout): Response {
    const checkout = refresh(entry);
    if (checkout.status === 'expired') {
      return html(409, renderMessagePage('Checkout expired', 'This checkout has expired and can no longer be paid.'));
    }
    if (checkout.status === 'complete') {
      return html(409, renderMessagePage('Already paid', 'This checkout has already been paid.'));
    }
    checkout.status = 'complete';
    checkout.updatedAt = secondsTimestamp(now());
    if (entry.callbackUrl) {
      const delivery = deliverCallback(checkout.id, entry.callbackUrl, JSON.stringify(checkout), { fetch: callbackFetch, now, retry });
      record(deliveries, delivery);
      inFlight.add(delivery.done);
      const settled = () => inFlight.delete(delivery.done);
      delivery.done.then(settled, settled);
    }
    return checkout.successUrl ? seeOther(checkout.successUrl) : html(200, renderCheckoutPage(checkout));
  }

  function cancel(entry: StoredCheckout): Response {
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
      const checkout = refresh(entry);
      return html(200, renderCheckoutPage(checkout));
    }
    if (request.method !== 'POST') return html(405, renderMessagePage('Not allowed', 'Use the buttons on the checkout page.'));
    return action === 'pay' ? pay(entry) : cancel(entry);
  }

  async function route(call: Promise<IncomingCall>): Promise<Response> {
    const request = await call;
    const { body } = request;
    const path = request.url.pathname;
    record(requests, {
      method: request.method,
      url: request.url.href,
      path,
      headers: Object.fromEntries(request.headers),
      body,
      at: now(),
    });
    if (path.startsWith(API_PREFIX)) return api(request, path, body);
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
