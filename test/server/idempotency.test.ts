import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createCheckoutHandler, MemoryIdempotencyStore, type IdempotencyStore, type CheckoutError } from '../../src/server/index.js';
import { baseOptions, errorOf, post, wireBody } from './checkout-fixtures.js';
import { fakePayfect, payfectCheckoutReply } from './fake-payfect.js';

/** A Payfect that numbers its checkouts, so a second creation would be visible. */
function numberedPayfect(delayMs = 0) {
  let next = 0;
  return fakePayfect(async () => {
    next += 1;
    const id = `checkout-${next}`;
    if (delayMs > 0) await new Promise((resolve) => setTimeout(resolve, delayMs));
    return Response.json(payfectCheckoutReply({ id, url: `https://buy.payfect.finance/checkouts/${id}` }));
  });
}

const keyed = (key: string, body: Record<string, unknown> = wireBody()) => post(body, { 'idempotency-key': key });

describe('Idempotency-Key', () => {
  it('replays the same checkout for a sequential repeat, calling Payfect once', async () => {
    const payfect = numberedPayfect();
    const created: string[] = [];
    const handler = createCheckoutHandler(
      baseOptions({ fetch: payfect.fetch, onCheckoutCreated: (checkout) => void created.push(checkout.id) }),
    );
    const first = await handler(keyed('attempt-1'));
    const second = await handler(keyed('attempt-1'));
    assert.equal(first.status, 200);
    assert.equal(second.status, 200);
    assert.deepEqual(await second.json(), await first.json());
    assert.equal(second.headers.get('idempotent-replayed'), 'true');
    assert.equal(first.headers.get('idempotent-replayed'), null);
    assert.equal(payfect.calls.length, 1);
    assert.deepEqual(created, ['checkout-1']);
  });

  it('makes concurrent duplicates wait for the first', async () => {
    const payfect = numberedPayfect(20);
    const handler = createCheckoutHandler(baseOptions({ fetch: payfect.fetch }));
    const answers = await Promise.all(Array.from({ length: 5 }, () => handler(keyed('attempt-2'))));
    const ids = await Promise.all(answers.map(async (answer) => (await answer.json()).id));
    assert.deepEqual(ids, Array(5).fill('checkout-1'));
    assert.equal(payfect.calls.length, 1);
  });

  it('creates separate checkouts for different keys, and without a key', async () => {
    const payfect = numberedPayfect();
    const handler = createCheckoutHandler(baseOptions({ fetch: payfect.fetch }));
    await handler(keyed('a'));
    await handler(keyed('b'));
    await handler(post(wireBody()));
    await handler(post(wireBody()));
    assert.equal(payfect.calls.length, 4);
  });

  it('scopes keys per client, so one buyer cannot fetch another buyer\'s checkout', async () => {
    const payfect = numberedPayfect();
    const handler = createCheckoutHandler(baseOptions({ fetch: payfect.fetch }));
    const mine = await (await handler(keyed('shared'), { clientAddress: '192.0.2.1' })).json();
    const theirs = await (await handler(keyed('shared'), { clientAddress: '192.0.2.2' })).json();
    assert.notEqual(mine.id, theirs.id);
    assert.equal(payfect.calls.length, 2);
  });

  it('does not keep a failure, so a retry with the same key can succeed', async () => {
    let fail = true;
    const payfect = fakePayfect(() => (fail ? Response.json({ detail: 'down' }, { status: 503 }) : Response.json(payfectCheckoutReply())));
    const handler = createCheckoutHandler(baseOptions({ fetch: payfect.fetch }));
    assert.equal((await handler(keyed('retry'))).status, 502);
    fail = false;
    assert.equal((await handler(keyed('retry'))).status, 200);
    assert.equal((await handler(keyed('retry'))).headers.get('idempotent-replayed'), 'true');
    assert.equal(payfect.calls.length, 2);
  });

  it('refuses the same key with a different body with 400 naming Idempotency-Key', async () => {
    const payfect = numberedPayfect();
    const handler = createCheckoutHandler(baseOptions({ fetch: payfect.fetch }));
    await handler(keyed('k'));
    const response = await handler(keyed('k', wireBody({ success_url: 'https://shop.example/thanks?order=999' })));
    assert.equal(response.status, 400);
    const error = await errorOf(response);
    assert.equal(error.code, 'invalid_request');
    assert.ok(error.fields && 'Idempotency-Key' in error.fields);
    assert.equal(payfect.calls.length, 1);
  });

  it('refuses a different body while the first is still in flight', async () => {
    const payfect = numberedPayfect(20);
    const handler = createCheckoutHandler(baseOptions({ fetch: payfect.fetch }));
    const [first, second] = await Promise.all([handler(keyed('k')), handler(keyed('k', wireBody({ success_url: 'https://shop.example/thanks?x' })))]);
    assert.equal(first.status, 200);
    assert.equal(second.status, 400);
  });

  for (const key of ['', ' spaced key', 'é', 'x'.repeat(256)]) {
    it(`refuses the malformed key ${JSON.stringify(key.slice(0, 12))} with 400`, async () => {
      const handler = createCheckoutHandler(baseOptions({ fetch: numberedPayfect().fetch }));
      const request = new Request('https://shop.example/api/checkout', {
        method: 'POST',
        headers: [['content-type', 'application/json'], ['idempotency-key', key]],
        body: JSON.stringify(wireBody()),
      });
      const response = await handler(request);
      assert.equal(response.status, 400);
      assert.ok('Idempotency-Key' in ((await errorOf(response)).fields ?? {}));
    });
  }

  it('replays within ttlMs and forgets after it', async () => {
    let now = 1_000;
    const payfect = numberedPayfect();
    const store = new MemoryIdempotencyStore({ now: () => now });
    const handler = createCheckoutHandler(baseOptions({ fetch: payfect.fetch, idempotency: { ttlMs: 20, store } }));
    assert.equal((await (await handler(keyed('t'))).json()).id, 'checkout-1');
    now += 19;
    assert.equal((await (await handler(keyed('t'))).json()).id, 'checkout-1');
    now += 1;
    assert.equal((await (await handler(keyed('t'))).json()).id, 'checkout-2');
  });

  it('can be turned off', async () => {
    const payfect = numberedPayfect();
    const handler = createCheckoutHandler(baseOptions({ fetch: payfect.fetch, idempotency: false }));
    await handler(keyed('off'));
    await handler(keyed('off'));
    assert.equal(payfect.calls.length, 2);
  });

  it('uses an injected store, and a store that fails to save still gives the buyer the checkout', async () => {
    const saved: string[] = [];
    const errors: CheckoutError[] = [];
    const store: IdempotencyStore = {
      get: async () => undefined,
      set: async (key) => {
        saved.push(key);
        throw new Error('redis is down');
      },
    };
    const handler = createCheckoutHandler(
      baseOptions({ fetch: numberedPayfect().fetch, idempotency: { store }, onError: (error) => errors.push(error) }),
    );
    const response = await handler(keyed('s'), { clientAddress: '192.0.2.7' });
    assert.equal(response.status, 200);
    assert.deepEqual(saved, ['192.0.2.7\ns']);
    assert.equal(errors[0]?.code, 'internal_error');
  });
});

describe('MemoryIdempotencyStore', () => {
  it('holds at most maxEntries, dropping the oldest', () => {
    const store = new MemoryIdempotencyStore({ maxEntries: 3 });
    const session = { id: 'x', url: 'https://x', status: 'open', amountTotal: null, currency: null, expiresAt: null, isLivemode: false } as const;
    for (let i = 0; i < 10; i++) store.set(`k${i}`, { fingerprint: 'f', session }, 60_000);
    assert.equal(store.size, 3);
    assert.equal(store.get('k0'), undefined);
    assert.equal(store.get('k9')?.session.id, 'x');
  });

  it('drops expired entries first', () => {
    let now = 0;
    const store = new MemoryIdempotencyStore({ maxEntries: 100, now: () => now });
    const session = { id: 'x', url: 'https://x', status: 'open', amountTotal: null, currency: null, expiresAt: null, isLivemode: false } as const;
    store.set('old', { fingerprint: 'f', session }, 10);
    now = 20;
    store.set('new', { fingerprint: 'f', session }, 10);
    assert.equal(store.size, 1);
  });
});
