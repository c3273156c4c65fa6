import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, it } from 'node:test';
import { gzipSync } from 'node:zlib';
import { createCheckoutHandler, createPayfectClient, type CheckoutError, type PayfectCheckout } from '../../src/server/index.js';
import { MAX_REPLY_BYTES } from '../../src/server/payfect/payfect-client.js';
import { baseOptions, errorOf, post, wireBody } from './checkout-fixtures.js';
import { API_KEY, fakePayfect, payfectCheckoutReply, queryablePayfect } from './fake-payfect.js';

function checkout(reply: Parameters<typeof fakePayfect>[0], overrides: Parameters<typeof baseOptions>[0] = {}) {
  const errors: CheckoutError[] = [];
  const created: PayfectCheckout[] = [];
  const handler = createCheckoutHandler(
    baseOptions({
      fetch: fakePayfect(reply).fetch,
      onError: (error) => errors.push(error),
      onCheckoutCreated: (made) => {
        created.push(made);
      },
      ...overrides,
    }),
  );
  return { errors, created, answer: () => handler(post(wireBody())) };
}

/** JSON text in which every character of the key is a \uXXXX escape: the parsed value is the key, the text never holds it. */
function escapedJson(value: unknown): string {
  const escapedKey = [...API_KEY].map((char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`).join('');
  return JSON.stringify(value).replaceAll(API_KEY, escapedKey);
}

describe('a hostile Payfect: the key echoed in a 2xx reply', () => {
  for (const [label, reply] of [
    ['JSON-escaped in the url the browser is sent to', payfectCheckoutReply({ url: `https://buy.payfect.finance/checkouts/x?k=${API_KEY}` })],
    ['JSON-escaped in the id', payfectCheckoutReply({ id: API_KEY })],
    ['JSON-escaped in metadata kept by onCheckoutCreated', payfectCheckoutReply({ metadata: { echo: API_KEY } })],
    ['in capitals, in the url', payfectCheckoutReply({ url: `https://buy.payfect.finance/checkouts/${API_KEY.toUpperCase()}` })],
  ] as const) {
    it(`${label} is 502 payfect_invalid_response, and the key reaches neither the browser nor the records`, async () => {
      const text = escapedJson(reply);
      assert.equal(text.includes(API_KEY), false);
      const { errors, created, answer } = checkout(() => new Response(text, { status: 201, headers: { 'content-type': 'application/json' } }));
      const response = await answer();
      assert.equal(response.status, 502);
      const body = await response.text();
      assert.equal(JSON.parse(body).error.code, 'payfect_invalid_response');
      assert.equal(body.toLowerCase().includes(API_KEY.toLowerCase()), false);
      assert.equal(created.length, 0);
      assert.equal(JSON.stringify(errors.map((error) => [error.message, error.cause])).includes(API_KEY), false);
    });
  }

  it('JSON-escaped in an error reply is withheld from the snippet kept for the logs', async () => {
    const { errors, answer } = checkout(() => new Response(escapedJson({ detail: `bad key ${API_KEY}` }), { status: 401 }));
    assert.equal((await answer()).status, 502);
    const snippet = (errors[0]!.cause as { bodySnippet: string }).bodySnippet;
    assert.match(snippet, /withheld/);
    assert.doesNotMatch(snippet, /\\u00/);
  });
});

describe('a hostile Payfect: the size and the pace of its reply', () => {
  it(`an endless 200 body is cut at ${MAX_REPLY_BYTES} bytes: 502, and the stream is cancelled`, async () => {
    let pulled = 0;
    let cancelled = false;
    const { answer } = checkout(
      () =>
        new Response(
          new ReadableStream<Uint8Array>({
            pull(controller) {
              pulled += 64 * 1024;
              controller.enqueue(new Uint8Array(64 * 1024).fill(32));
            },
            cancel() {
              cancelled = true;
            },
          }),
          { headers: { 'content-type': 'application/json' } },
        ),
      { timeoutMs: 60_000 },
    );
    const response = await answer();
    assert.equal(response.status, 502);
    assert.equal((await errorOf(response)).code, 'payfect_invalid_response');
    assert.ok(pulled <= MAX_REPLY_BYTES + 4 * 64 * 1024, `pulled ${pulled} bytes`);
    assert.equal(cancelled, true);
  });

  it('a 200 MB reply declared by Content-Length is refused before it is read', async () => {
    let pulled = 0;
    const { answer } = checkout(
      () =>
        new Response(
          new ReadableStream<Uint8Array>({
            pull(controller) {
              pulled += 1;
              controller.enqueue(new Uint8Array(1024));
            },
          }),
          { headers: { 'content-type': 'application/json', 'content-length': String(200 * 1024 * 1024) } },
        ),
    );
    const response = await answer();
    assert.equal(response.status, 502);
    assert.ok(pulled <= 1, `pulled ${pulled} chunks`);
  });

  it('a slow body is given up at the timeout, and its stream cancelled, even from a fetch that ignores the signal', async () => {
    let cancelled!: () => void;
    const cancel = new Promise<void>((resolve) => (cancelled = resolve));
    const { answer } = checkout(
      () =>
        new Response(
          new ReadableStream<Uint8Array>({
            start(controller) {
              controller.enqueue(new TextEncoder().encode('{"id":'));
            },
            pull: () => new Promise(() => {}),
            cancel: () => cancelled(),
          }),
          { headers: { 'content-type': 'application/json' } },
        ),
      { timeoutMs: 50 },
    );
    const response = await answer();
    assert.equal(response.status, 504);
    await cancel;
  });

  it('a gzip reply trickling over a real socket ends at the timeout: 504, and the connection is closed', async () => {
    let closed!: () => void;
    const connectionClosed = new Promise<void>((resolve) => (closed = resolve));
    let served = false;
    const server = createServer((request, response) => {
      served = true;
      request.resume();
      response.writeHead(201, { 'content-type': 'application/json', 'content-encoding': 'gzip' });
      // A gzip stream's header arrives, then a byte at a time: the reply never completes on its own.
      const whole = gzipSync(JSON.stringify(payfectCheckoutReply({ padding: 'x'.repeat(100_000) })));
      let offset = 0;
      const drip = setInterval(() => response.write(whole.subarray(offset, ++offset)), 5);
      response.on('close', () => {
        clearInterval(drip);
        closed();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = server.address() as AddressInfo;
      const handler = createCheckoutHandler(baseOptions({ baseUrl: `http://127.0.0.1:${port}/api/v1`, timeoutMs: 1_000 }));
      const response = await handler(post(wireBody()));
      assert.equal(response.status, 504);
      // Had the request not reached the server, there would be no connection to see closed.
      assert.equal(served, true, 'the request reached the server before the timeout');
      await connectionClosed;
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });
});

describe("a hostile Payfect: a checkout that does not charge the catalog's total", () => {
  for (const [label, overrides] of [
    ['a lower amountTotal', { amountTotal: '0.10' }],
    ['a higher amountTotal', { amountTotal: '2050.00' }],
    ['another currency', { currency: 'eur' }],
    ['no amountTotal', { amountTotal: undefined }],
    ['no currency', { currency: undefined }],
  ] as const) {
    it(`${label} is 502 payfect_invalid_response with a safe message, never shown to the buyer`, async () => {
      const { errors, created, answer } = checkout(() => Response.json(payfectCheckoutReply(overrides), { status: 201 }));
      const response = await answer();
      assert.equal(response.status, 502);
      const error = await errorOf(response);
      assert.equal(error.code, 'payfect_invalid_response');
      assert.doesNotMatch(error.message, /0\.10|2050|eur/);
      assert.equal(created.length, 0);
      assert.equal(errors.length, 1);
    });
  }

  it('the same total at another scale, and the currency in capitals, are accepted', async () => {
    const { answer } = checkout(() => Response.json(payfectCheckoutReply({ amountTotal: '20.5000', currency: 'USDT' }), { status: 201 }));
    assert.equal((await answer()).status, 200);
  });

  it('the total of several items and quantities is computed exactly', async () => {
    const payfect = fakePayfect((call) => {
      const sent = call.body as { invoice_items: unknown[] };
      assert.equal(sent.invoice_items.length, 2);
      return Response.json(payfectCheckoutReply({ amountTotal: '41.30' }), { status: 201 });
    });
    const handler = createCheckoutHandler(baseOptions({ fetch: payfect.fetch }));
    const response = await handler(
      post(wireBody({ invoice_items: [{ product_id: 'standard-plan', quantity: 2 }, { product_id: 'sticker', quantity: 3 }] })),
    );
    assert.equal(response.status, 200);
  });
});

describe('createPayfectClient', () => {
  for (const apiKey of [`${API_KEY}\n`, `\t${API_KEY}`, `${API_KEY} `]) {
    it(`refuses the apiKey ${JSON.stringify(apiKey.slice(-6))} with a TypeError saying it holds whitespace`, () => {
      assert.throws(() => createPayfectClient({ apiKey }), (error: unknown) => error instanceof TypeError && /whitespace/.test(error.message));
    });
  }

  it('retrieveCheckout GETs {base}/checkouts/{id}/ with the id URL-encoded', async () => {
    const id = 'a/b?c#d';
    const payfect = queryablePayfect(new Map([[id, payfectCheckoutReply({ id })]]));
    const client = createPayfectClient({ apiKey: API_KEY, fetch: payfect.fetch, baseUrl: 'https://payfect.test/api/v1/' });
    const found = await client.retrieveCheckout(id);
    assert.equal(found?.id, id);
    assert.equal(payfect.calls[0]!.url, 'https://payfect.test/api/v1/checkouts/a%2Fb%3Fc%23d/');
    assert.equal(payfect.calls[0]!.method, 'GET');
  });

  it('retrieveCheckout answers undefined for a 404, and rejects other failures with the table codes', async () => {
    const client = createPayfectClient({ apiKey: API_KEY, fetch: queryablePayfect(new Map()).fetch });
    assert.equal(await client.retrieveCheckout('nope'), undefined);
    const down = createPayfectClient({ apiKey: API_KEY, fetch: fakePayfect(() => new Response('', { status: 503 })).fetch });
    await assert.rejects(down.retrieveCheckout('x'), { code: 'payfect_error' });
  });

  it('createCheckout answers the checkout Payfect created', async () => {
    const client = createPayfectClient({ apiKey: API_KEY, fetch: fakePayfect().fetch });
    const made = await client.createCheckout({
      currency: 'usdt',
      invoice_items: [{ quantity: 1, price_data: { currency: 'usdt', unit_amount: '1.00', product_data: { name: 'One' } } }],
    });
    assert.equal(made.amountTotal, '1.00');
  });
});
