// Run with `node --test`: the emulator POSTs its signed callback straight to the receiver.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createEmulator } from 'payfect-checkout/emulator';
import { createCallbackHandler, createCheckoutHandler } from 'payfect-checkout/server';

test('a paid checkout is fulfilled once, from the signed callback', async () => {
  const apiKey = 'emulator-test-key-0001';
  const baseUrl = 'http://payfect.test/api/v1';
  const fulfilled = [];
  const payfect = createEmulator({ callbackFetch: (url, init) => receiver(new Request(url, init)) });
  const receiver = createCallbackHandler({
    apiKey,
    signingKey: payfect.signingKey,
    baseUrl,
    fetch: payfect.fetch,
    onCompleted: (checkout) => {
      fulfilled.push(checkout.id); // your fulfilment: mark the order paid, send the goods
    },
  });
  const checkout = createCheckoutHandler({
    apiKey,
    catalog: { 'standard-plan': { name: 'Standard Plan', unitAmount: '20.50', currency: 'usdt' } },
    baseUrl,
    fetch: payfect.fetch,
    successUrl: 'https://shop.test/thanks',
    callbackUrl: 'https://shop.test/payfect-callback',
  });

  // A buyer starts a checkout, as the button does:
  const response = await checkout(new Request('https://shop.test/api/checkout', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ currency: 'usdt', invoice_items: [{ product_id: 'standard-plan', quantity: 1 }] }),
  }));
  const session = await response.json();

  payfect.pay(session.id);                                   // 'complete', and the signed callback is sent
  await payfect.idle();                                      // every callback so far delivered, or given up
  assert.equal(payfect.deliveries.at(-1).state, 'delivered'); // the receiver answered 2xx
  assert.deepEqual(fulfilled, [session.id]);
});
