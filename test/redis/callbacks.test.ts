import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createClient } from 'redis';
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.js';
import { fernetEncrypt, generateFernetKey } from '../../src/shared/fernet.js';
import { fulfilmentCounter, type CallbackConfig } from './instance-config.js';
import { Instances } from './instances.js';
import { paidCheckout } from './paid-checkout.js';
import { RedisServer } from '../support/redis-server.js';

const PREFIX = 'callbacks:';
const SIGNING_KEY = generateFernetKey();

describe('three callback processes on one Redis, confirming with one emulator over HTTP', () => {
  let server: RedisServer;
  let redis: ReturnType<typeof createClient>;
  let payfect: RunningEmulator;
  let instances: Instances;

  before(async () => {
    server = await RedisServer.start();
    redis = createClient({ url: server.url });
    await redis.connect();
    payfect = await startEmulator();
    const config: CallbackConfig = { redisUrl: server.url, emulatorUrl: payfect.url, prefix: PREFIX, signingKey: SIGNING_KEY, fulfilmentMs: 200 };
    instances = await Instances.start(3, config, new URL('./callback-process.ts', import.meta.url));
  });
  after(async () => {
    await instances?.stop();
    await payfect?.close();
    redis?.destroy();
    await server?.stop();
  });

  it('runs onCompleted once for ten copies of one signed callback, spread across the three', async () => {
    const notification = await paidCheckout(payfect);
    const body = JSON.stringify(notification);
    const signature = await fernetEncrypt(SIGNING_KEY, body);
    const answers = await Promise.all(
      Array.from({ length: 10 }, (_, index) =>
        fetch(`${instances.urls[index % 3]}/payfect/callback`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-payfect-signature': signature },
          body,
        }),
      ),
    );
    assert.deepEqual(answers.map((answer) => answer.status), Array(10).fill(200));
    assert.equal(await redis.get(fulfilmentCounter(PREFIX, notification.id)), '1');
    const again = await fetch(`${instances.urls[2]}/payfect/callback`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-payfect-signature': signature },
      body,
    });
    assert.equal(again.status, 200);
    assert.equal(await redis.get(fulfilmentCounter(PREFIX, notification.id)), '1');
    const lease = await redis.pTTL(`${PREFIX}completion:${notification.id}`);
    assert.ok(lease > 0, 'the completion key has a TTL');
  });
});
