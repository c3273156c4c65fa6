// The package root must import on a server (SSR, no DOM) without throwing: DESIGN's entry table.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { test } from 'node:test';

const entry = new URL('../dist/npm/index.js', import.meta.url);

test('importing dist/npm/index.js in Node (no DOM) does not throw', async () => {
  assert.ok(existsSync(entry), 'dist/npm/index.js is missing: run `npm run build` first');
  assert.equal(typeof (globalThis as { document?: unknown }).document, 'undefined');
  const root = await import(entry.href);
  assert.equal(typeof root.PayfectCheckoutButton, 'function');
  assert.equal(typeof root.PayfectCheckoutErrorEvent, 'function');
  assert.equal(typeof root.PayfectCheckoutStatus, 'function');
  assert.equal(typeof root.PayfectCheckoutStatusEvent, 'function');
});

test('the element can be constructed and rendered without a DOM', async () => {
  const { PayfectCheckoutButton } = await import(entry.href);
  // No DOM work in the constructor, willUpdate or render: Lit SSR runs all three on a server.
  const el = new PayfectCheckoutButton();
  el.amount = '20.50';
  assert.equal(el.state, 'idle');
  assert.equal(el.endpoint, '/api/checkout');
  el.willUpdate(new Map([['amount', undefined]]));
  const result = el.render();
  assert.ok(result.values.includes('Pay 20.50 USDT'));
});

test('<payfect-checkout-status> can be constructed and rendered without a DOM, and asks nothing', async () => {
  const { PayfectCheckoutStatus } = await import(entry.href);
  const fetched: unknown[] = [];
  const el = new PayfectCheckoutStatus();
  el.fetch = (...args: unknown[]) => fetched.push(args);
  el.checkoutId = 'chk_1';
  assert.equal(el.state, 'waiting');
  assert.equal(el.endpoint, '/api/checkout-status');
  assert.equal(el.timeout, 120000);
  el.willUpdate(new Map([['checkoutId', undefined]]));
  const result = el.render();
  assert.ok(result.values.includes('Waiting for Payfect’s confirmation…'), JSON.stringify(result.values));
  assert.deepEqual(fetched, []);
});
