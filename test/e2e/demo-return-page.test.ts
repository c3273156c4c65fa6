import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, test } from 'node:test';
import { chromium, type Browser, type BrowserContext, type Page, type Request } from 'playwright-core';
import { findChromium } from '../support/chromium.js';
import { messagesFor } from '../../src/element/messages.js';
import type { PayfectCheckoutStatusDetail } from '../../src/index.js';
import type { PayfectCheckout } from '../../src/server/index.js';
import { startDemo, type RunningDemo } from '../../demo/server.js';

// The demo's success page (demo/success.html) and its <payfect-checkout-status>, end to end: the button, the
// emulator's hosted page, the callback handler, the status endpoint and the element, all the demo's own.

const HOSTED_PAGE = /\/checkouts\/[0-9a-f-]{36}$/;
const BUY = '#plain payfect-checkout-button button';
const STATUS = 'payfect-checkout-status';
const english = messagesFor('en');

let demo: RunningDemo;
let browser: Browser;
let context: BrowserContext;
let page: Page;
/** Set by a test to hold the shop's onCompleted, as a slow database write would. */
let holdFulfilment: ((checkout: PayfectCheckout) => Promise<void>) | undefined;

before(async () => {
  // An empty env keeps the demo on the emulator even where PAYFECT_API_KEY is set.
  demo = await startDemo({ port: 0, env: {}, onCompleted: (checkout) => holdFulfilment?.(checkout) });
  const { executablePath, args } = await findChromium();
  browser = await chromium.launch({ executablePath, args, headless: true });
});

after(async () => {
  await browser?.close();
  await demo?.close();
});

beforeEach(async () => {
  demo.emulator.reset();
  demo.orders.clear();
  holdFulfilment = undefined;
  await context?.close();
  context = await browser.newContext();
  context.setDefaultTimeout(15_000);
  page = await context.newPage();
  // Every payfect-checkout-status event of the page, in order, kept in the page across its own updates.
  await page.addInitScript(() => {
    document.addEventListener('payfect-checkout-status', (event) => {
      const record = window as unknown as { statusEvents?: unknown[] };
      (record.statusEvents ??= []).push((event as CustomEvent).detail);
    });
  });
});

function statusEvents(): Promise<PayfectCheckoutStatusDetail[]> {
  return page.evaluate(() => (window as unknown as { statusEvents?: PayfectCheckoutStatusDetail[] }).statusEvents ?? []);
}

const isStatusRequest = (request: Request) => new URL(request.url()).pathname === '/api/checkout-status';

/**
 * Counts the questions the page sends to the status endpoint; `reached(n)` settles once it has sent n, and fails
 * after the context's timeout (longer than the element's longest pause) when it stops asking first.
 */
function countStatusRequests() {
  let count = 0;
  page.on('request', (request) => {
    if (isStatusRequest(request)) count += 1;
  });
  return {
    get count() {
      return count;
    },
    async reached(n: number): Promise<void> {
      try {
        while (count < n) await page.waitForEvent('request', { predicate: isStatusRequest });
      } catch (cause) {
        const state = await page.locator(STATUS).getAttribute('state');
        throw new Error(`the page asked the status endpoint ${count} times, not ${n}: it stopped in state ${state}`, { cause });
      }
    },
  };
}

/** Clicks the standard plan's button and lands on the hosted page; returns the checkout id. */
async function startPurchase(): Promise<string> {
  await page.goto(`${demo.url}/`);
  await page.locator(BUY).click();
  await page.waitForURL(HOSTED_PAGE);
  return page.url().split('/').pop() ?? '';
}

describe("the demo's success page, with <payfect-checkout-status>", () => {
  test('paid: it says waiting while the shop’s onCompleted runs, and confirmed once it has run', async () => {
    let release!: () => void;
    const running = new Promise<string>((entered) => {
      holdFulfilment = (checkout) => {
        entered(checkout.id);
        return new Promise((resolve) => (release = resolve));
      };
    });
    const id = await startPurchase();
    const asked = countStatusRequests();
    await page.getByRole('button', { name: 'Pay 20.50 USDT' }).click();
    await page.waitForURL(`${demo.url}/success.html`);

    // Payfect's signed callback reached the shop, which confirmed it with Query: onCompleted is running, held here.
    assert.equal(await running, id);
    // The element asks again only after it has shown the answer before, so a question sent after the next one
    // means an answer given while onCompleted ran has been shown.
    await asked.reached(asked.count + 2);
    await page.locator(`${STATUS}[state="waiting"]`).getByText(english.statusWaiting).waitFor();
    const whileRunning = await statusEvents();
    assert.ok(
      whileRunning.length > 0 && whileRunning.every((detail) => detail.state === 'waiting' && !detail.fulfilled),
      JSON.stringify(whileRunning),
    );
    assert.deepEqual(whileRunning.at(-1), { state: 'waiting', id, status: 'complete', fulfilled: false }, 'Payfect says complete: still waiting');
    assert.equal(demo.orders.size, 0);

    release();
    await page.locator(`${STATUS}[state="confirmed"]`).getByText(english.statusConfirmed).waitFor();
    assert.ok(demo.orders.has(id), 'onCompleted recorded the order');
    assert.deepEqual(await statusEvents(), [...whileRunning, { state: 'confirmed', id, status: 'complete', fulfilled: true }]);
    // What was bought, from the order onCompleted recorded, and the way back.
    await page.locator('#order-summary').getByText('1 × Standard Plan').waitFor();
    await page.getByRole('link', { name: 'Back to the shop' }).waitFor();
  });

  test('opened without paying: it waits over its polls, never says confirmed, and the shop fulfils nothing', async () => {
    const id = await startPurchase();
    const asked = countStatusRequests();
    // The buyer skips paying and types the success address: the redirect is no proof.
    await page.goto(`${demo.url}/success.html`);
    await page.locator(`${STATUS}[state="waiting"]`).getByText(english.statusWaiting).waitFor();
    // Its third question means it has shown two answers (at 0 s and 1 s; the third is asked at 3 s).
    await asked.reached(3);
    assert.deepEqual(await statusEvents(), [{ state: 'waiting', id, status: 'open', fulfilled: false }], 'nothing but waiting');
    assert.equal(await page.locator(STATUS).getAttribute('state'), 'waiting');
    assert.equal(await page.getByText(english.statusConfirmed).count(), 0);
    await demo.emulator.idle();
    assert.equal(demo.orders.size, 0);
    assert.equal(await page.locator('#order').isHidden(), true, 'no order is shown');
  });

  test('opened in a tab that started no purchase: unknown, and nothing is asked', async () => {
    const asked = countStatusRequests();
    await page.goto(`${demo.url}/success.html`);
    await page.locator(`${STATUS}[state="unknown"]`).getByText(english.statusUnknown).waitFor();
    assert.deepEqual(await statusEvents(), [{ state: 'unknown', id: null, status: null, fulfilled: false }]);
    assert.equal(asked.count, 0, 'with no checkout id the element asks the endpoint nothing');
  });

  test('a checkout that expired before it was paid: expired', async () => {
    const id = await startPurchase();
    demo.emulator.expire(id);
    await page.reload();
    await page.getByText('This checkout has expired and can no longer be paid.').waitFor();
    // The buyer comes back to the success address anyway.
    await page.goto(`${demo.url}/success.html`);
    await page.locator(`${STATUS}[state="expired"]`).getByText(english.statusExpired).waitFor();
    assert.deepEqual(await statusEvents(), [{ state: 'expired', id, status: 'expired', fulfilled: false }]);
    assert.equal(await page.getByText(english.statusConfirmed).count(), 0);
    assert.equal(demo.orders.size, 0);
  });
});
