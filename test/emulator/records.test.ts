import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createEmulator, type Emulator } from '../../src/emulator/index.js';

const ORIGIN = 'http://emulator.test';
const HEADERS = { 'content-type': 'application/json', authorization: 'Api-Key test' };

async function createCheckout(emulator: Emulator, reference: string, callbackUrl?: string): Promise<{ id: string; url: string }> {
  const response = await emulator.fetch(`${ORIGIN}/api/v1/checkouts/`, {
    method: 'POST',
    headers: HEADERS,
    body: JSON.stringify({
      currency: 'usdt',
      client_reference_id: reference,
      invoice_items: [{ price_data: { currency: 'usdt', unit_amount: '1', product_data: { name: 'Plan' } }, quantity: 1 }],
      ...(callbackUrl ? { callback_url: callbackUrl } : {}),
    }),
  });
  assert.equal(response.status, 201);
  return (await response.json()) as { id: string; url: string };
}

test('requests keep the newest maxRecords, oldest dropped first', async () => {
  const emulator = createEmulator({ maxRecords: 3 });
  for (const n of [1, 2, 3, 4, 5]) await emulator.fetch(`${ORIGIN}/nothing/${n}`);
  assert.deepEqual(
    emulator.requests.map((request) => request.path),
    ['/nothing/3', '/nothing/4', '/nothing/5'],
  );
});

test('checkouts keep the newest maxRecords; a dropped checkout is gone, its hosted page 404', async () => {
  const emulator = createEmulator({ maxRecords: 2 });
  const first = await createCheckout(emulator, 'a');
  const second = await createCheckout(emulator, 'b');
  const third = await createCheckout(emulator, 'c');
  assert.deepEqual([...emulator.checkouts.keys()], [second.id, third.id]);
  assert.equal((await emulator.fetch(first.url)).status, 404);
  assert.equal((await emulator.fetch(`${first.url}/pay`, { method: 'POST' })).status, 404);
  assert.equal((await emulator.fetch(third.url)).status, 200);
});

test('deliveries keep the newest maxRecords, and idle() still waits for a dropped one', async () => {
  let releaseFirst!: () => void;
  const firstAnswered = new Promise<void>((resolve) => (releaseFirst = resolve));
  const posted: string[] = [];
  const emulator = createEmulator({
    maxRecords: 2,
    async callbackFetch(input) {
      const url = String(input);
      posted.push(url);
      if (url.endsWith('/a')) await firstAnswered;
      return new Response(null, { status: 200 });
    },
  });
  for (const reference of ['a', 'b', 'c']) {
    const { id } = await createCheckout(emulator, reference, `https://shop.example/callback/${reference}`);
    assert.equal((await emulator.fetch(`${ORIGIN}/checkouts/${id}/pay`, { method: 'POST' })).status, 200);
  }
  assert.deepEqual(
    emulator.deliveries.map((delivery) => delivery.url),
    ['https://shop.example/callback/b', 'https://shop.example/callback/c'],
  );
  let idle = false;
  const settled = emulator.idle().then(() => (idle = true));
  await new Promise((resolve) => setImmediate(resolve));
  assert.equal(idle, false, 'the dropped delivery to /a is still running');
  releaseFirst();
  await settled;
  assert.deepEqual(posted.sort(), ['a', 'b', 'c'].map((reference) => `https://shop.example/callback/${reference}`));
});

test('the default keeps 10,000 records', async () => {
  const emulator = createEmulator();
  for (let n = 0; n <= 10_000; n += 1) await emulator.fetch(`${ORIGIN}/nothing/${n}`);
  assert.equal(emulator.requests.length, 10_000);
  assert.equal(emulator.requests[0]?.path, '/nothing/1');
});

test('maxRecords: Infinity keeps everything; nonsense is refused', async () => {
  const emulator = createEmulator({ maxRecords: Infinity });
  for (let n = 0; n < 5; n += 1) await emulator.fetch(`${ORIGIN}/nothing/${n}`);
  assert.equal(emulator.requests.length, 5);
  for (const maxRecords of [0, -1, 1.5, Number.NaN]) {
    assert.throws(() => createEmulator({ maxRecords }), RangeError, String(maxRecords));
  }
});
