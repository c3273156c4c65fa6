import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createCheckoutHandler, MemoryRateLimitStore, type RateLimitStore } from '../../src/server/index.js';
import { baseOptions, errorOf, post, wireBody } from './checkout-fixtures.js';
import { fakePayfect } from './fake-payfect.js';

describe('rate limit', () => {
  it('answers 429 rate_limited with Retry-After in seconds after max requests per window', async () => {
    const payfect = fakePayfect();
    const handler = createCheckoutHandler(baseOptions({ fetch: payfect.fetch, rateLimit: { max: 3, windowMs: 30_000 } }));
    for (let i = 0; i < 3; i++) assert.equal((await handler(post(wireBody()), { clientAddress: '203.0.113.1' })).status, 200);
    const response = await handler(post(wireBody()), { clientAddress: '203.0.113.1' });
    assert.equal(response.status, 429);
    assert.equal((await errorOf(response)).code, 'rate_limited');
    const retryAfter = Number(response.headers.get('retry-after'));
    assert.ok(Number.isInteger(retryAfter) && retryAfter >= 29 && retryAfter <= 30, String(retryAfter));
    assert.equal(payfect.calls.length, 3);
  });

  it('counts each client separately', async () => {
    const handler = createCheckoutHandler(baseOptions({ fetch: fakePayfect().fetch, rateLimit: { max: 1 } }));
    assert.equal((await handler(post(wireBody()), { clientAddress: '203.0.113.1' })).status, 200);
    assert.equal((await handler(post(wireBody()), { clientAddress: '203.0.113.2' })).status, 200);
    assert.equal((await handler(post(wireBody()), { clientAddress: '203.0.113.1' })).status, 429);
  });

  it('is on by default (30 per minute)', async () => {
    const handler = createCheckoutHandler(baseOptions({ fetch: fakePayfect().fetch, rateLimit: undefined }));
    const statuses: number[] = [];
    for (let i = 0; i < 31; i++) statuses.push((await handler(post('{'), { clientAddress: '203.0.113.3' })).status);
    assert.deepEqual(statuses, [...Array(30).fill(400), 429]);
  });

  it('counts bad requests too, before reading the body', async () => {
    const handler = createCheckoutHandler(baseOptions({ fetch: fakePayfect().fetch, rateLimit: { max: 1 } }));
    await handler(post('{'), { clientAddress: '203.0.113.4' });
    assert.equal((await handler(post(wireBody()), { clientAddress: '203.0.113.4' })).status, 429);
  });

  it('never trusts X-Forwarded-For on its own', async () => {
    const handler = createCheckoutHandler(baseOptions({ fetch: fakePayfect().fetch, rateLimit: { max: 1 } }));
    await handler(post(wireBody(), { 'x-forwarded-for': '1.1.1.1' }), { clientAddress: '203.0.113.5' });
    const response = await handler(post(wireBody(), { 'x-forwarded-for': '2.2.2.2' }), { clientAddress: '203.0.113.5' });
    assert.equal(response.status, 429);
  });

  it('reads the client from clientAddressHeader when configured (edge runtimes)', async () => {
    const handler = createCheckoutHandler(
      baseOptions({ fetch: fakePayfect().fetch, rateLimit: { max: 1 }, clientAddressHeader: 'CF-Connecting-IP' }),
    );
    assert.equal((await handler(post(wireBody(), { 'cf-connecting-ip': '198.51.100.7' }))).status, 200);
    assert.equal((await handler(post(wireBody(), { 'cf-connecting-ip': '198.51.100.8' }))).status, 200);
    assert.equal((await handler(post(wireBody(), { 'cf-connecting-ip': '198.51.100.7' }))).status, 429);
  });

  it('takes only the last entry of a listed clientAddressHeader, the one the trusted proxy appended', async () => {
    const handler = createCheckoutHandler(
      baseOptions({ fetch: fakePayfect().fetch, rateLimit: { max: 1 }, clientAddressHeader: 'X-Forwarded-For' }),
    );
    assert.equal((await handler(post(wireBody(), { 'x-forwarded-for': 'spoof-1, 198.51.100.9' }))).status, 200);
    assert.equal((await handler(post(wireBody(), { 'x-forwarded-for': 'spoof-2, 198.51.100.9' }))).status, 429);
    assert.equal((await handler(post(wireBody(), { 'x-forwarded-for': '198.51.100.10' }))).status, 200);
  });

  it('counts an IPv6 client per /56, which one subscriber holds, and an IPv4-mapped address as IPv4', async () => {
    const handler = createCheckoutHandler(baseOptions({ fetch: fakePayfect().fetch, rateLimit: { max: 1 } }));
    const status = async (clientAddress: string) => (await handler(post(wireBody()), { clientAddress })).status;
    assert.equal(await status('2001:db8:1:2ab::1'), 200);
    assert.equal(await status('2001:db8:1:2cd:ffff:0:0:9'), 429);
    assert.equal(await status('2001:db8:1:300::1'), 200);
    assert.equal(await status('203.0.113.20'), 200);
    assert.equal(await status('::ffff:203.0.113.20'), 429);
  });

  it('uses rateLimit.key when given', async () => {
    const handler = createCheckoutHandler(
      baseOptions({ fetch: fakePayfect().fetch, rateLimit: { max: 1, key: (request) => request.headers.get('x-user') ?? undefined } }),
    );
    assert.equal((await handler(post(wireBody(), { 'x-user': 'ann' }), { clientAddress: '1' })).status, 200);
    assert.equal((await handler(post(wireBody(), { 'x-user': 'bob' }), { clientAddress: '1' })).status, 200);
    assert.equal((await handler(post(wireBody(), { 'x-user': 'ann' }), { clientAddress: '2' })).status, 429);
  });

  it('uses an injected async store', async () => {
    const keys: string[] = [];
    const store: RateLimitStore = {
      hit: async (key, windowMs) => {
        keys.push(key);
        return { count: 99, resetAt: Date.now() + windowMs };
      },
    };
    const handler = createCheckoutHandler(baseOptions({ fetch: fakePayfect().fetch, rateLimit: { max: 5, windowMs: 4000, store } }));
    const response = await handler(post(wireBody()), { clientAddress: '203.0.113.6' });
    assert.equal(response.status, 429);
    assert.equal(response.headers.get('retry-after'), '4');
    assert.deepEqual(keys, ['203.0.113.6']);
  });

  it('does not rate limit a request with no client identity, and warns once per handler how to give one', async () => {
    const warnings: unknown[][] = [];
    const original = console.warn;
    console.warn = (...args: unknown[]) => void warnings.push(args);
    try {
      const payfect = fakePayfect();
      // e.g. Next.js or Deno calling checkout(request) without info: one shared bucket would block every buyer at once.
      const handler = createCheckoutHandler(baseOptions({ fetch: payfect.fetch, rateLimit: { max: 1 } }));
      for (let i = 0; i < 5; i++) assert.equal((await handler(post(wireBody()))).status, 200);
      assert.equal(payfect.calls.length, 5);
      assert.equal(warnings.length, 1);
      const message = String(warnings[0]![0]);
      for (const way of ['info.clientAddress', 'clientAddressHeader', 'rateLimit.key']) assert.ok(message.includes(way), message);
      // A rateLimit.key that answers '' is no identity either.
      const blank = createCheckoutHandler(baseOptions({ fetch: payfect.fetch, rateLimit: { max: 1, key: () => '' } }));
      for (let i = 0; i < 3; i++) assert.equal((await blank(post(wireBody()))).status, 200);
      assert.equal(warnings.length, 2);
    } finally {
      console.warn = original;
    }
  });

  it('does not warn when every request has an identity, or when the limit is off', async () => {
    const warnings: unknown[][] = [];
    const original = console.warn;
    console.warn = (...args: unknown[]) => void warnings.push(args);
    try {
      const limited = createCheckoutHandler(baseOptions({ fetch: fakePayfect().fetch, rateLimit: { max: 1 } }));
      assert.equal((await limited(post(wireBody()), { clientAddress: '203.0.113.30' })).status, 200);
      assert.equal((await limited(post(wireBody()), { clientAddress: '203.0.113.30' })).status, 429);
      const off = createCheckoutHandler(baseOptions({ fetch: fakePayfect().fetch, rateLimit: false }));
      assert.equal((await off(post(wireBody()))).status, 200);
      assert.deepEqual(warnings, []);
    } finally {
      console.warn = original;
    }
  });

  it('can be turned off', async () => {
    const handler = createCheckoutHandler(baseOptions({ fetch: fakePayfect().fetch, rateLimit: false }));
    for (let i = 0; i < 40; i++) assert.equal((await handler(post('{'))).status, 400);
  });
});

describe('MemoryRateLimitStore', () => {
  it('restarts the count when the window ends', () => {
    let now = 1000;
    const store = new MemoryRateLimitStore({ now: () => now });
    assert.deepEqual(store.hit('a', 100), { count: 1, resetAt: 1100 });
    assert.deepEqual(store.hit('a', 100), { count: 2, resetAt: 1100 });
    now = 1100;
    assert.deepEqual(store.hit('a', 100), { count: 1, resetAt: 1200 });
  });

  it('holds at most maxKeys, dropping the least recently seen client', () => {
    const store = new MemoryRateLimitStore({ maxKeys: 100 });
    for (let i = 0; i < 1000; i++) store.hit(`client-${i}`, 60_000);
    assert.equal(store.size, 100);
    assert.equal(store.hit('client-999', 60_000).count, 2);
    assert.equal(store.hit('client-0', 60_000).count, 1);
    assert.equal(store.size, 100);
  });

  it('is bounded to 10000 clients by default', () => {
    assert.equal(new MemoryRateLimitStore().maxKeys, 10_000);
  });
});

describe('a failing rate-limit store', () => {
  it('lets requests through (fails open), warns once, and limits again when the store answers', async () => {
    const warnings: unknown[][] = [];
    const original = console.warn;
    console.warn = (...args: unknown[]) => void warnings.push(args);
    try {
      let down = true;
      const memory = new MemoryRateLimitStore();
      const store: RateLimitStore = {
        hit: async (key, windowMs) => {
          if (down) throw new Error('redis is down');
          return memory.hit(key, windowMs);
        },
      };
      const payfect = fakePayfect();
      const handler = createCheckoutHandler(baseOptions({ fetch: payfect.fetch, rateLimit: { max: 1, store } }));
      for (let i = 0; i < 3; i++) assert.equal((await handler(post(wireBody()), { clientAddress: '203.0.113.40' })).status, 200);
      assert.equal(warnings.length, 1);
      assert.match(String(warnings[0]![0]), /rate-limit store failed/);
      down = false;
      assert.equal((await handler(post(wireBody()), { clientAddress: '203.0.113.40' })).status, 200);
      assert.equal((await handler(post(wireBody()), { clientAddress: '203.0.113.40' })).status, 429);
      assert.equal(warnings.length, 1);
    } finally {
      console.warn = original;
    }
  });
});
