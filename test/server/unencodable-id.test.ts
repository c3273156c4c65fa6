import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CheckoutError, createCallbackHandler, createPayfectClient } from '../../src/server/index.js';
import { errorOf } from './checkout-fixtures.js';
import { API_KEY, payfectCheckoutReply, queryablePayfect } from './fake-payfect.js';

/** A lone UTF-16 surrogate: valid in a JSON string, but `encodeURIComponent` throws a URIError on it. */
const LONE_SURROGATE_ID = 'ed8d24aa-\uD800';

describe('finding 7: a checkout id that cannot be put in a URL', () => {
  it('is a CheckoutError invalid_request from the Payfect client, and Payfect is never called', async () => {
    const payfect = queryablePayfect(new Map());
    const client = createPayfectClient({ apiKey: API_KEY, fetch: payfect.fetch });
    await assert.rejects(client.retrieveCheckout(LONE_SURROGATE_ID), (error: unknown) => {
      assert.ok(error instanceof CheckoutError);
      assert.equal(error.code, 'invalid_request');
      assert.deepEqual(error.fields, { id: 'is not well-formed Unicode' });
      return true;
    });
    assert.equal(payfect.calls.length, 0);
  });

  it('is answered 400 invalid_request by an unsigned callback handler, not 500, and fulfils nothing', async () => {
    const errors: string[] = [];
    let fulfilled = 0;
    const handler = createCallbackHandler({
      apiKey: API_KEY,
      fetch: queryablePayfect(new Map([[LONE_SURROGATE_ID, payfectCheckoutReply({ id: LONE_SURROGATE_ID, status: 'complete' })]])).fetch,
      onCompleted: () => void fulfilled++,
      onError: (error) => void errors.push(error.code),
    });
    // JSON.stringify writes the lone surrogate as the escape \ud800, which JSON.parse turns back into it.
    const body = JSON.stringify({ id: LONE_SURROGATE_ID, amount: '20.50', status: 'succeeded', currency: 'usdt' });
    const response = await handler(new Request('https://shop.example/payfect/callback', { method: 'POST', headers: { 'content-type': 'application/json' }, body }));
    assert.equal(response.status, 400);
    assert.equal((await errorOf(response)).code, 'invalid_request');
    assert.deepEqual(errors, ['invalid_request']);
    assert.equal(fulfilled, 0);
  });
});
