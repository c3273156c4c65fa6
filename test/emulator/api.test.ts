import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, test } from 'node:test';
import { PayfectCheckout, PAYFECT_CHECKOUT_FIELDS } from '../../src/shared/payfect-api.js';
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.js';
import { curlExampleBody, exampleApiKey, exampleResponse, firstExampleBody, responseFields } from '../support/reference-page.js';

const KEY = exampleApiKey();
const EXPIRES_IN_MS = 15 * 60 * 1000;
let clock = Date.UTC(2026, 0, 2, 3, 4, 5, 678);
let running: RunningEmulator;

function create(body: string, headers: Record<string, string> = { authorization: `Api-Key ${KEY}` }) {
  return fetch(`${running.url}/api/v1/checkouts/`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body,
  });
}

function itemsBody(items: { unit_amount: string; quantity: number; name?: string }[]): string {
  return JSON.stringify({
    currency: 'usdt',
    invoice_items: items.map(({ unit_amount, quantity, name = 'Sticker' }) => ({
      price_data: { currency: 'usdt', unit_amount, product_data: { name } },
      quantity,
    })),
  });
}

before(async () => {
  running = await startEmulator({
    port: 0,
    apiKeys: [KEY],
    expiresInMs: EXPIRES_IN_MS,
    now: () => clock,
    merchant: { name: '頑碼資訊有限公司' },
  });
});
after(() => running.close());
beforeEach(() => running.emulator.reset());

describe('authentication', () => {
  test('answers 401 without an Authorization header, and creates nothing', async () => {
    const response = await create(curlExampleBody(), {});
    assert.equal(response.status, 401);
    assert.equal(response.headers.get('www-authenticate'), 'Api-Key');
    assert.match(((await response.json()) as { detail: string }).detail, /credentials were not provided/);
    assert.equal(running.emulator.checkouts.size, 0);
  });

  test('answers 401 for a key it does not accept, and names the scheme when it is not Api-Key', async () => {
    for (const [authorization, detail] of [
      ['Api-Key not-the-key', 'Invalid API key.'],
      [`Api-Key ${KEY} extra`, 'Invalid API key.'],
      [`Bearer ${KEY}`, 'Authorization must be "Api-Key <your API key>".'],
    ] as const) {
      const response = await create(curlExampleBody(), { authorization });
      assert.equal(response.status, 401, authorization);
      assert.equal(((await response.json()) as { detail: string }).detail, detail);
    }
    assert.equal(running.emulator.checkouts.size, 0);
  });

  test('Api-Key None, null, undefined or empty is a 401 saying the client sent no key, whatever keys are accepted', async () => {
    const anyKey = await startEmulator({ port: 0, apiKeys: () => true });
    try {
      for (const key of ['None', 'null', 'undefined', '']) {
        for (const url of [running.url, anyKey.url]) {
          const response = await fetch(`${url}/api/v1/checkouts/`, {
            method: 'POST',
            headers: { 'content-type': 'application/json', authorization: `Api-Key ${key}` },
            body: curlExampleBody(),
          });
          assert.equal(response.status, 401, key);
          assert.match(response.headers.get('content-type') ?? '', /^application\/json/);
          assert.match(((await response.json()) as { detail: string }).detail, /^The client sent no API key \("Authorization: Api-Key ?\w*"\)/, key);
        }
      }
      assert.equal(anyKey.emulator.checkouts.size, 0);
    } finally {
      await anyKey.close();
    }
  });

  test('apiKey accepts that one key and refuses every other', async () => {
    const one = await startEmulator({ port: 0, apiKey: 'sk_the_one' });
    try {
      const post = (key: string) =>
        fetch(`${one.url}/api/v1/checkouts/`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Api-Key ${key}` },
          body: curlExampleBody(),
        });
      assert.equal((await post('sk_the_one')).status, 201);
      const other = await post('sk_another');
      assert.equal(other.status, 401);
      assert.deepEqual(await other.json(), { detail: 'Invalid API key.' });
    } finally {
      await one.close();
    }
  });

  test('takes a predicate for the keys it accepts', async () => {
    const open = await startEmulator({ port: 0, apiKeys: (key) => key.startsWith('test_') });
    try {
      const post = (key: string) =>
        fetch(`${open.url}/api/v1/checkouts/`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Api-Key ${key}` },
          body: curlExampleBody(),
        });
      assert.equal((await post('test_123')).status, 201);
      assert.equal((await post('live_123')).status, 401);
    } finally {
      await open.close();
    }
  });
});

describe('request validation', () => {
  test("the page's first example (trailing commas) gets a clear invalid-JSON 400", async () => {
    const response = await create(firstExampleBody());
    assert.equal(response.status, 400);
    const body = (await response.json()) as { detail: string };
    assert.match(body.detail, /^JSON parse error - .* remove the trailing comma\.$/);
    assert.equal(running.emulator.checkouts.size, 0);
  });

  test('a bad field gets a 400 naming that field', async () => {
    const response = await create(
      JSON.stringify({
        currency: 'us dollars',
        invoice_items: [
          { price_data: { currency: 'usdt', unit_amount: '20.5', product_data: { name: 'Plan' } }, quantity: 0 },
          { price_data: { currency: 'usdt', unit_amount: 20.5, product_data: { name: 'Plan' } }, quantity: 1 },
        ],
        success_url: 'javascript:alert(1)',
      }),
    );
    assert.equal(response.status, 400);
    const body = (await response.json()) as { detail: string; errors: Record<string, string> };
    assert.equal(body.detail, 'Invalid request body.');
    assert.deepEqual(Object.keys(body.errors).sort(), [
      'currency',
      'invoice_items.0.quantity',
      'invoice_items.1.price_data.unit_amount',
      'success_url',
    ]);
    assert.equal(body.errors['invoice_items.0.quantity'], 'must be a whole number of at least 1');
    assert.match(body.errors.currency ?? '', /currency code/);
    assert.equal(running.emulator.checkouts.size, 0);
  });

  test('the two required fields are reported when missing', async () => {
    const response = await create('{}');
    assert.equal(response.status, 400);
    const { errors } = (await response.json()) as { errors: Record<string, string> };
    assert.deepEqual(Object.keys(errors).sort(), ['currency', 'invoice_items']);
    assert.doesNotMatch(Object.values(errors).join(' '), /^Invalid input$/);
  });

  test('a body that is not application/json gets 415', async () => {
    const response = await create(curlExampleBody(), { authorization: `Api-Key ${KEY}`, 'content-type': 'text/plain' });
    assert.equal(response.status, 415);
  });

  test('the create path needs its trailing slash, and only takes POST', async () => {
    const noSlash = await fetch(`${running.url}/api/v1/checkouts`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Api-Key ${KEY}` },
      body: curlExampleBody(),
    });
    assert.equal(noSlash.status, 404);
    assert.match(((await noSlash.json()) as { detail: string }).detail, /ends with a slash/);
    const get = await fetch(`${running.url}/api/v1/checkouts/`, { headers: { authorization: `Api-Key ${KEY}` } });
    assert.equal(get.status, 405);
    assert.equal(get.headers.get('allow'), 'POST');
  });
});

describe('the created checkout', () => {
  const EXPECTED_JS_TYPE: Record<string, (value: unknown) => boolean> = {
    String: (value) => typeof value === 'string',
    Boolean: (value) => typeof value === 'boolean',
    Array: (value) => Array.isArray(value),
    Object: (value) => typeof value === 'object' && value !== null && !Array.isArray(value),
  };

  test("has every field of the reference page's table, with the table's type", async () => {
    const response = await create(curlExampleBody());
    assert.equal(response.status, 201);
    assert.match(response.headers.get('content-type') ?? '', /^application\/json/);
    const checkout = (await response.json()) as Record<string, unknown>;
    const fields = responseFields();
    const example = exampleResponse();
    assert.equal(fields.length, 22);
    assert.deepEqual(fields.map((field) => field.name), [...PAYFECT_CHECKOUT_FIELDS]);
    assert.deepEqual(Object.keys(checkout).sort(), fields.map((field) => field.name).sort());
    for (const field of fields) {
      const value = checkout[field.name];
      const matches = EXPECTED_JS_TYPE[field.type];
      assert.ok(matches, `the table has a type the test does not know: ${field.type}`);
      // null only where the page's own example shows null
      if (value === null) {
        assert.equal(example[field.name], null, `${field.name} is null, but the page's example is not`);
      } else {
        assert.ok(matches(value), `${field.name} should be ${field.type}, got ${JSON.stringify(value)}`);
      }
    }
    const merchant = checkout.merchant as Record<string, unknown>;
    for (const part of fields.find((field) => field.name === 'merchant')?.parts ?? []) {
      assert.equal(typeof merchant[part], 'string', `merchant.${part}`);
    }
    const itemParts = fields.find((field) => field.name === 'invoiceItems')?.parts ?? [];
    assert.deepEqual(itemParts, ['id', 'price', 'priceData', 'quantity', 'amount']);
    for (const item of checkout.invoiceItems as Record<string, unknown>[]) {
      assert.deepEqual(Object.keys(item).sort(), [...itemParts].sort());
      assert.equal(typeof item.quantity, 'number');
      assert.equal(typeof item.amount, 'string');
    }
    assert.ok(PayfectCheckout.safeParse(checkout).success, 'the shared schema accepts it');
  });

  test('has the documented timestamp units: seconds with a fraction, and milliseconds', async () => {
    const checkout = (await (await create(curlExampleBody())).json()) as Record<string, string>;
    assert.equal(checkout.createdAt, '1767323045.678000');
    assert.equal(checkout.updatedAt, checkout.createdAt);
    assert.equal(checkout.expiresAt, String(clock + EXPIRES_IN_MS));
    const example = exampleResponse();
    for (const name of ['createdAt', 'updatedAt', 'expiresAt'] as const) {
      const shape = (value: string) => value.replace(/\d/g, '9');
      assert.equal(shape(checkout[name] ?? '').length, shape(String(example[name])).length, name);
      assert.equal(checkout[name]?.includes('.'), String(example[name]).includes('.'), name);
    }
  });

  test('carries the request through: lower-cased currency, urls, reference, ids and the hosted url', async () => {
    const sent = JSON.parse(curlExampleBody()) as Record<string, string>;
    const checkout = (await (await create(curlExampleBody())).json()) as Record<string, unknown>;
    const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
    assert.match(String(checkout.id), uuid);
    assert.match(String(checkout.paymentIntent), uuid);
    assert.equal(checkout.currency, 'cny');
    assert.equal(checkout.status, 'open');
    assert.equal(checkout.clientReferenceId, sent.client_reference_id);
    assert.equal(checkout.successUrl, sent.success_url);
    assert.equal(checkout.cancelUrl, sent.cancel_url);
    assert.equal(checkout.url, `${running.url}/checkouts/${String(checkout.id)}`);
    assert.deepEqual(checkout.merchant, { id: (checkout.merchant as { id: string }).id, name: '頑碼資訊有限公司' });
    const [item] = checkout.invoiceItems as Record<string, unknown>[];
    assert.deepEqual(item?.priceData, {
      currency: 'twd',
      unitAmount: '20.00',
      productData: { name: 'Standard Plan', description: 'A standard plan', images: ['https://i.imgur.com/EHyR2nP.png'] },
    });
    assert.deepEqual(checkout.paymentMethodOptions, {
      crypto: [{ currency: { value: 'twd', name: 'TWD', logo: '/static/images/cryptos/twd.png' }, networks: [{ value: 'tron', name: 'Tron (TRC20)' }] }],
      card: null,
    });
    assert.deepEqual(running.emulator.checkouts.get(String(checkout.id)), checkout);
    const [request] = running.emulator.requests;
    assert.equal(request?.path, '/api/v1/checkouts/');
    assert.equal(request?.headers.authorization, `Api-Key ${KEY}`);
    assert.equal(request?.body, curlExampleBody());
  });

  test('omitted optional fields come back as null', async () => {
    const checkout = (await (await create(itemsBody([{ unit_amount: '1', quantity: 1 }]))).json()) as Record<string, unknown>;
    assert.equal(checkout.clientReferenceId, null);
    assert.equal(checkout.successUrl, null);
    assert.equal(checkout.cancelUrl, null);
    assert.deepEqual((checkout.invoiceItems as { priceData: { productData: unknown } }[])[0]?.priceData.productData, {
      name: 'Sticker',
      description: null,
      images: [],
    });
  });

  test('computes amounts with exact decimal arithmetic', async () => {
    const checkout = (await (
      await create(itemsBody([
        { unit_amount: '0.10', quantity: 3 },
        { unit_amount: '0.2', quantity: 1 },
        { unit_amount: '20.5', quantity: 1 },
        { unit_amount: '0.001', quantity: 7 },
      ]))
    ).json()) as { amountTotal: string; invoiceItems: { amount: string }[] };
    assert.deepEqual(checkout.invoiceItems.map((item) => item.amount), ['0.30', '0.20', '20.50', '0.007']);
    // Floats would give 0.30000000000000004 and 21.007000000000001.
    assert.equal(checkout.amountTotal, '21.007');
  });

  test('gives every checkout and item its own id', async () => {
    const a = (await (await create(curlExampleBody())).json()) as { id: string; invoiceItems: { id: string; price: string }[] };
    const b = (await (await create(curlExampleBody())).json()) as { id: string; invoiceItems: { id: string; price: string }[] };
    assert.notEqual(a.id, b.id);
    assert.notEqual(a.invoiceItems[0]?.id, b.invoiceItems[0]?.id);
    assert.equal(running.emulator.checkouts.size, 2);
  });

  test('builds the hosted url on publicUrl when one is given', async () => {
    const mounted = await startEmulator({ port: 0, publicUrl: 'https://shop.example/anything' });
    try {
      const response = await fetch(`${mounted.url}/api/v1/checkouts/`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: 'Api-Key k' },
        body: curlExampleBody(),
      });
      const checkout = (await response.json()) as { id: string; url: string };
      assert.equal(checkout.url, `https://shop.example/checkouts/${checkout.id}`);
    } finally {
      await mounted.close();
    }
  });
});
