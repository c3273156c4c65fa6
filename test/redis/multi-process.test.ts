import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { RunningEmulator } from '../../src/emulator/index.js';
import { endpointsOnRedis, type Instances } from './instances.js';
import { answer, buy } from './purchase.js';
import type { RedisServer } from '../support/redis-server.js';

const RATE_LIMIT_MAX = 3;
const STORE_TIMEOUT_MS = 300;

describe('three endpoint processes on one Redis, in front of one emulator over HTTP', () => {
  let redis: RedisServer;
  let payfect: RunningEmulator;
  let instances: Instances;
  let stop: (() => Promise<void>) | undefined;

  before(async () => {
    ({ redis, payfect, instances, stop } = await endpointsOnRedis(3, {
      prefix: 'multi:',
      rateLimitMax: RATE_LIMIT_MAX,
      storeTimeoutMs: STORE_TIMEOUT_MS,
    }));
  });
  after(() => stop?.());

  it('creates exactly one checkout for 30 concurrent requests with one Idempotency-Key, spread across the three', async () => {
    const before = payfect.emulator.checkouts.size;
    const answers = await Promise.all(
      Array.from({ length: 30 }, (_, index) =>
        buy(instances.urls[index % 3]!, { 'idempotency-key': 'one-purchase', 'x-buyer': `buyer-${index}` }).then(answer),
      ),
    );
    assert.deepEqual(new Set(answers.map((reply) => reply.status)), new Set([200]));
    const ids = new Set(answers.map((reply) => reply.id));
    assert.equal(ids.size, 1);
    assert.equal(payfect.emulator.checkouts.size - before, 1);
    assert.ok(payfect.emulator.checkouts.has([...ids][0]!));
  });

  it('holds a rate limit of 3 per window across the three: the 4th request, to any of them, is 429', async () => {
    for (const url of instances.urls) assert.equal((await buy(url, { 'x-buyer': 'limited' })).status, 200);
    for (const url of instances.urls) {
      const response = await buy(url, { 'x-buyer': 'limited' });
      assert.equal(response.status, 429);
      assert.equal((await answer(response)).code, 'rate_limited');
      assert.ok(Number(response.headers.get('retry-after')) >= 1);
    }
  });

  it('answers 503 store_unavailable while Redis is hung or down, creates nothing twice, and recovers', async () => {
    const warm = await answer(await buy(instances.urls[0]!, { 'idempotency-key': 'before-outage', 'x-buyer': 'outage-0' }));
    assert.equal(warm.status, 200);

    // Hung: every store call meets its time limit.
    redis.pause();
    const created = payfect.emulator.checkouts.size;
    const hung = await Promise.all(
      instances.urls.map((url, index) => buy(url, { 'idempotency-key': `hung-${index}`, 'x-buyer': `hung-${index}` }).then(answer)),
    );
    assert.deepEqual(hung.map((reply) => [reply.status, reply.code]), Array(3).fill([503, 'store_unavailable']));
    assert.equal(payfect.emulator.checkouts.size, created);
    redis.resume();
    const resumed = await Promise.all(
      instances.urls.map((url, index) => buy(url, { 'idempotency-key': `resumed-${index}`, 'x-buyer': `resumed-${index}` }).then(answer)),
    );
    assert.deepEqual(resumed.map((reply) => reply.status), [200, 200, 200]);

    // Stopped in the middle of a burst: each answer is a checkout or a 503, and only the answered checkouts exist.
    const beforeBurst = payfect.emulator.checkouts.size;
    const lost = instances.everyRedisClient('error');
    const burst = Array.from({ length: 30 }, (_, index) =>
      buy(instances.urls[index % 3]!, { 'idempotency-key': `burst-${index}`, 'x-buyer': `burst-${index}` }).then(answer),
    );
    await burst[0];
    await redis.stop();
    const burstAnswers = await Promise.all(burst);
    await lost;
    for (const reply of burstAnswers) assert.ok(reply.status === 200 || (reply.status === 503 && reply.code === 'store_unavailable'), JSON.stringify(reply));
    const answeredIds = new Set(burstAnswers.filter((reply) => reply.status === 200).map((reply) => reply.id));
    assert.equal(answeredIds.size, burstAnswers.filter((reply) => reply.status === 200).length);
    assert.equal(payfect.emulator.checkouts.size - beforeBurst, answeredIds.size);

    const down = await Promise.all(
      instances.urls.map((url, index) => buy(url, { 'idempotency-key': `down-${index}`, 'x-buyer': `down-${index}` }).then(answer)),
    );
    assert.deepEqual(down.map((reply) => [reply.status, reply.code]), Array(3).fill([503, 'store_unavailable']));
    assert.equal(payfect.emulator.checkouts.size - beforeBurst, answeredIds.size);
    assert.ok(instances.allAlive, 'no instance crashed');

    const ready = instances.everyRedisClient('ready');
    await redis.start();
    await ready;
    const after = await Promise.all(
      instances.urls.map((url, index) => buy(url, { 'idempotency-key': `after-${index}`, 'x-buyer': `after-${index}` }).then(answer)),
    );
    assert.deepEqual(after.map((reply) => reply.status), [200, 200, 200]);
    const replayed = await Promise.all(
      instances.urls.map((url, index) => buy(url, { 'idempotency-key': 'after-0', 'x-buyer': `replay-${index}` }).then(answer)),
    );
    assert.deepEqual(replayed.map((reply) => reply.id), Array(3).fill(after[0]!.id));
    assert.ok(instances.allAlive);
  });
});
