import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readFileSync } from 'node:fs';
import { after, before, test } from 'node:test';
import { createEmulator, startEmulator, type RunningEmulator } from '../../src/emulator/index.js';
import { checkFernetKey, fernetDecrypt, FernetError, generateFernetKey } from '../../src/shared/fernet.js';
import { PAYFECT_SIGNATURE_HEADER, PayfectCallback } from '../../src/shared/payfect-api.js';
import { createCheckout, STICKERS } from './create-checkout.js';

interface Received {
  headers: IncomingMessage['headers'];
  body: string;
}

/** A callback receiver that answers the given statuses in turn, then 200. */
async function startReceiver(statuses: number[]): Promise<{ url: string; received: Received[]; server: Server }> {
  const received: Received[] = [];
  const server = createServer((request, response) => {
    let body = '';
    request.setEncoding('utf8');
    request.on('data', (chunk: string) => (body += chunk));
    request.on('end', () => {
      received.push({ headers: request.headers, body });
      response.statusCode = statuses.shift() ?? 200;
      response.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/payfect-callback`, received, server };
}

const closeServer = (server: Server) => new Promise<void>((resolve) => server.close(() => resolve()));

let running: RunningEmulator;
before(async () => {
  running = await startEmulator({ port: 0, callbackRetry: { attempts: 4, initialDelayMs: 40, timeoutMs: 2000 } });
});
after(() => running.close());

async function payWithCallback(callbackUrl: string): Promise<string> {
  const { id } = await createCheckout(fetch, running.url, {
    client_reference_id: 'order-42',
    invoice_items: STICKERS,
    success_url: 'https://shop.example/thanks',
    callback_url: callbackUrl,
  });
  const paid = await fetch(`${running.url}/checkouts/${id}/pay`, { method: 'POST', redirect: 'manual' });
  assert.equal(paid.status, 303);
  return id;
}

/** The JSON example under "Callback Payload" in Payfect's callback page. */
function documentedPayload(): Record<string, unknown> {
  const page = readFileSync(new URL('../../docs/payfect-api/callback.md', import.meta.url), 'utf8');
  const match = /## Callback Payload[\s\S]*?```json\n([\s\S]*?)\n```/.exec(page);
  assert.ok(match?.[1], 'the callback page has its payload example');
  return JSON.parse(match[1]) as Record<string, unknown>;
}

/** Each key with the JSON type of its value, nested objects walked, so two payloads compare by shape. */
function shape(value: unknown): unknown {
  if (value === null || typeof value !== 'object') return value === null ? 'null' : typeof value;
  return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, shape(inner)]));
}

test("Pay POSTs Payfect's documented callback payload to callback_url", async () => {
  running.emulator.reset();
  const receiver = await startReceiver([]);
  try {
    const id = await payWithCallback(receiver.url);
    await running.emulator.idle();
    assert.equal(receiver.received.length, 1);
    const [notification] = receiver.received;
    assert.equal(notification?.headers['content-type'], 'application/json');
    const body = JSON.parse(notification?.body ?? '') as Record<string, unknown>;
    assert.deepEqual(Object.keys(body), Object.keys(documentedPayload()), 'the keys, in the order of the page');
    assert.deepEqual(shape(body), shape(documentedPayload()), 'every value has the type of the example');
    const checkout = running.emulator.checkouts.get(id);
    assert.ok(checkout);
    assert.deepEqual(body, {
      id,
      amount: '0.30',
      status: 'succeeded',
      currency: 'usdt',
      merchant: checkout.merchant.id,
      is_livemode: false,
      payment_intent: checkout.paymentIntent,
      payment_method: {
        id: (body.payment_method as { id: string }).id,
        payment_method_detail: { network: 'tron', currency: 'usdt' },
      },
      client_reference_id: 'order-42',
    });
    assert.match((body.payment_method as { id: string }).id, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    assert.ok(PayfectCallback.safeParse(body).success, 'the shared schema reads it');
    assert.equal(running.emulator.deliveries[0]?.state, 'delivered');
    assert.equal(running.emulator.deliveries[0]?.body, notification?.body);
  } finally {
    await closeServer(receiver.server);
  }
});

test('X-Payfect-Signature is a Fernet token of exactly the body, made with emulator.signingKey', async () => {
  running.emulator.reset();
  const receiver = await startReceiver([]);
  try {
    await payWithCallback(receiver.url);
    await running.emulator.idle();
    const [notification] = receiver.received;
    const signature = notification?.headers[PAYFECT_SIGNATURE_HEADER];
    assert.equal(typeof signature, 'string');
    const plaintext = new TextDecoder().decode(await fernetDecrypt(running.emulator.signingKey, String(signature)));
    assert.equal(plaintext, notification?.body);
    assert.equal(running.emulator.deliveries[0]?.signature, signature);
    await assert.rejects(fernetDecrypt(generateFernetKey(), String(signature)), FernetError, 'another key cannot read it');
  } finally {
    await closeServer(receiver.server);
  }
});

test('signs with the signingKey option', async () => {
  const signingKey = generateFernetKey();
  const sent: Request[] = [];
  const emulator = createEmulator({
    signingKey,
    callbackFetch: async (input, init) => {
      sent.push(new Request(input, init));
      return new Response(null, { status: 204 });
    },
  });
  assert.equal(emulator.signingKey, signingKey);
  const created = await emulator.fetch('http://emulator.test/api/v1/checkouts/', {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: 'Api-Key test' },
    body: JSON.stringify({
      currency: 'usdt',
      invoice_items: [{ price_data: { currency: 'usdt', unit_amount: '1', product_data: { name: 'A' } }, quantity: 1 }],
      callback_url: 'https://shop.example/payfect-callback',
    }),
  });
  emulator.pay(((await created.json()) as { id: string }).id);
  await emulator.idle();
  const [request] = sent;
  assert.ok(request);
  const body = await request.text();
  const token = request.headers.get('X-Payfect-Signature') ?? '';
  assert.equal(new TextDecoder().decode(await fernetDecrypt(signingKey, token)), body);
  assert.equal(JSON.parse(body).client_reference_id, null, 'no reference was sent, so it is null');
});

test('without a signingKey, each emulator makes its own valid key', async () => {
  const a = createEmulator().signingKey;
  const b = createEmulator().signingKey;
  assert.notEqual(a, b);
  await checkFernetKey(a);
  await checkFernetKey(b);
});

test('a signingKey that is not a Fernet key is refused when the emulator is made, as checkFernetKey refuses it', async () => {
  const good = generateFernetKey();
  const samples = [good, good.slice(0, -1), `${good.slice(0, -1)}==`, good.slice(1), `${good}A`, good.replace(/.$/, '+'), 'secret', '', ` ${good}`];
  for (const signingKey of samples) {
    const accepted = await checkFernetKey(signingKey).then(() => true, () => false);
    if (accepted) {
      assert.equal(createEmulator({ signingKey }).signingKey, signingKey);
    } else {
      assert.throws(() => createEmulator({ signingKey }), { name: 'FernetError', message: /signingKey is not a Fernet key/ }, JSON.stringify(signingKey));
    }
  }
  await assert.rejects(startEmulator({ port: 0, signingKey: 'secret' }), { name: 'FernetError' });
});

test('a receiver that fails twice is retried with exponential back-off until it succeeds', async () => {
  running.emulator.reset();
  const receiver = await startReceiver([500, 503]);
  try {
    const id = await payWithCallback(receiver.url);
    await running.emulator.idle();
    const [delivery] = running.emulator.deliveries;
    assert.equal(delivery?.checkoutId, id);
    assert.equal(delivery?.state, 'delivered');
    assert.deepEqual(delivery?.attempts.map((attempt) => attempt.status), [500, 503, 200]);
    assert.deepEqual(delivery?.attempts.map((attempt) => attempt.delayMs), [0, 40, 80]);
    const [first, second, third] = delivery?.attempts ?? [];
    assert.ok(second && first && third);
    assert.ok(second.at - first.at >= 40, `waited ${second.at - first.at} ms before the 2nd attempt`);
    assert.ok(third.at - second.at >= 80, `waited ${third.at - second.at} ms before the 3rd attempt`);
    assert.equal(receiver.received.length, 3);
    assert.ok(receiver.received.every((notification) => notification.body === receiver.received[0]?.body));
    assert.ok(receiver.received.every((notification) => notification.headers[PAYFECT_SIGNATURE_HEADER] === delivery?.signature), 'each retry carries the same token');
  } finally {
    await closeServer(receiver.server);
  }
});

test('gives up after the configured attempts, recording why each failed', async () => {
  running.emulator.reset();
  const receiver = await startReceiver([]);
  const { url } = receiver;
  await closeServer(receiver.server);
  await payWithCallback(url);
  await running.emulator.idle();
  const [delivery] = running.emulator.deliveries;
  assert.equal(delivery?.state, 'failed');
  assert.equal(delivery?.attempts.length, 4);
  assert.deepEqual(delivery?.attempts.map((attempt) => attempt.delayMs), [0, 40, 80, 160]);
  assert.ok(delivery?.attempts.every((attempt) => attempt.status === undefined && /fetch failed/.test(attempt.error ?? '')));
});

test('no callback_url and no defaultCallbackUrl, no notification', async () => {
  running.emulator.reset();
  const response = await fetch(`${running.url}/api/v1/checkouts/`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: 'Api-Key test' },
    body: JSON.stringify({ currency: 'usdt', invoice_items: [{ price_data: { currency: 'usdt', unit_amount: '1', product_data: { name: 'A' } }, quantity: 1 }] }),
  });
  const { id } = (await response.json()) as { id: string };
  await fetch(`${running.url}/checkouts/${id}/pay`, { method: 'POST', redirect: 'manual' });
  assert.equal(running.emulator.checkouts.get(id)?.status, 'complete');
  assert.equal(running.emulator.deliveries.length, 0);
});

test("defaultCallbackUrl: a checkout without callback_url sends its signed callback there, as the dashboard's URL does", async () => {
  const receiver = await startReceiver([]);
  const other = await startReceiver([]);
  const withDefault = await startEmulator({ port: 0, defaultCallbackUrl: receiver.url });
  try {
    const bare = await createCheckout(fetch, withDefault.url, { invoice_items: STICKERS });
    const own = await createCheckout(fetch, withDefault.url, { invoice_items: STICKERS, callback_url: other.url });
    for (const { id } of [bare, own]) {
      assert.equal((await fetch(`${withDefault.url}/checkouts/${id}/pay`, { method: 'POST' })).status, 200);
    }
    await withDefault.emulator.idle();
    assert.deepEqual(withDefault.emulator.deliveries.map((delivery) => [delivery.checkoutId, delivery.url]), [[bare.id, receiver.url], [own.id, other.url]]);
    const [notification] = receiver.received;
    assert.equal(receiver.received.length, 1);
    assert.equal(JSON.parse(notification?.body ?? '').id, bare.id);
    const token = String(notification?.headers[PAYFECT_SIGNATURE_HEADER]);
    assert.equal(new TextDecoder().decode(await fernetDecrypt(withDefault.emulator.signingKey, token)), notification?.body);
    assert.equal(other.received.length, 1, 'a callback_url still wins over the default');
  } finally {
    await withDefault.close();
    await closeServer(receiver.server);
    await closeServer(other.server);
  }
});

test("each attempt records the receiver's error code and is told to onDeliveryAttempt, numbered n of m", async () => {
  const told: string[] = [];
  const answers = [
    Response.json({ error: { code: 'signature_invalid', message: 'The X-Payfect-Signature header is not valid.' } }, { status: 401 }),
    new Response('<html>Bad gateway</html>', { status: 502, headers: { 'content-type': 'text/html' } }),
    Response.json({ received: true }),
  ];
  const emulator = createEmulator({
    callbackRetry: { attempts: 3, initialDelayMs: 1 },
    defaultCallbackUrl: 'https://shop.example/payfect-callback',
    callbackFetch: async () => answers.shift()!,
    onDeliveryAttempt: (attempt, delivery) => told.push(`${attempt.number}/${delivery.maxAttempts} ${attempt.status} ${attempt.code} ${delivery.state}`),
  });
  const { id } = await createCheckout(emulator.fetch, 'http://emulator.test', { invoice_items: STICKERS });
  emulator.pay(id);
  await emulator.idle();
  assert.deepEqual(told, ['1/3 401 signature_invalid pending', '2/3 502 undefined pending', '3/3 200 undefined delivered']);
  assert.deepEqual(emulator.deliveries[0]?.attempts.map((attempt) => attempt.code), ['signature_invalid', undefined, undefined]);
});
