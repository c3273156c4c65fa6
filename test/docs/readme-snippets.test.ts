import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { readFileSync } from 'node:fs';
import { createEmulator, startEmulator, type RunningEmulator } from '../../src/emulator/index.js';
import { docPages } from '../../scripts/doc-pages.js';
import { findIncludes } from '../../scripts/readme-includes.js';

// The docs' server snippets, run from their files under examples/ as a merchant runs them:
// they import the package by name, which resolves to this repository's build (`npm run build` first).
const example = (path: string) => new URL(`../../examples/${path}`, import.meta.url);
// By a specifier in a variable, so the typecheck (run before the build) reads src's types, not dist's.
const PACKAGE_SERVER = 'payfect-checkout/server';
const { createCheckoutHandler }: typeof import('../../src/server/index.js') = await import(PACKAGE_SERVER);

const API_KEY = 'emulator-test-key-0001';

const BUYER = { clientAddress: '192.0.2.7' };

function checkoutRequest(items: unknown[]): Request {
  return new Request('https://shop.example/api/checkout', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ currency: 'usdt', invoice_items: items }),
  });
}

describe('docs/server.md "Mount the session endpoint" (examples/quick-start/checkout.mjs)', () => {
  let running: RunningEmulator;
  before(async () => {
    running = await startEmulator({ apiKeys: [API_KEY] });
  });
  after(() => running.close());

  test('reads its key and Payfect URL from the environment and answers a checkout, over HTTP to the emulator', async () => {
    process.env.PAYFECT_API_KEY = API_KEY;
    process.env.PAYFECT_BASE_URL = `${running.url}/api/v1`;
    const { checkout } = await import(example('quick-start/checkout.mjs').href);

    const response: Response = await checkout(checkoutRequest([{ product_id: 'standard-plan', quantity: 2 }]), BUYER);
    assert.equal(response.status, 200);
    const session = await response.json();
    assert.equal(session.amountTotal, '41.00');
    const stored = running.emulator.checkouts.get(session.id);
    assert.equal(stored?.status, 'open');
    assert.equal(stored?.successUrl, 'https://shop.example/thanks');
    assert.equal(stored?.cancelUrl, 'https://shop.example/cart');
    const create = running.emulator.requests.find((request) => request.method === 'POST');
    assert.equal(create?.headers.authorization, `Api-Key ${API_KEY}`);
    assert.equal(JSON.parse(create!.body).callback_url, 'https://shop.example/api/payfect-callback');
  });
});

describe('docs/server.md donation catalog (examples/donation/catalog.mjs)', () => {
  const payfect = createEmulator();
  let checkout: ReturnType<typeof createCheckoutHandler>;
  before(async () => {
    const { catalog } = await import(example('donation/catalog.mjs').href);
    checkout = createCheckoutHandler({
      apiKey: API_KEY,
      catalog,
      baseUrl: 'http://payfect.test/api/v1',
      fetch: payfect.fetch,
      successUrl: 'https://shop.example/thanks',
    });
  });
  const donate = (unitAmount: string) =>
    checkout(checkoutRequest([{ product_id: 'donation', quantity: 1, price_data: { currency: 'usdt', unit_amount: unitAmount } }]), BUYER);

  test('accepts the buyer\'s 25 USDT', async () => {
    const response = await donate('25');
    assert.equal(response.status, 200);
    const session = await response.json();
    assert.equal(session.amountTotal, '25.00');
    assert.equal(payfect.checkouts.get(session.id)?.invoiceItems[0]?.priceData.productData.name, 'Donation');
  });

  for (const amount of ['0.5', '501']) {
    test(`refuses ${amount} with the documented invalid_request and field`, async () => {
      const created = payfect.checkouts.size;
      const response = await donate(amount);
      assert.equal(response.status, 400);
      const { error } = await response.json();
      assert.equal(error.code, 'invalid_request');
      assert.equal(error.message, 'A donation is between 1 and 500 USDT.');
      assert.deepEqual(error.fields, { 'invoice_items.0.price_data.unit_amount': 'must be between 1 and 500' });
      assert.equal(payfect.checkouts.size, created, 'no checkout is created');
    });
  }

  test('prices every other product from its products, and refuses an unknown one', async () => {
    const plan = await checkout(checkoutRequest([{ product_id: 'standard-plan', quantity: 1 }]), BUYER);
    assert.equal(plan.status, 200);
    assert.equal((await plan.json()).amountTotal, '20.50');
    const unknown = await checkout(checkoutRequest([{ product_id: 'nope', quantity: 1 }]), BUYER);
    assert.equal(unknown.status, 422);
    assert.equal((await unknown.json()).error.code, 'unknown_product');
  });
});

describe('docs/emulator.md receiver test (examples/offline/receiver.test.mjs)', () => {
  test('runs under `node --test` as a merchant copies it, and passes', async () => {
    // Out of this runner's context, so the child reports as a top-level `node --test` does.
    const { NODE_TEST_CONTEXT: _, ...env } = process.env;
    const file = fileURLToPath(example('offline/receiver.test.mjs'));
    const { stdout } = await promisify(execFile)(process.execPath, ['--test', '--test-reporter=tap', file], { env });
    assert.match(stdout, /^# pass 1$/m);
    assert.match(stdout, /^# fail 0$/m);
  });
});

describe('the code in README.md and docs/*.md', () => {
  const root = new URL('../../', import.meta.url);
  const pages = docPages(root).map((page) => ({ page, text: readFileSync(new URL(page, root), 'utf8') }));

  test('every block of code (js, ts, html, css, …) is an include of a tested file, save the one-line import', () => {
    const code = pages.flatMap(({ page, text }) => {
      let outside = text;
      for (const block of findIncludes(text).reverse()) outside = outside.slice(0, block.start) + outside.slice(block.end);
      return [...outside.matchAll(/^(`{3,})(\w+)\n([\s\S]*?)^\1[ \t]*$/gm)]
        .filter(([, , language]) => /^(js|mjs|ts|jsx|tsx|html|css|vue)$/.test(language!))
        .map(([, , , body]) => `${page}: ${body!.trim()}`);
    });
    assert.deepEqual(code, ["docs/element.md: import 'payfect-checkout'; // registers <payfect-checkout-button>; safe to import during SSR"]);
  });

  test('shows each file these tests run', () => {
    const included = new Set(pages.flatMap(({ text }) => findIncludes(text).map((block) => block.path)));
    for (const path of [
      'examples/quick-start/checkout.mjs',
      'examples/donation/catalog.mjs',
      // test/server/price-ids.test.ts runs the mixed catalog.
      'examples/price-ids/catalog.mjs',
      'examples/donation/button.html',
      'examples/offline/receiver.test.mjs',
      'examples/markup/cart.html',
      'examples/styling/button.css',
      // test/e2e/quick-starts.test.ts runs these as the README shows them.
      'examples/quickstart-express/commands.sh',
      'examples/quickstart-react/commands.sh',
      'examples/quickstart-serve/commands.sh',
      // test/element/status-example.test.ts and test/emulator/price-ids-example.test.ts.
      'examples/return-page/thanks.html',
      'examples/offline/price-ids.test.mjs',
    ]) {
      assert.ok(included.has(path), `README.md or docs/ includes ${path}`);
    }
  });

  test('shows each example file once: one place to read it, one place to fix it', () => {
    const shown = pages.flatMap(({ page, text }) => findIncludes(text).map((block) => `${block.path} (${page})`));
    const paths = shown.map((entry) => entry.split(' ')[0]);
    assert.deepEqual(shown.filter((_, index) => paths.indexOf(paths[index]) !== index), [], 'shown twice');
  });
});
