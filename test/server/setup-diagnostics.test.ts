// DESIGN "Telling the developer what to fix": with no onError, each setup mistake is made here as a merchant
// would make it, and the server's log line must name the fix.
import assert from 'node:assert/strict';
import { describe, it, type TestContext } from 'node:test';
import { createEmulator } from '../../src/emulator/index.js';
import {
  createCallbackHandler,
  createCheckoutHandler,
  type CallbackHandlerOptions,
  type CheckoutError,
  type CheckoutHandlerOptions,
} from '../../src/server/index.js';
import { baseOptions, errorOf, post, wireBody } from './checkout-fixtures.js';
import { API_KEY, fakePayfect } from './fake-payfect.js';

const PAGE = 'http://localhost:8080';
const EMULATOR_BASE = 'https://payfect.test/api/v1';

/** What the handlers write to the console during one test; the console itself stays quiet. */
function captureConsole(t: TestContext) {
  const warn = t.mock.method(console, 'warn', () => {});
  const error = t.mock.method(console, 'error', () => {});
  return {
    warnings: () => warn.mock.calls.map((call) => call.arguments.map(String).join(' ')),
    errors: () => error.mock.calls.map((call) => String(call.arguments[0])),
    /** The one warning written so far. */
    onlyWarning(): string {
      const warnings = this.warnings();
      assert.equal(warnings.length, 1, warnings.join('\n'));
      return warnings[0]!;
    },
  };
}

/** The fixtures' checkout endpoint with no onError, on a Payfect that creates every checkout unless told otherwise. */
function checkoutEndpoint(overrides: Partial<CheckoutHandlerOptions> = {}) {
  return createCheckoutHandler(baseOptions({ fetch: fakePayfect().fetch, ...overrides }));
}

function purchase(body: Record<string, unknown> = {}, headers: Record<string, string> = {}): Request {
  return post(wireBody(body), headers);
}

/**
 * A shop on the emulator: a checkout is created and paid, and the emulator's signed callback goes to the
 * callback handler built from `callbackOptions`. Resolves with the callback handler's answers.
 */
async function payOnEmulator(callbackOptions: (emulator: ReturnType<typeof createEmulator>) => Partial<CallbackHandlerOptions>) {
  const answers: number[] = [];
  const emulator = createEmulator({
    callbackRetry: { attempts: 1 },
    callbackFetch: async (input, init) => {
      const response = await callbackHandler(new Request(input, init));
      answers.push(response.status);
      return response;
    },
  });
  const callbackHandler = createCallbackHandler({
    apiKey: API_KEY,
    baseUrl: EMULATOR_BASE,
    fetch: emulator.fetch,
    onCompleted: () => {},
    ...callbackOptions(emulator),
  });
  const checkouts = checkoutEndpoint({ baseUrl: EMULATOR_BASE, fetch: emulator.fetch });
  const created = await checkouts(purchase());
  assert.equal(created.status, 200);
  emulator.pay(((await created.json()) as { id: string }).id);
  await emulator.idle();
  return answers;
}

describe('without onError, a setup mistake is logged once with its fix', () => {
  it('origin_not_allowed names the refused page, `allowedOrigins` with its value, and `--allow-origin`', async (t) => {
    const log = captureConsole(t);
    const response = await checkoutEndpoint()(purchase({}, { origin: PAGE }));
    assert.equal(response.status, 403);
    const line = log.onlyWarning();
    assert.match(line, /createCheckoutHandler refused a request \(403 origin_not_allowed\)/);
    assert.ok(line.includes("allowedOrigins: ['http://localhost:8080']"), line);
    assert.ok(line.includes('--allow-origin http://localhost:8080'), line);
    assert.deepEqual(log.errors(), []);
  });

  it('signature_invalid, from an emulator restarted with a new key, names `signingKey`, PAYFECT_SIGNING_KEY and `--signing-key`', async (t) => {
    const log = captureConsole(t);
    const stale = createEmulator().signingKey;
    const answers = await payOnEmulator(() => ({ signingKey: stale }));
    assert.deepEqual(answers, [401]);
    const line = log.onlyWarning();
    assert.match(line, /createCallbackHandler refused a request \(401 signature_invalid\)/);
    for (const fix of ['`signingKey`', 'PAYFECT_SIGNING_KEY', '`--signing-key`', 'new key at each start']) assert.ok(line.includes(fix), fix);
  });

  it('unknown_product names the product id and the `catalog` option', async (t) => {
    const log = captureConsole(t);
    const response = await checkoutEndpoint()(purchase({ invoice_items: [{ product_id: 'tshirt', quantity: 1 }] }));
    assert.equal(response.status, 422);
    const line = log.onlyWarning();
    assert.match(line, /\(422 unknown_product\): invoice_items\.0\.product_id: no product "tshirt" in the catalog/);
    assert.ok(line.includes('`catalog` option'), line);
  });

  it('redirect_not_allowed names the refused origin, the allowed ones and `allowedRedirectOrigins`', async (t) => {
    const log = captureConsole(t);
    const response = await checkoutEndpoint()(purchase({ success_url: 'http://localhost:5173/thanks' }));
    assert.equal(response.status, 400);
    assert.equal((await errorOf(response)).code, 'redirect_not_allowed');
    const line = log.onlyWarning();
    assert.ok(line.includes('success_url points to http://localhost:5173, not an allowed origin (allowed: https://shop.example)'), line);
    assert.ok(line.includes('`allowedRedirectOrigins`'), line);
  });

  it('price_mismatch, from a page that shows another price than the catalog, names the field and the `amount` to change', async (t) => {
    const log = captureConsole(t);
    const shown = { currency: 'usdt', unit_amount: '25.00', product_data: { name: 'Standard Plan' } };
    const response = await checkoutEndpoint()(purchase({ invoice_items: [{ product_id: 'standard-plan', quantity: 1, price_data: shown }] }));
    assert.equal(response.status, 409);
    const line = log.onlyWarning();
    assert.match(line, /\(409 price_mismatch\): invoice_items\.0\.price_data\.unit_amount: is 20\.50 in the catalog/);
    assert.ok(line.includes("button's `amount`"), line);
  });

  it('checkout_not_complete, from a callback handler asking another Payfect than the checkouts were made on, names `baseUrl`', async (t) => {
    const log = captureConsole(t);
    const elsewhere = createEmulator();
    const answers = await payOnEmulator((emulator) => ({ signingKey: emulator.signingKey, fetch: elsewhere.fetch }));
    assert.deepEqual(answers, [409]);
    const line = log.onlyWarning();
    assert.match(line, /\(409 checkout_not_complete\): Payfect has no checkout with this id\./);
    assert.ok(line.includes(`GET ${EMULATOR_BASE}/checkouts/<id>/`), line);
    assert.ok(line.includes('the same `baseUrl`'), line);
  });

  it('says each code once per handler, and again for another handler', async (t) => {
    const log = captureConsole(t);
    const handler = checkoutEndpoint();
    for (const origin of [PAGE, 'http://localhost:3000', PAGE]) assert.equal((await handler(purchase({}, { origin }))).status, 403);
    assert.equal(log.warnings().length, 1);
    assert.equal((await handler(purchase({ invoice_items: [{ product_id: 'tshirt', quantity: 1 }] }))).status, 422);
    assert.equal(log.warnings().length, 2);
    assert.equal((await checkoutEndpoint()(purchase({}, { origin: PAGE }))).status, 403);
    assert.equal(log.warnings().length, 3);
  });

  it('a refusal that is the client’s business (a bad body) is not logged', async (t) => {
    const log = captureConsole(t);
    assert.equal((await checkoutEndpoint()(post('{'))).status, 400);
    assert.deepEqual([...log.warnings(), ...log.errors()], []);
  });

  it('logs every 5xx with console.error, naming the handler and the code', async (t) => {
    const log = captureConsole(t);
    const handler = checkoutEndpoint({ fetch: fakePayfect(() => Response.json({ detail: 'down' }, { status: 503 })).fetch });
    for (let i = 0; i < 2; i++) assert.equal((await handler(purchase())).status, 502);
    assert.deepEqual(log.errors(), [
      'payfect-checkout: createCheckoutHandler failed (502 payfect_error): Payfect refused the checkout (HTTP 503).',
      'payfect-checkout: createCheckoutHandler failed (502 payfect_error): Payfect refused the checkout (HTTP 503).',
    ]);
    assert.deepEqual(log.warnings(), []);
  });
});

describe('onError replaces the default log', () => {
  it('an onError function gets every failure, and nothing is written to the console', async (t) => {
    const log = captureConsole(t);
    const told: string[] = [];
    const onError = (error: CheckoutError) => void told.push(error.code);
    const handler = checkoutEndpoint({ onError, fetch: fakePayfect(() => Response.json({}, { status: 500 })).fetch });
    assert.equal((await handler(purchase({}, { origin: PAGE }))).status, 403);
    assert.equal((await handler(purchase({}, { origin: PAGE }))).status, 403);
    assert.equal((await handler(purchase())).status, 502);
    assert.deepEqual(told, ['origin_not_allowed', 'origin_not_allowed', 'payfect_error']);
    assert.deepEqual([...log.warnings(), ...log.errors()], []);
  });

  it('onError: false silences it: a setup refusal and a 5xx leave the console empty', async (t) => {
    const log = captureConsole(t);
    const handler = checkoutEndpoint({ onError: false, fetch: fakePayfect(() => Response.json({}, { status: 500 })).fetch });
    assert.equal((await handler(purchase({}, { origin: PAGE }))).status, 403);
    assert.equal((await handler(purchase())).status, 502);
    const answers = await payOnEmulator(() => ({ signingKey: createEmulator().signingKey, onError: false }));
    assert.deepEqual(answers, [401]);
    assert.deepEqual([...log.warnings(), ...log.errors()], []);
  });
});
