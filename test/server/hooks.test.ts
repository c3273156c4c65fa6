import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createCheckoutHandler, type CheckoutError, type CheckoutCreatedDetails, type PayfectCheckout } from '../../src/server/index.js';
import { baseOptions, post, wireBody } from './checkout-fixtures.js';
import { fakePayfect } from './fake-payfect.js';

describe('onCheckoutCreated', () => {
  it('is awaited with the full Payfect checkout, the request and the priced body, before the answer', async () => {
    const seen: Array<[PayfectCheckout, Request, CheckoutCreatedDetails]> = [];
    let finished = false;
    const handler = createCheckoutHandler(
      baseOptions({
        fetch: fakePayfect().fetch,
        onCheckoutCreated: async (checkout, request, details) => {
          await new Promise((resolve) => setTimeout(resolve, 10));
          seen.push([checkout, request, details]);
          finished = true;
        },
      }),
    );
    const request = post(wireBody());
    const response = await handler(request, { clientAddress: '192.0.2.4' });
    assert.equal(finished, true);
    assert.equal(response.status, 200);
    const [checkout, hookRequest, details] = seen[0]!;
    assert.equal(checkout.paymentIntent, 'b7c30e83-5439-47b2-ac4d-81c64c1d0174');
    assert.equal(hookRequest, request);
    const [line] = details.payfectRequest.invoice_items;
    assert.ok(line !== undefined && 'price_data' in line);
    assert.equal(line.price_data.unit_amount, '20.50');
    assert.equal(details.session.id, checkout.id);
    assert.equal(details.clientKey, '192.0.2.4');
  });

  it('that throws still gives the buyer the checkout, and onError hears about it', async () => {
    const errors: CheckoutError[] = [];
    const handler = createCheckoutHandler(
      baseOptions({
        fetch: fakePayfect().fetch,
        onCheckoutCreated: () => {
          throw new Error('orders table is locked');
        },
        onError: (error) => errors.push(error),
      }),
    );
    const response = await handler(post(wireBody()));
    assert.equal(response.status, 200);
    assert.equal((await response.json()).status, 'open');
    assert.equal(errors.length, 1);
    assert.equal(errors[0]!.code, 'internal_error');
    assert.match((errors[0]!.cause as Error).message, /orders table/);
  });

  it('is not called when the checkout was not created', async () => {
    let called = false;
    const handler = createCheckoutHandler(
      baseOptions({
        fetch: fakePayfect(() => new Response('down', { status: 503 })).fetch,
        onCheckoutCreated: () => {
          called = true;
        },
      }),
    );
    assert.equal((await handler(post(wireBody()))).status, 502);
    assert.equal(called, false);
  });
});
