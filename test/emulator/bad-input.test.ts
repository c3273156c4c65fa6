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
