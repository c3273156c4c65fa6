import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { createEmulator, startEmulator, type RunningEmulator } from '../../src/emulator/index.js';

const MiB = 1024 * 1024;
const CHUNK = 64 * 1024;
const HEADERS = { 'content-type': 'application/json', authorization: 'Api-Key test' };

/** An 8 MiB body that counts what was pulled from it and whether it was cancelled. */
function countedBody(totalBytes = 8 * MiB) {
  const seen = { pulled: 0, cancelled: false };
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (seen.pulled >= totalBytes) return controller.close();
      seen.pulled += CHUNK;
      controller.enqueue(new Uint8Array(CHUNK).fill(0x20));
    },
    cancel() {
      seen.cancelled = true;
    },
  });
  return { stream, seen };
}

function streamed(url: string, body: ReadableStream<Uint8Array>): Request {
  return new Request(url, { method: 'POST', headers: HEADERS, body, duplex: 'half' } as RequestInit);
}

test('a request to an unknown path is answered 404 without reading its body', async () => {
  const emulator = createEmulator();
  for (const path of ['/nothing', '/api/v1/nothing', '/checkouts/nope/pay']) {
    const { stream, seen } = countedBody();
    const response = await emulator.fetch(streamed(`http://emulator.test${path}`, stream));
    assert.equal(response.status, 404, path);
    assert.ok(seen.pulled <= CHUNK, `${path}: ${seen.pulled} bytes were pulled; at most the stream's own first chunk may be`);
  }
  assert.ok(emulator.requests.every((request) => request.body === ''), 'no body is recorded');
});

test('a create body over maxBodyBytes is answered 413 once the limit is passed, and the rest is never read', async () => {
  const emulator = createEmulator({ maxBodyBytes: MiB });
  const { stream, seen } = countedBody();
  const response = await emulator.fetch(streamed('http://emulator.test/api/v1/checkouts/', stream));
  assert.equal(response.status, 413);
  assert.match(((await response.json()) as { detail: string }).detail, /larger than 1048576 bytes/);
  assert.ok(seen.pulled <= MiB + 2 * CHUNK, `${seen.pulled} bytes were pulled`);
  assert.equal(seen.cancelled, true, 'the body stream is cancelled');
  assert.equal(emulator.requests[0]?.body, '', 'the oversized body is not recorded');
});

test('a plain fetch(url, init) to an unknown path keeps none of its body', async () => {
  const emulator = createEmulator();
  const body = 'x'.repeat(8 * MiB);
  for (let n = 0; n < 40; n += 1) {
    assert.equal((await emulator.fetch('http://emulator.test/nothing', { method: 'POST', headers: HEADERS, body })).status, 404);
  }
  assert.equal(emulator.requests.length, 40);
  assert.equal(emulator.requests.reduce((total, request) => total + request.body.length, 0), 0);
});

let running: RunningEmulator;
before(async () => {
  running = await startEmulator({ port: 0, maxBodyBytes: MiB });
});
after(() => running.close());

test('over HTTP, 8 MiB to an unknown path is a 404 and 8 MiB to create is a 413; neither body is kept', async () => {
  const big = new Uint8Array(8 * MiB).fill(0x20);
  for (let n = 0; n < 3; n += 1) {
    const unknown = await fetch(`${running.url}/nothing`, { method: 'POST', headers: HEADERS, body: big });
    assert.equal(unknown.status, 404);
    await unknown.arrayBuffer();
    const create = await fetch(`${running.url}/api/v1/checkouts/`, { method: 'POST', headers: HEADERS, body: big });
    assert.equal(create.status, 413);
    await create.arrayBuffer();
  }
  assert.equal(running.emulator.requests.length, 6);
  assert.ok(running.emulator.requests.every((request) => request.body === ''));
});

test('a total too large for a decimal amount is a 400 naming the field, not a 500', async () => {
  const emulator = createEmulator();
  const create = (items: { unit_amount: string; quantity: number }[]) =>
    emulator.fetch('http://emulator.test/api/v1/checkouts/', {
      method: 'POST',
      headers: HEADERS,
      body: JSON.stringify({
        currency: 'usdt',
        invoice_items: items.map(({ unit_amount, quantity }) => ({ price_data: { currency: 'usdt', unit_amount, product_data: { name: 'A' } }, quantity })),
      }),
    });
  const line = await create([{ unit_amount: '999999999999999999', quantity: Number.MAX_SAFE_INTEGER }]);
  assert.equal(line.status, 400);
  const lineBody = (await line.json()) as { detail: string; errors: Record<string, string> };
  assert.equal(lineBody.detail, 'Invalid request body.');
  assert.match(lineBody.errors['invoice_items.0.quantity'] ?? '', /more than 18 digits before the decimal point/);

  const total = await create([
    { unit_amount: '999999999999999999', quantity: 1 },
    { unit_amount: '999999999999999999', quantity: 1 },
  ]);
  assert.equal(total.status, 400);
  const totalBody = (await total.json()) as { errors: Record<string, string> };
  assert.match(totalBody.errors.invoice_items ?? '', /1999999999999999998\.00, more than 18 digits/);
  assert.equal(emulator.checkouts.size, 0);

  const largest = await create([{ unit_amount: '999999999999999999', quantity: 1 }]);
  assert.equal(largest.status, 201, 'the largest amount itself is fine');
});

const ONE_ITEM = [{ price_data: { currency: 'usdt', unit_amount: '1', product_data: { name: 'A' } }, quantity: 1 }];

test('the emulator keeps no body it refused: not JSON, a bad field, an unknown Price, a wrong key, a wrong media type', async () => {
  const emulator = createEmulator({ apiKey: 'test' });
  const padding = 'x'.repeat(60 * 1024);
  const refused: [string, RequestInit][] = [
    ['not JSON', { headers: HEADERS, body: `{"currency": "usdt", ${padding}` }],
    ['a bad field', { headers: HEADERS, body: JSON.stringify({ currency: 'usdt', invoice_items: 'none', padding }) }],
    ['an unknown Price', { headers: HEADERS, body: JSON.stringify({ currency: 'usdt', invoice_items: [{ price: 'nope', quantity: 1 }], padding }) }],
    ['a wrong key', { headers: { ...HEADERS, authorization: 'Api-Key wrong' }, body: JSON.stringify({ currency: 'usdt', invoice_items: ONE_ITEM, padding }) }],
    ['a wrong media type', { headers: { ...HEADERS, 'content-type': 'text/plain' }, body: JSON.stringify({ currency: 'usdt', invoice_items: ONE_ITEM, padding }) }],
  ];
  for (let round = 0; round < 60; round += 1) {
    for (const [name, init] of refused) {
      const response = await emulator.fetch('http://emulator.test/api/v1/checkouts/', { method: 'POST', ...init });
      assert.ok(response.status >= 400, `${name}: ${response.status}`);
    }
  }
  assert.equal(emulator.requests.length, 300);
  assert.equal(emulator.requests.reduce((total, request) => total + request.body.length, 0), 0, 'no refused body is kept');
  assert.equal(emulator.checkouts.size, 0);
  const accepted = JSON.stringify({ currency: 'usdt', invoice_items: ONE_ITEM });
  assert.equal((await emulator.fetch('http://emulator.test/api/v1/checkouts/', { method: 'POST', headers: HEADERS, body: accepted })).status, 201);
  assert.equal(emulator.requests.at(-1)?.body, accepted, 'an accepted body is kept');
});

test('what one checkout keeps is capped: by default a create body over 64 KiB is a 413 and is not kept', async () => {
  const emulator = createEmulator();
  const create = (padding: string) =>
    emulator.fetch('http://emulator.test/api/v1/checkouts/', { method: 'POST', headers: HEADERS, body: JSON.stringify({ currency: 'usdt', invoice_items: ONE_ITEM, padding }) });
  assert.equal((await create('x'.repeat(60 * 1024))).status, 201, 'a body under the cap is accepted');
  const over = await create('x'.repeat(64 * 1024));
  assert.equal(over.status, 413);
  assert.match(((await over.json()) as { detail: string }).detail, /larger than 65536 bytes/);
  assert.equal(emulator.requests[1]?.body, '');
  assert.equal(emulator.checkouts.size, 1);
});

test('a URL with a control character is refused at create, a 400 naming the field, so Pay never fails after paying', async () => {
  const emulator = createEmulator();
  for (const field of ['success_url', 'cancel_url', 'callback_url']) {
    for (const control of ['\u0000', '\u007F', '\u0085']) {
      const response = await emulator.fetch('http://emulator.test/api/v1/checkouts/', {
        method: 'POST',
        headers: HEADERS,
        body: JSON.stringify({ currency: 'usdt', invoice_items: ONE_ITEM, [field]: `https://shop.example/a${control}b` }),
      });
      assert.equal(response.status, 400, `${field} with U+${control.charCodeAt(0).toString(16)}`);
      const { errors } = (await response.json()) as { errors: Record<string, string> };
      assert.match(errors[field] ?? '', /must not contain control characters/);
    }
  }
  assert.equal(emulator.checkouts.size, 0);
});

test('Pay redirects to a success_url with characters no header may carry, percent-encoded, and never answers 500 after paying', async () => {
  const emulator = createEmulator();
  const created = await emulator.fetch('http://emulator.test/api/v1/checkouts/', {
    method: 'POST',
    headers: HEADERS,
    body: JSON.stringify({ currency: 'usdt', invoice_items: ONE_ITEM, success_url: 'https://shop.example/謝謝?ref=é', cancel_url: 'https://shop.example/取消' }),
  });
  const { url, id } = (await created.json()) as { url: string; id: string };
  const cancel = await emulator.fetch(`${url}/cancel`, { method: 'POST' });
  assert.equal(cancel.status, 303);
  assert.equal(cancel.headers.get('location'), 'https://shop.example/%E5%8F%96%E6%B6%88');
  const pay = await emulator.fetch(`${url}/pay`, { method: 'POST' });
  assert.equal(pay.status, 303);
  assert.equal(pay.headers.get('location'), 'https://shop.example/%E8%AC%9D%E8%AC%9D?ref=%C3%A9');
  assert.equal(emulator.checkouts.get(id)?.status, 'complete');
});
