import { createEmulator } from 'payfect-checkout/emulator';
import { createCheckoutHandler } from 'payfect-checkout/server';

const catalog = {
  'standard-plan': { name: 'Standard Plan', unitAmount: '20.50', currency: 'usdt' },
};
const payfect = createEmulator();
const checkout = createCheckoutHandler({
  apiKey: 'emulator-test-key-0001',
  catalog,
  baseUrl: 'http://payfect.test/api/v1',
  fetch: payfect.fetch, // no socket is opened
  successUrl: 'http://shop.test/thanks',
  rateLimit: false, // this script is the only caller
});

const buy = (quantity) =>
  checkout(new Request('http://shop.test/api/checkout', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ currency: 'usdt', invoice_items: [{ product_id: 'standard-plan', quantity }] }),
  }));

const session = await (await buy(3)).json();
console.log(session.status, session.amountTotal);                 // open 61.50
console.log(payfect.checkouts.get(session.id).status);           // open: what Payfect stored
console.log(payfect.requests.at(-1).headers.authorization);      // Api-Key emulator-test-key-0001

payfect.faults.set({ status: 503 });                             // rehearse an outage
const outage = await buy(1);
console.log(outage.status, (await outage.json()).error.code);    // 502 payfect_error
payfect.faults.clear();
