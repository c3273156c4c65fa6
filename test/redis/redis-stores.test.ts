import assert from 'node:assert/strict';
import { setTimeout as delay } from 'node:timers/promises';
import { after, before, describe, it } from 'node:test';
import { createClient } from 'redis';
import { createRedisStores, type RedisClient } from '../../src/server/stores/redis/index.js';
import { RedisServer } from '../support/redis-server.js';

const session = { id: 'chk_1', url: 'https://payfect.finance/checkouts/chk_1', status: 'open', amountTotal: '20.50', currency: 'usdt', expiresAt: null, isLivemode: false } as const;

describe('the Redis stores, on a real redis-server', () => {
  let server: RedisServer;
  let redis: ReturnType<typeof createClient>;

  before(async () => {
    server = await RedisServer.start();
    redis = createClient({ url: server.url });
    redis.on('error', () => {
      // The time-limit test hangs Redis on purpose; the stores report it, the client need not.
    });
    await redis.connect();
  });
  after(async () => {
    redis?.destroy();
    await server?.stop();
  });

  /** Every key under a prefix, with its remaining time to live. */
  async function keysUnder(prefix: string): Promise<Map<string, number>> {
    const keys = await redis.keys(`${prefix}*`);
    return new Map(await Promise.all(keys.map(async (key) => [key, await redis.pTTL(key)] as const)));
  }

  it('idempotency: the first writer reserves; others see it in progress; only the holder stores or releases', async () => {
    const { idempotency } = createRedisStores(redis, { prefix: 'idem-test:' });
    const first = await idempotency.reserve('client\nkey-1', 'f1', 5000);
    assert.equal(first.state, 'reserved');
    assert.deepEqual(await idempotency.reserve('client\nkey-1', 'f2', 5000), { state: 'in_progress', fingerprint: 'f1' });
    await idempotency.complete('client\nkey-1', 'held not-the-token f1', { fingerprint: 'f1', session }, 60_000);
    await idempotency.release('client\nkey-1', 'held not-the-token f1');
    assert.equal((await idempotency.reserve('client\nkey-1', 'f1', 5000)).state, 'in_progress');
    if (first.state !== 'reserved') throw new Error('unreachable');
    await idempotency.complete('client\nkey-1', first.token, { fingerprint: 'f1', session }, 60_000);
    assert.deepEqual(await idempotency.reserve('client\nkey-1', 'f1', 5000), { state: 'stored', value: { fingerprint: 'f1', session } });

    const second = await idempotency.reserve('client\nkey-2', 'f1', 5000);
    if (second.state !== 'reserved') throw new Error('expected a reservation');
    await idempotency.release('client\nkey-2', second.token);
    assert.equal((await idempotency.reserve('client\nkey-2', 'f1', 5000)).state, 'reserved');

    const ttls = await keysUnder('idem-test:');
    assert.deepEqual([...ttls.keys()].sort(), ['idem-test:idempotency:client\nkey-1', 'idem-test:idempotency:client\nkey-2']);
    assert.ok(ttls.get('idem-test:idempotency:client\nkey-1')! > 5000 && ttls.get('idem-test:idempotency:client\nkey-1')! <= 60_000);
    assert.ok(ttls.get('idem-test:idempotency:client\nkey-2')! > 0 && ttls.get('idem-test:idempotency:client\nkey-2')! <= 5000);
  });

  it('idempotency: of 50 concurrent reserves, exactly one wins', async () => {
    const { idempotency } = createRedisStores(redis, { prefix: 'race-test:' });
    const answers = await Promise.all(Array.from({ length: 50 }, () => idempotency.reserve('k', 'f', 5000)));
    assert.equal(answers.filter((answer) => answer.state === 'reserved').length, 1);
  });

  it('rate limit: counts in one window that expires with the window', async () => {
    const { rateLimit } = createRedisStores(redis, { prefix: 'rate-test:' });
    const hits = await Promise.all(Array.from({ length: 10 }, () => rateLimit.hit('203.0.113.1', 30_000)));
    assert.deepEqual(hits.map((hit) => hit.count).sort((a, b) => a - b), [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    for (const hit of hits) assert.ok(hit.resetAt > Date.now() && hit.resetAt <= Date.now() + 30_000);
    const ttls = await keysUnder('rate-test:');
    assert.deepEqual([...ttls.keys()], ['rate-test:rate:203.0.113.1']);
    assert.ok(ttls.get('rate-test:rate:203.0.113.1')! > 0);
    // A counter that somehow lost its expiry gets it back on the next hit, so none lives forever.
    await redis.persist('rate-test:rate:203.0.113.1');
    await rateLimit.hit('203.0.113.1', 30_000);
    assert.ok((await redis.pTTL('rate-test:rate:203.0.113.1')) > 0);
  });

  it('completion: reserve with a token; only the holder releases; a fulfilment is recorded whoever holds the lease', async () => {
    const { completion } = createRedisStores(redis, { prefix: 'done-test:' });
    const first = await completion.reserve('chk_1', 5000);
    assert.equal(first.state, 'reserved');
    assert.deepEqual(await completion.reserve('chk_1', 5000), { state: 'in_progress' });
    await completion.release('chk_1', 'lease forged');
    assert.deepEqual(await completion.reserve('chk_1', 5000), { state: 'in_progress' });
    if (first.state !== 'reserved') throw new Error('unreachable');
    await completion.release('chk_1', first.token);
    const second = await completion.reserve('chk_1', 5000);
    if (second.state !== 'reserved') throw new Error('expected a reservation after release');
    // A late holder's onCompleted did run: its completion is recorded, and the new holder's release cannot undo it.
    await completion.complete('chk_1', first.token, 60_000);
    assert.deepEqual(await completion.reserve('chk_1', 5000), { state: 'completed' });
    await completion.release('chk_1', second.token);
    assert.deepEqual(await completion.reserve('chk_1', 5000), { state: 'completed' });
    const ttl = await redis.pTTL('done-test:completion:chk_1');
    assert.ok(ttl > 5000 && ttl <= 60_000);
  });

  it('renews a lease only for its holder, in one compare-and-set step', async () => {
    const { idempotency, completion } = createRedisStores(redis, { prefix: 'renew-test:' });
    const key = await idempotency.reserve('client\nkey', 'f', 1_000);
    const checkout = await completion.reserve('chk_1', 1_000);
    if (key.state !== 'reserved' || checkout.state !== 'reserved') throw new Error('expected reservations');
    assert.equal(await idempotency.renew('client\nkey', 'held forged f', 60_000), false);
    assert.equal(await completion.renew('chk_1', 'lease forged', 60_000), false);
    assert.ok((await redis.pTTL('renew-test:idempotency:client\nkey')) <= 1_000);
    assert.equal(await idempotency.renew('client\nkey', key.token, 60_000), true);
    assert.equal(await completion.renew('chk_1', checkout.token, 60_000), true);
    assert.ok((await redis.pTTL('renew-test:idempotency:client\nkey')) > 1_000);
    assert.ok((await redis.pTTL('renew-test:completion:chk_1')) > 1_000);
    // Once completed, the key is no lease any more: a late renewal changes nothing.
    await completion.complete('chk_1', checkout.token, 5_000);
    assert.equal(await completion.renew('chk_1', checkout.token, 60_000), false);
    assert.ok((await redis.pTTL('renew-test:completion:chk_1')) <= 5_000);
  });

  it('names its time limit for the handlers, and answers a call made while Redis hangs once it continues', async () => {
    const stores = createRedisStores(redis, { prefix: 'hang-test:', timeoutMs: 200 });
    assert.deepEqual([stores.idempotency.timeoutMs, stores.rateLimit.timeoutMs, stores.completion.timeoutMs], [200, 200, 200]);
    server.pause();
    const reserve = stores.completion.reserve('late', 60_000);
    // Hung for twice the time limit: a handler has given up on the call by then.
    await delay(400);
    server.resume();
    // Never abandoned: the handler that gave up on it sees the late answer, and gives its token back.
    const answer = (await reserve) as { state: string; token: string };
    assert.equal(answer.state, 'reserved');
    await stores.completion.release('late', answer.token);
    assert.equal((await stores.completion.reserve('late', 1_000)).state, 'reserved');
  });

  it('refuses at once while the client is not connected, rather than queue the command for later', async () => {
    const disconnected = createClient({ url: server.url });
    const stores = createRedisStores(disconnected);
    await assert.rejects(stores.completion.reserve('never-sent', 1_000), /not connected/);
  });

  it('refuses what is not a node-redis client', () => {
    assert.throws(() => createRedisStores({} as RedisClient), /node-redis client/);
  });
});
