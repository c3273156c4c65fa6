import assert from 'node:assert/strict';
import type { RunningEmulator } from '../../src/emulator/index.js';
import type { PayfectCallback } from '../../src/shared/payfect-api.js';
import { API_KEY } from '../server/fake-payfect.js';

/** A checkout created at the emulator over HTTP and paid on its hosted page, and Payfect's documented notification for it. */
export async function paidCheckout(payfect: RunningEmulator): Promise<PayfectCallback> {
  const created = await fetch(`${payfect.url}/api/v1/checkouts/`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Api-Key ${API_KEY}` },
    body: JSON.stringify({
      currency: 'usdt',
      invoice_items: [{ quantity: 2, price_data: { currency: 'usdt', unit_amount: '20.50', product_data: { name: 'Standard Plan' } } }],
      client_reference_id: 'order-77',
      success_url: 'https://shop.example/thanks',
      cancel_url: 'https://shop.example/cart',
      payment_method_data: { type: 'cryptopaymentmethoddetail', paymentMethodDetail: { currency: 'usdt', network: 'tron' } },
    }),
  });
  assert.equal(created.status, 201);
  const { id } = (await created.json()) as { id: string };
  // The buyer presses Pay on the hosted page.
  const paid = await fetch(`${payfect.url}/checkouts/${id}/pay`, { method: 'POST', redirect: 'manual' });
  assert.equal(paid.status, 303);
  const checkout = payfect.emulator.checkouts.get(id)!;
  assert.equal(checkout.status, 'complete');
  return {
    id,
    amount: checkout.amountTotal,
    status: 'succeeded',
    currency: checkout.currency,
    merchant: checkout.merchant.id,
    is_livemode: false,
    payment_intent: checkout.paymentIntent,
    client_reference_id: checkout.clientReferenceId,
  };
}
