import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import * as z from 'zod/mini';
import { createCheckoutHandler } from '../../src/server/index.js';
import { baseOptions, errorOf, post, wireBody } from './checkout-fixtures.js';
import { fakePayfect } from './fake-payfect.js';

// This file imports neither the emulator nor anything else that may configure zod, so the global config is the merchant's.
describe('field messages', () => {
  it("are English in the answer and in option errors, and the merchant's global zod config is left alone", async () => {
    const handler = createCheckoutHandler(baseOptions({ fetch: fakePayfect().fetch }));
    const response = await handler(post(wireBody({ currency: 7 })));
    assert.equal(response.status, 400);
    assert.deepEqual((await errorOf(response)).fields, { currency: 'Invalid input: expected string, received number' });
    assert.throws(
      () => createCheckoutHandler(baseOptions({ catalog: { x: { name: 'X', unitAmount: 20.5 as never, currency: 'usdt' } } })),
      { name: 'TypeError', message: /unitAmount Invalid input: expected string, received number/ },
    );
    // zod/mini's own default, which a merchant's schemas in the same process keep.
    assert.equal(z.config().localeError, undefined);
    assert.equal(z.number().safeParse('x').error?.issues[0]?.message, 'Invalid input');
  });
});
