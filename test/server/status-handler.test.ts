import assert from 'node:assert/strict';
import { afterEach, describe, it, mock } from 'node:test';
import {
  MemoryCompletionStore,
  MemoryRateLimitStore,
  createCallbackHandler,
  createCheckoutHandler,
  createStatusHandler,
  type CheckoutError,
  type CompletionStore,
  type PayfectCheckout,
  type StatusHandlerOptions,
} from '../../src/server/index.js';
import { CheckoutStatus } from '../../src/shared/checkout-status.js';
import { ErrorBody } from '../../src/shared/error-body.js';
import { baseOptions, post, wireBody } from './checkout-fixtures.js';
import { API_KEY, fakePayfect, hangingPayfect, payfectCheckoutReply, queryablePayfect } from './fake-payfect.js';

const SHOP = 'https://shop.example';
const STATUS_URL = `${SHOP}/api/checkout-status`;
const ID = 'ed8d24aa-a860-426b-8e56-87cb9f55a081';
const BUYER = { clientAddress: '203.0.113.7' };

/** What Query knows of the checkout, with the details the answer must never repeat. */
function checkout(overrides: Record<string, unknown> = {}): PayfectCheckout {
  return payfectCheckoutReply({ id: ID, amountTotal: '20.50', currency: 'usdt', clientReferenceId: 'order-8841', ...overrides });
}

/** A GET for the checkout's status; `null` asks with no id at all. */
function ask(id: string | null = ID, init: RequestInit = {}): Request {
  const url = new URL(STATUS_URL);
  if (id !== null) url.searchParams.set('id', id);
  return new Request(url, init);
}

function setup(overrides: Partial<StatusHandlerOptions> = {}, checkouts = new Map([[ID, checkout()]])) {
  const payfect = queryablePayfect(checkouts);
  const store = new MemoryCompletionStore();
  const errors: CheckoutError[] = [];
  const handler = createStatusHandler({
    apiKey: API_KEY,
    store,
    fetch: payfect.fetch,
    rateLimit: false,
    onError: (error) => errors.push(error),
    ...overrides,
  });
  return { handler, payfect, store, checkouts, errors };
}

/** An error answer from the table: status, JSON, never cached, the code, and its fields. */
async function assertError(response: Response, status: number, code: string): Promise<ErrorBody['error']> {
  assert.equal(response.status, status);
  assert.equal(response.headers.get('content-type'), 'application/json; charset=utf-8');
  assert.equal(response.headers.get('cache-control'), 'no-store');
  const { error } = ErrorBody.parse(await response.json());
  assert.equal(error.code, code);
  assert.ok(error.message.length > 0);
  return error;
}

/** A 200 answer: exactly `{ id, status, fulfilled }`, checked against the one shared schema, never cached. */
async function answerOf(response: Response): Promise<CheckoutStatus> {
  assert.equal(response.status, 200);
  assert.equal(response.headers.get('content-type'), 'application/json; charset=utf-8');
  assert.equal(response.headers.get('cache-control'), 'no-store');
  const body = (await response.json()) as Record<string, unknown>;
  assert.deepEqual(Object.keys(body).sort(), ['fulfilled', 'id', 'status']);
  return CheckoutStatus.parse(body);
}

/** Payfect's documented callback for the checkout, as the callback handler receives it. */
function notify(): Request {
  const body = { id: ID, amount: '20.50', status: 'succeeded', currency: 'usdt', client_reference_id: 'order-8841' };
  return new Request(`${SHOP}/api/payfect-callback`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
}

describe('createStatusHandler: 200 { id, status, fulfilled }', () => {
  for (const status of ['open', 'complete', 'expired'] as const) {
    it(`a checkout Query says is ${status}, not fulfilled`, async () => {
      const { handler, payfect } = setup({}, new Map([[ID, checkout({ status })]]));
      assert.deepEqual(await answerOf(await handler(ask())), { id: ID, status, fulfilled: false });
      assert.equal(payfect.calls.length, 1);
      assert.equal(payfect.calls[0]!.method, 'GET');
      assert.equal(payfect.calls[0]!.url, `https://api.payfect.finance/api/v1/checkouts/${ID}/`);
      assert.equal(payfect.calls[0]!.headers.get('authorization'), `Api-Key ${API_KEY}`);
    });
  }

  it('fulfilled is what the completion store says: true once the checkout is completed there', async () => {
    const { handler, store } = setup({}, new Map([[ID, checkout({ status: 'complete' })]]));
    const reservation = await store.reserve(ID, 60_000);
    assert.equal(reservation.state, 'reserved');
    // Reserved is not fulfilled: onCompleted may still fail.
    assert.equal((await answerOf(await handler(ask()))).fulfilled, false);
    if (reservation.state === 'reserved') await store.complete(ID, reservation.token, 60_000);
    assert.deepEqual(await answerOf(await handler(ask())), { id: ID, status: 'complete', fulfilled: true });
  });

  it('carries nothing else about the checkout: no amount, currency, reference, URL or buyer data', async () => {
    const { handler, store } = setup(
      {},
      new Map([[ID, checkout({ status: 'complete', amountTotal: '98765.43', clientReferenceId: 'order-secret-8841', metadata: { email: 'buyer@mail.example' } })]]),
    );
    const reservation = await store.reserve(ID, 60_000);
    if (reservation.state === 'reserved') await store.complete(ID, reservation.token, 60_000);
    const response = await handler(ask());
    const text = await response.clone().text();
    await answerOf(response);
    for (const secret of ['98765.43', 'usdt', 'order-secret-8841', 'buyer@mail.example', 'buy-dev.payfect.finance', 'b7c30e83', '頑碼']) {
      assert.ok(!text.includes(secret), `the answer repeats ${secret}: ${text}`);
    }
  });
});

describe('createStatusHandler: fulfilled follows the callback handler sharing its store', () => {
  it('false before the callback, false while onCompleted runs or after it threw, true once it succeeded', async () => {
    const checkouts = new Map([[ID, checkout({ status: 'complete' })]]);
    const store = new MemoryCompletionStore();
    let release: () => void = () => {};
    let failNext = true;
    let entered: () => void = () => {};
    const running = new Promise<void>((resolve) => (entered = resolve));
    const callback = createCallbackHandler({
      apiKey: API_KEY,
      store,
      fetch: queryablePayfect(checkouts).fetch,
      onCompleted: async () => {
        if (failNext) {
          failNext = false;
          throw new Error('the warehouse is down');
        }
        entered();
        await new Promise<void>((resolve) => (release = resolve));
      },
      onError: () => {},
    });
    const status = createStatusHandler({ apiKey: API_KEY, store, fetch: queryablePayfect(checkouts).fetch, rateLimit: false });

    assert.equal((await answerOf(await status(ask()))).fulfilled, false, 'before any callback');
    assert.equal((await callback(notify())).status, 500, 'onCompleted threw');
    assert.equal((await answerOf(await status(ask()))).fulfilled, false, 'after onCompleted threw');

    const delivered = callback(notify());
    await running;
    assert.equal((await answerOf(await status(ask()))).fulfilled, false, 'while onCompleted runs');
    release();
    assert.equal((await delivered).status, 200);
    assert.deepEqual(await answerOf(await status(ask())), { id: ID, status: 'complete', fulfilled: true });
  });

  it('a fulfilment for another checkout says nothing about this one', async () => {
    const other = 'f00dbabe-0000-4000-8000-000000000001';
    const checkouts = new Map([
      [ID, checkout({ status: 'complete' })],
      [other, checkout({ id: other, status: 'complete' })],
    ]);
    const store = new MemoryCompletionStore();
    const callback = createCallbackHandler({ apiKey: API_KEY, store, fetch: queryablePayfect(checkouts).fetch, onCompleted: () => {} });
    const status = createStatusHandler({ apiKey: API_KEY, store, fetch: queryablePayfect(checkouts).fetch, rateLimit: false });
    assert.equal((await callback(notify())).status, 200);
    assert.equal((await answerOf(await status(ask(other)))).fulfilled, false);
    assert.equal((await answerOf(await status(ask(ID)))).fulfilled, true);
  });
});

describe('createStatusHandler: Query is cached for at most 2 s per id', () => {
  afterEach(() => mock.timers.reset());

  it('asks Query once within 2 s, and again after; fulfilled is read fresh every time', async () => {
    mock.timers.enable({ apis: ['Date'], now: 1_000_000 });
    const { handler, payfect, store, checkouts } = setup();
    assert.equal((await answerOf(await handler(ask()))).status, 'open');
    checkouts.set(ID, checkout({ status: 'complete' }));
    const reservation = await store.reserve(ID, 60_000);
    if (reservation.state === 'reserved') await store.complete(ID, reservation.token, 60_000);

    mock.timers.tick(2_000);
    assert.deepEqual(await answerOf(await handler(ask())), { id: ID, status: 'open', fulfilled: true }, 'Query remembered, the store read');
    assert.equal(payfect.calls.length, 1);

    mock.timers.tick(1);
    assert.equal((await answerOf(await handler(ask()))).status, 'complete');
    assert.equal(payfect.calls.length, 2);
  });

  it('caches each id apart, and a 404 as briefly', async () => {
    mock.timers.enable({ apis: ['Date'], now: 1_000_000 });
    const other = 'f00dbabe-0000-4000-8000-000000000002';
    const { handler, payfect, checkouts } = setup();
    await answerOf(await handler(ask(ID)));
    await assertError(await handler(ask(other)), 404, 'checkout_not_found');
    await assertError(await handler(ask(other)), 404, 'checkout_not_found');
    assert.equal(payfect.calls.length, 2);
    checkouts.set(other, checkout({ id: other }));
    mock.timers.tick(2_001);
    assert.equal((await answerOf(await handler(ask(other)))).id, other);
    assert.equal(payfect.calls.length, 3);
  });

  it('shares one Query among requests for an id that arrive while it is in flight', async () => {
    const { handler, payfect } = setup();
    const answers = await Promise.all(Array.from({ length: 5 }, () => handler(ask())));
    for (const answer of answers) assert.equal((await answerOf(answer)).status, 'open');
    assert.equal(payfect.calls.length, 1);
  });

  it('does not remember a failed Query: the next request asks again', async () => {
    let failing = true;
    const payfect = fakePayfect(() => (failing ? new Response('down', { status: 503 }) : Response.json(checkout())));
    const { handler } = setup({ fetch: payfect.fetch });
    await assertError(await handler(ask()), 502, 'payfect_error');
    failing = false;
    assert.equal((await answerOf(await handler(ask()))).status, 'open');
    assert.equal(payfect.calls.length, 2);
  });
});

describe('createStatusHandler: the error table', () => {
  const malformed: Array<[string, string | null, string]> = [
    ['no id', null, 'is required'],
    ['an empty id', '', 'must be a checkout id'],
    ['an id that climbs out of the path', '../../refunds', 'must be a checkout id'],
    ['an id with a slash', `${ID}/x`, 'must be a checkout id'],
    ['an id longer than 200 characters', 'a'.repeat(201), 'must be a checkout id'],
  ];
  for (const [label, id, message] of malformed) {
    it(`400 invalid_request for ${label}, without asking Payfect`, async () => {
      const { handler, payfect } = setup();
      const error = await assertError(await handler(ask(id)), 400, 'invalid_request');
      assert.match(error.fields?.id ?? '', new RegExp(message));
      assert.equal(payfect.calls.length, 0);
    });
  }

  it('400 invalid_request for an id given twice', async () => {
    const { handler, payfect } = setup();
    const error = await assertError(await handler(new Request(`${STATUS_URL}?id=${ID}&id=${ID}`)), 400, 'invalid_request');
    assert.deepEqual(error.fields, { id: 'must be given once' });
    assert.equal(payfect.calls.length, 0);
  });

  it('404 checkout_not_found when Query answers 404', async () => {
    const { handler } = setup({}, new Map());
    await assertError(await handler(ask()), 404, 'checkout_not_found');
  });

  for (const method of ['POST', 'PUT', 'DELETE', 'PATCH', 'HEAD']) {
    it(`405 method_not_allowed for ${method}, naming GET and OPTIONS`, async () => {
      const { handler, payfect } = setup();
      const response = await handler(ask(ID, { method }));
      assert.equal(response.headers.get('allow'), 'GET, OPTIONS');
      await assertError(response, 405, 'method_not_allowed');
      assert.equal(payfect.calls.length, 0);
    });
  }

  it('403 origin_not_allowed for a page of another origin, with no CORS grant', async () => {
    const { handler, payfect } = setup();
    const response = await handler(ask(ID, { headers: { origin: 'https://evil.example' } }));
    assert.equal(response.headers.get('access-control-allow-origin'), null);
    await assertError(response, 403, 'origin_not_allowed');
    assert.equal(payfect.calls.length, 0);
  });

  it('429 rate_limited with Retry-After past the limit, per client', async () => {
    const { handler } = setup({ rateLimit: { max: 2, windowMs: 30_000 } });
    await answerOf(await handler(ask(), BUYER));
    await answerOf(await handler(ask(), BUYER));
    const limited = await handler(ask(), BUYER);
    assert.match(limited.headers.get('retry-after') ?? '', /^([1-9]|[12]\d|30)$/);
    await assertError(limited, 429, 'rate_limited');
    await answerOf(await handler(ask(), { clientAddress: '203.0.113.8' }));
  });

  it('502 payfect_error when Query answers a non-2xx status', async () => {
    const { handler } = setup({ fetch: fakePayfect(() => new Response('down', { status: 500 })).fetch });
    await assertError(await handler(ask()), 502, 'payfect_error');
  });

  it('502 payfect_invalid_response when Query answers something that is not a checkout', async () => {
    const { handler } = setup({ fetch: fakePayfect(() => Response.json({ id: ID, status: 'paid' })).fetch });
    await assertError(await handler(ask()), 502, 'payfect_invalid_response');
  });

  it('504 payfect_timeout when Query does not answer in time', async () => {
    const { handler } = setup({ fetch: hangingPayfect().fetch, timeoutMs: 30 });
    await assertError(await handler(ask()), 504, 'payfect_timeout');
  });

  it('503 store_unavailable when the completion store fails', async () => {
    const store: CompletionStore = {
      reserve: async () => ({ state: 'in_progress' }),
      renew: async () => false,
      complete: async () => {},
      release: async () => {},
      isCompleted: () => Promise.reject(new Error('redis is down')),
    };
    const { handler, errors } = setup({ store });
    await assertError(await handler(ask()), 503, 'store_unavailable');
    assert.match(String((errors[0]!.cause as Error).message), /redis is down/);
  });

  describe('with a mocked setTimeout', () => {
    afterEach(() => mock.timers.reset());

    it('503 store_unavailable when the completion store does not answer in time', async () => {
      let asked: () => void = () => {};
      const askedStore = new Promise<void>((resolve) => (asked = resolve));
      const store: CompletionStore = {
        reserve: async () => ({ state: 'in_progress' }),
        renew: async () => false,
        complete: async () => {},
        release: async () => {},
        isCompleted: () => {
          asked();
          return new Promise<boolean>(() => {});
        },
      };
      const { handler } = setup({ store });
      mock.timers.enable({ apis: ['setTimeout'] });
      const answering = handler(ask());
      await askedStore;
      // The only timer left is the store call's time limit: it runs out.
      mock.timers.runAll();
      await assertError(await answering, 503, 'store_unavailable');
    });
  });

  it('500 internal_error for a bug, with a fixed message; onError gets the cause', async () => {
    const { handler, errors } = setup({
      rateLimit: {
        key: () => {
          throw new Error('the session lookup is broken');
        },
      },
    });
    const response = await handler(ask(), BUYER);
    const error = await assertError(response, 500, 'internal_error');
    assert.doesNotMatch(error.message, /session lookup/);
    assert.match(String((errors[0]!.cause as Error).message), /session lookup is broken/);
  });

  it('onError hears about every error answer, with the request', async () => {
    const { handler, errors } = setup({}, new Map());
    await handler(ask('../x'));
    await handler(ask(ID, { method: 'POST' }));
    await handler(ask());
    assert.deepEqual(
      errors.map((error) => error.code),
      ['invalid_request', 'method_not_allowed', 'checkout_not_found'],
    );
  });

  it('no answer carries the API key, a failing Payfect included', async () => {
    const echo = fakePayfect(() => new Response(`bad key ${API_KEY}`, { status: 401 }));
    const { handler, errors } = setup({ fetch: echo.fetch });
    const text = await (await handler(ask())).text();
    assert.ok(!text.includes(API_KEY));
    assert.ok(!JSON.stringify(errors.map((error) => [error.message, String(error.cause)])).includes(API_KEY));
  });
});

describe('createStatusHandler: origins, as the session endpoint has them', () => {
  const PAGE = 'https://pages.example';

  it('same-origin and no-Origin requests are answered, with no CORS grant', async () => {
    const { handler } = setup();
    for (const headers of [{ origin: SHOP }, {}] as Array<Record<string, string>>) {
      const response = await handler(ask(ID, { headers }));
      assert.equal(response.headers.get('access-control-allow-origin'), null);
      await answerOf(response);
    }
  });

  it('an allowed origin gets its CORS grant on the answer and on errors', async () => {
    const { handler } = setup({ allowedOrigins: [PAGE] }, new Map());
    const response = await handler(ask(ID, { headers: { origin: PAGE } }));
    assert.equal(response.headers.get('access-control-allow-origin'), PAGE);
    assert.equal(response.headers.get('vary'), 'Origin');
    await assertError(response, 404, 'checkout_not_found');
  });

  it('OPTIONS: 204 granting GET to an allowed origin; a foreign origin is 403; same-origin gets no grant', async () => {
    const { handler, payfect } = setup({ allowedOrigins: [PAGE] });
    const preflight = (origin: string) =>
      handler(ask(ID, { method: 'OPTIONS', headers: { origin, 'access-control-request-method': 'GET' } }));

    const allowed = await preflight(PAGE);
    assert.equal(allowed.status, 204);
    assert.equal(allowed.headers.get('access-control-allow-origin'), PAGE);
    assert.equal(allowed.headers.get('access-control-allow-methods'), 'GET');
    assert.equal(allowed.headers.get('allow'), 'GET, OPTIONS');
    assert.match(allowed.headers.get('access-control-max-age') ?? '', /^\d+$/);

    await assertError(await preflight('https://evil.example'), 403, 'origin_not_allowed');

    const same = await preflight(SHOP);
    assert.equal(same.status, 204);
    assert.equal(same.headers.get('access-control-allow-origin'), null);
    assert.equal(payfect.calls.length, 0);
  });
});

describe('createStatusHandler: rate limits, as the session endpoint has them', () => {
  it("counts apart from the session endpoint's on one shared store", async () => {
    const store = new MemoryRateLimitStore();
    const rateLimit = { max: 1, windowMs: 60_000, store };
    const checkout = createCheckoutHandler(baseOptions({ fetch: fakePayfect().fetch, rateLimit }));
    const { handler } = setup({ rateLimit });
    await answerOf(await handler(ask(), BUYER));
    assert.equal((await checkout(post(wireBody()), BUYER)).status, 200, 'the status request used none of the checkout budget');
    await assertError(await handler(ask(), BUYER), 429, 'rate_limited');
  });

  it('reads the client address from clientAddressHeader when set', async () => {
    const { handler } = setup({ rateLimit: { max: 1 }, clientAddressHeader: 'X-Real-IP' });
    await answerOf(await handler(ask(ID, { headers: { 'x-real-ip': '198.51.100.1' } })));
    await assertError(await handler(ask(ID, { headers: { 'x-real-ip': '198.51.100.1' } })), 429, 'rate_limited');
    await answerOf(await handler(ask(ID, { headers: { 'x-real-ip': '198.51.100.2' } })));
  });

  it('does not limit a request with no client identity, and says so once, naming the status handler', async () => {
    const warnings: unknown[][] = [];
    const original = console.warn;
    console.warn = (...args: unknown[]) => void warnings.push(args);
    try {
      const { handler } = setup({ rateLimit: { max: 1 } });
      for (let i = 0; i < 3; i++) await answerOf(await handler(ask()));
      assert.equal(warnings.length, 1);
      assert.match(String(warnings[0]![0]), /a status request came with no client identity/);
    } finally {
      console.warn = original;
    }
  });

  it('is on by default: 30 a minute per client', async () => {
    const { handler } = setup({ rateLimit: undefined });
    for (let i = 0; i < 30; i++) await answerOf(await handler(ask(), BUYER));
    await assertError(await handler(ask(), BUYER), 429, 'rate_limited');
  });
});

describe('createStatusHandler: options', () => {
  const base = { apiKey: API_KEY, store: new MemoryCompletionStore() };

  it('a misspelt option is a TypeError naming the nearest one', () => {
    assert.throws(
      () => createStatusHandler({ ...base, allowedOrigin: ['https://pages.example'] } as StatusHandlerOptions),
      (error: unknown) => error instanceof TypeError && /`allowedOrigin`.*did you mean `allowedOrigins`/.test(error.message),
    );
  });

  it('the store is required, and must be a CompletionStore', () => {
    for (const store of [undefined, {}, { reserve: () => {} }]) {
      assert.throws(
        () => createStatusHandler({ ...base, store } as unknown as StatusHandlerOptions),
        (error: unknown) => error instanceof TypeError && /`store` must be the callback handler's CompletionStore/.test(error.message),
      );
    }
  });

  it('the shared options are checked as the session endpoint checks them', () => {
    assert.throws(() => createStatusHandler({ ...base, apiKey: 'short' }), /`apiKey`/);
    assert.throws(() => createStatusHandler({ ...base, allowedOrigins: ['not a url'] }), /`allowedOrigins.0` must be an http\(s\) origin/);
    assert.throws(() => createStatusHandler({ ...base, timeoutMs: 0 }), /`timeoutMs`/);
  });
});
