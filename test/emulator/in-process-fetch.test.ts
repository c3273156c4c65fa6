import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createEmulator } from '../../src/emulator/index.js';

const BODY = JSON.stringify({
  currency: 'USDT',
  invoice_items: [{ price_data: { currency: 'usdt', unit_amount: '0.10', product_data: { name: 'Sticker' } }, quantity: 3 }],
});
const HEADERS = { 'content-type': 'application/json', authorization: 'Api-Key test' };

test('fetch takes a URL string, a URL or a Request, and routes by path on any origin', async () => {
  const emulator = createEmulator();
  const answers = await Promise.all([
    emulator.fetch('http://emulator.test/api/v1/checkouts/', { method: 'POST', headers: HEADERS, body: BODY }),
    emulator.fetch(new URL('https://api.payfect.finance/api/v1/checkouts/'), { method: 'POST', headers: HEADERS, body: BODY }),
    emulator.fetch(new Request('http://127.0.0.1:9/api/v1/checkouts/', { method: 'POST', headers: HEADERS, body: BODY })),
  ]);
  assert.deepEqual(answers.map((answer) => answer.status), [201, 201, 201]);
  const urls = await Promise.all(answers.map(async (answer) => ((await answer.json()) as { url: string }).url));
  assert.match(urls[0] ?? '', /^http:\/\/emulator\.test\/checkouts\//);
  assert.match(urls[1] ?? '', /^https:\/\/api\.payfect\.finance\/checkouts\//);
  assert.match(urls[2] ?? '', /^http:\/\/127\.0\.0\.1:9\/checkouts\//);
  assert.equal(emulator.checkouts.size, 3);
  const page = await emulator.fetch(urls[0] ?? '');
  assert.equal(page.status, 200);
  assert.match(await page.text(), /0\.30 USDT/);
});

test('fetch rejects like fetch does on a bad URL, and honours an abort signal', async () => {
  const emulator = createEmulator();
  await assert.rejects(emulator.fetch('/api/v1/checkouts/'), TypeError);
  emulator.faults.set({ delayMs: 60_000 });
  await assert.rejects(
    emulator.fetch('http://emulator.test/api/v1/checkouts/', { method: 'POST', headers: HEADERS, body: BODY, signal: AbortSignal.timeout(20) }),
    { name: 'TimeoutError' },
  );
});

test('reset forgets checkouts, requests and faults', async () => {
  const emulator = createEmulator();
  await emulator.fetch('http://emulator.test/api/v1/checkouts/', { method: 'POST', headers: HEADERS, body: BODY });
  emulator.faults.set({ status: 500 });
  emulator.reset();
  assert.equal(emulator.checkouts.size, 0);
  assert.equal(emulator.requests.length, 0);
  assert.deepEqual(emulator.faults.current, {});
});

test('rejects a non-positive expiry', () => {
  assert.throws(() => createEmulator({ expiresInMs: 0 }), RangeError);
});

const CREATE_URL = 'http://emulator.test/api/v1/checkouts/';

test('a string body sent without a content type is text/plain, so the API answers 415 as it would to a Request', async () => {
  const emulator = createEmulator();
  const answer = await emulator.fetch(CREATE_URL, { method: 'POST', headers: { authorization: 'Api-Key test' }, body: BODY });
  assert.equal(answer.status, 415);
  assert.equal(emulator.requests[0]?.headers['content-type'], 'text/plain;charset=UTF-8');
});

test('fetch(url, init) rejects the calls a Request refuses', async () => {
  const emulator = createEmulator();
  await assert.rejects(emulator.fetch(CREATE_URL, { method: 'GET', body: BODY }), TypeError);
  await assert.rejects(emulator.fetch('http://user:secret@emulator.test/api/v1/checkouts/', { method: 'POST', headers: HEADERS, body: BODY }), TypeError);
  await assert.rejects(emulator.fetch(CREATE_URL, { method: 'POST', headers: { 'bad name': 'x' }, body: BODY }), TypeError);
  await assert.rejects(emulator.fetch(CREATE_URL, { method: 'CONNECT' }), TypeError);
  await assert.rejects(emulator.fetch(CREATE_URL, { method: 'POST', redirect: 'sideways' as RequestRedirect, body: BODY }), TypeError);
  assert.equal(emulator.requests.length, 0);
});
