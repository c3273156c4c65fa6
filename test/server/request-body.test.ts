import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createCheckoutHandler } from '../../src/server/index.js';
import { ENDPOINT, baseOptions, errorOf, post, wireBody } from './checkout-fixtures.js';
import { fakePayfect } from './fake-payfect.js';
import { referencePage } from '../support/reference-page.js';

const handler = () => createCheckoutHandler(baseOptions({ fetch: fakePayfect().fetch, maxBodyBytes: 1024 }));

function streamed(stream: ReadableStream<Uint8Array>, headers: Record<string, string> = {}): Request {
  return new Request(ENDPOINT, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: stream,
    duplex: 'half',
  } as RequestInit);
}

/** A body that never ends; it counts how many bytes it was asked for. */
function endlessBody() {
  const chunk = new TextEncoder().encode(' '.repeat(100));
  let pulled = 0;
  let cancelled = false;
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      pulled += chunk.byteLength;
      controller.enqueue(chunk);
    },
    cancel() {
      cancelled = true;
    },
  }, { highWaterMark: 0 });
  return { stream, pulled: () => pulled, cancelled: () => cancelled };
}

describe('the body limit', () => {
  it('refuses a declared Content-Length over the limit without reading', async () => {
    let read = false;
    const stream = new ReadableStream<Uint8Array>({
      pull() {
        read = true;
      },
    }, { highWaterMark: 0 });
    const response = await handler()(streamed(stream, { 'content-length': '5000' }));
    assert.equal(response.status, 413);
    assert.equal((await errorOf(response)).code, 'payload_too_large');
    assert.equal(read, false);
  });

  it('stops reading an endless body at the limit and cancels it', { timeout: 5000 }, async () => {
    const body = endlessBody();
    const response = await handler()(streamed(body.stream));
    assert.equal(response.status, 413);
    assert.ok(body.pulled() <= 1024 + 100, `read ${body.pulled()} bytes`);
    assert.equal(body.cancelled(), true);
  });

  it('accepts a body of exactly the limit', async () => {
    const json = JSON.stringify(wireBody());
    const padded = json + ' '.repeat(1024 - new TextEncoder().encode(json).byteLength);
    assert.equal((await handler()(post(padded))).status, 200);
    assert.equal((await handler()(post(`${padded} `))).status, 413);
  });

  it('counts bytes, not characters', async () => {
    const json = JSON.stringify(wireBody({ client_reference_id: '€'.repeat(200) }));
    assert.ok(json.length < 1024 && new TextEncoder().encode(json).byteLength > 1024);
    assert.equal((await handler()(post(json))).status, 413);
  });
});

describe('Content-Encoding', () => {
  for (const encoding of ['gzip', 'deflate', 'br', 'GZIP']) {
    it(`refuses ${encoding} with 415: inflating would step around the byte limit`, async () => {
      const response = await handler()(post(wireBody(), { 'content-encoding': encoding }));
      assert.equal(response.status, 415);
      assert.deepEqual(await errorOf(response), { code: 'unsupported_media_type', message: 'Send the body without Content-Encoding.' });
    });
  }

  it('accepts identity', async () => {
    assert.equal((await handler()(post(wireBody(), { 'content-encoding': 'identity' }))).status, 200);
  });
});

describe('a body that breaks off', () => {
  it('is the client\'s fault (400 invalid_json), not a bug (500)', async () => {
    const errors: string[] = [];
    const handle = createCheckoutHandler(baseOptions({ fetch: fakePayfect().fetch, onError: (error) => errors.push(error.code) }));
    const broken = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(new TextEncoder().encode('{"currency":'));
      },
      pull(controller) {
        controller.error(new Error('socket hang up'));
      },
    });
    const response = await handle(streamed(broken));
    assert.equal(response.status, 400);
    assert.deepEqual(await errorOf(response), { code: 'invalid_json', message: 'The body could not be read to its end.' });
    assert.deepEqual(errors, ['invalid_json']);
  });
});

describe('JSON', () => {
  it("answers the reference page's first example (trailing commas) with a clear 400", async () => {
    const example = referencePage.match(/## Example Request Body\s+```json\n([\s\S]*?)```/)?.[1];
    assert.ok(example, 'the reference page example was found');
    const response = await createCheckoutHandler(baseOptions({ fetch: fakePayfect().fetch }))(post(example));
    assert.equal(response.status, 400);
    const error = await errorOf(response);
    assert.equal(error.code, 'invalid_json');
    assert.match(error.message, /not valid JSON/);
    assert.match(error.message, /trailing commas/);
    assert.match(error.message, /position \d+/);
  });

  for (const [label, body] of [
    ['an empty body', ''],
    ['whitespace', '  \n'],
    ['a truncated object', '{"currency": "usdt"'],
    ['single quotes', "{'currency': 'usdt'}"],
    ['NaN', '{"quantity": NaN}'],
  ]) {
    it(`answers ${label} with 400 invalid_json`, async () => {
      const response = await handler()(post(body));
      assert.equal(response.status, 400);
      assert.equal((await errorOf(response)).code, 'invalid_json');
    });
  }

  it('answers nesting deep enough to overflow a recursive parser with 400, not 500', async () => {
    const response = await createCheckoutHandler(baseOptions({ fetch: fakePayfect().fetch, maxBodyBytes: 65_536 }))(
      post(`{"currency":"usdt","invoice_items":${'['.repeat(30_000)}${']'.repeat(30_000)}}`),
    );
    assert.equal(response.status, 400);
    assert.equal((await errorOf(response)).code, 'invalid_request');
  });

  it('answers bytes that are not UTF-8 with 400 invalid_json', async () => {
    const response = await handler()(new Request(ENDPOINT, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: new Uint8Array([0x7b, 0xff, 0xfe, 0x7d]),
    }));
    assert.equal(response.status, 400);
    assert.equal((await errorOf(response)).code, 'invalid_json');
  });

  for (const [label, body] of [['an array', []], ['a string', 'hi'], ['null', null], ['a number', 5]] as const) {
    it(`answers valid JSON that is ${label} with 400 invalid_request`, async () => {
      const response = await handler()(post(JSON.stringify(body)));
      assert.equal(response.status, 400);
      assert.equal((await errorOf(response)).code, 'invalid_request');
    });
  }

  it('names every bad field and unknown key', async () => {
    const response = await handler()(
      post({ currency: 'u$dt', invoice_items: [{ product_id: '', quantity: 1, price_data: { currency: 'usdt', unit_amount: 20.5 } }], coupon: 'FREE' }),
    );
    const error = await errorOf(response);
    assert.equal(error.code, 'invalid_request');
    assert.deepEqual(Object.keys(error.fields ?? {}).sort(), [
      'coupon',
      'currency',
      'invoice_items.0.price_data.unit_amount',
      'invoice_items.0.product_id',
    ]);
    assert.equal(error.fields?.coupon, 'is not a known field');
    assert.match(error.fields?.['invoice_items.0.price_data.unit_amount'] ?? '', /expected string, received number/);
  });
});
