import assert from 'node:assert/strict';
import { beforeEach, describe, it } from 'node:test';
import { createEmulator, type Emulator } from '../../src/emulator/index.js';
import { createCheckoutHandler, type Catalog, type CheckoutError, type CheckoutHandlerOptions } from '../../src/server/index.js';
import { CATALOG, baseOptions, errorOf, post, wireBody } from './checkout-fixtures.js';
import { API_KEY, fakePayfect, payfectCheckoutReply } from './fake-payfect.js';

// Catalog entries that name a Payfect Price ID: the emulator in process is Payfect, holding the Prices.

const PAYFECT = 'http://payfect.test/api/v1';

let payfect: Emulator;
/** The ID of a Price of 35.00 usdt for a Product named "Payfect hoodie", made as a merchant makes it. */
let hoodiePrice: string;

async function createAtPayfect(path: string, body: unknown): Promise<{ id: string }> {
  const response = await payfect.fetch(`${PAYFECT}/${path}`, {
    method: 'POST',
    headers: { authorization: `Api-Key ${API_KEY}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  assert.equal(response.status, 201, await response.clone().text());
  return (await response.json()) as { id: string };
}

beforeEach(async () => {
  payfect = createEmulator();
  const product = await createAtPayfect('products/', { name: 'Payfect hoodie' });
  hoodiePrice = (await createAtPayfect('prices/', { product: product.id, currency: 'usdt', unit_amount: '35.00' })).id;
});

function setup(overrides: Partial<CheckoutHandlerOptions> = {}) {
  const errors: CheckoutError[] = [];
  const created: string[] = [];
  const handler = createCheckoutHandler(
    baseOptions({
      catalog: { ...CATALOG, hoodie: { price: hoodiePrice } },
      baseUrl: PAYFECT,
      fetch: payfect.fetch,
      onError: (error) => errors.push(error),
      onCheckoutCreated: (checkout) => void created.push(checkout.id),
      ...overrides,
    }),
  );
  return { handler, errors, created };
}

/** The bodies the handler POSTed to Payfect's create, parsed. */
function sentToPayfect(): Array<{ currency: string; invoice_items: Array<Record<string, unknown>> }> {
  return payfect.requests.filter((request) => request.method === 'POST' && request.path === '/api/v1/checkouts/').map((request) => JSON.parse(request.body));
}

const hoodie = (quantity = 1, unit_amount?: string, currency = 'usdt') => ({
  product_id: 'hoodie',
  quantity,
  ...(unit_amount !== undefined && { price_data: { currency, unit_amount } }),
});
const plan = (unit_amount?: string) => ({
  product_id: 'standard-plan',
  quantity: 1,
  ...(unit_amount !== undefined && { price_data: { currency: 'usdt', unit_amount } }),
});
const cart = (...items: unknown[]) => wireBody({ invoice_items: items });

describe('a catalog entry by Payfect Price ID', () => {
  it('creates the checkout with { price, quantity }, and Payfect prices it', async () => {
    const { handler } = setup();
    const response = await handler(post(cart(hoodie(2))));
    assert.equal(response.status, 200);
    const session = await response.json();
    assert.equal(session.amountTotal, '70.00');
    assert.deepEqual(sentToPayfect()[0]!.invoice_items, [{ price: hoodiePrice, quantity: 2 }]);
    const line = payfect.checkouts.get(session.id)!.invoiceItems[0]!;
    assert.equal(line.price, hoodiePrice);
    assert.equal(line.priceData.productData.name, 'Payfect hoodie');
  });

  it('mixes with catalog-priced lines in one cart: each line sent as its kind, the total checked', async () => {
    const { handler } = setup();
    const response = await handler(post(cart(plan(), hoodie(1))));
    assert.equal(response.status, 200);
    assert.equal((await response.json()).amountTotal, '55.50');
    const [priced, byId] = sentToPayfect()[0]!.invoice_items;
    assert.deepEqual(byId, { price: hoodiePrice, quantity: 1 });
    assert.deepEqual(priced, {
      price_data: { currency: 'usdt', unit_amount: '20.50', product_data: { name: 'Standard Plan', description: 'A standard plan', images: ['https://shop.example/plan.png'] } },
      quantity: 1,
    });
  });

  for (const [label, items] of [
    ['alone', [hoodie(2, '35')]],
    ['in a mixed cart, every line shown', [plan('20.50'), hoodie(2, '35.000')]],
    ['in a mixed cart, the catalog line not shown', [plan(), hoodie(2, '35.00')]],
  ] as const) {
    it(`accepts the price the page showed when Payfect charges it (${label})`, async () => {
      const { handler, created } = setup();
      const response = await handler(post(cart(...items)));
      assert.equal(response.status, 200);
      assert.equal(created.length, 1);
    });
  }

  for (const [label, items, field] of [
    ['alone', [hoodie(2, '30.00')], 'invoice_items.0.price_data.unit_amount'],
    ['in a mixed cart', [plan('20.50'), hoodie(1, '35.01')], 'invoice_items.1.price_data.unit_amount'],
  ] as const) {
    it(`refuses a shown price Payfect does not charge with 409 price_mismatch naming the line (${label}); the checkout is left to expire`, async () => {
      const { handler, errors, created } = setup();
      const response = await handler(post(cart(...items)));
      assert.equal(response.status, 409);
      const error = await errorOf(response);
      assert.equal(error.code, 'price_mismatch');
      assert.deepEqual(Object.keys(error.fields ?? {}), [field]);
      assert.match(error.fields![field]!, /^Payfect charges \d+\.\d+ usdt for the checkout, not the \d+\.\d+ these prices make$/);
      // The checkout exists at Payfect, unused: the buyer never got its URL, onCheckoutCreated never saw it.
      const [checkout] = payfect.checkouts.values();
      assert.equal(checkout?.status, 'open');
      assert.equal(created.length, 0);
      assert.doesNotMatch(JSON.stringify(error), new RegExp(checkout!.id));
      assert.equal(errors.length, 1);
      assert.match(errors[0]!.message, /left to expire/);
      assert.match(String((errors[0]!.cause as Error).message), new RegExp(`checkout ${checkout!.id} charges`));
    });
  }

  it('accepts a Price-ID line the page showed no price for: Payfect alone decides', async () => {
    const { handler } = setup();
    assert.equal((await handler(post(cart(plan('20.50'), hoodie(1))))).status, 200);
  });

  it('refuses a page that shows some Price-ID lines and not others with 400, before asking Payfect', async () => {
    const { handler } = setup({ catalog: { ...CATALOG, hoodie: { price: hoodiePrice }, cap: { price: hoodiePrice } } });
    const response = await handler(post(cart(hoodie(1, '35.00'), { product_id: 'cap', quantity: 1 })));
    assert.equal(response.status, 400);
    const error = await errorOf(response);
    assert.equal(error.code, 'invalid_request');
    assert.deepEqual(Object.keys(error.fields ?? {}), ['invoice_items.1.price_data']);
    assert.equal(sentToPayfect().length, 0);
  });

  it("refuses a shown currency that is not the checkout's with 409, before asking Payfect", async () => {
    const { handler } = setup();
    const response = await handler(post(cart(hoodie(1, '35.00', 'eur'))));
    assert.equal(response.status, 409);
    assert.deepEqual((await errorOf(response)).fields, { 'invoice_items.0.price_data.currency': "is not the checkout's currency, usdt" });
    assert.equal(sentToPayfect().length, 0);
  });

  it('keeps the quantity caps, per product over all lines, before asking Payfect', async () => {
    const { handler } = setup({ maxQuantity: 5 });
    const over = await handler(post(cart(hoodie(6))));
    assert.equal(over.status, 400);
    assert.deepEqual(Object.keys((await errorOf(over)).fields ?? {}), ['invoice_items.0.quantity']);
    const overLines = await handler(post(cart(hoodie(3), hoodie(3))));
    assert.equal(overLines.status, 400);
    assert.match((await errorOf(overLines)).fields!['invoice_items.1.quantity']!, /more than 5 of "hoodie"/);
    assert.equal(sentToPayfect().length, 0);
  });

  it('answers a Price that Payfect does not know with 502 payfect_error', async () => {
    const { handler, errors } = setup({ catalog: { hoodie: { price: 'price_deleted_in_the_dashboard' } } });
    const response = await handler(post(cart(hoodie(1))));
    assert.equal(response.status, 502);
    assert.equal((await errorOf(response)).code, 'payfect_error');
    assert.match(String((errors[0]!.cause as Error).message), /price_deleted_in_the_dashboard/);
  });
});

describe("Payfect's total for a mixed cart, compared as far as the catalog knows it", () => {
  /** A Payfect answering `amountTotal` and `currency` for whatever it was sent. */
  function answering(amountTotal: string, currency = 'usdt') {
    const fake = fakePayfect(() => Response.json(payfectCheckoutReply({ amountTotal, currency }), { status: 201 }));
    return setup({ fetch: fake.fetch, baseUrl: undefined });
  }

  for (const [label, amount, currency] of [
    ['less than the catalog-priced lines alone', '20.49', 'usdt'],
    ['another currency', '55.50', 'eur'],
  ] as const) {
    it(`${label} is 502 payfect_invalid_response`, async () => {
      const { handler, created } = answering(amount, currency);
      const response = await handler(post(cart(plan(), hoodie(1))));
      assert.equal(response.status, 502);
      assert.equal((await errorOf(response)).code, 'payfect_invalid_response');
      assert.equal(created.length, 0);
    });
  }

  it('anything from the catalog lines up is accepted when no Price-ID price was shown', async () => {
    const { handler } = answering('20.50');
    assert.equal((await handler(post(cart(plan('20.50'), hoodie(1))))).status, 200);
  });
});

describe('a catalog entry is one kind or the other', () => {
  const create = (entry: unknown) => () => createCheckoutHandler(baseOptions({ catalog: { odd: entry } as never }));

  for (const [label, entry, message] of [
    ['both price and unitAmount', { price: 'price_1', name: 'Odd', unitAmount: '1', currency: 'usdt' }, /"odd" has both `price` and `unitAmount`/],
    ['neither', { name: 'Odd', currency: 'usdt' }, /"odd" needs `unitAmount` or `price`/],
    ['neither, a misspelt unitAmount', { name: 'Odd', unitamount: '1', currency: 'usdt' }, /has no field `unitamount`; did you mean `unitAmount`\?/],
    ['a Price-ID entry with a name', { price: 'price_1', name: 'Odd' }, /has `name`, which a product priced by a Payfect Price takes from Payfect/],
    ['a Price-ID entry with an empty price', { price: '' }, /price must be the ID of a Payfect Price/],
    ['a Price-ID entry whose ID was never set', { price: undefined }, /price must be the ID of a Payfect Price/],
    ['an amount entry with a misspelt field', { name: 'Odd', unitAmount: '1', currency: 'usdt', descripton: 'x' }, /has no field `descripton`; did you mean `description`\?/],
    ['not an object', 'price_1', /"odd" must be an object/],
  ] as const) {
    it(`a static catalog's entry with ${label} is a TypeError when the handler is created`, () => {
      assert.throws(create(entry), (error: unknown) => error instanceof TypeError && message.test(error.message));
    });
  }

  it("a catalog function's entry with both is a 500 internal_error, its TypeError told to onError", async () => {
    // A function's entries exist only per request, so its mistake can only surface then.
    const catalog: Catalog = () => ({ price: hoodiePrice, unitAmount: '35.00' }) as never;
    const { handler, errors } = setup({ catalog });
    const response = await handler(post(cart(hoodie(1))));
    assert.equal(response.status, 500);
    assert.equal((await errorOf(response)).code, 'internal_error');
    assert.ok(errors[0]!.cause instanceof TypeError);
    assert.match(errors[0]!.cause.message, /"hoodie" has both `price` and `unitAmount`/);
    assert.equal(sentToPayfect().length, 0);
  });

  it('a catalog function may answer a Price-ID entry', async () => {
    const { handler } = setup({ catalog: (id) => (id === 'hoodie' ? { price: hoodiePrice } : undefined) });
    assert.equal((await handler(post(cart(hoodie(1, '35'))))).status, 200);
  });
});

describe('examples/price-ids/catalog.mjs', () => {
  it('prices the plan itself and the hoodie by the Price ID from its environment', async () => {
    process.env.HOODIE_PRICE_ID = hoodiePrice;
    // By URL, as a merchant's module is loaded: the example is plain JavaScript with no typings.
    const { catalog } = await import(new URL('../../examples/price-ids/catalog.mjs', import.meta.url).href);
    const { handler } = setup({ catalog });
    const response = await handler(post(cart(plan('20.50'), hoodie(2, '35.00'))));
    assert.equal(response.status, 200);
    assert.equal((await response.json()).amountTotal, '90.50');
    assert.deepEqual(sentToPayfect()[0]!.invoice_items[1], { price: hoodiePrice, quantity: 2 });
  });
});
