import assert from 'node:assert/strict';
import { after, before, beforeEach, test } from 'node:test';
import { PayfectCheckout } from '../../src/shared/payfect-api.js';
import { createEmulator, startEmulator, type RunningEmulator } from '../../src/emulator/index.js';

let running: RunningEmulator;
const BODY = JSON.stringify({
  currency: 'usdt',
  invoice_items: [{ price_data: { currency: 'usdt', unit_amount: '20.50', product_data: { name: 'Plan' } }, quantity: 1 }],
});

const create = (init: RequestInit = {}) =>
  fetch(`${running.url}/api/v1/checkouts/`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: 'Api-Key good' },
    body: BODY,
    ...init,
  });

before(async () => {
  running = await startEmulator({ port: 0, apiKeys: ['good'] });
});
after(() => running.close());
beforeEach(() => running.emulator.reset());

test('status answers that 5xx instead of creating a checkout', async () => {
  for (const status of [500, 503]) {
    running.emulator.faults.set({ status });
    const response = await create();
    assert.equal(response.status, status);
    assert.match(((await response.json()) as { detail: string }).detail, /Emulated failure/);
  }
  assert.equal(running.emulator.checkouts.size, 0);
  assert.equal(running.emulator.requests.length, 2, 'the requests are still recorded');
});

test('unauthorized answers 401 even for an accepted key', async () => {
  running.emulator.faults.set({ unauthorized: true });
  assert.equal((await create()).status, 401);
  running.emulator.faults.clear();
  assert.equal((await create()).status, 201);
});

test('malformed answers 201 with cut-off JSON, or JSON of the wrong shape', async () => {
  running.emulator.faults.set({ malformed: true });
  const truncated = await create();
  assert.equal(truncated.status, 201);
  await assert.rejects(truncated.json(), SyntaxError);
  running.emulator.faults.set({ malformed: 'wrong-shape' });
  const wrong = await create();
  assert.equal(wrong.status, 201);
  assert.equal(PayfectCheckout.safeParse(await wrong.json()).success, false);
  assert.equal(running.emulator.checkouts.size, 0);
});

test('delayMs holds the answer back until the delay has passed', async (t) => {
  // The emulator's own timer is mocked, so the test steps through the delay instead of timing it.
  t.mock.timers.enable({ apis: ['setTimeout'] });
  const emulator = createEmulator();
  emulator.faults.set({ delayMs: 150 });
  const answered: { response?: Response } = {};
  const pending = emulator
    .fetch('http://emulator.test/api/v1/checkouts/', {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: 'Api-Key good' },
      body: BODY,
    })
    .then((response) => {
      answered.response = response;
      return response;
    });
  const settle = () => new Promise((resolve) => setImmediate(resolve));
  await settle();
  assert.equal(answered.response, undefined, 'no answer before any time has passed');
  t.mock.timers.tick(149);
  await settle();
  assert.equal(answered.response, undefined, 'no answer 1 ms before the delay ends');
  t.mock.timers.tick(1);
  assert.equal((await pending).status, 201);
  assert.equal(emulator.checkouts.size, 1);
});

test('delayMs lets a client time out, as against a slow Payfect', async () => {
  running.emulator.faults.set({ delayMs: 10_000 });
  await assert.rejects(create({ signal: AbortSignal.timeout(100) }), { name: 'TimeoutError' });
});

test('times limits the faults to that many requests', async () => {
  running.emulator.faults.set({ status: 503, times: 2 });
  assert.deepEqual(running.emulator.faults.current, { status: 503, times: 2 });
  assert.equal((await create()).status, 503);
  assert.equal((await create()).status, 503);
  assert.equal((await create()).status, 201);
  assert.deepEqual(running.emulator.faults.current, {});
});

test('faults touch the API only, never the hosted page', async () => {
  const { url } = (await (await create()).json()) as { url: string };
  running.emulator.faults.set({ status: 500 });
  assert.equal((await fetch(url)).status, 200);
});

test('refuses settings that make no sense', () => {
  assert.throws(() => running.emulator.faults.set({ status: 200 }), RangeError);
  assert.throws(() => running.emulator.faults.set({ delayMs: -1 }), RangeError);
});
