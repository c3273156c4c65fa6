// Two endpoint processes on one Redis whose onCheckoutCreated takes 12 s, longer than Payfect's time limit plus
// the old fixed lease margin: the same purchase keeps arriving at the other instance the whole time.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { RunningEmulator } from '../../src/emulator/index.js';
import { endpointsOnRedis, type Instances } from './instances.js';
import { answer, buy, type Answer } from './purchase.js';

const HOOK_MS = 12_000;

const purchase = (url: string, buyer: string): Promise<Answer> => buy(url, { 'idempotency-key': 'slow-hook', 'x-buyer': buyer }).then(answer);

describe('two endpoint processes on one Redis, with a 12 s onCheckoutCreated', () => {
  let payfect: RunningEmulator;
  let instances: Instances;
  let stop: (() => Promise<void>) | undefined;

  before(async () => {
    ({ payfect, instances, stop } = await endpointsOnRedis(2, {
      prefix: 'slow-hook:',
      rateLimitMax: 10_000,
      storeTimeoutMs: 1_000,
      payfectTimeoutMs: 2_000,
      checkoutCreatedMs: HOOK_MS,
    }));
  });
  after(() => stop?.());

  it('creates one checkout for one Idempotency-Key, however often the other instance is asked meanwhile', async () => {
    const before = payfect.emulator.checkouts.size;
    let firstSettled = false;
    const first = purchase(instances.urls[0]!, 'first').finally(() => (firstSettled = true));
    for (const deadline = Date.now() + 5_000; payfect.emulator.checkouts.size === before; ) {
      assert.ok(Date.now() < deadline, 'the first instance created the checkout');
      await new Promise((resolve) => setImmediate(resolve));
    }
    // While the first instance's hook runs, the buyer's retries reach the other one.
    const meanwhile: Answer[] = [];
    while (!firstSettled) meanwhile.push(await purchase(instances.urls[1]!, `retry-${meanwhile.length}`));
    const created = await first;
    assert.equal(created.status, 200);
    const afterwards = await purchase(instances.urls[1]!, 'afterwards');

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
