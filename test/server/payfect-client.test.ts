import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { inspect } from 'node:util';
import { CheckoutError, createCheckoutHandler } from '../../src/server/index.js';
import { payfectTimestampToIso } from '../../src/server/checkout/checkout-summary.js';
import { PayfectReplyError } from '../../src/server/payfect/payfect-client.js';
import { PAYFECT_CHECKOUT_FIELDS } from '../../src/shared/payfect-api.js';
import { baseOptions, errorOf, post, wireBody } from './checkout-fixtures.js';
import { API_KEY, fakePayfect, hangingPayfect, payfectCheckoutReply, type RecordedCall } from './fake-payfect.js';

function run(reply: Parameters<typeof fakePayfect>[0], overrides: Parameters<typeof baseOptions>[0] = {}) {
  const payfect = fakePayfect(reply);
  const errors: CheckoutError[] = [];
  const handler = createCheckoutHandler(
    baseOptions({ fetch: payfect.fetch, onError: (error) => errors.push(error), ...overrides }),
  );
  return { payfect, errors, answer: () => handler(post(wireBody())) };
}

describe('the request to Payfect', () => {
  it('is POST {baseUrl}/checkouts/ with the key header and the documented snake_case body', async () => {
    const { payfect, answer } = run(undefined, { clientReferenceId: () => 'order-123' });
    await answer();
    const call = payfect.calls[0] as RecordedCall;
    assert.equal(call.method, 'POST');
    assert.equal(call.url, 'https://api.payfect.finance/api/v1/checkouts/');
    assert.equal(call.headers.get('authorization'), `Api-Key ${API_KEY}`);
    assert.equal(call.headers.get('content-type'), 'application/json');
    assert.deepEqual(Object.keys(call.body as object).sort(), [
      'callback_url', 'cancel_url', 'client_reference_id', 'currency', 'invoice_items', 'payment_method_data', 'success_url',
    ]);
  });

  for (const baseUrl of ['http://127.0.0.1:9999/api/v1', 'http://127.0.0.1:9999/api/v1/']) {
    it(`tolerates baseUrl ${baseUrl}`, async () => {
      const { payfect, answer } = run(undefined, { baseUrl });
      await answer();
      assert.equal(payfect.calls[0]!.url, 'http://127.0.0.1:9999/api/v1/checkouts/');
    });
  }
});

describe("Payfect's reply", () => {
  it('with all 22 documented fields becomes the browser checkout', async () => {
    assert.equal(Object.keys(payfectCheckoutReply()).length, 22);
    assert.deepEqual(Object.keys(payfectCheckoutReply()).sort(), [...PAYFECT_CHECKOUT_FIELDS].sort());
    const response = await run(undefined).answer();
    assert.equal(response.status, 200);
  });

  it('may carry every documented null and unknown extra fields', async () => {
    const reply = payfectCheckoutReply({
      clientReferenceId: null,
      shippingAddressCollection: null,
      metadata: null,
      paymentMethodOptions: { crypto: null, card: null },
      expiresAt: null,
      paymentIntent: null,
      successUrl: null,
      cancelUrl: null,
      somethingNew: { nested: true },
    });
    const response = await run(() => Response.json(reply)).answer();
    assert.equal(response.status, 200);
    assert.equal((await response.json()).expiresAt, null);
  });

  for (const [label, expiresAt] of [
    ['milliseconds (as documented)', '1703939166000'],
    ['seconds', '1703939166'],
    ['seconds with a fraction', '1703939166.000000'],
  ]) {
    it(`reads expiresAt in ${label}`, async () => {
      const response = await run(() => Response.json(payfectCheckoutReply({ expiresAt }))).answer();
      assert.equal((await response.json()).expiresAt, '2023-12-30T12:26:06.000Z');
    });
  }

  for (const missing of ['id', 'url', 'status']) {
    it(`missing ${missing} is 502 payfect_invalid_response`, async () => {
      const response = await run(() => Response.json(payfectCheckoutReply({ [missing]: undefined }))).answer();
      assert.equal(response.status, 502);
      const error = await errorOf(response);
      assert.equal(error.code, 'payfect_invalid_response');
      assert.match(error.message, new RegExp(missing));
    });
  }

  for (const [label, reply] of [
    ['HTML instead of JSON', () => new Response('<html><body>502 Bad Gateway</body></html>', { headers: { 'content-type': 'text/html' } })],
    ['an empty body', () => new Response('', { status: 201 })],
    ['a JSON array', () => Response.json([payfectCheckoutReply()])],
    ['an unknown status', () => Response.json(payfectCheckoutReply({ status: 'pending' }))],
    ['a float amountTotal', () => Response.json(payfectCheckoutReply({ amountTotal: 20.5 }))],
    ['a javascript: url', () => Response.json(payfectCheckoutReply({ url: 'javascript:alert(1)' }))],
    ['an absurd expiresAt', () => Response.json(payfectCheckoutReply({ expiresAt: '9'.repeat(40) }))],
  ] as const) {
    it(`${label} is 502 payfect_invalid_response`, async () => {
      const response = await run(reply).answer();
      assert.equal(response.status, 502);
      assert.equal((await errorOf(response)).code, 'payfect_invalid_response');
    });
  }

  for (const status of [400, 401, 403, 404, 429, 500, 503]) {
    it(`HTTP ${status} is 502 payfect_error with Payfect's status and a safe message`, async () => {
      const { errors, answer } = run(() => Response.json({ detail: `status ${status} detail` }, { status }));
      const response = await answer();
      assert.equal(response.status, 502);
      const error = await errorOf(response);
      assert.equal(error.code, 'payfect_error');
      assert.match(error.message, new RegExp(`HTTP ${status}`));
      assert.doesNotMatch(error.message, /detail/);
      const cause = errors[0]!.cause as PayfectReplyError;
      assert.ok(cause instanceof PayfectReplyError);
      assert.equal(cause.status, status);
      assert.match(cause.bodySnippet, /detail/);
    });
  }

  it('a network failure is 502 payfect_error', async () => {
    const response = await run(() => {
      throw new TypeError('fetch failed');
    }).answer();
    assert.equal(response.status, 502);
    assert.equal((await errorOf(response)).code, 'payfect_error');
  });
});

describe('the timeout', () => {
  it('turns a hang into 504 payfect_timeout when timeoutMs has passed, and not before, aborting the request', async (t) => {
    t.mock.timers.enable({ apis: ['setTimeout'] });
    const payfect = hangingPayfect();
    let aborted = false;
    let fetchCalled!: () => void;
    const called = new Promise<void>((resolve) => (fetchCalled = resolve));
    const fetch: typeof globalThis.fetch = (input, init) => {
      init?.signal?.addEventListener('abort', () => (aborted = true));
      fetchCalled();
      return payfect.fetch(input, init);
    };
    const handler = createCheckoutHandler(baseOptions({ fetch, timeoutMs: 5_000 }));
    let settled = false;
    const answer = handler(post(wireBody())).finally(() => (settled = true));
    await called;
    t.mock.timers.tick(4_999);
    await new Promise((resolve) => setImmediate(resolve));
    assert.equal(settled, false);
    assert.equal(aborted, false);
    t.mock.timers.tick(1);
    const response = await answer;
    assert.equal(response.status, 504);
    assert.equal((await errorOf(response)).code, 'payfect_timeout');
    assert.equal(aborted, true);
  });

  it('also covers a fetch that ignores its signal, and a body that never ends', async () => {
    for (const reply of [
      () => new Promise<Response>(() => {}),
      () => new Response(new ReadableStream({ pull: () => new Promise(() => {}) }), { headers: { 'content-type': 'application/json' } }),
    ]) {
      const handler = createCheckoutHandler(baseOptions({ fetch: fakePayfect(reply).fetch, timeoutMs: 30 }));
      const response = await handler(post(wireBody()));
      assert.equal(response.status, 504);
    }
  });
});

describe('a fetch failure that cannot even be described', () => {
  it('still settles: a fetch error holding the key whose toString throws answers 502 payfect_error, and the timer is cleared', async () => {
    const timers = () => process.getActiveResourcesInfo().filter((resource) => resource === 'Timeout').length;
    const before = timers();
    const unprintable = {
      leaked: API_KEY,
      toString(): string {
        throw new Error('cannot print this');
      },
    };
    const response = await Promise.race([
      run(() => Promise.reject(unprintable), { timeoutMs: 600_000 }).answer(),
      new Promise<undefined>((resolve) => setTimeout(resolve, 2_000, undefined).unref()),
    ]);
    assert.ok(response !== undefined, 'the answer never came');
    assert.equal(response.status, 502);
    const error = await errorOf(response);
    assert.equal(error.code, 'payfect_error');
    assert.ok(!JSON.stringify(error).includes(API_KEY));
    assert.equal(timers(), before);
  });
});

describe('the timer', () => {
  it('is cleared whatever Payfect does, so no timer keeps the process alive', async () => {
    const timers = () => process.getActiveResourcesInfo().filter((resource) => resource === 'Timeout').length;
    const before = timers();
    for (const reply of [
      () => Response.json(payfectCheckoutReply(), { status: 201 }),
      () => new Response('nope', { status: 500 }),
      () => new Response('<html>'),
      () => Promise.reject(new TypeError('fetch failed')),
    ]) {
      const handler = createCheckoutHandler(baseOptions({ fetch: fakePayfect(reply).fetch, timeoutMs: 600_000 }));
      await (await handler(post(wireBody()))).arrayBuffer();
      assert.equal(timers(), before);
    }
  });
});

describe('the API key never leaks', () => {
  const echoes: Array<[string, (call: RecordedCall) => Response | Promise<Response>]> = [
    ['a 401 that echoes the Authorization header', (call) => Response.json({ detail: 'bad key', headers: { Authorization: call.headers.get('authorization') } }, { status: 401 })],
    ['a 400 that echoes the key alone', () => new Response(`invalid key ${API_KEY}`, { status: 400 })],
    ['a 500 HTML page with the header', (call) => new Response(`<pre>Authorization: ${call.headers.get('authorization')}</pre>`, { status: 500 })],
    ['a 200 HTML page with the header', (call) => new Response(`<pre>${call.headers.get('authorization')}</pre>`)],
    ['a 200 checkout missing url, with the key in it', () => Response.json(payfectCheckoutReply({ url: undefined, metadata: { key: API_KEY } }))],
    ['a key as an unknown field name', () => Response.json({ [API_KEY]: API_KEY, status: 'open' })],
    ['a success that echoes the key in extra fields', () => Response.json(payfectCheckoutReply({ debug: API_KEY, merchant: { id: API_KEY, name: API_KEY } }))],
    ['a 200 checkout whose id and url carry the key', () => Response.json(payfectCheckoutReply({ id: API_KEY, url: `https://buy.payfect.finance/${API_KEY}` }))],
    ['a fetch error that keeps the request headers on a property', (call) => {
      throw Object.assign(new TypeError('fetch failed'), { request: { headers: { authorization: call.headers.get('authorization') } } });
    }],
    ['a fetch that throws with the key in its message', (call) => {
      throw new Error(`cannot send ${call.headers.get('authorization')}`, { cause: new Error(API_KEY) });
    }],
  ];
  for (const [label, reply] of echoes) {
    it(`in the answer, its headers or onError output: ${label}`, async () => {
      const { errors, answer } = run(reply);
      const response = await answer();
      const everything = [
        String(response.status),
        ...[...response.headers].flat(),
        await response.text(),
        ...errors.map((error) => inspect(error, { depth: Infinity, showHidden: true })),
        ...errors.map((error) => JSON.stringify({ message: error.message, fields: error.fields })),
      ].join('\n');
      assert.equal(everything.includes(API_KEY), false, everything);
      assert.equal(everything.includes('5a31f3a4-279c-11ee'), false);
    });
  }

  /** Everything the buyer and the merchant's logger can see, as text. */
  async function visible(response: Response, errors: readonly unknown[]): Promise<string> {
    return [
      ...[...response.headers].flat(),
      await response.text(),
      ...errors.map((error) => inspect(error, { depth: Infinity, showHidden: true })),
    ].join('\n');
  }

  it('nor when a catalog function throws an error that holds it', async () => {
    const errors: CheckoutError[] = [];
    const handler = createCheckoutHandler(
      baseOptions({
        fetch: fakePayfect().fetch,
        onError: (error) => errors.push(error),
        catalog: () => {
          throw Object.assign(new Error('pricing service down'), { config: { headers: { authorization: `Api-Key ${API_KEY}` } } });
        },
      }),
    );
    const response = await handler(post(wireBody()));
    assert.equal(response.status, 500);
    const text = await visible(response, errors);
    assert.equal(errors.length, 1);
    assert.match(text, /pricing service down/);
    assert.equal(text.includes(API_KEY), false, text);
  });

  it('nor when a catalog function throws a CheckoutError that names it', async () => {
    const errors: CheckoutError[] = [];
    const handler = createCheckoutHandler(
      baseOptions({
        fetch: fakePayfect().fetch,
        onError: (error) => errors.push(error),
        catalog: () => {
          throw new CheckoutError('unknown_product', `No product for key ${API_KEY}`, { fields: { [API_KEY]: API_KEY } });
        },
      }),
    );
    const response = await handler(post(wireBody()));
    assert.equal(response.status, 422);
    const text = await visible(response, errors);
    assert.match(text, /No product for key \[redacted\]/);
    assert.equal(text.includes(API_KEY), false, text);
  });

  it('nor when onCheckoutCreated or onError throw with it', async () => {
    const errors: CheckoutError[] = [];
    const logged: unknown[] = [];
    const original = console.error;
    console.error = (...args: unknown[]) => logged.push(...args);
    try {
      const handler = createCheckoutHandler(
        baseOptions({
          fetch: fakePayfect().fetch,
          onCheckoutCreated: () => {
            throw new Error(`could not save; key was ${API_KEY}`);
          },
          onError: (error) => {
            errors.push(error);
            throw new Error(`logger down; key was ${API_KEY}`);
          },
        }),
      );
      const response = await handler(post(wireBody()));
      assert.equal(response.status, 200);
      const text = (await visible(response, errors)) + logged.map((value) => inspect(value, { showHidden: true })).join('\n');
      assert.equal(errors.length, 1);
      assert.match(text, /could not save; key was \[redacted\]/);
      assert.match(text, /logger down; key was \[redacted\]/);
      assert.equal(text.includes(API_KEY), false, text);
    } finally {
      console.error = original;
    }
  });

  it('is looked for once per error answer: the answer and onError share one redaction', async () => {
    for (const [label, makeError] of [
      ['a CheckoutError', (cause: object) => new CheckoutError('unknown_product', 'Gone.', { cause })],
      ['an unexpected error', (cause: object) => new Error('database down', { cause })],
    ] as const) {
      let reads = 0;
      // Redaction reads every property of the error tree; counting one getter counts the walks.
      const cause = Object.defineProperty({}, 'detail', { enumerable: true, get: () => (reads++, 'no secret here') });
      const errors: CheckoutError[] = [];
      const handler = createCheckoutHandler(
        baseOptions({
          fetch: fakePayfect().fetch,
          onError: (error) => errors.push(error),
          catalog: () => {
            throw makeError(cause);
          },
        }),
      );
      await (await handler(post(wireBody()))).arrayBuffer();
      assert.equal(errors.length, 1, label);
      assert.equal(reads, 1, label);
    }
  });

  it('nor when a catalog throws something holding it whose toString throws: the answer still comes', async () => {
    const unprintable = {
      leaked: API_KEY,
      toString(): string {
        throw new Error('cannot print this');
      },
    };
    for (const [thrown, status] of [
      [new CheckoutError('unknown_product', 'Gone.', { cause: unprintable }), 422],
      [unprintable, 500],
    ] as const) {
      const errors: CheckoutError[] = [];
      const handler = createCheckoutHandler(
        baseOptions({
          fetch: fakePayfect().fetch,
          onError: (error) => errors.push(error),
          catalog: () => {
            throw thrown;
          },
        }),
      );
      const response = await handler(post(wireBody()));
      assert.equal(response.status, status);
      const text = await visible(response, errors);
      assert.equal(errors.length, 1);
      assert.equal(text.includes(API_KEY), false, text);
    }
  });

  it('nor in the answers to bad input', async () => {
    const handler = createCheckoutHandler(baseOptions({ fetch: fakePayfect().fetch }));
    for (const request of [post('{'), post({ apiKey: 1 }), post(wireBody({ callback_url: 'x' }))]) {
      const response = await handler(request);
      assert.equal((await response.text()).includes(API_KEY), false);
    }
  });
});

describe('payfectTimestampToIso', () => {
  it('decides the unit by magnitude', () => {
    assert.equal(payfectTimestampToIso('1690532072.288761'), '2023-07-28T08:14:32.288Z');
    assert.equal(payfectTimestampToIso('1690532072288'), '2023-07-28T08:14:32.288Z');
    assert.equal(payfectTimestampToIso('0'), '1970-01-01T00:00:00.000Z');
  });
});
