import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  createCheckoutHandler,
  MemoryIdempotencyStore,
  type CheckoutError,
  type CheckoutHandlerOptions,
  type IdempotencyStore,
} from '../../src/server/index.js';
import { CATALOG, baseOptions, errorOf, post, wireBody } from './checkout-fixtures.js';
import { fakePayfect, payfectCheckoutReply } from './fake-payfect.js';
import { gate, pausableIdempotencyStore, settlesWithin, until } from './store-faults.js';

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

  it('waits for a checkout another instance is creating, over a shared store, and replays it', async () => {
    const payfect = numberedPayfect(30);
    const store = new MemoryIdempotencyStore();
    // Two handlers on one store: two instances, with no in-process promise to share.
    const [first, second] = [0, 1].map(() => createCheckoutHandler(baseOptions({ fetch: payfect.fetch, idempotency: { store } })));
    const answers = await Promise.all([first!(keyed('spread')), second!(keyed('spread')), second!(keyed('spread'))]);
    const ids = await Promise.all(answers.map(async (answer) => (await answer.json()).id));
    assert.deepEqual(ids, Array(3).fill('checkout-1'));
    assert.equal(payfect.calls.length, 1);
    // Whichever reserved first created it; the other two replayed it.
    assert.deepEqual(answers.map((answer) => answer.headers.get('idempotent-replayed')).sort(), [null, 'true', 'true']);
  });

  it('refuses a different body while another instance holds the key', async () => {
    const payfect = numberedPayfect(30);
    const store = new MemoryIdempotencyStore();
    const [first, second] = [0, 1].map(() => createCheckoutHandler(baseOptions({ fetch: payfect.fetch, idempotency: { store } })));
    const answers = await Promise.all([first!(keyed('k2')), second!(keyed('k2', wireBody({ success_url: 'https://shop.example/thanks?x' })))]);
    const refused = answers.find((answer) => answer.status !== 200)!;
    assert.deepEqual(answers.map((answer) => answer.status).sort(), [200, 400]);
    assert.ok('Idempotency-Key' in ((await errorOf(refused)).fields ?? {}));
    assert.equal(payfect.calls.length, 1);
  });

  it('releases the key when creating fails, so another instance retrying it creates', async () => {
    let fail = true;
    const payfect = fakePayfect(() => (fail ? Response.json({ detail: 'down' }, { status: 503 }) : Response.json(payfectCheckoutReply())));
    const store = new MemoryIdempotencyStore();
    const [first, second] = [0, 1].map(() => createCheckoutHandler(baseOptions({ fetch: payfect.fetch, idempotency: { store } })));
    assert.equal((await first!(keyed('r'))).status, 502);
    fail = false;
    const retried = await second!(keyed('r'));
    assert.equal(retried.status, 200);
    assert.equal(retried.headers.get('idempotent-replayed'), null);
  });

  it('answers 503 store_unavailable and creates nothing when the store cannot reserve', async () => {
    const payfect = numberedPayfect();
    const errors: CheckoutError[] = [];
    const store: IdempotencyStore = {
      reserve: async () => {
        throw new Error('redis is down');
      },
      renew: () => assert.fail('nothing to renew'),
      complete: () => assert.fail('nothing to complete'),
      release: () => assert.fail('nothing to release'),
    };
    const handler = createCheckoutHandler(
      baseOptions({ fetch: payfect.fetch, idempotency: { store }, onError: (error) => errors.push(error) }),
    );
    const response = await handler(keyed('down'));
    assert.equal(response.status, 503);
    assert.equal((await errorOf(response)).code, 'store_unavailable');
    assert.equal(payfect.calls.length, 0);
    assert.equal(errors[0]?.code, 'store_unavailable');
  });

  it('uses an injected store, and a store that fails to save still gives the buyer the checkout', async () => {
    const completed: string[] = [];
    const errors: CheckoutError[] = [];
    const store: IdempotencyStore = {
      reserve: async () => ({ state: 'reserved', token: 'held' }),
      renew: async () => true,
      complete: async (key, token) => {
        completed.push(`${key} ${token}`);
        throw new Error('redis is down');
      },
      release: () => assert.fail('a created checkout is completed, not released'),
    };
    const handler = createCheckoutHandler(
      baseOptions({ fetch: numberedPayfect().fetch, idempotency: { store }, onError: (error) => errors.push(error) }),
    );
    const response = await handler(keyed('s'), { clientAddress: '192.0.2.7' });
    assert.equal(response.status, 200);
    assert.deepEqual(completed, ['192.0.2.7\ns held']);
    assert.equal(errors[0]?.code, 'store_unavailable');
  });

  it('answers the creation error, and reports the store, when releasing fails', async () => {
    const errors: CheckoutError[] = [];
    const store: IdempotencyStore = {
      reserve: async () => ({ state: 'reserved', token: 'held' }),
      renew: async () => true,
      complete: () => assert.fail('nothing was created'),
      release: async () => {
        throw new Error('redis is down');
      },
    };
    const payfect = fakePayfect(() => Response.json({ detail: 'down' }, { status: 500 }));
    const handler = createCheckoutHandler(baseOptions({ fetch: payfect.fetch, idempotency: { store }, onError: (error) => errors.push(error) }));
    const response = await handler(keyed('s'));
    assert.equal(response.status, 502);
    assert.deepEqual(errors.map((error) => error.code).sort(), ['payfect_error', 'store_unavailable']);
  });
});

describe('Idempotency-Key: the store layer', () => {
  it('a custom store that never answers reserve is 503 store_unavailable once its time limit passed, and creates nothing', async (t) => {
    t.mock.timers.enable({ apis: ['setTimeout', 'Date'] });
    const payfect = numberedPayfect();
    const store: IdempotencyStore = {
      reserve: () => new Promise(() => {}),
      renew: () => assert.fail('nothing to renew'),
      complete: () => assert.fail('nothing to complete'),
      release: () => assert.fail('nothing to release'),
    };
    const answer = createCheckoutHandler(baseOptions({ fetch: payfect.fetch, idempotency: { store } }))(keyed('hung'));
    assert.ok(await settlesWithin(t, answer, 3_000), 'answered within the store time limit');
    const response = await answer;
    assert.equal(response.status, 503);
    assert.equal((await errorOf(response)).code, 'store_unavailable');
    assert.equal(payfect.calls.length, 0);
  });

  it('a custom store that never answers complete still gives the buyer the checkout once its time limit passed', async (t) => {
    t.mock.timers.enable({ apis: ['setTimeout', 'Date'] });
    const errors: CheckoutError[] = [];
    const store: IdempotencyStore = {
      reserve: async () => ({ state: 'reserved', token: 'held' }),
      renew: async () => true,
      complete: () => new Promise(() => {}),
      release: () => assert.fail('a created checkout is completed, not released'),
    };
    const handler = createCheckoutHandler(
      baseOptions({ fetch: numberedPayfect().fetch, idempotency: { store }, onError: (error) => errors.push(error) }),
    );
    const answer = handler(keyed('hangs-on-complete'));
    assert.ok(await settlesWithin(t, answer, 3_000), 'answered within the store time limit');
    assert.equal((await answer).status, 200);
    assert.equal(errors[0]?.code, 'store_unavailable');
  });

  it('a reserve that timed out gives its key back when the store answers late, so a retried purchase creates at once', async (t) => {
    t.mock.timers.enable({ apis: ['setTimeout', 'Date'] });
    const payfect = numberedPayfect();
    const { store, pausable } = pausableIdempotencyStore();
    const handler = createCheckoutHandler(baseOptions({ fetch: payfect.fetch, idempotency: { store } }));
    pausable.pause();
    const first = handler(keyed('stalled'));
    assert.ok(await settlesWithin(t, first, 3_000), 'answered within the store time limit');
    assert.equal((await errorOf(await first)).code, 'store_unavailable');
    pausable.resume();
    await until(() => pausable.releases.length === 1, 'the late token to be released');
    const retry = handler(keyed('stalled'));
    assert.ok(await settlesWithin(t, retry, 3_000), 'the retry did not wait for an orphaned lease');
    const response = await retry;
    assert.equal(response.status, 200);
    assert.equal(response.headers.get('idempotent-replayed'), null);
    assert.equal(payfect.calls.length, 1);
  });

  it('refuses at construction a custom store without renew(), which a slow checkout needs to keep its key', () => {
    const store = { reserve: async () => ({ state: 'reserved', token: 't' }), complete: () => {}, release: () => {} };
    assert.throws(
      () => createCheckoutHandler(baseOptions({ idempotency: { store: store as unknown as IdempotencyStore } })),
      (error: unknown) => error instanceof TypeError && /idempotency\.store.*renew\(\)/.test(error.message),
    );
  });

  /** Each merchant hook the lease guards, made to wait on `opened`. */
  const slowHooks: Record<string, (wait: () => Promise<void>) => Partial<CheckoutHandlerOptions>> = {
    catalog: (wait) => ({ catalog: async (productId) => (await wait(), CATALOG[productId]) }),
    clientReferenceId: (wait) => ({ clientReferenceId: async () => (await wait(), 'order-1') }),
    onCheckoutCreated: (wait) => ({ onCheckoutCreated: wait }),
  };
  for (const [hook, slowOptions] of Object.entries(slowHooks)) {
    it(`${hook} slower than any lease keeps the key: another instance creates no second checkout and replays the first`, async (t) => {
      t.mock.timers.enable({ apis: ['setTimeout', 'Date'] });
      const payfect = numberedPayfect();
      const { store, pausable } = pausableIdempotencyStore();
      const slow = gate();
      let entered = 0;
      const wait = async () => {
        entered++;
        await slow.opened;
      };
      const [first, second] = [0, 1].map(() =>
        createCheckoutHandler(baseOptions({ fetch: payfect.fetch, idempotency: { store }, ...slowOptions(wait) })),
      );
      const firstAnswer = first!(keyed('slow'));
      await until(() => entered === 1, `${hook} to start`);
      assert.equal(await settlesWithin(t, firstAnswer, 10 * 60_000, 1_000), false, `${hook} runs for ten minutes`);
      const secondAnswer = second!(keyed('slow'));
      await until(() => pausable.reserves === 2, 'the second to ask the store');
      assert.equal(await settlesWithin(t, secondAnswer, 1_000), false, 'the second waits for the holder');
      slow.open();
      assert.ok(await settlesWithin(t, Promise.allSettled([firstAnswer, secondAnswer]), 60_000));
      const created = await (await firstAnswer).json();
      assert.equal(payfect.calls.length, 1);
      const secondResponse = await secondAnswer;
      // Within its wait the second replays; past it, it is told to try again, and the retry replays.
      if (secondResponse.status !== 200) assert.equal((await errorOf(secondResponse)).code, 'store_unavailable');
      else assert.equal((await secondResponse.json()).id, created.id);
      const retried = await second!(keyed('slow'));
      assert.equal((await retried.json()).id, created.id);
      assert.equal(retried.headers.get('idempotent-replayed'), 'true');
      assert.equal(payfect.calls.length, 1);
    });
  }
});

describe('MemoryIdempotencyStore', () => {
  const session = { id: 'x', url: 'https://x', status: 'open', amountTotal: null, currency: null, expiresAt: null, isLivemode: false } as const;

  it('lets the first writer reserve, tells the others, and stores only for the token holder', () => {
    const store = new MemoryIdempotencyStore();
    const first = store.reserve('k', 'f1', 1000);
    assert.equal(first.state, 'reserved');
    assert.deepEqual(store.reserve('k', 'f2', 1000), { state: 'in_progress', fingerprint: 'f1' });
    store.complete('k', 'someone-else', { fingerprint: 'f2', session }, 60_000);
    assert.equal(store.reserve('k', 'f1', 1000).state, 'in_progress');
    store.release('k', 'someone-else');
    assert.equal(store.reserve('k', 'f1', 1000).state, 'in_progress');
    if (first.state !== 'reserved') throw new Error('unreachable');
    store.complete('k', first.token, { fingerprint: 'f1', session }, 60_000);
    assert.deepEqual(store.reserve('k', 'f1', 1000), { state: 'stored', value: { fingerprint: 'f1', session } });
  });

  it('ends a lease after leaseMs, and a stored checkout after its ttl', () => {
    let now = 0;
    const store = new MemoryIdempotencyStore({ now: () => now });
    const held = store.reserve('k', 'f', 10);
    now = 10;
    const next = store.reserve('k', 'f', 10);
    assert.equal(next.state, 'reserved');
    if (held.state !== 'reserved' || next.state !== 'reserved') throw new Error('unreachable');
    // The first holder's lease is over: its late complete must not overwrite the new holder's key.
    store.complete('k', held.token, { fingerprint: 'f', session }, 60_000);
    assert.equal(store.reserve('k', 'f', 10).state, 'in_progress');
    store.complete('k', next.token, { fingerprint: 'f', session }, 20);
    now = 29;
    assert.equal(store.reserve('k', 'f', 10).state, 'stored');
    now = 30;
    assert.equal(store.reserve('k', 'f', 10).state, 'reserved');
  });

  it('renews only the live reservation of the token holder', () => {
    let now = 0;
    const store = new MemoryIdempotencyStore({ now: () => now });
    const held = store.reserve('k', 'f', 1_000);
    if (held.state !== 'reserved') throw new Error('expected a reservation');
    assert.equal(store.renew('k', 'someone-else', 1_000), false);
    now = 900;
    assert.equal(store.renew('k', held.token, 1_000), true);
    now = 1_899;
    assert.equal(store.reserve('k', 'f', 1_000).state, 'in_progress');
    now = 1_900;
    assert.equal(store.renew('k', held.token, 1_000), false);
    const next = store.reserve('k', 'f', 1_000);
    if (next.state !== 'reserved') throw new Error('expected a reservation after the lease ended');
    store.complete('k', next.token, { fingerprint: 'f', session }, 60_000);
    assert.equal(store.renew('k', next.token, 1_000), false);
  });

  it('holds at most maxEntries, dropping the least recently used', () => {
    const store = new MemoryIdempotencyStore({ maxEntries: 3 });
    for (let i = 0; i < 10; i++) store.reserve(`k${i}`, 'f', 60_000);
    assert.equal(store.size, 3);
    assert.equal(store.reserve('k0', 'f', 60_000).state, 'reserved');
    assert.equal(store.reserve('k9', 'f', 60_000).state, 'in_progress');
  });

  it('is bounded to 10000 entries by default', () => {
    assert.equal(new MemoryIdempotencyStore().maxEntries, 10_000);
  });
});
