// Run with `node --test`: Payfect's Products and Prices in the emulator, and a checkout that names a Price ID.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createEmulator } from 'payfect-checkout/emulator';

test('a checkout by Price ID charges that Price, and its callback goes to the dashboard URL', async () => {
  const apiKey = 'emulator-test-key-0001';
  const notified = [];
  const payfect = createEmulator({
    apiKey, // any other key, and an unset one (Api-Key None), is a 401
    defaultCallbackUrl: 'https://shop.example/api/payfect-callback', // the webhook URL set in Payfect's dashboard
    callbackFetch: async (url, init) => {
      notified.push({ url: String(url), body: JSON.parse(init.body) });
      return new Response(null, { status: 200 });
    },
  });
  const create = async (path, body) => {
    const response = await payfect.fetch(`https://api.payfect.finance/api/v1/${path}`, {
      method: 'POST',
      headers: { authorization: `Api-Key ${apiKey}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    return response.json();
  };

  const product = await create('products/', { name: 'T-shirt', images: ['https://shop.example/t-shirt.png'] });
  const price = await create('prices/', { product: product.id, currency: 'usdt', unit_amount: '20.50' });
  const checkout = await create('checkouts/', { currency: 'usdt', invoice_items: [{ price: price.id, quantity: 2 }] });
  assert.equal(checkout.amountTotal, '41.00');

  payfect.pay(checkout.id); // as the buyer's Pay on the hosted page at checkout.url
  await payfect.idle();
  assert.deepEqual(notified.map(({ url, body }) => [url, body.id, body.amount]), [
    ['https://shop.example/api/payfect-callback', checkout.id, '41.00'],
  ]);
});
