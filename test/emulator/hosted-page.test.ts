import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, test } from 'node:test';
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.js';

const EXPIRES_IN_MS = 60_000;
let clock = Date.UTC(2026, 0, 1);
let running: RunningEmulator;

interface Created {
  id: string;
  url: string;
}

async function createCheckout(overrides: Record<string, unknown> = {}): Promise<Created> {
  const response = await fetch(`${running.url}/api/v1/checkouts/`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: 'Api-Key test' },
    body: JSON.stringify({
      currency: 'usdt',
      invoice_items: [
        { price_data: { currency: 'usdt', unit_amount: '0.10', product_data: { name: 'Sticker', description: 'Die-cut vinyl' } }, quantity: 3 },
        { price_data: { currency: 'usdt', unit_amount: '20.5', product_data: { name: 'Standard Plan' } }, quantity: 1 },
      ],
      success_url: 'https://shop.example/thanks?order=7',
      cancel_url: 'https://shop.example/cart',
      payment_method_data: { type: 'cryptopaymentmethoddetail', paymentMethodDetail: { currency: 'USDT', network: 'tron' } },
      ...overrides,
    }),
  });
  assert.equal(response.status, 201);
  return (await response.json()) as Created;
}

const post = (url: string) => fetch(url, { method: 'POST', redirect: 'manual' });

before(async () => {
  running = await startEmulator({ port: 0, expiresInMs: EXPIRES_IN_MS, now: () => clock, merchant: { name: 'Acme & Sons' } });
});
after(() => running.close());
beforeEach(() => running.emulator.reset());

describe('GET /checkouts/<id>', () => {
  test('shows the merchant, items, total, currency, network, and says it is an emulator', async () => {
    const checkout = await createCheckout();
    const response = await fetch(checkout.url);
    assert.equal(response.status, 200);
    assert.match(response.headers.get('content-type') ?? '', /^text\/html/);
    assert.match(response.headers.get('content-security-policy') ?? '', /default-src 'none'/);
    const page = await response.text();
    assert.match(page, /Payfect emulator<\/strong> — no real payment/);
    assert.match(page, /Acme &amp; Sons/);
    assert.match(page, /Sticker/);
    assert.match(page, /Die-cut vinyl/);
    assert.match(page, /3 × 0\.10 USDT/);
    assert.match(page, />0\.30 USDT</);
    assert.match(page, /Standard Plan/);
    assert.match(page, /data-total>20\.80 USDT</);
    assert.match(page, /Tether \(USDT\)/);
    assert.match(page, /Tron \(TRC20\)/);
    assert.match(page, new RegExp(`action="/checkouts/${checkout.id}/pay"`));
    assert.match(page, new RegExp(`action="/checkouts/${checkout.id}/cancel"`));
  });

  test('escapes everything a merchant or buyer wrote', async () => {
    const checkout = await createCheckout({
      invoice_items: [{ price_data: { currency: 'usdt', unit_amount: '1', product_data: { name: '<script>alert(1)</script>', description: '"><img src=x onerror=alert(2)>' } }, quantity: 1 }],
    });
    const page = await (await fetch(checkout.url)).text();
    assert.doesNotMatch(page, /<script/);
    assert.doesNotMatch(page, /<img/);
    assert.match(page, /&lt;script&gt;alert\(1\)&lt;\/script&gt;/);
    assert.match(page, /&quot;&gt;&lt;img src=x onerror=alert\(2\)&gt;/);
  });

  test('answers 404 for an unknown checkout', async () => {
    const response = await fetch(`${running.url}/checkouts/00000000-0000-4000-8000-000000000000`);
    assert.equal(response.status, 404);
    assert.match(await response.text(), /Checkout not found/);
    assert.equal((await post(`${running.url}/checkouts/nope/pay`)).status, 404);
    assert.equal((await fetch(`${running.url}/checkouts/%E0%A4%A`)).status, 404);
  });
});

describe('Pay', () => {
  test('completes the checkout and redirects to success_url, adding nothing', async () => {
    const checkout = await createCheckout();
    clock += 1500;
    const response = await post(`${checkout.url}/pay`);
    assert.equal(response.status, 303);
    assert.equal(response.headers.get('location'), 'https://shop.example/thanks?order=7');
    const stored = running.emulator.checkouts.get(checkout.id);
    assert.equal(stored?.status, 'complete');
    assert.equal(stored?.updatedAt, (clock / 1000).toFixed(6));
    const page = await (await fetch(checkout.url)).text();
    assert.match(page, /Paid\. This checkout is complete\./);
    assert.doesNotMatch(page, /\/pay"/);
  });

  test('is refused once the checkout is complete', async () => {
    const checkout = await createCheckout();
    assert.equal((await post(`${checkout.url}/pay`)).status, 303);
    const again = await post(`${checkout.url}/pay`);
    assert.equal(again.status, 409);
    assert.match(await again.text(), /already been paid/);
    const cancel = await post(`${checkout.url}/cancel`);
    assert.equal(cancel.status, 409);
  });

  test('without a success_url, shows the paid page instead of redirecting', async () => {
    const checkout = await createCheckout({ success_url: undefined });
    const response = await post(`${checkout.url}/pay`);
    assert.equal(response.status, 200);
    assert.match(await response.text(), /Paid\. This checkout is complete\./);
  });

  test('only takes POST', async () => {
    const checkout = await createCheckout();
    assert.equal((await fetch(`${checkout.url}/pay`)).status, 405);
    assert.equal(running.emulator.checkouts.get(checkout.id)?.status, 'open');
  });
});

describe('Cancel', () => {
  test('redirects to cancel_url and leaves the checkout unpaid', async () => {
    const checkout = await createCheckout();
    const response = await post(`${checkout.url}/cancel`);
    assert.equal(response.status, 303);
    assert.equal(response.headers.get('location'), 'https://shop.example/cart');
    assert.equal(running.emulator.checkouts.get(checkout.id)?.status, 'open');
  });
});

describe('expiry', () => {
  test('an expired checkout shows its state and cannot be paid', async () => {
    const checkout = await createCheckout();
    clock += EXPIRES_IN_MS;
    assert.equal(running.emulator.checkouts.get(checkout.id)?.status, 'open', 'still open at exactly expiresAt');
    clock += 1;
    const page = await (await fetch(checkout.url)).text();
    assert.match(page, /has expired and can no longer be paid/);
    assert.doesNotMatch(page, /\/pay"/);
    assert.equal(running.emulator.checkouts.get(checkout.id)?.status, 'expired');
    const pay = await post(`${checkout.url}/pay`);
    assert.equal(pay.status, 409);
    assert.match(await pay.text(), /expired/);
    assert.equal(running.emulator.checkouts.get(checkout.id)?.status, 'expired');
  });
});
