import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, test } from 'node:test';
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.js';
import { PayfectCheckout } from '../../src/shared/payfect-api.js';

const KEY = 'catalog-test-key';
let running: RunningEmulator;

before(async () => {
  running = await startEmulator({ port: 0, apiKey: KEY });
});
after(() => running.close());
beforeEach(() => running.emulator.reset());

async function post(path: string, body: unknown): Promise<Response> {
  return fetch(`${running.url}/api/v1/${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Api-Key ${KEY}` },
    body: JSON.stringify(body),
  });
}

async function created<T>(path: string, body: unknown): Promise<T> {
  const response = await post(path, body);
  assert.equal(response.status, 201, `${path}: ${await response.clone().text()}`);
  return (await response.json()) as T;
}

interface Product {
  id: string;
  name: string;
  description: string | null;
  images: string[];
}
interface Price {
  id: string;
  product: string;
  currency: string;
  unitAmount: string;
}
interface PaymentLink {
  id: string;
  url: string;
  invoiceItems: { price: string; quantity: number }[];
}

async function aPrice(unit_amount = '12.5', currency = 'usdt'): Promise<{ product: Product; price: Price }> {
  const product = await created<Product>('products/', { name: 'Standard Plan', description: 'A standard plan', images: ['https://shop.example/plan.png'] });
  const price = await created<Price>('prices/', { product: product.id, currency, unit_amount });
  return { product, price };
}

/** The 400's `errors`, after checking the status and the detail. */
async function fieldErrorsOf(response: Response): Promise<Record<string, string>> {
  assert.equal(response.status, 400);
  const body = (await response.json()) as { detail: string; errors: Record<string, string> };
  assert.equal(body.detail, 'Invalid request body.');
  return body.errors;
}

describe('Products and Prices', () => {
  test('are created with their documented fields and retrieved by id', async () => {
    const { product, price } = await aPrice('1000', 'USDT');
    assert.deepEqual(
      { name: product.name, description: product.description, images: product.images },
      { name: 'Standard Plan', description: 'A standard plan', images: ['https://shop.example/plan.png'] },
    );
    assert.deepEqual({ product: price.product, currency: price.currency, unitAmount: price.unitAmount }, { product: product.id, currency: 'usdt', unitAmount: '1000.00' });
    for (const [path, object] of [['products', product], ['prices', price]] as const) {
      const response = await fetch(`${running.url}/api/v1/${path}/${object.id}/`, { headers: { authorization: `Api-Key ${KEY}` } });
      assert.equal(response.status, 200);
      assert.deepEqual(await response.json(), object);
    }
    assert.deepEqual([...running.emulator.products.keys()], [product.id]);
    assert.deepEqual([...running.emulator.prices.keys()], [price.id]);
  });

  test('a Price for a Product that does not exist is a 400 naming it', async () => {
    const errors = await fieldErrorsOf(await post('prices/', { product: 'prod-missing', currency: 'usdt', unit_amount: '1' }));
    assert.match(errors.product ?? '', /There is no Product "prod-missing"/);
    assert.equal(running.emulator.prices.size, 0);
  });

  test('bad fields are 400s naming each one', async () => {
    assert.deepEqual(Object.keys(await fieldErrorsOf(await post('products/', { description: 'no name' }))), ['name']);
    const errors = await fieldErrorsOf(await post('prices/', { currency: 'us dollars', unit_amount: 12.5 }));
    assert.deepEqual(Object.keys(errors).sort(), ['currency', 'product', 'unit_amount']);
  });

  test('retrieving an unknown one is a JSON 404, and the key is checked as for checkouts', async () => {
    const missing = await fetch(`${running.url}/api/v1/prices/nope/`, { headers: { authorization: `Api-Key ${KEY}` } });
    assert.equal(missing.status, 404);
    assert.deepEqual(await missing.json(), { detail: 'Not found.' });
    const wrongKey = await fetch(`${running.url}/api/v1/products/`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: 'Api-Key another' },
      body: JSON.stringify({ name: 'A' }),
    });
    assert.equal(wrongKey.status, 401);
    assert.equal(running.emulator.products.size, 0);
  });
});

describe('invoice items by Price ID', () => {
  test("a checkout's amount is the Price's amount times the quantity, its item names the Price and shows its Product", async () => {
    const { product, price } = await aPrice('12.5');
    const checkout = await created<PayfectCheckout>('checkouts/', { currency: 'usdt', invoice_items: [{ price: price.id, quantity: 3 }] });
    assert.equal(checkout.amountTotal, '37.50');
    assert.ok(PayfectCheckout.safeParse(checkout).success);
    assert.deepEqual(checkout.invoiceItems?.[0] && { ...checkout.invoiceItems[0], id: 'ID' }, {
      id: 'ID',
      price: price.id,
      priceData: { currency: 'usdt', unitAmount: '12.50', productData: { name: product.name, description: product.description, images: product.images } },
      quantity: 3,
      amount: '37.50',
    });
    const page = await (await fetch(checkout.url)).text();
    assert.match(page, /Standard Plan/);
    assert.match(page, /data-total>37\.50 USDT</);
  });

  test('mixes with inline price_data in one checkout', async () => {
    const { price } = await aPrice('2');
    const checkout = await created<PayfectCheckout>('checkouts/', {
      currency: 'usdt',
      invoice_items: [
        { price: price.id, quantity: 2 },
        { price_data: { currency: 'usdt', unit_amount: '0.25', product_data: { name: 'Sticker' } }, quantity: 1 },
      ],
    });
    assert.equal(checkout.amountTotal, '4.25');
  });

  test('an unknown Price is a 400 naming the item and the Price, and creates nothing', async () => {
    const errors = await fieldErrorsOf(await post('checkouts/', { currency: 'usdt', invoice_items: [{ price: 'price_missing', quantity: 1 }] }));
    assert.deepEqual(Object.keys(errors), ['invoice_items.0.price']);
    assert.match(errors['invoice_items.0.price'] ?? '', /There is no Price "price_missing"/);
    assert.equal(running.emulator.checkouts.size, 0);
  });

  test('an item with both price and price_data, or neither, is a 400 naming it', async () => {
    const { price } = await aPrice();
    const both = { price: price.id, price_data: { currency: 'usdt', unit_amount: '1', product_data: { name: 'A' } }, quantity: 1 };
    const errors = await fieldErrorsOf(await post('checkouts/', { currency: 'usdt', invoice_items: [both, { quantity: 1 }] }));
    assert.deepEqual(errors, {
      'invoice_items.0': 'needs either price_data or price (the ID of a Price), not both',
      'invoice_items.1': 'needs either price_data or price (the ID of a Price), not both',
    });
  });
});

describe('Payment Links', () => {
  test('opening the url starts a new checkout on the hosted page each time', async () => {
    const { price } = await aPrice('5');
    const link = await created<PaymentLink>('payment-links/', {
      name_collection: true,
      email_collection: false,
      phone_number_collection: false,
      shipping_address_collection: ['tw'],
      invoice_items: [{ price: price.id, quantity: 2 }],
    });
    assert.equal(link.url, `${running.url}/payment-links/${link.id}`);
    assert.deepEqual(link.invoiceItems.map(({ price: id, quantity }) => ({ id, quantity })), [{ id: price.id, quantity: 2 }]);
    const opened: string[] = [];
    for (let visit = 0; visit < 2; visit += 1) {
      const response = await fetch(link.url, { redirect: 'manual' });
      assert.equal(response.status, 303);
      const location = response.headers.get('location') ?? '';
      assert.match(location, new RegExp(`^${running.url}/checkouts/[0-9a-f-]{36}$`));
      opened.push(location);
      const page = await fetch(location);
      assert.equal(page.status, 200);
      assert.match(await page.text(), /data-total>10\.00 USDT</);
    }
    assert.notEqual(opened[0], opened[1]);
    const checkouts = [...running.emulator.checkouts.values()];
    assert.equal(checkouts.length, 2);
    assert.deepEqual(
      checkouts.map((checkout) => [checkout.amountTotal, checkout.nameCollection, checkout.shippingAddressCollection]),
      [['10.00', true, { allowedCountries: ['TW'] }], ['10.00', true, { allowedCountries: ['TW'] }]],
    );
    const retrieved = await fetch(`${running.url}/api/v1/payment-links/${link.id}/`, { headers: { authorization: `Api-Key ${KEY}` } });
    assert.deepEqual(await retrieved.json(), link);
  });

  test('a link to an unknown Price, or to Prices in two currencies, is a 400 naming the item', async () => {
    const unknown = await fieldErrorsOf(await post('payment-links/', { invoice_items: [{ price: 'nope', quantity: 1 }] }));
    assert.match(unknown['invoice_items.0.price'] ?? '', /There is no Price "nope"/);
    const { price: usdt } = await aPrice('1', 'usdt');
    const { price: usdc } = await aPrice('1', 'usdc');
    const mixed = await fieldErrorsOf(await post('payment-links/', { invoice_items: [{ price: usdt.id, quantity: 1 }, { price: usdc.id, quantity: 1 }] }));
    assert.match(mixed['invoice_items.1.price'] ?? '', /is in usdc, but the first Price is in usdt/);
    assert.equal(running.emulator.paymentLinks.size, 0);
  });

  test('an unknown link is a 404 page, and only GET opens one', async () => {
    const missing = await fetch(`${running.url}/payment-links/nope`);
    assert.equal(missing.status, 404);
    assert.match(await missing.text(), /Payment link not found/);
    const { price } = await aPrice();
    const link = await created<PaymentLink>('payment-links/', { invoice_items: [{ price: price.id, quantity: 1 }] });
    assert.equal((await fetch(link.url, { method: 'POST' })).status, 405);
    assert.equal(running.emulator.checkouts.size, 0);
  });
});
