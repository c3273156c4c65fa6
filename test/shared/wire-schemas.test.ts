import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CheckoutRequest } from '../../src/shared/checkout-request.js';
import { PayfectCheckout } from '../../src/shared/payfect-api.js';
import { fieldErrors } from '../../src/shared/field-errors.js';

const designExample = {
  currency: 'usdt',
  invoice_items: [{
    product_id: 'standard-plan',
    quantity: 1,
    price_data: { currency: 'usdt', unit_amount: '20.50',
      product_data: { name: 'Standard Plan', description: 'A standard plan', images: ['https://shop.example/plan.png'] } },
  }],
  client_reference_id: 'order-123',
  success_url: 'https://shop.example/thanks',
  cancel_url: 'https://shop.example/cart',
  payment_method_data: { type: 'cryptopaymentmethoddetail', paymentMethodDetail: { currency: 'usdt', network: 'tron' } },
};

test("DESIGN.md's wire example is a valid CheckoutRequest", () => {
  const parsed = CheckoutRequest.safeParse(designExample);
  assert.equal(parsed.success, true);
});

test('currency codes are compared case-insensitively and sent in lower case', () => {
  const parsed = CheckoutRequest.parse({ ...designExample, currency: 'USDT' });
  assert.equal(parsed.currency, 'usdt');
});

test('callback_url and unknown fields are named in the field errors', () => {
  const parsed = CheckoutRequest.safeParse({ ...designExample, callback_url: 'https://evil.example/cb', colour: 'red' });
  assert.equal(parsed.success, false);
  const fields = fieldErrors(parsed.error!.issues);
  assert.match(fields.callback_url ?? '', /server/);
  assert.equal(fields.colour, 'is not a known field');
});

test('amounts must be decimal strings, never numbers', () => {
  const item = { ...designExample.invoice_items[0]!, price_data: { ...designExample.invoice_items[0]!.price_data, unit_amount: 20.5 } };
  const parsed = CheckoutRequest.safeParse({ ...designExample, invoice_items: [item] });
  assert.equal(parsed.success, false);
  assert.ok('invoice_items.0.price_data.unit_amount' in fieldErrors(parsed.error!.issues));
});

test('a Payfect reply needs id, url and status, and may carry extra fields and documented nulls', () => {
  const minimal = { id: 'c1', url: 'https://buy-dev.payfect.finance/checkouts/c1', status: 'open' };
  assert.equal(PayfectCheckout.safeParse({ ...minimal, clientReferenceId: null, metadata: null, shippingAddressCollection: null, brandNew: 1 }).success, true);
  for (const key of ['id', 'url', 'status'] as const) {
    const { [key]: _, ...rest } = minimal;
    assert.equal(PayfectCheckout.safeParse(rest).success, false, key);
  }
});
