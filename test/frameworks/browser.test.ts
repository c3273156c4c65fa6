// React 19, React 18 (the payfect-checkout/react wrapper) and Vue 3 pages in Chromium: each sets the
// button's attributes and properties from state, receives every event from a fake endpoint, re-renders
// without stacking listeners, and unmounts leaving no listener behind on window or document; each also
// renders <payfect-checkout-status>, which asks a fake status endpoint and says confirmed.
// Then React's renderToString + hydrateRoot must log nothing.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { findChromium } from '../support/chromium.js';
import { bundle } from './bundle.js';
import type {} from './pages/harness.js';
import { frameworks, installed, scratchProject, withDependencies, type Scratch } from './scratch.js';

const pages = join(frameworks, 'pages');

/** A scratch project holding the test pages, with `packages` (install name → test/frameworks name). */
function pageProject(packages: Record<string, string>): Scratch {
  const files = Object.fromEntries(readdirSync(pages).map((name) => [name, readFileSync(join(pages, name), 'utf8')]));
  const linked: Record<string, string> = {};
  for (const [name, source] of Object.entries(packages)) {
    Object.assign(linked, installed(frameworks, withDependencies(frameworks, [source])));
    linked[name] = join(frameworks, 'node_modules', source);
  }
  return scratchProject(files, linked);
}

// The fake session endpoint: a checkout on this origin for /api/checkout, unknown_product for /api/unknown.
const routes: Record<string, { type: string; body: string }> = {};
let origin = '';
const server: Server = createServer((request, response) => {
  if (request.url == '/favicon.ico') return response.writeHead(204).end();
  const path = new URL(request.url ?? '/', origin).pathname;
  const reply = (status: number, type: string, body: string) =>
    response.writeHead(status, { 'content-type': type, 'cache-control': 'no-store' }).end(body);
  if (request.method == 'POST' && path == '/api/checkout') {
    const session = {
      id: 'chk_1',
      url: `${origin}/pay/chk_1`,
      status: 'open',
      amountTotal: '20.50',
      currency: 'usdt',
      expiresAt: '2026-11-25T04:00:00.000Z',
      isLivemode: false,
    };
    return reply(200, 'application/json', JSON.stringify(session));
  }
  if (request.method == 'GET' && path == '/api/checkout-status') {
    const id = new URL(request.url ?? '/', origin).searchParams.get('id');
    if (id != 'chk_1') return reply(404, 'application/json', JSON.stringify({ error: { code: 'checkout_not_found', message: 'No such checkout' } }));
    return reply(200, 'application/json', JSON.stringify({ id, status: 'complete', fulfilled: true }));
  }
  if (request.method == 'POST' && path == '/api/unknown') {
    return reply(422, 'application/json', JSON.stringify({ error: { code: 'unknown_product', message: 'No such product' } }));
  }
  const route = routes[path];
  return route ? reply(200, route.type, route.body) : reply(404, 'text/plain', 'not found');
});

let browser: Browser;
before(async () => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const { executablePath, args } = await findChromium();
  browser = await chromium.launch({ executablePath, args, headless: true });
});
after(async () => {
  await browser?.close();
  await new Promise((resolve) => server.close(resolve));
});

/** A page with `script` as its module, collecting console errors and framework warnings. */
async function openPage(path: string, script: string, body = '<div id="root"></div>') {
  routes[path] = { type: 'text/html', body: `<!doctype html><html><body>${body}<script type="module" src="${path}.js"></script></body></html>` };
  routes[`${path}.js`] = { type: 'text/javascript', body: script };
  const page = await browser.newPage();
  const problems: string[] = [];
  page.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`));
  page.on('console', (message) => {
    const text = message.text();
    // The element's console.warn for a failed purchase and Chromium's line for the 422 reply are
    // expected; framework warnings and errors are not.
    if (text.startsWith('Failed to load resource')) return;
    if (message.type() == 'error' || (message.type() == 'warning' && /\[Vue warn\]|^Warning:|React/.test(text))) {
      problems.push(`${message.type()}: ${text}`);
    }
  });
  await page.goto(origin + path);
  return { page, problems };
}

/** Listeners by type on the object `expression` evaluates to, as Chromium's DevTools sees them. */
async function listeners(page: Page, expression: string): Promise<Record<string, number>> {
  const cdp = await page.context().newCDPSession(page);
  const { result } = await cdp.send('Runtime.evaluate', { expression });
  const { listeners: found } = await cdp.send('DOMDebugger.getEventListeners', { objectId: result.objectId! });
  await cdp.detach();
  const counts: Record<string, number> = {};
  for (const { type } of found) counts[type] = (counts[type] ?? 0) + 1;
  return counts;
}

const ELEMENT_EVENTS = ['payfect-checkout-start', 'payfect-checkout-redirect', 'payfect-checkout-error'];
const onlyElementEvents = (counts: Record<string, number>) =>
  Object.fromEntries(Object.entries(counts).filter(([type]) => ELEMENT_EVENTS.includes(type)));

const FRAMEWORKS: { name: string; entry: string; packages: Record<string, string> }[] = [
  { name: 'React 19 (the element itself)', entry: 'react19.tsx', packages: { react: 'react', 'react-dom': 'react-dom' } },
  { name: 'React 18 (payfect-checkout/react)', entry: 'react18.tsx', packages: { react: 'react-18', 'react-dom': 'react-dom-18' } },
  { name: 'Vue 3 (the element itself)', entry: 'vue.ts', packages: { vue: 'vue' } },
];

for (const { name, entry, packages } of FRAMEWORKS) {
  describe(name, () => {
    let page: Page;
    let problems: string[];
    before(async () => {
      const project = pageProject(packages);
      try {
        ({ page, problems } = await openPage(`/${entry}`, await bundle(project.dir, `./${entry}`)));
      } finally {
        project.remove();
      }
      await page.waitForFunction(() => window.harness && document.querySelector('payfect-checkout-button'));
    });
    after(() => page?.close());

    const element = () => `document.querySelector('payfect-checkout-button')`;
    const click = () => page.locator('payfect-checkout-button button').click();
    const seenCount = (count: number) => page.waitForFunction((count) => window.harness.seen.length >= count, count);

    test('renders the upgraded element with its properties from the initial state', async () => {
      const read = await page.evaluate(() => {
        const el = document.querySelector('payfect-checkout-button')!;
        return { upgraded: el instanceof customElements.get('payfect-checkout-button')!, productId: el.productId, quantity: el.quantity };
      });
      assert.deepEqual(read, { upgraded: true, productId: 'tshirt', quantity: 1 });
    });

    if (entry == 'react19.tsx') {
      test('React 19 sets the camelCase props (productId, checkoutId) as properties, not as attributes', async () => {
        const read = await page.evaluate(() => {
          const button = document.querySelector('payfect-checkout-button')!;
          const status = document.querySelector('payfect-checkout-status')!;
          return {
            productId: button.productId,
            checkoutId: status.checkoutId,
            attributes: [...button.getAttributeNames(), ...status.getAttributeNames()].sort(),
          };
        });
        assert.deepEqual(read, { productId: 'tshirt', checkoutId: 'chk_1', attributes: ['state'] });
      });
    }

    test('<payfect-checkout-status> asks the status endpoint, says confirmed, and shows its confirmed slot', async () => {
      await page.waitForFunction(() => window.harness.statuses.length > 0);
      const read = await page.evaluate(() => {
        const el = document.querySelector('payfect-checkout-status')!;
        return {
          upgraded: el instanceof customElements.get('payfect-checkout-status')!,
          statuses: window.harness.statuses,
          state: el.getAttribute('state'),
          slot: el.querySelector('[slot="confirmed"]')?.assignedSlot?.name,
        };
      });
      assert.deepEqual(read, { upgraded: true, statuses: ['confirmed'], state: 'confirmed', slot: 'confirmed' });
    });

    test('state changes reach the element as property values of the right type', async () => {
      await page.evaluate(() => window.harness.set({ productId: 'mug', quantity: 3 }));
      const read = await page.evaluate(() => {
        const el = document.querySelector('payfect-checkout-button')!;
        return { productId: el.productId, quantity: el.quantity, type: typeof el.quantity };
      });
      assert.deepEqual(read, { productId: 'mug', quantity: 3, type: 'number' });
    });

    test('a click sends the state to the endpoint: start, then redirect (cancelled by the page)', async () => {
      await click();
      await seenCount(2);
      const seen = await page.evaluate(() => window.harness.seen.splice(0));
      assert.deepEqual(seen, [
        { type: 'payfect-checkout-start', productId: 'mug', quantity: 3 },
        { type: 'payfect-checkout-redirect', url: `${origin}/pay/chk_1` },
      ]);
    });

    test('after re-renders with new handlers, each event reaches the page once: error from the endpoint', async () => {
      for (let quantity = 1; quantity <= 4; quantity++) await page.evaluate((quantity) => window.harness.set({ quantity }), quantity);
      await page.evaluate(() => window.harness.set({ endpoint: '/api/unknown' }));
      await click();
      await seenCount(2);
      const seen = await page.evaluate(() => window.harness.seen.splice(0));
      assert.deepEqual(seen, [
        { type: 'payfect-checkout-start', productId: 'mug', quantity: 4 },
        { type: 'payfect-checkout-error', code: 'unknown_product' },
      ]);
      assert.deepEqual(onlyElementEvents(await listeners(page, element())), {
        'payfect-checkout-start': 1,
        'payfect-checkout-redirect': 1,
        'payfect-checkout-error': 1,
      });
    });

    test('unmounting removes the element and leaves no listener on window or document', async () => {
      const windowBefore = await listeners(page, 'window');
      const documentBefore = await listeners(page, 'document');
      await page.evaluate(() => window.harness.unmount());
      assert.equal(await page.evaluate(() => document.querySelector('payfect-checkout-button')), null);
      const windowAfter = await listeners(page, 'window');
      const documentAfter = await listeners(page, 'document');
      // The element's own pageshow listener goes with it; the framework's own stay as they were.
      assert.equal(windowAfter.pageshow ?? 0, (windowBefore.pageshow ?? 1) - 1);
      assert.deepEqual({ ...windowAfter, pageshow: 0 }, { ...windowBefore, pageshow: 0 });
      assert.deepEqual(documentAfter, documentBefore);
    });

    test('no framework warning or console error', () => {
      assert.deepEqual(problems, []);
    });
  });
}

describe('React 19 server rendering, then hydrateRoot', () => {
  test('renderToString then hydrateRoot logs no hydration mismatch', async () => {
    const project = pageProject({ react: 'react', 'react-dom': 'react-dom' });
    let html: string;
    let client: string;
    try {
      const server = join(project.dir, 'ssr-render.mjs');
      const { writeFileSync } = await import('node:fs');
      writeFileSync(server, await bundle(project.dir, './ssr-render.tsx', 'node'));
      const { render } = (await import(pathToFileURL(server).href)) as { render: () => string };
      html = render();
      client = await bundle(project.dir, './ssr-hydrate.tsx');
    } finally {
      project.remove();
    }
    assert.match(html, /<payfect-checkout-button[^>]*product-id="tshirt"/);
    assert.match(html, /<payfect-checkout-status checkout-id="chk_1"><span slot="confirmed">Thank you!<\/span><\/payfect-checkout-status>/);
    const { page, problems } = await openPage('/ssr', client, `<div id="root">${html}</div>`);
    try {
      await page.waitForFunction(() => 'hydrated' in window);
      await page.evaluate(() => (window as unknown as { hydrated: Promise<void> }).hydrated);
      const label = await page.locator('payfect-checkout-button button').textContent();
      assert.match(label ?? "", /Pay 41(\.00)? USDT/);
      await page.waitForFunction(() => document.querySelector('payfect-checkout-status')?.getAttribute('state') == 'confirmed');
      assert.deepEqual(problems, []);
    } finally {
      await page.close();
    }
  });
});
