// Two endpoint processes on one Redis whose onCheckoutCreated takes 12 s, longer than Payfect's time limit plus
// the old fixed lease margin: the same purchase keeps arriving at the other instance the whole time.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.js';
import { wireBody } from '../server/checkout-fixtures.js';
import type { EndpointConfig } from './instance-config.js';
import { Instances } from './instances.js';
import { RedisServer } from '../support/redis-server.js';

const HOOK_MS = 12_000;

function buy(url: string, buyer: string): Promise<{ status: number; id?: string; code?: string }> {
  return fetch(`${url}/api/checkout`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'idempotency-key': 'slow-hook', 'x-buyer': buyer },
    body: JSON.stringify(wireBody()),
  }).then(async (response) => {
    const body = (await response.json()) as { id?: string; error?: { code: string } };
    return { status: response.status, id: body.id, code: body.error?.code };
  });
}

describe('two endpoint processes on one Redis, with a 12 s onCheckoutCreated', () => {
  let redis: RedisServer;
  let payfect: RunningEmulator;
  let instances: Instances;

  before(async () => {
    redis = await RedisServer.start();
    payfect = await startEmulator();
    const config: EndpointConfig = {
      redisUrl: redis.url,
      emulatorUrl: payfect.url,
      prefix: 'slow-hook:',
      rateLimitMax: 10_000,
      storeTimeoutMs: 1_000,
      payfectTimeoutMs: 2_000,
      checkoutCreatedMs: HOOK_MS,
    };
    instances = await Instances.start(2, config);
  });
  after(async () => {
    await instances?.stop();
    await payfect?.close();
    await redis?.stop();
  });

  it('creates one checkout for one Idempotency-Key, however often the other instance is asked meanwhile', async () => {
    const before = payfect.emulator.checkouts.size;
    let firstSettled = false;
    const first = buy(instances.urls[0]!, 'first').finally(() => (firstSettled = true));
    for (const deadline = Date.now() + 5_000; payfect.emulator.checkouts.size === before; ) {
      assert.ok(Date.now() < deadline, 'the first instance created the checkout');
      await new Promise((resolve) => setImmediate(resolve));
    }
    // While the first instance's hook runs, the buyer's retries reach the other one.
    const meanwhile: Array<{ status: number; id?: string; code?: string }> = [];
    while (!firstSettled) meanwhile.push(await buy(instances.urls[1]!, `retry-${meanwhile.length}`));
    const created = await first;
    assert.equal(created.status, 200);
    const afterwards = await buy(instances.urls[1]!, 'afterwards');

    assert.equal(payfect.emulator.checkouts.size - before, 1);
    assert.ok(meanwhile.length > 0);
    for (const reply of meanwhile) {
      assert.ok(
        (reply.status === 200 && reply.id === created.id) || (reply.status === 503 && reply.code === 'store_unavailable'),
        JSON.stringify(reply),
      );
    }
    assert.deepEqual(afterwards, { status: 200, id: created.id, code: undefined });
  });
});
