import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CheckoutError, compareDecimals, createCheckoutHandler, type AmountProduct, type Catalog, type Product } from '../../src/server/index.js';
import { CATALOG, baseOptions, errorOf, post, wireBody } from './checkout-fixtures.js';
import { fakePayfect } from './fake-payfect.js';

function setup(overrides: Parameters<typeof baseOptions>[0] = {}) {
  const payfect = fakePayfect();
  const handler = createCheckoutHandler(baseOptions({ fetch: payfect.fetch, ...overrides }));
  return { payfect, handler, sent: () => payfect.calls.at(-1)?.body as Record<string, any> };
}

const item = (fields: Record<string, unknown>) => wireBody({ invoice_items: [{ product_id: 'standard-plan', quantity: 1, ...fields }] });
const priced = (unit_amount: string, currency = 'usdt') => item({ price_data: { currency, unit_amount } });

describe('price authority', () => {
  it('builds price_data from the catalog, ignoring the product data the page sent', async () => {
    const { handler, sent } = setup();
    const body = item({ price_data: { currency: 'usdt', unit_amount: '20.5', product_data: { name: 'Free stuff', images: ['https://evil.example/x.png'] } } });
    assert.equal((await handler(post(body))).status, 200);
    assert.deepEqual(sent().invoice_items, [
      {
        quantity: 1,
        price_data: {
          currency: 'usdt',
          unit_amount: '20.50',
          product_data: { name: 'Standard Plan', description: 'A standard plan', images: ['https://shop.example/plan.png'] },
        },
      },
    ]);
  });

  it('prices an item that sent no price_data', async () => {
    const { handler, sent } = setup();
    assert.equal((await handler(post(item({ quantity: 3 })))).status, 200);
    assert.equal(sent().invoice_items[0].price_data.unit_amount, '20.50');
    assert.equal(sent().invoice_items[0].quantity, 3);
  });

  for (const amount of ['20.5', '20.50', '20.500000']) {
    it(`accepts ${amount} for a catalog price of 20.50 (exact decimal equality)`, async () => {
      const { handler } = setup();
      assert.equal((await handler(post(priced(amount)))).status, 200);
    });
  }

  for (const amount of ['0.01', '20.49', '20.51', '205', '20.500000000000000001']) {
    it(`refuses ${amount} with 409 price_mismatch naming the field`, async () => {
      const { handler, payfect } = setup();
      const response = await handler(post(priced(amount)));
      assert.equal(response.status, 409);
      const error = await errorOf(response);
      assert.equal(error.code, 'price_mismatch');
      assert.deepEqual(error.fields, { 'invoice_items.0.price_data.unit_amount': 'is 20.50 in the catalog' });
      assert.equal(payfect.calls.length, 0);
    });
  }

  it('compares currencies case-insensitively', async () => {
    const { handler } = setup();
    assert.equal((await handler(post({ ...priced('20.50', 'USDT'), currency: 'UsDt' }))).status, 200);
  });

  it("refuses a price_data currency that is not the catalog's with 409", async () => {
    const { handler } = setup();
    const response = await handler(post(priced('20.50', 'eur')));
    assert.equal(response.status, 409);
    assert.deepEqual(Object.keys((await errorOf(response)).fields ?? {}), ['invoice_items.0.price_data.currency']);
  });

  it("refuses a checkout currency that is not the items' catalog currency with 409", async () => {
    const { handler } = setup();
    const response = await handler(post({ ...item({}), currency: 'eur' }));
    assert.equal(response.status, 409);
    assert.equal((await errorOf(response)).code, 'price_mismatch');
  });

  it('refuses items the catalog prices in different currencies with 409 naming the odd one', async () => {
    const { handler } = setup();
    const response = await handler(
      post(wireBody({ invoice_items: [{ product_id: 'sticker', quantity: 1 }, { product_id: 'euro-mug', quantity: 1 }] })),
    );
    assert.equal(response.status, 409);
    assert.deepEqual(Object.keys((await errorOf(response)).fields ?? {}), ['invoice_items.1.price_data.currency']);
  });

  it('prices several items', async () => {
    const { handler, sent } = setup();
    const body = wireBody({ invoice_items: [{ product_id: 'sticker', quantity: 7 }, { product_id: 'standard-plan', quantity: 2 }] });
    assert.equal((await handler(post(body))).status, 200);
    assert.deepEqual(
      sent().invoice_items.map((i: any) => [i.price_data.product_data.name, i.price_data.unit_amount, i.quantity]),
      [['Sticker', '0.10', 7], ['Standard Plan', '20.50', 2]],
    );
  });

  it('answers 422 unknown_product naming each unknown item', async () => {
    const { handler } = setup();
    const body = wireBody({ invoice_items: [{ product_id: 'sticker', quantity: 1 }, { product_id: 'gold-bar', quantity: 1 }] });
    const response = await handler(post(body));
    assert.equal(response.status, 422);
    assert.deepEqual(await errorOf(response), {
      code: 'unknown_product',
      message: 'The catalog has no such product.',
      fields: { 'invoice_items.1.product_id': 'no product "gold-bar" in the catalog' },
    });
  });

  for (const id of ['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf']) {
    it(`never resolves ${id} through the object prototype (422, not 500)`, async () => {
      const { handler } = setup();
      const response = await handler(post(wireBody({ invoice_items: [{ product_id: id, quantity: 1 }] })));
      assert.equal(response.status, 422);
    });
  }

  it('prices from a snapshot: changing the catalog object later changes nothing', async () => {
    const catalog: Record<string, AmountProduct> = { pen: { name: 'Pen', unitAmount: '2', currency: 'usdt' } };
    const { handler, sent } = setup({ catalog });
    catalog.pen!.unitAmount = '0.01';
    await handler(post(wireBody({ invoice_items: [{ product_id: 'pen', quantity: 1 }] })));
    assert.equal(sent().invoice_items[0].price_data.unit_amount, '2');
  });

  describe('quantity', () => {
    for (const quantity of [1, 99]) {
      it(`accepts ${quantity}`, async () => {
        const { handler } = setup();
        assert.equal((await handler(post(item({ quantity })))).status, 200);
      });
    }
    for (const quantity of [0, -1, 100, 2.5, '1', null, 1e21]) {
      it(`refuses ${JSON.stringify(quantity)} with 400 naming the field`, async () => {
        const { handler, payfect } = setup();
        const response = await handler(post(item({ quantity })));
        assert.equal(response.status, 400);
        const error = await errorOf(response);
        assert.equal(error.code, 'invalid_request');
        assert.ok(error.fields && 'invoice_items.0.quantity' in error.fields);
        assert.equal(payfect.calls.length, 0);
      });
    }
    it('follows maxQuantity', async () => {
      const { handler } = setup({ maxQuantity: 5 });
      assert.equal((await handler(post(item({ quantity: 5 })))).status, 200);
      const response = await handler(post(item({ quantity: 6 })));
      assert.deepEqual((await errorOf(response)).fields, { 'invoice_items.0.quantity': 'must be at most 5' });
    });
  });

  describe('a catalog function', () => {
    it('may be async and sees the product id and the item', async () => {
      const seen: unknown[] = [];
      const { handler, sent } = setup({
        catalog: async (productId, requested) => {
          seen.push([productId, requested.quantity]);
          await new Promise((resolve) => setTimeout(resolve, 1));
          return CATALOG[productId];
        },
      });
      assert.equal((await handler(post(item({ quantity: 2 })))).status, 200);
      assert.deepEqual(seen, [['standard-plan', 2]]);
      assert.equal(sent().invoice_items[0].price_data.unit_amount, '20.50');
    });

    for (const id of ['__proto__', 'constructor', 'hasOwnProperty', 'toString']) {
      it(`that indexes a plain object answers 422 for ${id}, not 500`, async () => {
        const products: Record<string, Product> = { pen: { name: 'Pen', unitAmount: '2', currency: 'usdt' } };
        const { handler } = setup({ catalog: (productId) => products[productId] });
        const response = await handler(post(wireBody({ invoice_items: [{ product_id: id, quantity: 1 }] })));
        assert.equal(response.status, 422);
        assert.equal((await errorOf(response)).code, 'unknown_product');
      });
    }

    it('answers 422 when it returns undefined', async () => {
      const { handler } = setup({ catalog: () => undefined });
      assert.equal((await handler(post(item({})))).status, 422);
    });

    it('that returns an invalid product is a merchant bug: 500, explained to onError', async () => {
      const errors: CheckoutError[] = [];
      const { handler } = setup({
        catalog: () => ({ name: 'X', unitAmount: '-5', currency: 'usdt' }),
        onError: (error) => errors.push(error),
      });
      const response = await handler(post(item({})));
      assert.equal(response.status, 500);
      assert.match(String((errors[0]!.cause as Error).message), /unitAmount/);
    });
  });

  describe('a donation button: the catalog accepts a client amount within bounds', () => {
    // docs/server.md's donation pattern: the page's amount becomes the price, but only between 1 and 1000 usdt.
    const catalog: Catalog = (productId, requested) => {
      if (productId !== 'donation') return CATALOG[productId];
      const amount = requested.price_data?.unit_amount;
      if (amount === undefined || compareDecimals(amount, '1') < 0 || compareDecimals(amount, '1000') > 0) {
        throw new CheckoutError('invalid_request', 'Donations are between 1 and 1000 USDT.', {
          fields: { 'invoice_items.0.price_data.unit_amount': 'must be between 1 and 1000' },
        });
      }
      return { name: 'Donation', unitAmount: amount, currency: 'usdt' };
    };
    const donate = (unit_amount?: string) =>
      wireBody({
        invoice_items: [
          { product_id: 'donation', quantity: 1, ...(unit_amount !== undefined && { price_data: { currency: 'usdt', unit_amount } }) },
        ],
      });

    for (const amount of ['1', '25.75', '1000']) {
      it(`charges the chosen ${amount}`, async () => {
        const { handler, sent } = setup({ catalog });
        assert.equal((await handler(post(donate(amount)))).status, 200);
        assert.equal(sent().invoice_items[0].price_data.unit_amount, amount);
        assert.equal(sent().invoice_items[0].price_data.product_data.name, 'Donation');
      });
    }

    for (const amount of ['0.99', '1000.01', undefined]) {
      it(`refuses ${String(amount)} with 400`, async () => {
        const { handler, payfect } = setup({ catalog });
        const response = await handler(post(donate(amount)));
        assert.equal(response.status, 400);
        assert.equal((await errorOf(response)).code, 'invalid_request');
        assert.equal(payfect.calls.length, 0);
      });
    }

    it('still prices ordinary products from the catalog', async () => {
      const { handler } = setup({ catalog });
      assert.equal((await handler(post(priced('0.01')))).status, 409);
    });
  });
});

describe('maxQuantity per product', () => {
  it('caps the total of one product over all its lines, naming each line, and asks Payfect nothing', async () => {
    const { handler, payfect } = setup({ maxQuantity: 99 });
    const twoLines = wireBody({ invoice_items: [{ product_id: 'sticker', quantity: 99 }, { product_id: 'sticker', quantity: 99 }] });
    const response = await handler(post(twoLines));
    assert.equal(response.status, 400);
    const error = await errorOf(response);
    assert.equal(error.code, 'invalid_request');
    assert.deepEqual(Object.keys(error.fields ?? {}), ['invoice_items.0.quantity', 'invoice_items.1.quantity']);
    assert.match(error.fields!['invoice_items.0.quantity']!, /more than 99 of "sticker"/);
    assert.equal(payfect.calls.length, 0);
  });

  it('allows lines of one product up to the cap, and other products beside them', async () => {
    const { handler, sent } = setup({ maxQuantity: 10 });
    const body = wireBody({
      invoice_items: [
        { product_id: 'sticker', quantity: 4 },
        { product_id: 'sticker', quantity: 6 },
        { product_id: 'standard-plan', quantity: 10 },
      ],
    });
    assert.equal((await handler(post(body))).status, 200);
    assert.deepEqual(sent().invoice_items.map((line: { quantity: number }) => line.quantity), [4, 6, 10]);
  });
});
