import assert from 'node:assert/strict';
import { after, before, beforeEach, test } from 'node:test';
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.js';
import { PAYFECT_CHECKOUT_FIELDS, PayfectCheckout } from '../../src/shared/payfect-api.js';
import { createCheckout, type CreatedCheckout } from './create-checkout.js';

const KEY = 'query-test-key';
const EXPIRES_IN_MS = 60_000;
let clock = Date.UTC(2026, 0, 3);
let running: RunningEmulator;

before(async () => {
  running = await startEmulator({ port: 0, apiKeys: [KEY], expiresInMs: EXPIRES_IN_MS, now: () => clock });
});
after(() => running.close());
beforeEach(() => running.emulator.reset());

function createOne(): Promise<CreatedCheckout> {
  return createCheckout(fetch, running.url, {
    client_reference_id: 'order-9',
    invoice_items: [{ price_data: { currency: 'usdt', unit_amount: '20.5', product_data: { name: 'Plan' } }, quantity: 2 }],
    success_url: 'https://shop.example/thanks',
  }, KEY);
}

/** Query a Checkout, as the page's curl example does: GET /api/v1/checkouts/<id>/ with the key. */
function query(id: string, authorization = `Api-Key ${KEY}`): Promise<Response> {
  return fetch(`${running.url}/api/v1/checkouts/${id}/`, { headers: { authorization } });
}

async function queried(id: string): Promise<Record<string, unknown>> {
  const response = await query(id);
  assert.equal(response.status, 200);
  assert.match(response.headers.get('content-type') ?? '', /^application\/json/);
  return (await response.json()) as Record<string, unknown>;
}

test('answers an open checkout with the same 22 fields create answered', async () => {
  const created = await createOne();
  const checkout = await queried(created.id);
  assert.deepEqual(checkout, created);
  assert.deepEqual(Object.keys(checkout).sort(), [...PAYFECT_CHECKOUT_FIELDS].sort());
  assert.equal(checkout.status, 'open');
  assert.ok(PayfectCheckout.safeParse(checkout).success);
});

test('says complete once the hosted page was paid', async () => {
  const created = await createOne();
  clock += 1000;
  assert.equal((await fetch(`${created.url}/pay`, { method: 'POST', redirect: 'manual' })).status, 303);
  const checkout = await queried(created.id);
  assert.equal(checkout.status, 'complete');
  assert.equal(checkout.updatedAt, (clock / 1000).toFixed(6));
  assert.equal(checkout.amountTotal, '41.00');
});

test('says expired once expiresAt has passed', async () => {
  const created = await createOne();
  clock += EXPIRES_IN_MS + 1;
  assert.equal((await queried(created.id)).status, 'expired');
});

test('answers 404 {detail} for an unknown id', async () => {
  const known = await createOne();
  assert.equal((await query(known.id)).status, 200);
  for (const id of ['00000000-0000-4000-8000-000000000000', 'nope', '%E0%A4%A']) {
    const response = await query(id);
    assert.equal(response.status, 404, id);
    assert.deepEqual(await response.json(), { detail: 'Not found.' });
  }
});

test('checks the key as create does: 401 without one or with a wrong one, and says nothing of the checkout', async () => {
  const created = await createOne();
  for (const [authorization, detail] of [
    ['', 'Authentication credentials were not provided.'],
    ['Api-Key wrong-key', 'Invalid API key.'],
    [`Bearer ${KEY}`, 'Authorization must be "Api-Key <your API key>".'],
  ] as const) {
    const response = await query(created.id, authorization);
    assert.equal(response.status, 401, authorization);
    assert.equal(response.headers.get('www-authenticate'), 'Api-Key');
    assert.deepEqual(await response.json(), { detail });
  }
});

test('the Query path needs its trailing slash, and only takes GET', async () => {
  const created = await createOne();
  const noSlash = await fetch(`${running.url}/api/v1/checkouts/${created.id}`, { headers: { authorization: `Api-Key ${KEY}` } });
  assert.equal(noSlash.status, 404);
  assert.match(((await noSlash.json()) as { detail: string }).detail, /ends with a slash/);
  const post = await fetch(`${running.url}/api/v1/checkouts/${created.id}/`, { method: 'POST', headers: { authorization: `Api-Key ${KEY}` } });
  assert.equal(post.status, 405);
  assert.equal(post.headers.get('allow'), 'GET');
});

test('faults apply to Query too, as to the rest of the API', async () => {
  const created = await createOne();
  running.emulator.faults.set({ status: 503, times: 1 });
  assert.equal((await query(created.id)).status, 503);
  assert.equal((await query(created.id)).status, 200);
});
