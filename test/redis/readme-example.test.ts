// docs/scale.md's Redis snippet (examples/redis/server.mjs), run as two real instances sharing one redis-server.
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { after, before, test } from 'node:test';
import { createClient } from 'redis';
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.js';
import { RedisServer } from '../support/redis-server.js';
import { freePort, startServer, type ServerProcess } from '../runtimes/server-process.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const API_KEY = 'readme-redis-example-key';

let redisServer: RedisServer;
let payfect: RunningEmulator;
const instances: ServerProcess[] = [];

before(async () => {
  redisServer = await RedisServer.start();
  payfect = await startEmulator({ port: 0 });
  const ports = [await freePort(), await freePort()];
  const shop = `http://127.0.0.1:${ports[0]}`;
  for (const port of ports) {
    const env = {
      ...process.env,
      PAYFECT_API_KEY: API_KEY,
      PAYFECT_BASE_URL: `${payfect.url}/api/v1`,
      PAYFECT_SIGNING_KEY: payfect.emulator.signingKey,
      REDIS_URL: redisServer.url,
      // Payfect's callbacks go to the first instance, as a load balancer might send them.
      SHOP_URL: shop,
      PORT: String(port),
    };
    const url = `http://127.0.0.1:${port}`;
    instances.push(await startServer(process.execPath, ['examples/redis/server.mjs'], { cwd: ROOT, env, url, probePath: '/' }));
  }
});

after(async () => {
  await Promise.all(instances.map((instance) => instance.stop()));
  await payfect?.close();
  await redisServer?.stop();
});

function buy(instance: ServerProcess, idempotencyKey: string): Promise<Response> {
  return fetch(`${instance.url}/api/checkout`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'idempotency-key': idempotencyKey },
    body: JSON.stringify({ currency: 'usdt', invoice_items: [{ product_id: 'standard-plan', quantity: 2 }] }),
  });
}

test('one Idempotency-Key sent to both instances creates one checkout, kept under the shop1: prefix', async () => {
  const [first, second] = await Promise.all(instances.map((instance) => buy(instance, 'readme-redis-1')));
  const sessions = await Promise.all([first!.json(), second!.json()]);
  assert.deepEqual([first!.status, second!.status], [200, 200]);
  assert.equal(sessions[0].id, sessions[1].id);
  assert.equal(sessions[0].amountTotal, '41.00');
  assert.equal(payfect.emulator.checkouts.size, 1);

  const redis = await createClient({ url: redisServer.url }).connect();
  try {
    const keys = await redis.keys('shop1:*');
    assert.ok(keys.some((key) => key.startsWith('shop1:idempotency:')), keys.join(', '));
    assert.ok(keys.some((key) => key.startsWith('shop1:rate:')), keys.join(', '));
  } finally {
    redis.destroy();
  }
});

test("Payfect's signed callback fulfils once, and the same notification at the other instance is acknowledged, not fulfilled", async () => {
  const session = await (await buy(instances[0]!, 'readme-redis-2')).json();
  payfect.emulator.pay(session.id);
  await payfect.emulator.idle();
  const delivery = payfect.emulator.deliveries.at(-1)!;
  assert.equal(delivery.state, 'delivered');
  await instances[0]!.printed(new RegExp(`Paid: ${session.id} 41.00 usdt`));

  const again = await fetch(`${instances[1]!.url}/api/payfect-callback`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-payfect-signature': delivery.signature! },
    body: delivery.body,
  });
  assert.equal(again.status, 200);
  const fulfilments = instances.map((instance) => instance.output().split(`Paid: ${session.id}`).length - 1);
  assert.deepEqual(fulfilments, [1, 0]);
});
