import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  MemoryCompletionStore,
  createCallbackHandler,
  createCheckoutHandler,
  createStatusHandler,
  type CallbackHandlerOptions,
  type CheckoutError,
  type StatusHandlerOptions,
} from '../../src/server/index.js';
import type { CallbackErrorCode, EndpointErrorCode, ServerErrorCode } from '../../src/shared/errors.js';
import { ErrorBody } from '../../src/shared/error-body.js';
import { ENDPOINT, baseOptions, post, wireBody } from './checkout-fixtures.js';
import { API_KEY, fakePayfect, hangingPayfect, payfectCheckoutReply, queryablePayfect } from './fake-payfect.js';

/** DESIGN.md's error table, copied here rather than read from the code under test. */
const DESIGN_STATUS: Record<EndpointErrorCode, number> = {
  invalid_json: 400,
  invalid_request: 400,
  redirect_not_allowed: 400,
  origin_not_allowed: 403,
  method_not_allowed: 405,
  request_timeout: 408,
  price_mismatch: 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
  unknown_product: 422,
  rate_limited: 429,
  payfect_error: 502,
  payfect_invalid_response: 502,
  payfect_timeout: 504,
  store_unavailable: 503,
  internal_error: 500,
};

/** One request per row of DESIGN.md's error table, each producing exactly that code. */
const rows: Record<EndpointErrorCode, () => Promise<Response>> = {
  invalid_json: () => createCheckoutHandler(baseOptions({ fetch: fakePayfect().fetch }))(post('{"currency": "usdt",}')),
  invalid_request: () =>
    createCheckoutHandler(baseOptions({ fetch: fakePayfect().fetch }))(post(wireBody({ invoice_items: [] }))),
  redirect_not_allowed: () =>
    createCheckoutHandler(baseOptions({ fetch: fakePayfect().fetch }))(post(wireBody({ success_url: 'https://evil.example/phish' }))),
  origin_not_allowed: () =>
    createCheckoutHandler(baseOptions({ fetch: fakePayfect().fetch }))(post(wireBody(), { origin: 'https://evil.example' })),
  method_not_allowed: () =>
    createCheckoutHandler(baseOptions({ fetch: fakePayfect().fetch }))(new Request(ENDPOINT, { method: 'GET' })),
  price_mismatch: () =>
    createCheckoutHandler(baseOptions({ fetch: fakePayfect().fetch }))(
      post(wireBody({ invoice_items: [{ product_id: 'standard-plan', quantity: 1, price_data: { currency: 'usdt', unit_amount: '0.01' } }] })),
    ),
  payload_too_large: () =>
    createCheckoutHandler(baseOptions({ fetch: fakePayfect().fetch, maxBodyBytes: 100 }))(post(wireBody())),
  unsupported_media_type: () =>
    createCheckoutHandler(baseOptions({ fetch: fakePayfect().fetch }))(
      new Request(ENDPOINT, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: JSON.stringify(wireBody()) }),
    ),
  unknown_product: () =>
    createCheckoutHandler(baseOptions({ fetch: fakePayfect().fetch }))(
      post(wireBody({ invoice_items: [{ product_id: 'no-such-thing', quantity: 1 }] })),
    ),
  rate_limited: async () => {
    const handler = createCheckoutHandler(baseOptions({ fetch: fakePayfect().fetch, rateLimit: { max: 1, windowMs: 60_000 } }));
    await handler(post(wireBody()), { clientAddress: '203.0.113.9' });
    return handler(post(wireBody()), { clientAddress: '203.0.113.9' });
  },
  payfect_error: () =>
    createCheckoutHandler(baseOptions({ fetch: fakePayfect(() => Response.json({ detail: 'nope' }, { status: 500 })).fetch }))(
      post(wireBody()),
    ),
  payfect_invalid_response: () =>
    createCheckoutHandler(baseOptions({ fetch: fakePayfect(() => Response.json(payfectCheckoutReply({ url: undefined }))).fetch }))(
      post(wireBody()),
    ),
  payfect_timeout: () => createCheckoutHandler(baseOptions({ fetch: hangingPayfect().fetch, timeoutMs: 30 }))(post(wireBody())),
  request_timeout: () =>
    createCheckoutHandler(baseOptions({ fetch: fakePayfect().fetch, bodyTimeoutMs: 30 }))(
      new Request(ENDPOINT, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        // A body that starts and never ends.
        body: new ReadableStream({ start: (controller) => controller.enqueue(new TextEncoder().encode('{')) }),
        duplex: 'half',
      } as RequestInit),
    ),
  store_unavailable: () =>
    createCheckoutHandler(
      baseOptions({
        fetch: fakePayfect().fetch,
        idempotency: {
          store: {
            reserve: () => Promise.reject(new Error('redis is down')),
            renew: () => false,
            complete: () => undefined,
            release: () => undefined,
          },
        },
      }),
    )(post(wireBody(), { 'idempotency-key': 'attempt-1' })),
  internal_error: () =>
    createCheckoutHandler(
      baseOptions({
        fetch: fakePayfect().fetch,
        catalog: () => {
          throw new Error('the database is down');
        },
      }),
    )(post(wireBody())),
};

/** An answer from the table: its status, JSON, not cached, with the code and a message. */
async function assertErrorAnswer(response: Response, status: number, code: string): Promise<void> {
  assert.equal(response.status, status);
  assert.equal(response.headers.get('content-type'), 'application/json; charset=utf-8');
  assert.equal(response.headers.get('cache-control'), 'no-store');
  const body = ErrorBody.parse(await response.json());
  assert.equal(body.error.code, code);
  assert.ok(body.error.message.length > 0);
}

describe('error table', () => {
  for (const [code, status] of Object.entries(DESIGN_STATUS)) {
    it(`${status} ${code}`, async () => {
      const response = await rows[code as EndpointErrorCode]();
      await assertErrorAnswer(response, status, code);
    });
  }

  it('405 names the allowed methods', async () => {
    const response = await rows.method_not_allowed();
    assert.equal(response.headers.get('allow'), 'POST, OPTIONS');
  });

  it('500 keeps the cause out of the answer and hands it to onError', async () => {
    const seen: CheckoutError[] = [];
    const handler = createCheckoutHandler(
      baseOptions({
        fetch: fakePayfect().fetch,
        catalog: () => {
          throw new Error('the database is down');
        },
        onError: (error) => seen.push(error),
      }),
    );
    const response = await handler(post(wireBody()));
    const text = await response.text();
    assert.equal(response.status, 500);
    assert.doesNotMatch(text, /database/);
    assert.equal(seen.length, 1);
    assert.equal(seen[0]!.code, 'internal_error');
    assert.match(String((seen[0]!.cause as Error).message), /database is down/);
  });

  it('onError hears about every error answer, with the request', async () => {
    const seen: Array<[string, string]> = [];
    const handler = createCheckoutHandler(
      baseOptions({ fetch: fakePayfect().fetch, onError: (error, request) => seen.push([error.code, request.url]) }),
    );
    await handler(post('nope'));
    await handler(new Request(ENDPOINT, { method: 'PUT' }));
    await handler(post(wireBody({ cancel_url: 'https://evil.example/' })));
    assert.deepEqual(seen, [
      ['invalid_json', ENDPOINT],
      ['method_not_allowed', ENDPOINT],
      ['redirect_not_allowed', ENDPOINT],
    ]);
  });

  it('a CheckoutError thrown by a catalog function is answered as itself', async () => {
    const handler = createCheckoutHandler(
      baseOptions({
        fetch: fakePayfect().fetch,
        catalog: async () => {
          const { CheckoutError } = await import('../../src/server/index.js');
          throw new CheckoutError('invalid_request', 'Sold out.', { fields: { 'invoice_items.0.product_id': 'is sold out' } });
        },
      }),
    );
    const response = await handler(post(wireBody()));
    assert.equal(response.status, 400);
    assert.deepEqual((await response.json()).error, {
      code: 'invalid_request',
      message: 'Sold out.',
      fields: { 'invoice_items.0.product_id': 'is sold out' },
    });
  });

  it('a thrown onError does not turn the answer into a crash', async () => {
    const original = console.error;
    const logged: unknown[] = [];
    console.error = (...args: unknown[]) => logged.push(args);
    try {
      const handler = createCheckoutHandler(
        baseOptions({
          fetch: fakePayfect().fetch,
          onError: () => {
            throw new Error('logger down');
          },
        }),
      );
      const response = await handler(post('nope'));
      assert.equal(response.status, 400);
      assert.equal(logged.length, 1);
    } finally {
      console.error = original;
    }
  });

  it('success answers 200 with the checkout reduced to what a browser needs', async () => {
    const payfect = fakePayfect();
    const response = await createCheckoutHandler(baseOptions({ fetch: payfect.fetch }))(post(wireBody()));
    assert.equal(response.status, 200);
    assert.equal(response.headers.get('cache-control'), 'no-store');
    assert.deepEqual(await response.json(), {
      id: 'ed8d24aa-a860-426b-8e56-87cb9f55a081',
      url: 'https://buy-dev.payfect.finance/checkouts/ed8d24aa-a860-426b-8e56-87cb9f55a081',
      status: 'open',
      amountTotal: '20.50',
      currency: 'usdt',
      expiresAt: '2023-12-30T12:26:06.000Z',
      isLivemode: false,
    });
    assert.equal(payfect.calls.length, 1);
  });
});

/** DESIGN.md's table for createCallbackHandler, plus the endpoint codes it shares, copied here rather than read from the code. */
const CALLBACK_STATUS = {
  invalid_json: 400,
  invalid_request: 400,
  signature_invalid: 401,
  method_not_allowed: 405,
  checkout_not_complete: 409,
  payload_too_large: 413,
  fulfilment_failed: 500,
  internal_error: 500,
  payfect_error: 502,
  payfect_invalid_response: 502,
  store_unavailable: 503,
  payfect_timeout: 504,
} satisfies Partial<Record<EndpointErrorCode | CallbackErrorCode, number>>;

const CHECKOUT_ID = 'ed8d24aa-a860-426b-8e56-87cb9f55a081';
const NOTIFICATION = { id: CHECKOUT_ID, amount: '20.50', status: 'succeeded', currency: 'usdt', client_reference_id: null };
const PAID = payfectCheckoutReply({ status: 'complete', amountTotal: '20.50' });

function receiver(overrides: Partial<CallbackHandlerOptions> = {}) {
  return createCallbackHandler({
    apiKey: API_KEY,
    fetch: queryablePayfect(new Map([[CHECKOUT_ID, PAID]])).fetch,
    onCompleted: () => {},
    ...overrides,
  });
}

function notify(body: unknown = NOTIFICATION, method = 'POST'): Request {
  return new Request('https://shop.example/payfect/callback', {
    method,
    headers: { 'content-type': 'application/json' },
    ...(method === 'POST' && { body: typeof body === 'string' ? body : JSON.stringify(body) }),
  });
}

const callbackRows: Record<keyof typeof CALLBACK_STATUS, () => Promise<Response>> = {
  invalid_json: () => receiver()(notify('{')),
  invalid_request: () => receiver()(notify({ id: CHECKOUT_ID })),
  signature_invalid: () => receiver({ signingKey: 'cw_0x689RpI-jtRR7oE8h_eQsKImvJapLeSbXpwF4e4=' })(notify()),
  method_not_allowed: () => receiver()(notify(undefined, 'GET')),
  checkout_not_complete: () => receiver({ fetch: queryablePayfect(new Map()).fetch })(notify()),
  payload_too_large: () => receiver({ maxBodyBytes: 10 })(notify()),
  fulfilment_failed: () =>
    receiver({
      onCompleted: () => {
        throw new Error('the warehouse is down');
      },
    })(notify()),
  internal_error: () =>
    receiver({ store: { reserve: async () => undefined as never, renew: async () => false, complete: async () => {}, release: async () => {}, isCompleted: async () => false } })(notify()),
  payfect_error: () => receiver({ fetch: fakePayfect(() => new Response('down', { status: 500 })).fetch })(notify()),
  payfect_invalid_response: () => receiver({ fetch: fakePayfect(() => Response.json({ id: CHECKOUT_ID })).fetch })(notify()),
  store_unavailable: () =>
    receiver({ store: { reserve: () => Promise.reject(new Error('down')), renew: async () => false, complete: async () => {}, release: async () => {}, isCompleted: async () => false } })(notify()),
  payfect_timeout: () => receiver({ fetch: hangingPayfect().fetch, timeoutMs: 30 })(notify()),
};

describe('callback error table', () => {
  it('200 once onCompleted resolved', async () => {
    assert.equal((await receiver()(notify())).status, 200);
  });

  for (const [code, status] of Object.entries(CALLBACK_STATUS)) {
    it(`${status} ${code}`, async () => {
      const response = await callbackRows[code as keyof typeof CALLBACK_STATUS]();
      await assertErrorAnswer(response, status, code);
    });
  }
});

/** DESIGN.md's codes for createStatusHandler ("The return page"), plus the endpoint codes it shares, copied here rather than read from the code. */
const STATUS_TABLE = {
  invalid_request: 400,
  origin_not_allowed: 403,
  checkout_not_found: 404,
  method_not_allowed: 405,
  rate_limited: 429,
  internal_error: 500,
  payfect_error: 502,
  payfect_invalid_response: 502,
  store_unavailable: 503,
  payfect_timeout: 504,
} satisfies Partial<Record<ServerErrorCode, number>>;

function statusHandler(overrides: Partial<StatusHandlerOptions> = {}) {
  return createStatusHandler({
    apiKey: API_KEY,
    store: new MemoryCompletionStore(),
    fetch: queryablePayfect(new Map([[CHECKOUT_ID, payfectCheckoutReply()]])).fetch,
    rateLimit: false,
    ...overrides,
  });
}

function askStatus(id = CHECKOUT_ID, init: RequestInit = {}): Request {
  return new Request(`https://shop.example/api/checkout-status?id=${encodeURIComponent(id)}`, init);
}

const statusRows: Record<keyof typeof STATUS_TABLE, () => Promise<Response>> = {
  invalid_request: () => statusHandler()(askStatus('../refunds')),
  origin_not_allowed: () => statusHandler()(askStatus(CHECKOUT_ID, { headers: { origin: 'https://evil.example' } })),
  checkout_not_found: () => statusHandler({ fetch: queryablePayfect(new Map()).fetch })(askStatus()),
  method_not_allowed: () => statusHandler()(askStatus(CHECKOUT_ID, { method: 'POST' })),
  rate_limited: async () => {
    const handler = statusHandler({ rateLimit: { max: 1, windowMs: 60_000 } });
    await handler(askStatus(), { clientAddress: '203.0.113.9' });
    return handler(askStatus(), { clientAddress: '203.0.113.9' });
  },
  internal_error: () =>
    statusHandler({
      rateLimit: {
        key: () => {
          throw new Error('a bug');
        },
      },
    })(askStatus()),
  payfect_error: () => statusHandler({ fetch: fakePayfect(() => new Response('down', { status: 500 })).fetch })(askStatus()),
  payfect_invalid_response: () => statusHandler({ fetch: fakePayfect(() => Response.json({ id: CHECKOUT_ID })).fetch })(askStatus()),
  store_unavailable: () =>
    statusHandler({
      store: { reserve: async () => ({ state: 'in_progress' }), renew: async () => false, complete: async () => {}, release: async () => {}, isCompleted: () => Promise.reject(new Error('down')) },
    })(askStatus()),
  payfect_timeout: () => statusHandler({ fetch: hangingPayfect().fetch, timeoutMs: 30 })(askStatus()),
};

describe('status error table', () => {
  it('200 with { id, status, fulfilled } and nothing else', async () => {
    const response = await statusHandler()(askStatus());
    assert.equal(response.status, 200);
    assert.equal(response.headers.get('cache-control'), 'no-store');
    assert.deepEqual(await response.json(), { id: CHECKOUT_ID, status: 'open', fulfilled: false });
  });

  for (const [code, status] of Object.entries(STATUS_TABLE)) {
    it(`${status} ${code}`, async () => {
      const response = await statusRows[code as keyof typeof STATUS_TABLE]();
      await assertErrorAnswer(response, status, code);
    });
  }
});
