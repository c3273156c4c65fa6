import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { compareDecimals, createCheckoutHandler } from '../../src/server/index.js';
import { CheckoutSession } from '../../src/shared/checkout-session.js';
import { ErrorBody } from '../../src/shared/error-body.js';
import { CATALOG, ENDPOINT, SHOP, baseOptions, post } from './checkout-fixtures.js';
import { API_KEY, fakePayfect } from './fake-payfect.js';

const handler = createCheckoutHandler(baseOptions({ fetch: fakePayfect().fetch, allowedOrigins: ['https://partner.example'] }));

/** Every answer is JSON with the right shape, never a 5xx (Payfect is healthy here, so a 5xx would be our bug). */
async function assertWellFormed(response: Response): Promise<void> {
  assert.ok(response.status < 500, `answered ${response.status}`);
  if (response.status === 204) return;
  assert.equal(response.headers.get('content-type'), 'application/json; charset=utf-8');
  const text = await response.text();
  assert.equal(text.includes(API_KEY), false);
  const body: unknown = JSON.parse(text);
  if (response.status === 200) CheckoutSession.parse(body);
  else ErrorBody.parse(body);
}

const send = (body: string, headers: Record<string, string> = {}) =>
  handler(new Request(ENDPOINT, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body }));

const decimal = fc.oneof(
  fc.constantFrom('20.5', '20.50', '0', '0.10', '1e3', '-1', '20.5.5', '', ' 20'),
  fc.tuple(fc.nat(), fc.nat({ max: 99 })).map(([whole, cents]) => `${whole}.${cents}`),
);
const url = fc.oneof(fc.webUrl(), fc.constantFrom(`${SHOP}/thanks`, 'javascript:alert(1)', 'https://evil.example/x', '//evil.example', ''));
const requestLike = fc.record(
  {
    currency: fc.oneof(fc.constantFrom('usdt', 'USDT', 'eur', '', 'u$'), fc.string()),
    invoice_items: fc.oneof(
      fc.array(
        fc.record(
          {
            product_id: fc.oneof(fc.constantFrom('standard-plan', 'sticker', 'euro-mug', '__proto__', 'constructor'), fc.string()),
            quantity: fc.oneof(fc.integer({ min: -5, max: 200 }), fc.double(), fc.constant('1')),
            price_data: fc.record(
              { currency: fc.constantFrom('usdt', 'eur', 'USDT'), unit_amount: fc.oneof(decimal, fc.double()), product_data: fc.anything() },
              { requiredKeys: [] },
            ),
          },
          { requiredKeys: [] },
        ),
        { maxLength: 4 },
      ),
      fc.anything(),
    ),
    client_reference_id: fc.oneof(fc.string(), fc.anything()),
    success_url: url,
    cancel_url: url,
    callback_url: url,
    payment_method_data: fc.oneof(
      fc.constant({ type: 'cryptopaymentmethoddetail', paymentMethodDetail: { currency: 'usdt', network: 'tron' } }),
      fc.anything(),
    ),
    extra: fc.anything(),
  },
  { requiredKeys: ['currency', 'invoice_items'] },
);

describe('no input gives a 5xx or a body that is not JSON', () => {
  it('random JSON values', async () => {
    await fc.assert(fc.asyncProperty(fc.json(), async (json) => assertWellFormed(await send(json))), { numRuns: 300 });
  });

  it('random values of any kind, serialised', async () => {
    await fc.assert(
      fc.asyncProperty(fc.anything(), async (value) => assertWellFormed(await send(JSON.stringify(value) ?? 'undefined'))),
      { numRuns: 300 },
    );
  });

  it('random objects shaped like checkout requests', async () => {
    await fc.assert(
      fc.asyncProperty(requestLike, async (body) => assertWellFormed(await send(JSON.stringify(body)))),
      { numRuns: 500 },
    );
  });

  it('random strings and headers', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.string({ unit: 'binary' }),
        fc.option(fc.constantFrom('https://partner.example', SHOP, 'null', 'https://evil.example')),
        fc.option(fc.string({ minLength: 0, maxLength: 300 }).filter((s) => /^[\x20-\x7e]*$/.test(s))),
        fc.constantFrom('POST', 'OPTIONS', 'GET', 'PUT'),
        async (body, origin, key, method) => {
          const headers: Record<string, string> = { 'content-type': 'application/json' };
          if (origin !== null) headers.origin = origin;
          if (key !== null) headers['idempotency-key'] = key;
          const hasBody = method === 'POST' || method === 'PUT';
          await assertWellFormed(await handler(new Request(ENDPOINT, { method, headers, ...(hasBody && { body }) })));
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('price authority, whatever the page sends', () => {
  // Mostly honest, so that enough bodies reach Payfect; each part is sometimes a trick.
  const often = <T, U>(usual: fc.Arbitrary<T>, tricks: fc.Arbitrary<U>) =>
    fc.oneof({ arbitrary: usual, weight: 4 }, { arbitrary: tricks, weight: 1 });
  const currency = often(fc.constant('usdt'), fc.constantFrom('USDT', 'eur', 'trx'));
  const mostlyValid = fc.record(
    {
      currency,
      invoice_items: fc.array(
        fc.record(
          {
            product_id: often(
              fc.constantFrom('standard-plan', 'sticker'),
              fc.constantFrom('euro-mug', '__proto__', 'constructor', 'hasOwnProperty', 'standard\u2010plan', 'Standard-Plan'),
            ),
            quantity: often(fc.integer({ min: 1, max: 99 }), fc.constantFrom(0, -1, 100, 1e2, -0, 2 ** 53, '1', 1.5)),
            price_data: fc.record({
              currency,
              unit_amount: often(fc.constantFrom('20.5', '20.50', '20.500', '0.1', '0.10'), fc.oneof(fc.constantFrom('0.01', '12', '0', '20.49'), decimal)),
            }),
          },
          { requiredKeys: ['product_id', 'quantity'] },
        ),
        { minLength: 1, maxLength: 3 },
      ),
      payment_method_data: often(fc.constant(['usdt', 'tron']), fc.constantFrom(['USDT', 'tron'], ['trx', 'tron'], ['eur', 'sepa'])).map(
        ([payCurrency, network]) => ({ type: 'cryptopaymentmethoddetail', paymentMethodDetail: { currency: payCurrency, network } }),
      ),
    },
    { requiredKeys: ['currency', 'invoice_items'] },
  );

  it('Payfect is only asked for the catalog price, with a payment method the merchant listed', async () => {
    const payfect = fakePayfect();
    const listed = [{ currency: 'usdt', network: 'tron' }, { currency: 'trx', network: 'tron' }];
    const lookup = createCheckoutHandler(
      baseOptions({
        fetch: payfect.fetch,
        // The indexing a merchant is most likely to write, prototype and all.
        catalog: (productId) => CATALOG[productId],
        paymentMethods: listed,
      }),
    );
    let created = 0;
    await fc.assert(
      fc.asyncProperty(mostlyValid, async (body) => {
        const calls = payfect.calls.length;
        const response = await lookup(post(body));
        const status = response.status;
        await assertWellFormed(response);
        if (status !== 200) {
          assert.equal(payfect.calls.length, calls, `Payfect was called for a ${status}`);
          return;
        }
        created++;
        const sent = payfect.calls.at(-1)!.body as {
          currency: string;
          invoice_items: Array<{ price_data: { currency: string; unit_amount: string }; quantity: number }>;
          payment_method_data: { paymentMethodDetail: { currency: string; network: string } };
        };
        const method = sent.payment_method_data.paymentMethodDetail;
        const asked = body.payment_method_data?.paymentMethodDetail;
        // The page's pick when the merchant listed it, else the first listed in the prices' currency.
        const expected =
          asked === undefined
            ? (listed.find((pair) => pair.currency === sent.currency) ?? listed[0]!)
            : { currency: asked.currency.toLowerCase(), network: asked.network };
        assert.deepEqual(method, expected);
        assert.ok(listed.some((pair) => pair.currency === method.currency && pair.network === method.network));
        body.invoice_items.forEach((item, index) => {
          const product = CATALOG[item.product_id]!;
          const priced = sent.invoice_items[index]!;
          assert.ok(Object.hasOwn(CATALOG, item.product_id));
          assert.deepEqual([priced.price_data.unit_amount, priced.price_data.currency], [product.unitAmount, product.currency]);
          assert.equal(sent.currency, product.currency);
          assert.equal(priced.quantity, item.quantity);
          assert.ok(Number.isInteger(priced.quantity) && priced.quantity >= 1 && priced.quantity <= 99);
          if (item.price_data !== undefined) assert.equal(compareDecimals(item.price_data.unit_amount, product.unitAmount), 0);
        });
      }),
      { numRuns: 400 },
    );
    assert.ok(created > 10, `only ${created} of 400 bodies reached Payfect; the generator tests too little`);
  });
});
