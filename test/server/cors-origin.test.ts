import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createCheckoutHandler } from '../../src/server/index.js';
import { ENDPOINT, SHOP, baseOptions, errorOf, post, wireBody } from './checkout-fixtures.js';
import { fakePayfect } from './fake-payfect.js';

const PARTNER = 'https://partner.example';

function setup() {
  const payfect = fakePayfect();
  const handler = createCheckoutHandler(baseOptions({ fetch: payfect.fetch, allowedOrigins: [`${PARTNER}/any/path`] }));
  return { payfect, handler };
}

function preflight(origin: string | undefined): Request {
  const headers: Record<string, string> = {
    'access-control-request-method': 'POST',
    'access-control-request-headers': 'content-type, idempotency-key',
  };
  if (origin !== undefined) headers.origin = origin;
  return new Request(ENDPOINT, { method: 'OPTIONS', headers });
}

describe('Origin', () => {
  it('a same-origin browser call is allowed, without CORS headers', async () => {
    const { handler } = setup();
    const response = await handler(post(wireBody(), { origin: SHOP }));
    assert.equal(response.status, 200);
    assert.equal(response.headers.get('access-control-allow-origin'), null);
  });

  it('a same-origin call is allowed behind a TLS-terminating proxy, which hands the app http://', async () => {
    const { handler } = setup();
    const response = await handler(post(wireBody(), { origin: SHOP }, 'http://shop.example/api/checkout'));
    assert.equal(response.status, 200);
    assert.equal(response.headers.get('access-control-allow-origin'), null);
    for (const origin of ['https://evil.example', 'https://shop.example:8443']) {
      assert.equal((await handler(post(wireBody(), { origin }, 'http://shop.example/api/checkout'))).status, 403, origin);
    }
  });

  it('no Origin header (curl, another server) is allowed', async () => {
    const { handler } = setup();
    assert.equal((await handler(post(wireBody()))).status, 200);
  });

  for (const origin of ['https://evil.example', 'null', 'http://shop.example', 'https://shop.example:444', 'https://partner.example.evil.example']) {
    it(`a foreign Origin ${origin} is 403 before Payfect is called, with no CORS grant`, async () => {
      const { handler, payfect } = setup();
      const response = await handler(post(wireBody(), { origin }));
      assert.equal(response.status, 403);
      assert.equal((await errorOf(response)).code, 'origin_not_allowed');
      assert.equal(response.headers.get('access-control-allow-origin'), null);
      assert.equal(payfect.calls.length, 0);
    });
  }

  it('an allowed cross-origin caller gets Access-Control-Allow-Origin on success', async () => {
    const { handler } = setup();
    const response = await handler(post(wireBody(), { origin: PARTNER }));
    assert.equal(response.status, 200);
    assert.equal(response.headers.get('access-control-allow-origin'), PARTNER);
    assert.equal(response.headers.get('vary'), 'Origin');
  });

  it('and on error answers, so the button can read the code', async () => {
    const { handler } = setup();
    for (const request of [
      post('{', { origin: PARTNER }),
      post(wireBody({ invoice_items: [{ product_id: 'nope', quantity: 1 }] }), { origin: PARTNER }),
    ]) {
      const response = await handler(request);
      assert.ok(response.status >= 400);
      assert.equal(response.headers.get('access-control-allow-origin'), PARTNER);
      assert.match(response.headers.get('access-control-expose-headers') ?? '', /Retry-After/);
    }
  });
});

describe('CORS preflight', () => {
  it('answers an allowed origin with 204 and the grant', async () => {
    const { handler } = setup();
    const response = await handler(preflight(PARTNER));
    assert.equal(response.status, 204);
    assert.equal(response.headers.get('access-control-allow-origin'), PARTNER);
    assert.equal(response.headers.get('access-control-allow-methods'), 'POST');
    assert.equal(response.headers.get('access-control-allow-headers'), 'Content-Type, Idempotency-Key');
    assert.equal(response.headers.get('access-control-max-age'), '600');
    assert.equal(response.headers.get('vary'), 'Origin');
    assert.equal(await response.text(), '');
  });

  it('refuses a foreign origin with 403', async () => {
    const { handler } = setup();
    const response = await handler(preflight('https://evil.example'));
    assert.equal(response.status, 403);
    assert.equal(response.headers.get('access-control-allow-origin'), null);
    assert.equal((await errorOf(response)).code, 'origin_not_allowed');
  });

  it('answers a plain OPTIONS with Allow and no grant', async () => {
    const { handler } = setup();
    const response = await handler(preflight(undefined));
    assert.equal(response.status, 204);
    assert.equal(response.headers.get('allow'), 'POST, OPTIONS');
    assert.equal(response.headers.get('access-control-allow-origin'), null);
  });

  it('does not count against the rate limit', async () => {
    const handler = createCheckoutHandler(
      baseOptions({ fetch: fakePayfect().fetch, allowedOrigins: [PARTNER], rateLimit: { max: 1 } }),
    );
    for (let i = 0; i < 5; i++) assert.equal((await handler(preflight(PARTNER), { clientAddress: '198.51.100.1' })).status, 204);
    assert.equal((await handler(post(wireBody(), { origin: PARTNER }), { clientAddress: '198.51.100.1' })).status, 200);
  });
});
