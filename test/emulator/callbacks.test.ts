import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, test } from 'node:test';
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.js';

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
  const response = await fetch(`${running.url}/api/v1/checkouts/`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: 'Api-Key test' },
    body: JSON.stringify({
      currency: 'usdt',
      client_reference_id: 'order-42',
      invoice_items: [{ price_data: { currency: 'usdt', unit_amount: '0.10', product_data: { name: 'Sticker' } }, quantity: 3 }],
      success_url: 'https://shop.example/thanks',
      callback_url: callbackUrl,
    }),
  });
  const { id } = (await response.json()) as { id: string };
  const paid = await fetch(`${running.url}/checkouts/${id}/pay`, { method: 'POST', redirect: 'manual' });
  assert.equal(paid.status, 303);
  return id;
}

test('Pay POSTs the completed checkout to callback_url', async () => {
  running.emulator.reset();
  const receiver = await startReceiver([]);
  try {
    const id = await payWithCallback(receiver.url);
    await running.emulator.idle();
    assert.equal(receiver.received.length, 1);
    const [notification] = receiver.received;
    assert.equal(notification?.headers['content-type'], 'application/json');
    const body = JSON.parse(notification?.body ?? '') as Record<string, unknown>;
    assert.equal(body.id, id);
    assert.equal(body.status, 'complete');
    assert.equal(body.amountTotal, '0.30');
    assert.equal(body.clientReferenceId, 'order-42');
    assert.deepEqual(body, running.emulator.checkouts.get(id));
    assert.equal(running.emulator.deliveries[0]?.state, 'delivered');
  } finally {
    await closeServer(receiver.server);
  }
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

test('no callback_url, no notification', async () => {
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
