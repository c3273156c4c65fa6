import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createCheckoutHandler } from '../../src/server/index.js';
import { ENDPOINT, SHOP, baseOptions, errorOf, post, wireBody } from './checkout-fixtures.js';
import { API_KEY, fakePayfect } from './fake-payfect.js';

function setup(overrides: Parameters<typeof baseOptions>[0] = {}) {
  const payfect = fakePayfect();
  const handler = createCheckoutHandler(baseOptions({ fetch: payfect.fetch, ...overrides }));
  return { payfect, handler, sent: () => payfect.calls.at(-1)?.body as Record<string, any> };
}

describe('callback_url', () => {
  it('is refused in the body, naming the field, and Payfect is not called', async () => {
    const { handler, payfect } = setup();
    const response = await handler(post(wireBody({ callback_url: 'https://evil.example/forge' })));
    assert.equal(response.status, 400);
    const error = await errorOf(response);
    assert.equal(error.code, 'invalid_request');
    assert.ok(error.fields && 'callback_url' in error.fields);
    assert.equal(payfect.calls.length, 0);
  });

  it('is set from the options only', async () => {
    const { handler, sent } = setup();
    assert.equal((await handler(post(wireBody()))).status, 200);
    assert.equal(sent().callback_url, `${SHOP}/payfect/callback`);
  });

  it('is left out when the merchant configured none', async () => {
    const { handler, sent } = setup({ callbackUrl: undefined });
    await handler(post(wireBody()));
    assert.equal('callback_url' in sent(), false);
  });
});

describe('success_url and cancel_url', () => {
  it('use the configured defaults when the request has none', async () => {
    const { handler, sent } = setup({ successUrl: `${SHOP}/done`, cancelUrl: `${SHOP}/back` });
    await handler(post(wireBody({ success_url: undefined, cancel_url: undefined })));
    assert.equal(sent().success_url, `${SHOP}/done`);
    assert.equal(sent().cancel_url, `${SHOP}/back`);
  });

  it("accept the configured URLs' origins by default", async () => {
    const { handler, sent } = setup({ successUrl: 'https://thanks.example/ok', cancelUrl: `${SHOP}/cart` });
    const response = await handler(
      post(wireBody({ success_url: 'https://thanks.example/order/7', cancel_url: `${SHOP}/cart?x=1` })),
    );
    assert.equal(response.status, 200);
    assert.equal(sent().success_url, 'https://thanks.example/order/7');
    assert.equal(sent().cancel_url, `${SHOP}/cart?x=1`);
  });

  it("refuse the request's own origin by default: its Host (or absolute-form target) is the caller's to choose", async () => {
    const { handler, payfect } = setup({ successUrl: 'https://thanks.example/ok', cancelUrl: undefined });
    const forged = post(wireBody({ success_url: 'https://evil.example/phish', cancel_url: undefined }), {}, 'https://evil.example/api/checkout');
    const response = await handler(forged);
    assert.equal(response.status, 400);
    assert.deepEqual(await errorOf(response), {
      code: 'redirect_not_allowed',
      message: 'A return URL points outside the allowed origins.',
      fields: { success_url: 'points outside the allowed origins' },
    });
    assert.equal(payfect.calls.length, 0);
  });

  it('send Payfect the URL as a browser reads it, so no other parser can find another host in it', async () => {
    const { handler, sent } = setup();
    for (const [given, normalised] of [
      ['https://shop.example\\@evil.example/thanks', 'https://shop.example/@evil.example/thanks'],
      ['HTTPS://SHOP.EXAMPLE:443/thanks', 'https://shop.example/thanks'],
      ['https://shop.example/a/../thanks?q=1#frag', 'https://shop.example/thanks?q=1#frag'],
    ] as const) {
      assert.equal((await handler(post(wireBody({ success_url: given })))).status, 200, given);
      assert.equal(sent().success_url, normalised, given);
    }
  });

  for (const [label, url] of [
    ['another site', 'https://evil.example/thanks'],
    ['a look-alike subdomain', 'https://shop.example.evil.example/thanks'],
    ['userinfo that looks like the shop', 'https://shop.example@evil.example/thanks'],
    ['another port', 'https://shop.example:8443/thanks'],
    ['plain http to an https origin', 'http://shop.example/thanks'],
    ['a trailing-dot host', 'https://shop.example./thanks'],
    ['an IDN look-alike host', 'https://shöp.example/thanks'],
  ]) {
    it(`refuse ${label} with 400 redirect_not_allowed naming the field`, async () => {
      const { handler, payfect } = setup();
      const response = await handler(post(wireBody({ cancel_url: url })));
      assert.equal(response.status, 400);
      const error = await errorOf(response);
      assert.equal(error.code, 'redirect_not_allowed');
      assert.deepEqual(Object.keys(error.fields ?? {}), ['cancel_url']);
      assert.equal(payfect.calls.length, 0);
    });
  }

  it('refuse a non-http(s) scheme in the schema (invalid_request naming the field)', async () => {
    const { handler } = setup();
    for (const url of ['javascript:alert(1)', 'data:text/html,hi', 'ftp://shop.example/x', '/relative', '//evil.example/thanks', '\\\\evil.example/thanks']) {
      const response = await handler(post(wireBody({ success_url: url })));
      assert.equal(response.status, 400, url);
      const error = await errorOf(response);
      assert.equal(error.code, 'invalid_request');
      assert.ok(error.fields && 'success_url' in error.fields, url);
    }
  });

  it('follow allowedRedirectOrigins exactly when it is given', async () => {
    const { handler, sent } = setup({ allowedRedirectOrigins: ['https://pay-return.example'] });
    assert.equal((await handler(post(wireBody({ success_url: 'https://pay-return.example/a', cancel_url: undefined })))).status, 200);
    assert.equal(sent().success_url, 'https://pay-return.example/a');
    assert.equal((await handler(post(wireBody({ success_url: `${SHOP}/thanks`, cancel_url: undefined })))).status, 400);
  });
});

describe('content type', () => {
  for (const type of ['application/json', 'application/json; charset=utf-8', 'Application/JSON;charset="UTF-8"']) {
    it(`accepts ${type}`, async () => {
      const { handler } = setup();
      assert.equal((await handler(post(wireBody(), { 'content-type': type }))).status, 200);
    });
  }
  for (const type of ['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/json-patch+json', 'application/json; charset=latin1']) {
    it(`refuses ${type} with 415`, async () => {
      const { handler, payfect } = setup();
      const response = await handler(post(wireBody(), { 'content-type': type }));
      assert.equal(response.status, 415);
      assert.equal((await errorOf(response)).code, 'unsupported_media_type');
      assert.equal(payfect.calls.length, 0);
    });
  }
  it('refuses a body with no content type', async () => {
    const { handler } = setup();
    const response = await handler(new Request(ENDPOINT, { method: 'POST', body: new Uint8Array([123, 125]) }));
    assert.equal(response.status, 415);
  });
});

describe('methods', () => {
  for (const method of ['GET', 'HEAD', 'PUT', 'PATCH', 'DELETE']) {
    it(`${method} is 405 with Allow`, async () => {
      const { handler } = setup();
      const response = await handler(new Request(ENDPOINT, { method }));
      assert.equal(response.status, 405);
      assert.equal(response.headers.get('allow'), 'POST, OPTIONS');
      assert.equal(response.headers.get('content-type'), 'application/json; charset=utf-8');
    });
  }
});

describe('payment methods', () => {
  const methods = [
    { currency: 'usdt', network: 'tron' },
    { currency: 'usdt', network: 'ethereum' },
  ];
  const pay = (currency: string, network: string) => ({
    payment_method_data: { type: 'cryptopaymentmethoddetail', paymentMethodDetail: { currency, network } },
  });

  it('uses the first configured method when the request names none', async () => {
    const { handler, sent } = setup({ paymentMethods: [methods[1]!, methods[0]!] });
    await handler(post(wireBody({ payment_method_data: undefined })));
    assert.deepEqual(sent().payment_method_data, { type: 'cryptopaymentmethoddetail', paymentMethodDetail: methods[1] });
  });

  it('accepts any allowed pair, case-insensitively', async () => {
    const { handler, sent } = setup({ paymentMethods: methods });
    assert.equal((await handler(post(wireBody(pay('USDT', 'Ethereum'))))).status, 200);
    assert.deepEqual(sent().payment_method_data.paymentMethodDetail, { currency: 'usdt', network: 'ethereum' });
  });

  it('refuses a pair that is not offered with 400 naming payment_method_data', async () => {
    const { handler, payfect } = setup({ paymentMethods: methods });
    const response = await handler(post(wireBody(pay('btc', 'tron'))));
    assert.equal(response.status, 400);
    const error = await errorOf(response);
    assert.equal(error.code, 'invalid_request');
    assert.match(error.fields?.payment_method_data ?? '', /usdt\/tron, usdt\/ethereum/);
    assert.equal(payfect.calls.length, 0);
  });
});

describe('the payment currency', () => {
  // The merchant decides which coins it accepts by listing them; Payfect converts the price.
  const methods = [
    { currency: 'usdt', network: 'tron' },
    { currency: 'trx', network: 'tron' },
    { currency: 'eur', network: 'sepa' },
  ];
  const pay = (currency: string, network: string) => ({
    payment_method_data: { type: 'cryptopaymentmethoddetail', paymentMethodDetail: { currency, network } },
  });

  it('may be a listed coin other than the currency of the prices (pay-currency)', async () => {
    const { handler, sent } = setup({ paymentMethods: methods });
    const response = await handler(post(wireBody(pay('trx', 'tron'))));
    assert.equal(response.status, 200);
    assert.equal(sent().currency, 'usdt');
    assert.deepEqual(sent().payment_method_data, {
      type: 'cryptopaymentmethoddetail',
      paymentMethodDetail: { currency: 'trx', network: 'tron' },
    });
  });

  it('is refused when the pair is not listed, even though its coin is listed on another network', async () => {
    const { handler, payfect } = setup({ paymentMethods: methods });
    const response = await handler(post(wireBody(pay('trx', 'ethereum'))));
    assert.equal(response.status, 400);
    assert.deepEqual(await errorOf(response), {
      code: 'invalid_request',
      message: 'This payment method is not offered.',
      fields: { payment_method_data: 'must be one of usdt/tron, trx/tron, eur/sepa' },
    });
    assert.equal(payfect.calls.length, 0);
  });

  it("defaults to the first listed method in the prices' currency", async () => {
    const { handler, sent } = setup({ paymentMethods: methods });
    const mug = { currency: 'eur', invoice_items: [{ product_id: 'euro-mug', quantity: 1 }] };
    assert.equal((await handler(post(mug))).status, 200);
    assert.deepEqual(sent().payment_method_data.paymentMethodDetail, { currency: 'eur', network: 'sepa' });
  });

  it("defaults to the first listed method when none is in the prices' currency", async () => {
    const { handler, sent } = setup({ paymentMethods: [methods[1]!, methods[0]!] });
    const mug = { currency: 'eur', invoice_items: [{ product_id: 'euro-mug', quantity: 1 }] };
    assert.equal((await handler(post(mug))).status, 200);
    assert.deepEqual(sent().payment_method_data.paymentMethodDetail, { currency: 'trx', network: 'tron' });
  });
});

describe('options are checked when the handler is created', () => {
  const bad: Array<[string, Parameters<typeof baseOptions>[0]]> = [
    ['no apiKey', { apiKey: '' }],
    ['an apiKey that is not a string', { apiKey: 42 as never }],
    ['a catalog that is not an object or function', { catalog: 'nope' as never }],
    ['a catalog product with a float price', { catalog: { x: { name: 'X', unitAmount: 20.5 as never, currency: 'usdt' } } }],
    ['a javascript: successUrl', { successUrl: 'javascript:alert(1)' }],
    ['a relative callbackUrl', { callbackUrl: '/callback' }],
    ['an allowedOrigins entry that is not an origin', { allowedOrigins: ['*'] }],
    ['an empty paymentMethods', { paymentMethods: [] }],
    ['a zero maxQuantity', { maxQuantity: 0 }],
    ['a fractional timeoutMs', { timeoutMs: 1.5 }],
    ['a timeoutMs past what setTimeout can wait', { timeoutMs: 2 ** 31 }],
    ['a baseUrl that is not http(s)', { baseUrl: 'ftp://api.example' }],
  ];
  for (const [label, overrides] of bad) {
    it(`throws a TypeError for ${label}`, () => {
      assert.throws(() => createCheckoutHandler(baseOptions({ fetch: fakePayfect().fetch, ...overrides })), TypeError);
    });
  }

  // A short key also matches ordinary text: 'test' is in http://payfect.test/, and the reply check refused every checkout.
  for (const apiKey of ['test', 'x', '123456789012345']) {
    it(`throws a TypeError that says keys are UUIDs for the ${apiKey.length}-character apiKey ${JSON.stringify(apiKey)}`, () => {
      assert.throws(
        () => createCheckoutHandler(baseOptions({ fetch: fakePayfect().fetch, apiKey })),
        (error: unknown) => error instanceof TypeError && /apiKey/.test(error.message) && /UUID/.test(error.message) && /16/.test(error.message),
      );
    });
  }

  it('accepts a 16-character apiKey, and a 36-character UUID', async () => {
    for (const apiKey of ['sixteen-chars-ok', '123e4567-e89b-12d3-a456-426614174000']) {
      const { handler } = setup({ apiKey, baseUrl: 'http://payfect.test/api/v1' });
      assert.equal((await handler(post(wireBody()))).status, 200, apiKey);
    }
  });

  // fetch trims header values, so Payfect saw (and could echo) the trimmed key while every leak check looked for the untrimmed one.
  for (const apiKey of [`${API_KEY}\n`, ` ${API_KEY}`, `${API_KEY}\r\n`, ' '.repeat(20)]) {
    it(`refuses the apiKey ${JSON.stringify(apiKey.slice(-20))}, which holds whitespace, with a TypeError that says to trim it`, () => {
      assert.throws(
        () => createCheckoutHandler(baseOptions({ fetch: fakePayfect().fetch, apiKey })),
        (error: unknown) => error instanceof TypeError && /apiKey/.test(error.message) && /whitespace/.test(error.message) && /trim/.test(error.message),
      );
    });
  }
});
