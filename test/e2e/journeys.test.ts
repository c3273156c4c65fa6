import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { after, before, beforeEach, describe, test } from 'node:test';
import { chromium, type Browser, type BrowserContext, type Page, type Request } from 'playwright-core';
import { findChromium } from '../support/chromium.js';
import { messagesFor } from '../../src/element/messages.js';
import type { PayfectCheckoutStatusDetail } from '../../src/index.js';
import type { PayfectCheckout } from '../../src/server/index.js';
import { startDemo, type RunningDemo } from '../../demo/server.js';

// Screenshots go to test-results/, so `npm test` leaves the work tree clean; `npm run screenshots` retakes the README's.
const IMAGES = `${process.env.SCREENSHOTS_DIR ?? fileURLToPath(new URL('../../test-results/screenshots', import.meta.url))}/`;
const HOSTED_PAGE = /\/checkouts\/[0-9a-f-]{36}$/;
const PLAIN = '#plain payfect-checkout-button';
// The success page's <payfect-checkout-status> and its messages in the page's language (English).
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
  demo.endpoint.down = false;
  holdFulfilment = undefined;
  await context?.close();
  context = await browser.newContext({ viewport: { width: 1200, height: 860 } });
  context.setDefaultTimeout(15_000);
  page = await context.newPage();
});

async function openShop(path = '/'): Promise<void> {
  await page.goto(`${demo.url}${path}`);
  await page.waitForFunction(() => customElements.get('payfect-checkout-button') !== undefined);
}

/** The checkout requests the page itself sent to the session endpoint. */
function countEndpointRequests(): () => number {
  let count = 0;
  page.on('request', (request) => {
    if (request.method() === 'POST' && new URL(request.url()).pathname === '/api/checkout') count += 1;
  });
  return () => count;
}

function buttonState(selector: string) {
  return page.evaluate((host) => {
    const element = document.querySelector(host);
    const button = element?.shadowRoot?.querySelector('button');
    return {
      state: element?.getAttribute('state') ?? null,
      busy: button?.getAttribute('aria-busy') ?? null,
      disabled: button?.disabled ?? null,
      error: element?.shadowRoot?.querySelector('[part="error"]')?.textContent?.trim() ?? '',
    };
  }, selector);
}

/** Keeps every payfect-checkout-status event of the pages this tab opens from now on, in order, in the page. */
async function recordStatusEvents(): Promise<void> {
  await page.addInitScript(() => {
    document.addEventListener('payfect-checkout-status', (event) => {
      const record = window as unknown as { statusEvents?: unknown[] };
      (record.statusEvents ??= []).push((event as CustomEvent).detail);
    });
  });
}

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
  await openShop();
  await page.locator(`${PLAIN} button`).click();
  await page.waitForURL(HOSTED_PAGE);
  return page.url().split('/').pop() ?? '';
}

describe('a buyer in a real Chromium', () => {
  test('buys: click → hosted page → Pay → success page, whose <payfect-checkout-status> says confirmed once onCompleted ran', async () => {
    await openShop();
    mkdirSync(IMAGES, { recursive: true });
    await page.screenshot({ path: `${IMAGES}demo.png` });
    await page.locator(PLAIN).screenshot({ path: `${IMAGES}button.png` });

    await page.locator(`${PLAIN} button`).click();
    await page.waitForURL(HOSTED_PAGE);
    const id = page.url().split('/').pop() ?? '';
    await page.getByText('no real payment is made on this page').waitFor();
    await page.getByText('Standard Plan', { exact: true }).waitFor();
    await page.getByText('Payfect Demo Shop').waitFor();
    assert.equal((await page.locator('[data-total]').textContent())?.trim(), '20.50 USDT');
    await page.screenshot({ path: `${IMAGES}hosted-page.png` });

    await page.getByRole('button', { name: 'Pay 20.50 USDT' }).click();
    await page.waitForURL(`${demo.url}/success.html`);
    await page.locator(`${STATUS}[state="confirmed"]`).getByText(english.statusConfirmed).waitFor();
    // The page said so only because the shop's onCompleted ran, with Query's checkout, once.
    const order = demo.orders.get(id);
    assert.equal(order?.checkout.status, 'complete');
    assert.equal(order?.checkout.amountTotal, '20.50');
    assert.deepEqual([order?.notification.id, order?.notification.status, order?.notification.amount], [id, 'succeeded', '20.50']);
    // What was bought, from the shop's order.
    const summary = page.locator('#order-summary');
    await summary.getByText(id).waitFor();
    assert.deepEqual(await summary.locator('dt, dd').allTextContents(), [
      '1 × Standard Plan', '20.50 USDT', 'Total', '20.50 USDT', 'Checkout', id, 'Fulfilled at', order?.fulfilledAt,
    ]);
    await page.getByRole('link', { name: 'Back to the shop' }).waitFor();
    assert.equal(demo.orders.size, 1);
    assert.equal(demo.emulator.checkouts.size, 1);
  });

  test('opened at http://localhost (not the printed 127.0.0.1), the hosted page and return pages stay on localhost', async () => {
    const shop = demo.url.replace('127.0.0.1', 'localhost');
    assert.notEqual(shop, demo.url);
    await page.goto(`${shop}/`);
    await page.waitForFunction(() => customElements.get('payfect-checkout-button') !== undefined);
    await page.locator(`${PLAIN} button`).click();
    await page.waitForURL(HOSTED_PAGE);
    assert.ok(page.url().startsWith(`${shop}/checkouts/`), page.url());
    const id = page.url().split('/').pop() ?? '';
    await page.getByRole('button', { name: 'Pay 20.50 USDT' }).click();
    await page.waitForURL(`${shop}/success.html`);
    await page.locator(`${STATUS}[state="confirmed"]`).getByText(english.statusConfirmed).waitFor();
    assert.equal(demo.orders.get(id)?.checkout.status, 'complete');
  });

  test('the quantity choice and the cart reach the hosted page priced by the catalog', async () => {
    await openShop();
    await page.locator('#sticker-quantity').selectOption('5');
    await page.locator('#quantity payfect-checkout-button button').click();
    await page.waitForURL(HOSTED_PAGE);
    assert.equal((await page.locator('[data-total]').textContent())?.trim(), '0.50 USDT');

    await page.goBack();
    await page.waitForFunction(() => customElements.get('payfect-checkout-button') !== undefined);
    await page.locator('#cart payfect-checkout-button button').click();
    await page.waitForURL(HOSTED_PAGE);
    assert.equal((await page.locator('[data-total]').textContent())?.trim(), '49.00 USDT');
    await page.getByText('2 × 12.00 USDT').waitFor();
  });

  test('cancels: the hosted page sends the buyer back to the cancel page, unpaid', async () => {
    await openShop();
    await page.locator(`${PLAIN} button`).click();
    await page.waitForURL(HOSTED_PAGE);
    const id = page.url().split('/').pop() ?? '';
    await page.getByRole('button', { name: 'Cancel' }).click();
    await page.waitForURL(`${demo.url}/cancel.html`);
    await page.getByRole('heading', { name: 'Checkout cancelled' }).waitFor();
    assert.equal(demo.emulator.checkouts.get(id)?.status, 'open');
    await demo.emulator.idle();
    assert.equal(demo.orders.size, 0);
  });

  test('an amount edited in the page: no redirect, the price-changed message, no checkout', async () => {
    await openShop();
    const sent = countEndpointRequests();
    await page.evaluate((host) => document.querySelector(host)?.setAttribute('amount', '19.00'), PLAIN);
    await page.locator(`${PLAIN} button`).click();
    await page.getByText('The price shown here is not the shop’s current price, so checkout cannot start.').waitFor();
    assert.equal(page.url(), `${demo.url}/`);
    assert.equal((await buttonState(PLAIN)).state, 'error');
    assert.equal(sent(), 1, 'the request did reach the endpoint, which refused it');
    assert.equal(demo.emulator.checkouts.size, 0);
    assert.equal(demo.emulator.requests.length, 0, 'the endpoint never called Payfect');
  });

  test('five fast clicks create exactly one checkout', async () => {
    await openShop();
    const sent = countEndpointRequests();
    // Payfect answers slowly, so all five clicks land while the first purchase is in flight.
    demo.emulator.faults.set({ delayMs: 500, times: 1 });
    const box = await page.locator(`${PLAIN} button`).boundingBox();
    assert.ok(box);
    for (let click = 0; click < 5; click += 1) {
      await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
    }
    await page.waitForURL(HOSTED_PAGE);
    assert.equal(sent(), 1);
    assert.equal(demo.emulator.checkouts.size, 1);
    assert.equal(page.url(), [...demo.emulator.checkouts.values()][0]?.url);
  });

  test('Back from the hosted page leaves the button usable, restored from bfcache or reloaded', async (t) => {
    // Every pageshow, recorded in the page itself: a bfcache restore keeps this list and adds `true`; a reload starts a new one.
    await page.addInitScript(() => {
      addEventListener('pageshow', (event) => {
        const record = window as unknown as { pageshows?: boolean[] };
        (record.pageshows ??= []).push(event.persisted);
      });
    });
    const notRestoredBecause: string[] = [];
    const cdp = await context.newCDPSession(page);
    cdp.on('Page.backForwardCacheNotUsed', (event) => {
      notRestoredBecause.push(...event.notRestoredExplanations.map((explanation) => explanation.reason));
    });
    await cdp.send('Page.enable');

    await openShop();
    await page.locator(`${PLAIN} button`).click();
    await page.waitForURL(HOSTED_PAGE);
    const first = page.url();
    await page.goBack();
    await page.waitForURL(`${demo.url}/`);
    await page.waitForFunction(() => ((window as unknown as { pageshows?: boolean[] }).pageshows?.length ?? 0) > 0);
    const pageshows = await page.evaluate(() => (window as unknown as { pageshows: boolean[] }).pageshows);
    const restored = pageshows.at(-1) === true;

    if (restored) {
      t.diagnostic(`Back restored the shop from bfcache (pageshow persisted: ${JSON.stringify(pageshows)}); the button's pageshow handler ran`);
      // Read at once, no polling: the restored button was left mid-redirect, and only the pageshow handler resets it.
      const state = await page.evaluate(async (host) => {
        const element = document.querySelector(host) as (HTMLElement & { updateComplete?: Promise<unknown> }) | null;
        await element?.updateComplete;
        const button = element?.shadowRoot?.querySelector('button');
        return { state: element?.getAttribute('state') ?? 'idle', busy: button?.hasAttribute('aria-busy'), disabled: button?.disabled };
      }, PLAIN);
      assert.deepEqual(state, { state: 'idle', busy: false, disabled: false }, 'the restored button is idle again');
    } else {
      t.diagnostic(
        `Back reloaded the shop; this Chromium did not use bfcache (${notRestoredBecause.join(', ') || 'no reason reported'}), ` +
          'so the pageshow handler was not exercised here (test/element/purchase-flow.test.ts covers it with a persisted pageshow)',
      );
      await page.waitForFunction(() => customElements.get('payfect-checkout-button') !== undefined);
    }
    await page.locator(`${PLAIN} button`).click();
    await page.waitForURL(HOSTED_PAGE);
    assert.notEqual(page.url(), first, 'a second purchase, a second checkout');
    assert.equal(demo.emulator.checkouts.size, 2);
  });

  test('the endpoint down: the buyer sees an error, and the retry works once it is back', async () => {
    await openShop();
    const errors: unknown[] = [];
    await page.exposeFunction('recordError', (detail: unknown) => errors.push(detail));
    await page.evaluate(() =>
      document.addEventListener('payfect-checkout-error', (event) =>
        (window as unknown as { recordError: (detail: unknown) => void }).recordError((event as CustomEvent).detail),
      ),
    );
    demo.endpoint.down = true;
    await page.locator(`${PLAIN} button`).click();
    await page.waitForFunction((host) => document.querySelector(host)?.getAttribute('state') === 'error', PLAIN);
    const failed = await buttonState(PLAIN);
    assert.notEqual(failed.error, '', 'a message is shown to the buyer');
    assert.equal(failed.disabled, false);
    assert.equal(page.url(), `${demo.url}/`);
    assert.equal((errors[0] as { status?: number }).status, 503);
    assert.equal(demo.emulator.checkouts.size, 0);

    demo.endpoint.down = false;
    await page.locator(`${PLAIN} button`).click();
    await page.waitForURL(HOSTED_PAGE);
    assert.equal(demo.emulator.checkouts.size, 1);
  });

  test('the failures page shows each failure to the buyer without leaving the page', async () => {
    await openShop('/failures.html');
    const cases: [string, RegExp][] = [
      ['unknown_product', /This product is not available/],
      ['payfect_error', /Checkout could not start/],
    ];
    for (const [code, message] of cases) {
      const card = page.locator('.card', { has: page.locator('.kind', { hasText: code }) });
      await card.locator('payfect-checkout-button button').click();
      await card.getByText(message).waitFor();
      await page.locator('#log', { hasText: code }).waitFor();
    }
    assert.equal(page.url(), `${demo.url}/failures.html`);
    assert.equal(demo.emulator.checkouts.size, 0);
  });
});

describe("the demo's success page, with <payfect-checkout-status>", () => {
  test('paid: it says waiting while the shop’s onCompleted runs, and confirmed once it has run', async (t) => {
    await recordStatusEvents();
    let release: (() => void) | undefined;
    const running = new Promise<string>((entered) => {
      holdFulfilment = (checkout) => {
        entered(checkout.id);
        return new Promise((resolve) => (release = resolve));
      };
    });
    // A failed assertion must not leave the shop's onCompleted (and the emulator's delivery) held.
    t.after(() => release?.());
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

    release?.();
    await page.locator(`${STATUS}[state="confirmed"]`).getByText(english.statusConfirmed).waitFor();
    assert.ok(demo.orders.has(id), 'onCompleted recorded the order');
    assert.deepEqual(await statusEvents(), [...whileRunning, { state: 'confirmed', id, status: 'complete', fulfilled: true }]);
  });

  test('opened without paying: it waits over its polls, never says confirmed, and the shop fulfils nothing', async () => {
    await recordStatusEvents();
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
    await recordStatusEvents();
    const asked = countStatusRequests();
    await page.goto(`${demo.url}/success.html`);
    await page.locator(`${STATUS}[state="unknown"]`).getByText(english.statusUnknown).waitFor();
    assert.deepEqual(await statusEvents(), [{ state: 'unknown', id: null, status: null, fulfilled: false }]);
    assert.equal(asked.count, 0, 'with no checkout id the element asks the endpoint nothing');
  });

  test('a checkout that expired before it was paid: expired', async () => {
    await recordStatusEvents();
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
