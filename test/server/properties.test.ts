import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { createCheckoutHandler } from '../../src/server/index.js';
import { CheckoutSession, ErrorBody } from '../../src/shared/checkout-session.js';
import { ENDPOINT, SHOP, baseOptions } from './checkout-fixtures.js';
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
