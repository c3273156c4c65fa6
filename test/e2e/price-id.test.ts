import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, test } from 'node:test';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { findChromium } from '../support/chromium.js';
import { startDemo, type RunningDemo } from '../../demo/server.js';

// The demo's hoodie is a catalog entry by Payfect Price ID: bought in a real Chromium, through the demo's own
// endpoint, the emulator's hosted page, and its callback handler.

const HOSTED_PAGE = /\/checkouts\/[0-9a-f-]{36}$/;
const HOODIE = '#price-id payfect-checkout-button';

let demo: RunningDemo;
let browser: Browser;
let context: BrowserContext;
let page: Page;

before(async () => {
  // An empty env keeps the demo on the emulator even where PAYFECT_API_KEY is set.
  demo = await startDemo({ port: 0, env: {} });
  const { executablePath, args } = await findChromium();
  browser = await chromium.launch({ executablePath, args, headless: true });
});

after(async () => {
  await browser?.close();
  await demo?.close();
});

beforeEach(async () => {
  // No emulator.reset(): the hoodie's Price, made when the demo started, must outlive each test.
  await context?.close();
  context = await browser.newContext();
  context.setDefaultTimeout(15_000);
  page = await context.newPage();
  await page.goto(`${demo.url}/`);
  await page.waitForFunction(() => customElements.get('payfect-checkout-button') !== undefined);
});

/** The demo's status endpoint, which the success page asks: `fulfilled` once the callback handler's onCompleted ran. */
async function checkoutStatus(id: string): Promise<{ id: string; status: string; fulfilled: boolean }> {
  const answer = await fetch(`${demo.url}/api/checkout-status?id=${encodeURIComponent(id)}`);
  assert.equal(answer.status, 200);
  return (await answer.json()) as { id: string; status: string; fulfilled: boolean };
}

/** The one Price the demo made at start, as the emulator holds it. */
function hoodiePrice() {
  const prices = [...demo.emulator.prices.values()];
  assert.equal(prices.length, 1);
  return prices[0]!;
}

describe('a product priced by a Payfect Price, bought in a real Chromium through the demo', () => {
  test('click → hosted page → Pay → success page, whose <payfect-checkout-status> says confirmed once onCompleted ran', async () => {
    const price = hoodiePrice();
    await page.locator(`${HOODIE} button`).click();
    await page.waitForURL(HOSTED_PAGE);
    const id = page.url().split('/').pop() ?? '';

    // The endpoint sent the Price's ID, not an amount; the hosted page shows what Payfect's Price and Product say.
    const created = demo.emulator.requests.find((request) => request.method === 'POST' && request.path === '/api/v1/checkouts/');
    assert.deepEqual(JSON.parse(created!.body).invoice_items, [{ price: price.id, quantity: 1 }]);
    await page.getByText('Payfect hoodie', { exact: true }).waitFor();
    assert.equal((await page.locator('[data-total]').textContent())?.trim(), '35.00 USDT');
    assert.deepEqual(await checkoutStatus(id), { id, status: 'open', fulfilled: false });

    await page.getByRole('button', { name: 'Pay 35.00 USDT' }).click();
    await page.waitForURL(`${demo.url}/success.html`);
    // The success page's <payfect-checkout-status> says confirmed only once the callback handler's onCompleted ran.
    await page.locator('payfect-checkout-status[state="confirmed"]').waitFor();
    const status = await checkoutStatus(id);
    assert.deepEqual([status.id, status.fulfilled], [id, true]);
    const order = demo.orders.get(id);
    assert.equal(order?.checkout.status, 'complete');
    assert.equal(order?.checkout.amountTotal, '35.00');
    assert.equal(order?.checkout.invoiceItems?.[0]?.price, price.id);
    assert.deepEqual([order?.notification.status, order?.notification.amount], ['succeeded', '35.00']);
  });

  test("a page showing another price than Payfect's Price gets 409 price_mismatch, and the buyer stays on the page", async () => {
    const errors: unknown[] = [];
    await page.exposeFunction('recordError', (detail: unknown) => errors.push(detail));
    await page.evaluate(() => {
      document.addEventListener('payfect-checkout-error', (event) => (window as unknown as { recordError(d: unknown): void }).recordError((event as CustomEvent).detail));
    });
    const before = demo.emulator.checkouts.size;
    // A page cached from before the merchant raised the Price in Payfect's dashboard.
    await page.locator(HOODIE).evaluate((button) => button.setAttribute('amount', '30.00'));
    await page.getByRole('button', { name: 'Pay 30.00 USDT' }).click();
    await page.waitForFunction((host) => document.querySelector(host)?.getAttribute('state') === 'error', HOODIE);
    assert.equal(new URL(page.url()).pathname, '/');
    assert.equal(errors.length, 1);
    const detail = errors[0] as { code: string; status: number; fields: Record<string, string> };
    assert.deepEqual([detail.code, detail.status, Object.keys(detail.fields)], [
      'price_mismatch',
      409,
      ['invoice_items.0.price_data.unit_amount'],
    ]);
    // Payfect made the checkout before its total could be compared; nobody got its URL, and it is left to expire.
    assert.equal(demo.emulator.checkouts.size, before + 1);
    assert.equal([...demo.emulator.checkouts.values()].at(-1)?.status, 'open');
  });
});
