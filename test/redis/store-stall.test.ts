// A redis-server stopped (SIGSTOP) for about a second while a reserve is on its way, then continued (SIGCONT): the
// reserve it runs then belongs to no one, and must not hold the checkout or the Idempotency-Key for a lease.
import assert from 'node:assert/strict';
import { setTimeout as delay } from 'node:timers/promises';
import { after, before, describe, it } from 'node:test';
import { createClient } from 'redis';
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.js';
import { createCallbackHandler, createCheckoutHandler, type CheckoutHandler, type CallbackHandler } from '../../src/server/index.js';
import { createRedisStores } from '../../src/server/stores/redis/index.js';
import { fernetEncrypt } from '../../src/shared/fernet.js';
import type { PayfectCallback } from '../../src/shared/payfect-api.js';
import { CATALOG, ENDPOINT, SHOP, errorOf, post, wireBody } from '../server/checkout-fixtures.js';
import { API_KEY } from '../server/fake-payfect.js';
import { RedisServer } from '../support/redis-server.js';
import { paidCheckout } from './paid-checkout.js';

const STORE_TIMEOUT_MS = 250;
/** How long Redis stays stopped in all, as in the reproduction of the finding. */
const STALL_MS = 1_000;
const CLIENT = { clientAddress: '192.0.2.10' };

describe('a redis-server that stalls for about a second during a reserve', () => {
  let server: RedisServer;
  let redis: ReturnType<typeof createClient>;
  let payfect: RunningEmulator;
  let checkoutHandler: CheckoutHandler;
  let callbackHandler: CallbackHandler;
  const fulfilled: string[] = [];

  before(async () => {
    server = await RedisServer.start();
    redis = createClient({ url: server.url });
    await redis.connect();
    payfect = await startEmulator();
    const stores = createRedisStores(redis, { prefix: 'stall:', timeoutMs: STORE_TIMEOUT_MS });
    const baseUrl = `${payfect.url}/api/v1`;
    checkoutHandler = createCheckoutHandler({
      apiKey: API_KEY,
      catalog: CATALOG,
      baseUrl,
      successUrl: `${SHOP}/thanks`,
      cancelUrl: `${SHOP}/cart`,
      rateLimit: false,
      idempotency: { store: stores.idempotency },
      onError: () => {},
    });
    callbackHandler = createCallbackHandler({
      apiKey: API_KEY,
      signingKey: payfect.emulator.signingKey,
      baseUrl,
      store: stores.completion,
      onCompleted: (checkout) => void fulfilled.push(checkout.id),
      onError: () => {},
    });
  });
  after(async () => {
    server?.resume();
    redis?.destroy();
    await payfect?.close();
    await server?.stop();
  });

  async function notify(notification: PayfectCallback): Promise<Response> {
    const body = JSON.stringify(notification);
    const signature = await fernetEncrypt(payfect.emulator.signingKey, body);
    return callbackHandler(
      new Request(`${SHOP}/payfect/callback`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-payfect-signature': signature }, body }),
    );
  }

  const purchase = () => checkoutHandler(post(wireBody(), { 'idempotency-key': 'bought-during-the-stall' }, ENDPOINT), CLIENT);

  it("lets the genuine notification's retry fulfil, and a retried purchase answer, within seconds of Redis continuing", async () => {
    const notification = await paidCheckout(payfect);
    const checkoutsBefore = payfect.emulator.checkouts.size;

    const stalledAt = Date.now();
    server.pause();
    const [stalledNotification, stalledPurchase] = await Promise.all([notify(notification), purchase()]);
    assert.equal((await errorOf(stalledNotification)).code, 'store_unavailable');
    assert.equal((await errorOf(stalledPurchase)).code, 'store_unavailable');
    await delay(STALL_MS - (Date.now() - stalledAt));
    server.resume();

    // Both reserves now run on Redis, for tokens their callers gave up on; the stores must give them back.
    const retriedAt = Date.now();
    const retriedPurchase = await purchase();
    assert.equal(retriedPurchase.status, 200);
    assert.ok(Date.now() - retriedAt < 3_000, `the retried purchase answered after ${Date.now() - retriedAt} ms`);
    assert.equal(payfect.emulator.checkouts.size, checkoutsBefore + 1);

    // Payfect retries until acknowledged; within a few seconds it must be.
    let acknowledged = false;
    for (const deadline = Date.now() + 5_000; !acknowledged && Date.now() < deadline; ) acknowledged = (await notify(notification)).status === 200;
    assert.ok(acknowledged, 'the genuine notification was acknowledged within a few seconds');
    assert.deepEqual(fulfilled, [notification.id]);
    assert.equal(await redis.get(`stall:completion:${notification.id}`), 'done');
  });
});
