import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import * as z from 'zod/mini';
import { DEFAULTS, createCallbackHandler, createCheckoutHandler, createPayfectClient } from '../../src/server/index.js';
import { CheckoutHandlerSchema } from '../../src/server/options.js';
import { createRedisStores, type RedisClient } from '../../src/server/stores/redis/index.js';
import { baseOptions, errorOf, post, wireBody } from './checkout-fixtures.js';
import { API_KEY, fakePayfect } from './fake-payfect.js';

const PAGE = 'https://partner.example';
const onCompleted = () => {};

describe('options', () => {
  it('finding 8: a misspelt `allowedOrigin` is refused at construction, naming `allowedOrigins`, instead of leaving CORS closed', () => {
    assert.throws(
      // @ts-expect-error the typings refuse the misspelt name too
      () => createCheckoutHandler(baseOptions({ allowedOrigin: [PAGE] })),
      (error: unknown) =>
        error instanceof TypeError &&
        error.message.startsWith('payfect-checkout: createCheckoutHandler has no option `allowedOrigin`; did you mean `allowedOrigins`?'),
    );
  });

  it('the name spelt right opens CORS to that page, so the refusal above is the only difference', async () => {
    const handler = createCheckoutHandler(baseOptions({ allowedOrigins: [PAGE], fetch: fakePayfect().fetch }));
    const response = await handler(post(wireBody(), { origin: PAGE }));
    assert.equal(response.status, 200);
    assert.equal(response.headers.get('access-control-allow-origin'), PAGE);
  });

  it('the nested rateLimit and idempotency objects are strict too', () => {
    assert.throws(
      // @ts-expect-error `widowMs` is not a rateLimit option
      () => createCheckoutHandler(baseOptions({ rateLimit: { widowMs: 1000, max: 5 } })),
      { name: 'TypeError', message: /option `rateLimit` has no option `widowMs`; did you mean `windowMs`\?/ },
    );
    assert.throws(
      // @ts-expect-error `ttl` is not an idempotency option
      () => createCheckoutHandler(baseOptions({ idempotency: { ttl: 1000 } })),
      { name: 'TypeError', message: /option `idempotency` has no option `ttl`; did you mean `ttlMs`\?/ },
    );
  });

  it('createCallbackHandler, createPayfectClient and createRedisStores name the function and the nearest option', () => {
    assert.throws(
      // @ts-expect-error `signinKey` is not an option
      () => createCallbackHandler({ apiKey: API_KEY, onCompleted, signinKey: 'x' }),
      { name: 'TypeError', message: /^payfect-checkout: createCallbackHandler has no option `signinKey`; did you mean `signingKey`\?/ },
    );
    assert.throws(
      // @ts-expect-error `timeout` is not an option
      () => createPayfectClient({ apiKey: API_KEY, timeout: 5000 }),
      { name: 'TypeError', message: /^payfect-checkout: createPayfectClient has no option `timeout`; did you mean `timeoutMs`\?/ },
    );
    // The options are checked before the client is used, so no Redis is needed to see the refusal.
    assert.throws(
      // @ts-expect-error `prefx` is not an option
      () => createRedisStores({} as RedisClient, { prefx: 'shop1:' }),
      { name: 'TypeError', message: /^payfect-checkout: createRedisStores has no option `prefx`; did you mean `prefix`\?/ },
    );
  });

  it('a name close to none lists the known options, and every unknown name is named', () => {
    assert.throws(
      // @ts-expect-error neither is an option
      () => createPayfectClient({ apiKey: API_KEY, colour: 'blue', zzzzzzzzzz: 1 }),
      (error: unknown) =>
        error instanceof TypeError &&
        error.message.includes('has no option `colour`. Known options: apiKey, baseUrl, timeoutMs, fetch.') &&
        error.message.includes('has no option `zzzzzzzzzz`.'),
    );
  });

  it('an unknown name and a bad value are told together, in one TypeError', () => {
    assert.throws(
      // @ts-expect-error `maxQuantty` is not an option
      () => createCheckoutHandler(baseOptions({ maxQuantty: 5, maxBodyBytes: -1 })),
      (error: unknown) =>
        error instanceof TypeError &&
        /did you mean `maxQuantity`\?/.test(error.message) &&
        /option `maxBodyBytes` must be an integer from 1/.test(error.message),
    );
  });

  it('DEFAULTS holds every default the checkout schema applies, with the value a handler resolves, frozen', () => {
    const given = { apiKey: API_KEY, catalog: {} };
    const resolved = z.parse(CheckoutHandlerSchema, given) as Record<string, unknown>;
    const defaulted = Object.keys(resolved).filter((name) => !(name in given) && typeof resolved[name] !== 'function');
    assert.deepEqual(Object.keys(DEFAULTS).sort(), defaulted.sort());
    for (const name of defaulted) assert.deepEqual((DEFAULTS as Record<string, unknown>)[name], resolved[name], name);
    assert.ok(Object.isFrozen(DEFAULTS) && Object.isFrozen(DEFAULTS.rateLimit) && Object.isFrozen(DEFAULTS.paymentMethods[0]));
  });

  it('the defaults in DEFAULTS are the ones enforced: a body of DEFAULTS.maxBodyBytes + 1 bytes is refused', async () => {
    const handler = createCheckoutHandler(baseOptions({ fetch: fakePayfect().fetch }));
    const body = JSON.stringify(wireBody());
    const response = await handler(post(body + ' '.repeat(DEFAULTS.maxBodyBytes + 1 - body.length)));
    assert.equal(response.status, 413);
    assert.equal((await errorOf(response)).code, 'payload_too_large');
  });
});
