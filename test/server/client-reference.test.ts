import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createCheckoutHandler } from '../../src/server/index.js';
import { baseOptions, errorOf, post, wireBody } from './checkout-fixtures.js';
import { fakePayfect } from './fake-payfect.js';

function sentReference(payfect: ReturnType<typeof fakePayfect>): unknown {
  return (payfect.calls[0]!.body as Record<string, unknown>).client_reference_id;
}

describe('client_reference_id is decided by the server', () => {
  it('without the clientReferenceId option, a browser-sent reference is 400 invalid_request naming the option; Payfect is not called', async () => {
    const payfect = fakePayfect();
    const handler = createCheckoutHandler(baseOptions({ fetch: payfect.fetch }));
    const response = await handler(post(wireBody({ client_reference_id: 'order-EXPENSIVE-5000' })));
    assert.equal(response.status, 400);
    const error = await errorOf(response);
    assert.equal(error.code, 'invalid_request');
    assert.match(error.message, /clientReferenceId/);
    assert.ok(error.fields && 'client_reference_id' in error.fields);
    assert.equal(payfect.calls.length, 0);
  });

  it('without the option and without a reference, the checkout is created with none', async () => {
    const payfect = fakePayfect();
    const response = await createCheckoutHandler(baseOptions({ fetch: payfect.fetch }))(post(wireBody()));
    assert.equal(response.status, 200);
    assert.equal(sentReference(payfect), undefined);
  });

  it('the hook sees the requested reference and the request, and what it returns is sent', async () => {
    const payfect = fakePayfect();
    const seen: Array<[string | undefined, string]> = [];
    const handler = createCheckoutHandler(
      baseOptions({
        fetch: payfect.fetch,
        clientReferenceId: async (requested, request) => {
          seen.push([requested, request.headers.get('x-session') ?? '']);
          return `order-for-${request.headers.get('x-session')}`;
        },
      }),
    );
    const response = await handler(post(wireBody({ client_reference_id: 'order-EXPENSIVE-5000' }), { 'x-session': 'alice' }));
    assert.equal(response.status, 200);
    assert.deepEqual(seen, [['order-EXPENSIVE-5000', 'alice']]);
    assert.equal(sentReference(payfect), 'order-for-alice');
  });

  it('the hook may accept the requested reference as is, or send none', async () => {
    for (const [hook, expected] of [
      [(requested: string | undefined) => requested, 'order-123'],
      [() => undefined, undefined],
    ] as const) {
      const payfect = fakePayfect();
      const handler = createCheckoutHandler(baseOptions({ fetch: payfect.fetch, clientReferenceId: hook }));
      assert.equal((await handler(post(wireBody({ client_reference_id: 'order-123' })))).status, 200);
      assert.equal(sentReference(payfect), expected);
    }
  });

  it('a hook that returns something Payfect would refuse is a 500 for the merchant to fix, and Payfect is not called', async () => {
    const payfect = fakePayfect();
    const handler = createCheckoutHandler(baseOptions({ fetch: payfect.fetch, clientReferenceId: () => 'x'.repeat(201) }));
    assert.equal((await handler(post(wireBody()))).status, 500);
    assert.equal(payfect.calls.length, 0);
  });

  it('a clientReferenceId that is not a function is a TypeError', () => {
    assert.throws(
      () => createCheckoutHandler(baseOptions({ clientReferenceId: 'order-1' as never })),
      (error: unknown) => error instanceof TypeError && /clientReferenceId/.test(error.message),
    );
  });
});
