import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, it } from 'node:test';
import {
  MemoryCompletionStore,
  createCallbackHandler,
  type CallbackHandlerOptions,
  type CheckoutError,
  type CompletionStore,
  type PayfectCallback,
  type PayfectCheckout,
} from '../../src/server/index.js';
import { toNodeListener } from '../../src/server/http/node-adapter.js';
import { fernetEncrypt, generateFernetKey } from '../../src/shared/fernet.js';
import { errorOf } from './checkout-fixtures.js';
import { API_KEY, fakePayfect, hangingPayfect, payfectCheckoutReply, queryablePayfect } from './fake-payfect.js';
import { gate, pausableCompletionStore, settlesWithin, until } from './store-faults.js';

const SIGNING_KEY = generateFernetKey();
const CALLBACK_URL = 'https://shop.example/payfect/callback';
const ID = 'ed8d24aa-a860-426b-8e56-87cb9f55a081';

/** Payfect's documented callback payload (docs/payfect-api/callback.md) for the checkout `paid()` returns. */
function notification(overrides: Record<string, unknown> = {}): PayfectCallback {
  return {
    id: ID,
    amount: '20.50',
    status: 'succeeded',
    currency: 'usdt',
    merchant: 'bf065cc8-343d-4419-be7d-ed2190f1df4d',
    is_livemode: false,
    payment_intent: 'b7c30e83-5439-47b2-ac4d-81c64c1d0174',
    payment_method: { id: '74fa9095-b553-4607-b282-70ef7597a2e8', payment_method_detail: { network: 'tron', currency: 'usdt' } },
    client_reference_id: 'order-123',
    ...overrides,
  };
}

/** What Query answers for a paid checkout: the same amount, currency and reference as the notification. */
function paid(overrides: Record<string, unknown> = {}): PayfectCheckout {
  return payfectCheckoutReply({ status: 'complete', amountTotal: '20.50', currency: 'usdt', clientReferenceId: 'order-123', ...overrides });
}

/** A POST as Payfect sends it; `signature` is the header value, or undefined for none. */
function callback(body: unknown, signature?: string): Request {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (signature !== undefined) headers['x-payfect-signature'] = signature;
  return new Request(CALLBACK_URL, { method: 'POST', headers, body: typeof body === 'string' ? body : JSON.stringify(body) });
}

async function signed(body: unknown, key = SIGNING_KEY): Promise<Request> {
  return callback(body, await fernetEncrypt(key, JSON.stringify(body)));
}

function setup(overrides: Partial<CallbackHandlerOptions> = {}, checkouts = new Map([[ID, paid()]])) {
  const payfect = queryablePayfect(checkouts);
  const fulfilled: Array<[PayfectCheckout, PayfectCallback]> = [];
  const errors: CheckoutError[] = [];
  const handler = createCallbackHandler({
    apiKey: API_KEY,
    signingKey: SIGNING_KEY,
    fetch: payfect.fetch,
    onCompleted: (checkout, sent) => {
      fulfilled.push([checkout, sent]);
    },
    onError: (error) => errors.push(error),
    ...overrides,
  });
  return { handler, payfect, fulfilled, errors, checkouts };
}

async function codeOf(response: Response): Promise<string> {
  return (await errorOf(response)).code;
}

describe('createCallbackHandler: a genuine notification', () => {
  it('is confirmed with Query, then onCompleted gets Query’s checkout and the notification, then 200', async () => {
    const { handler, payfect, fulfilled } = setup();
    const response = await handler(await signed(notification()));
    assert.equal(response.status, 200);
    assert.equal(payfect.calls.length, 1);
    assert.equal(payfect.calls[0]!.method, 'GET');
    assert.equal(payfect.calls[0]!.url, `https://api.payfect.finance/api/v1/checkouts/${ID}/`);
    assert.equal(payfect.calls[0]!.headers.get('authorization'), `Api-Key ${API_KEY}`);
    assert.equal(fulfilled.length, 1);
    assert.deepEqual(fulfilled[0]![0], paid());
    assert.equal(fulfilled[0]![0].status, 'complete');
    assert.deepEqual(fulfilled[0]![1], notification());
  });

  it('signed with other key order and spacing still matches the body', async () => {
    const { handler, fulfilled } = setup();
    const body = notification();
    const reordered = Object.fromEntries(Object.entries(body).reverse());
    const token = await fernetEncrypt(SIGNING_KEY, JSON.stringify(reordered, null, 2));
    assert.equal((await handler(callback(body, token))).status, 200);
    assert.equal(fulfilled.length, 1);
  });

  it('without a signingKey, is confirmed by Query alone', async () => {
    const { handler, fulfilled } = setup({ signingKey: undefined });
    assert.equal((await handler(callback(notification()))).status, 200);
    assert.equal(fulfilled.length, 1);
  });
});

describe('createCallbackHandler: the signature', () => {
  it('missing is 401 signature_invalid, before any Query or fulfilment', async () => {
    const { handler, payfect, fulfilled } = setup();
    const response = await handler(callback(notification()));
    assert.equal(response.status, 401);
    assert.equal(await codeOf(response), 'signature_invalid');
    assert.equal(payfect.calls.length, 0);
    assert.equal(fulfilled.length, 0);
  });

  it('made with another key is 401', async () => {
    const { handler, fulfilled } = setup();
    const response = await handler(await signed(notification(), generateFernetKey()));
    assert.equal(response.status, 401);
    assert.equal(await codeOf(response), 'signature_invalid');
    assert.equal(fulfilled.length, 0);
  });

  it('genuine, over a body altered after signing, is 401', async () => {
    const { handler, fulfilled } = setup({}, new Map([[ID, paid({ clientReferenceId: 'order-EXPENSIVE-5000' })]]));
    const token = await fernetEncrypt(SIGNING_KEY, JSON.stringify(notification()));
    const response = await handler(callback(notification({ client_reference_id: 'order-EXPENSIVE-5000' }), token));
    assert.equal(response.status, 401);
    assert.equal(await codeOf(response), 'signature_invalid');
    assert.equal(fulfilled.length, 0);
  });

  it('that is not a token, or signs something that is not JSON, is 401', async () => {
    const { handler } = setup();
    assert.equal((await handler(callback(notification(), 'not-a-token'))).status, 401);
    assert.equal((await handler(callback(notification(), await fernetEncrypt(SIGNING_KEY, 'hello')))).status, 401);
  });

  it('bad together with a bad body answers 400: the body is judged first', async () => {
    const { handler } = setup();
    const response = await handler(callback({ id: ID, status: 'succeeded' }, 'not-a-token'));
    assert.equal(response.status, 400);
    const error = await errorOf(response);
    assert.equal(error.code, 'invalid_request');
    assert.ok(error.fields && 'amount' in error.fields);
    const unparsable = await handler(callback('{"id":', 'not-a-token'));
    assert.equal(unparsable.status, 400);
    assert.equal(await codeOf(unparsable), 'invalid_json');
  });

  for (const signingKey of ['secret', `${generateFernetKey()}\n`, generateFernetKey().slice(1)]) {
    it(`a signingKey that is not a Fernet key (${JSON.stringify(signingKey.slice(-8))}) is a TypeError`, () => {
      assert.throws(() => setup({ signingKey }), (error: unknown) => error instanceof TypeError && /signingKey/.test(error.message));
    });
  }
});

describe('createCallbackHandler: Query is the truth', () => {
  const disagreements: Array<[string, Map<string, PayfectCheckout>, PayfectCallback]> = [
    ['an open checkout', new Map([[ID, paid({ status: 'open' })]]), notification()],
    ['an expired checkout', new Map([[ID, paid({ status: 'expired' })]]), notification()],
    ['an unknown checkout (Query answers 404)', new Map(), notification()],
    ['an amount Query disagrees with', new Map([[ID, paid({ amountTotal: '0.10' })]]), notification()],
    ['a currency Query disagrees with', new Map([[ID, paid({ currency: 'usdc' })]]), notification()],
    ['a reference Query disagrees with', new Map([[ID, paid({ clientReferenceId: 'order-cheap' })]]), notification()],
    ['a reference Query does not have', new Map([[ID, paid({ clientReferenceId: null })]]), notification()],
  ];
  for (const [label, checkouts, sent] of disagreements) {
    it(`a signed notification for ${label} is 409 checkout_not_complete, and nothing is fulfilled`, async () => {
      const { handler, fulfilled } = setup({}, checkouts);
      const response = await handler(await signed(sent));
      assert.equal(response.status, 409);
      assert.equal(await codeOf(response), 'checkout_not_complete');
      assert.equal(fulfilled.length, 0);
    });
  }

  it('the same amount at another scale, and the currency in capitals, agree', async () => {
    const { handler, fulfilled } = setup({}, new Map([[ID, paid({ amountTotal: '20.5', currency: 'USDT' })]]));
    assert.equal((await handler(await signed(notification({ amount: '20.500' })))).status, 200);
    assert.equal(fulfilled.length, 1);
  });

  it('a forged unsigned notification, with no signingKey set, for an open checkout is 409', async () => {
    const { handler, fulfilled } = setup({ signingKey: undefined }, new Map([[ID, paid({ status: 'open' })]]));
    assert.equal((await handler(callback(notification()))).status, 409);
    assert.equal(fulfilled.length, 0);
  });

  it('once the checkout is paid, the sender’s retry of a 409 fulfils', async () => {
    const { handler, fulfilled, checkouts } = setup({}, new Map([[ID, paid({ status: 'open' })]]));
    assert.equal((await handler(await signed(notification()))).status, 409);
    checkouts.set(ID, paid());
    assert.equal((await handler(await signed(notification()))).status, 200);
    assert.equal(fulfilled.length, 1);
  });

  it('Query failing is 502 payfect_error, and hanging is 504 payfect_timeout; neither fulfils', async () => {
    const failing = setup({ fetch: fakePayfect(() => new Response('down', { status: 500 })).fetch });
    const down = await failing.handler(await signed(notification()));
    assert.equal(down.status, 502);
    assert.equal(await codeOf(down), 'payfect_error');
    const hanging = setup({ fetch: hangingPayfect().fetch, timeoutMs: 30 });
    const slow = await hanging.handler(await signed(notification()));
    assert.equal(slow.status, 504);
    assert.equal(await codeOf(slow), 'payfect_timeout');
    assert.equal(failing.fulfilled.length + hanging.fulfilled.length, 0);
  });

  it('Query answering another checkout than the one asked for is 502', async () => {
    const { handler, fulfilled } = setup({ fetch: fakePayfect(() => Response.json(paid({ id: 'someone-else' }))).fetch });
    const response = await handler(await signed(notification()));
    assert.equal(response.status, 502);
    assert.equal(await codeOf(response), 'payfect_invalid_response');
    assert.equal(fulfilled.length, 0);
  });
});

describe('createCallbackHandler: exactly once', () => {
  it('a replay is acknowledged with 200 and not fulfilled again', async () => {
    const { handler, fulfilled } = setup();
    const request = await signed(notification());
    assert.equal((await handler(request.clone())).status, 200);
    assert.equal((await handler(request.clone())).status, 200);
    assert.equal((await handler(request)).status, 200);
    assert.equal(fulfilled.length, 1);
  });

  it('ten concurrent copies run onCompleted once, and all ten answer 200 only after it resolved', async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let runs = 0;
    let done = false;
    const { handler } = setup({
      onCompleted: async () => {
        runs++;
        await gate;
        done = true;
      },
    });
    const copies = await Promise.all(Array.from({ length: 10 }, () => signed(notification())));
    const answers = copies.map((copy) => handler(copy).then((response) => ({ response, doneWhenAnswered: done })));
    // Let every copy reach the handler's wait before fulfilment finishes.
    await new Promise((resolve) => setImmediate(resolve));
    release();
    const settled = await Promise.all(answers);
    assert.equal(runs, 1);
    for (const { response, doneWhenAnswered } of settled) {
      assert.equal(response.status, 200);
      assert.equal(doneWhenAnswered, true);
    }
  });

  it('two instances sharing one store: the copy that finds the other’s reservation answers 200 once it is completed', async () => {
    const store = new MemoryCompletionStore();
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let started!: () => void;
    const running = new Promise<void>((resolve) => (started = resolve));
    let runs = 0;
    const onCompleted = async () => {
      runs++;
      started();
      await gate;
    };
    const first = setup({ store, onCompleted });
    const second = setup({ store, onCompleted });
    const firstAnswer = first.handler(await signed(notification()));
    await running;
    const secondAnswer = second.handler(await signed(notification()));
    let secondSettled = false;
    void secondAnswer.then(() => (secondSettled = true));
    await new Promise((resolve) => setImmediate(resolve));
    assert.equal(secondSettled, false, 'no 2xx before onCompleted succeeded');
    release();
    assert.equal((await firstAnswer).status, 200);
    assert.equal((await secondAnswer).status, 200);
    assert.equal(runs, 1);
  });

  it('a copy that finds another instance’s reservation held too long answers 409, so the sender retries', async (t) => {
    t.mock.timers.enable({ apis: ['setTimeout', 'Date'] });
    let reserves = 0;
    const store: CompletionStore = {
      reserve: async () => (reserves++, { state: 'in_progress' }),
      renew: async () => false,
      complete: async () => {},
      release: async () => {},
      isCompleted: async () => false,
    };
    const { handler, fulfilled } = setup({ store });
    const request = await signed(notification());
    let settled = false;
    const answer = handler(request).finally(() => (settled = true));
    while (!settled) {
      await new Promise((resolve) => setImmediate(resolve));
      t.mock.timers.tick(1_000);
    }
    const response = await answer;
    assert.equal(response.status, 409);
    assert.equal(await codeOf(response), 'checkout_not_complete');
    assert.ok(reserves > 1, 'the store was polled');
    assert.equal(fulfilled.length, 0);
  });

  it('a fulfilment that throws is 500 fulfilment_failed; the sender’s retry fulfils, and later copies are acknowledged', async () => {
    let calls = 0;
    const { handler, errors } = setup({
      onCompleted: () => {
        calls++;
        if (calls === 1) throw new Error('the warehouse is down');
      },
    });
    const failed = await handler(await signed(notification()));
    assert.equal(failed.status, 500);
    const answered = await errorOf(failed);
    assert.equal(answered.code, 'fulfilment_failed');
    assert.doesNotMatch(answered.message, /warehouse/);
    assert.match(String((errors.find((error) => error.code === 'fulfilment_failed')!.cause as Error).message), /warehouse/);
    assert.equal((await handler(await signed(notification()))).status, 200);
    assert.equal((await handler(await signed(notification()))).status, 200);
    assert.equal(calls, 2);
  });

  it('a store that fails is 503 store_unavailable, and nothing is fulfilled', async () => {
    const store: CompletionStore = {
      reserve: () => Promise.reject(new Error('ECONNREFUSED')),
      renew: async () => false,
      complete: async () => {},
      release: async () => {},
      isCompleted: async () => false,
    };
    const { handler, fulfilled } = setup({ store });
    const response = await handler(await signed(notification()));
    assert.equal(response.status, 503);
    assert.equal(await codeOf(response), 'store_unavailable');
    assert.equal(fulfilled.length, 0);
  });

  it('a store that hangs is 503 store_unavailable once its time limit passed', async (t) => {
    t.mock.timers.enable({ apis: ['setTimeout'] });
    let reserving!: () => void;
    const reserved = new Promise<void>((resolve) => (reserving = resolve));
    const store: CompletionStore = {
      reserve: () => (reserving(), new Promise(() => {})),
      renew: async () => false,
      complete: async () => {},
      release: async () => {},
      isCompleted: async () => false,
    };
    const { handler, fulfilled } = setup({ store });
    const answer = handler(await signed(notification()));
    await reserved;
    t.mock.timers.tick(2_000);
    const response = await answer;
    assert.equal(response.status, 503);
    assert.equal(await codeOf(response), 'store_unavailable');
    assert.equal(fulfilled.length, 0);
  });

  it('a store that cannot record the fulfilment still answers 200 (onCompleted succeeded) and tells onError', async () => {
    const memory = new MemoryCompletionStore();
    const store: CompletionStore = {
      reserve: (id, lease) => memory.reserve(id, lease),
      renew: (id, token, lease) => memory.renew(id, token, lease),
      complete: () => Promise.reject(new Error('READONLY')),
      release: (id, token) => memory.release(id, token),
      isCompleted: (id) => memory.isCompleted(id),
    };
    const { handler, fulfilled, errors } = setup({ store });
    assert.equal((await handler(await signed(notification()))).status, 200);
    assert.equal(fulfilled.length, 1);
    assert.deepEqual(errors.map((error) => error.code), ['store_unavailable']);
  });
});

describe('createCallbackHandler without signingKey: an unverified notification holds nothing', () => {
  /** Query that answers only once `opened` resolves, counting the Queries asked. */
  function gatedQuery(opened: Promise<void>, checkouts = new Map([[ID, paid()]])) {
    const payfect = queryablePayfect(checkouts);
    const asked = { count: 0 };
    const fetch = (async (input: RequestInfo | URL, init?: RequestInit) => {
      asked.count++;
      await opened;
      return payfect.fetch(input, init);
    }) as typeof globalThis.fetch;
    return { fetch, asked };
  }

  it('a forged notification in flight does not make the genuine one share its 409', async () => {
    const query = gate();
    const { fetch, asked } = gatedQuery(query.opened);
    const { handler, fulfilled } = setup({ signingKey: undefined, fetch });
    const forged = handler(callback(notification({ amount: '0.01' })));
    await until(() => asked.count === 1, "the forged notification's Query");
    const genuine = handler(callback(notification()));
    query.open();
    assert.equal((await forged).status, 409);
    assert.equal((await genuine).status, 200);
    assert.equal(fulfilled.length, 1);
    assert.deepEqual(fulfilled[0]![1], notification());
  });

  it('a forged notification whose Query is still pending does not hold the checkout from the genuine one on another instance', async () => {
    const store = new MemoryCompletionStore();
    const stalled = gate();
    const { fetch, asked } = gatedQuery(stalled.opened);
    const attacked = setup({ signingKey: undefined, store, fetch });
    const other = setup({ signingKey: undefined, store });
    const forged = attacked.handler(callback(notification({ amount: '0.01' })));
    await until(() => asked.count === 1, "the forged notification's Query");
    const genuine = await other.handler(callback(notification()));
    assert.equal(genuine.status, 200);
    assert.equal(other.fulfilled.length, 1);
    stalled.open();
    assert.equal((await forged).status, 409);
    assert.equal(attacked.fulfilled.length, 0);
  });

  it('copies with the same body share one run: onCompleted runs once and each answers 200', async () => {
    const query = gate();
    const { fetch, asked } = gatedQuery(query.opened);
    const { handler, fulfilled } = setup({ signingKey: undefined, fetch });
    const copies = Array.from({ length: 5 }, () => handler(callback(notification())));
    await until(() => asked.count === 1, 'the first Query');
    query.open();
    assert.deepEqual((await Promise.all(copies)).map((response) => response.status), Array(5).fill(200));
    assert.equal(asked.count, 1);
    assert.equal(fulfilled.length, 1);
  });

  it('every unsigned replay costs one Query before it is acknowledged; with signingKey a replay costs none', async () => {
    const unsigned = setup({ signingKey: undefined });
    for (let copy = 0; copy < 3; copy++) assert.equal((await unsigned.handler(callback(notification()))).status, 200);
    assert.equal(unsigned.payfect.calls.length, 3);
    assert.equal(unsigned.fulfilled.length, 1);
    const signedOnly = setup();
    for (let copy = 0; copy < 3; copy++) assert.equal((await signedOnly.handler(await signed(notification()))).status, 200);
    assert.equal(signedOnly.payfect.calls.length, 1);
    assert.equal(signedOnly.fulfilled.length, 1);
  });
});

describe('createCallbackHandler: the lease on a checkout', () => {
  it('a reserve that timed out gives its token back when the store answers late, so the sender’s retry fulfils at once', async (t) => {
    t.mock.timers.enable({ apis: ['setTimeout', 'Date'] });
    const { store, pausable } = pausableCompletionStore();
    const { handler, fulfilled } = setup({ signingKey: undefined, store });
    pausable.pause();
    const first = handler(callback(notification()));
    assert.ok(await settlesWithin(t, first, 3_000), 'answered within the store time limit');
    assert.equal(await codeOf(await first), 'store_unavailable');
    // The store comes back and does the reserve it was sent: that token is no one's, and must not hold the checkout.
    pausable.resume();
    await until(() => pausable.releases.length === 1, 'the late token to be released');
    const retry = handler(callback(notification()));
    assert.ok(await settlesWithin(t, retry, 3_000), 'the retry did not wait for an orphaned lease');
    assert.equal((await retry).status, 200);
    assert.equal(fulfilled.length, 1);
  });

  it('refuses at construction a custom store without renew(), which a slow onCompleted needs to keep its reservation', () => {
    const store = { reserve: async () => ({ state: 'completed' }), complete: async () => {}, release: async () => {}, isCompleted: async () => true };
    assert.throws(
      () => setup({ store: store as unknown as CompletionStore }),
      (error: unknown) => error instanceof TypeError && /`store`.*renew\(\)/.test(error.message),
    );
  });

  it('an onCompleted that outlives any lease keeps its reservation: a copy on another instance waits, and onCompleted runs once', async (t) => {
    t.mock.timers.enable({ apis: ['setTimeout', 'Date'] });
    const { store, pausable } = pausableCompletionStore();
    const slow = gate();
    let runs = 0;
    const onCompleted = async () => {
      runs++;
      await slow.opened;
    };
    const first = setup({ store, onCompleted, signingKey: undefined });
    const second = setup({ store, onCompleted, signingKey: undefined });
    const firstAnswer = first.handler(callback(notification()));
    await until(() => runs === 1, 'onCompleted to start');
    assert.equal(await settlesWithin(t, firstAnswer, 10 * 60_000, 1_000), false, 'onCompleted runs for ten minutes');
    const copy = second.handler(callback(notification()));
    await until(() => pausable.reserves === 2, 'the copy to ask the store');
    assert.equal(await settlesWithin(t, copy, 1_000), false, 'the copy waits for the holder');
    slow.open();
    assert.ok(await settlesWithin(t, Promise.all([firstAnswer, copy]), 10_000));
    assert.equal((await firstAnswer).status, 200);
    assert.equal((await copy).status, 200);
    assert.equal(runs, 1);
  });
});

describe('createCallbackHandler: what it accepts', () => {
  it('answers 405 with Allow: POST to other methods', async () => {
    const { handler } = setup();
    const response = await handler(new Request(CALLBACK_URL, { method: 'GET' }));
    assert.equal(response.status, 405);
    assert.equal(response.headers.get('allow'), 'POST');
    assert.equal(await codeOf(response), 'method_not_allowed');
  });

  it('answers 413 to a body over maxBodyBytes, read no further', async () => {
    const { handler } = setup({ maxBodyBytes: 1_000 });
    let pulled = 0;
    const endless = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulled += 64 * 1024;
        controller.enqueue(new Uint8Array(64 * 1024).fill(32));
      },
    });
    const response = await handler(
      new Request(CALLBACK_URL, { method: 'POST', body: endless, duplex: 'half', headers: { 'content-type': 'application/json' } } as RequestInit),
    );
    assert.equal(response.status, 413);
    assert.ok(pulled <= 4 * 64 * 1024, `pulled ${pulled} bytes`);
  });

  it('never shows the API key, even when onCompleted throws with it', async () => {
    const { handler, errors } = setup({
      onCompleted: () => {
        throw new Error(`db auth failed for ${API_KEY}`);
      },
    });
    const response = await handler(await signed(notification()));
    const text = await response.text();
    assert.equal(response.status, 500);
    assert.equal(text.includes(API_KEY), false);
    assert.equal(JSON.stringify(errors.map((error) => [error.message, String((error.cause as Error).message)])).includes(API_KEY), false);
  });
});

describe('MemoryCompletionStore', () => {
  it('reserves first-writer-wins, then remembers the completion until its ttl', async () => {
    let now = 0;
    const store = new MemoryCompletionStore({ now: () => now });
    const first = await store.reserve('a', 1_000);
    assert.equal(first.state, 'reserved');
    assert.equal((await store.reserve('a', 1_000)).state, 'in_progress');
    await store.complete('a', (first as { token: string }).token, 5_000);
    assert.equal((await store.reserve('a', 1_000)).state, 'completed');
    now = 5_000;
    assert.equal((await store.reserve('a', 1_000)).state, 'reserved');
  });

  it('lets a reservation go on release (with its token only) or when its lease ends', async () => {
    let now = 0;
    const store = new MemoryCompletionStore({ now: () => now });
    const held = (await store.reserve('a', 1_000)) as { token: string };
    await store.release('a', 'someone-else');
    assert.equal((await store.reserve('a', 1_000)).state, 'in_progress');
    await store.release('a', held.token);
    assert.equal((await store.reserve('a', 1_000)).state, 'reserved');
    now = 1_000;
    assert.equal((await store.reserve('a', 1_000)).state, 'reserved');
  });

  it('renews only the live reservation of the token holder', async () => {
    let now = 0;
    const store = new MemoryCompletionStore({ now: () => now });
    const held = (await store.reserve('a', 1_000)) as { token: string };
    assert.equal(await store.renew('a', 'someone-else', 1_000), false);
    now = 900;
    assert.equal(await store.renew('a', held.token, 1_000), true);
    now = 1_899;
    assert.equal((await store.reserve('a', 1_000)).state, 'in_progress');
    now = 1_900;
    assert.equal(await store.renew('a', held.token, 1_000), false);
    assert.equal((await store.reserve('a', 1_000)).state, 'reserved');
    await store.complete('a', 'any', 5_000);
    assert.equal(await store.renew('a', held.token, 1_000), false);
  });

  it('holds at most maxEntries, forgetting the oldest completed first, never a live reservation', async () => {
    const store = new MemoryCompletionStore({ maxEntries: 3 });
    for (const id of ['a', 'b']) {
      const { token } = (await store.reserve(id, 60_000)) as { token: string };
      await store.complete(id, token, 60_000);
    }
    await store.reserve('live', 60_000);
    for (let index = 0; index < 100; index++) {
      const id = `c${index}`;
      const { token } = (await store.reserve(id, 60_000)) as { token: string };
      await store.complete(id, token, 60_000);
      assert.ok(store.size <= 3);
    }
    assert.equal((await store.reserve('live', 60_000)).state, 'in_progress');
    assert.equal((await store.reserve('c99', 60_000)).state, 'completed');
    assert.equal((await store.reserve('a', 60_000)).state, 'reserved');
  });

  it('refuses to reserve when full of live reservations, rather than forget one', async () => {
    const store = new MemoryCompletionStore({ maxEntries: 2 });
    await store.reserve('a', 60_000);
    await store.reserve('b', 60_000);
    await assert.rejects(store.reserve('c', 60_000), /full/);
    assert.equal((await store.reserve('a', 60_000)).state, 'in_progress');
  });
});

describe('createCallbackHandler through toNodeListener, over a real socket', () => {
  it('fulfils a signed notification once and acknowledges its replay', async () => {
    const { handler, fulfilled } = setup();
    const server = createServer(toNodeListener(handler));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = server.address() as AddressInfo;
      const body = JSON.stringify(notification());
      const token = await fernetEncrypt(SIGNING_KEY, body);
      const send = () =>
        fetch(`http://127.0.0.1:${port}/payfect/callback`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-payfect-signature': token },
          body,
        });
      assert.equal((await send()).status, 200);
      assert.equal((await send()).status, 200);
      assert.equal(fulfilled.length, 1);
      const unsigned = await fetch(`http://127.0.0.1:${port}/payfect/callback`, { method: 'POST', body });
      assert.equal(unsigned.status, 401);
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
