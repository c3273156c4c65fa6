import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createClient } from 'redis';
import { createEmulator, type Emulator } from '../../src/emulator/index.js';
import { createCallbackHandler, createCheckoutHandler, createStatusHandler, type StatusHandler } from '../../src/server/index.js';
import { createRedisStores } from '../../src/server/stores/redis/index.js';
import { CheckoutStatus } from '../../src/shared/checkout-status.js';
import { ErrorBody } from '../../src/shared/error-body.js';
import { API_KEY } from '../server/fake-payfect.js';
import { RedisServer } from '../support/redis-server.js';

const SHOP = 'https://shop.example';
const PREFIX = 'status-test:';

describe('the status handler on the Redis completion store, on a real redis-server', () => {
  let server: RedisServer;
  const clients: Array<ReturnType<typeof createClient>> = [];

  before(async () => {
    server = await RedisServer.start();
  });
  after(async () => {
    for (const client of clients) client.destroy();
    await server?.stop();
  });

  /** One instance's own connection and stores, as each process of a deployment has. */
  async function instanceStores(timeoutMs = 1000) {
    const client: ReturnType<typeof createClient> = createClient({ url: server.url });
    client.on('error', () => {
      // The hang test stops Redis answering on purpose; the stores report it, the client need not.
    });
    await client.connect();
    clients.push(client);
    return createRedisStores(client, { prefix: PREFIX, timeoutMs });
  }

  function statusOn(stores: Awaited<ReturnType<typeof instanceStores>>, fetch: typeof globalThis.fetch): StatusHandler {
    return createStatusHandler({ apiKey: API_KEY, store: stores.completion, fetch, rateLimit: false });
  }

  async function ask(status: StatusHandler, id: string): Promise<CheckoutStatus> {
    const response = await status(new Request(`${SHOP}/api/checkout-status?id=${id}`));
    assert.equal(response.status, 200);
    return CheckoutStatus.parse(await response.json());
  }

  /** A checkout open at the emulator, created as Payfect's API is called. */
  async function openCheckout(emulator: Emulator): Promise<string> {
    const created = await emulator.fetch(`${SHOP}/api/v1/checkouts/`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Api-Key ${API_KEY}` },
      body: JSON.stringify({ currency: 'usdt', invoice_items: [{ quantity: 1, price_data: { currency: 'usdt', unit_amount: '1', product_data: { name: 'Pin' } } }] }),
    });
    assert.equal(created.status, 201);
    return ((await created.json()) as { id: string }).id;
  }

  it('says fulfilled on every instance once one instance’s callback handler ran onCompleted, and not before', async () => {
    const fulfilled: string[] = [];
    // Payfect's signed callback reaches the first instance's receiver.
    const emulator = createEmulator({ callbackFetch: (input, init) => callback(new Request(input, init)) });
    const callback = createCallbackHandler({
      apiKey: API_KEY,
      signingKey: emulator.signingKey,
      store: (await instanceStores()).completion,
      fetch: emulator.fetch,
      onCompleted: (checkout) => void fulfilled.push(checkout.id),
    });
    const checkout = createCheckoutHandler({
      apiKey: API_KEY,
      fetch: emulator.fetch,
      catalog: { plan: { name: 'Plan', unitAmount: '20.50', currency: 'usdt' } },
      callbackUrl: `${SHOP}/api/payfect-callback`,
      rateLimit: false,
    });
    const created = await checkout(
      new Request(`${SHOP}/api/checkout`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ currency: 'usdt', invoice_items: [{ product_id: 'plan', quantity: 1 }] }),
      }),
    );
    assert.equal(created.status, 200);
    const { id } = (await created.json()) as { id: string };

    const second = statusOn(await instanceStores(), emulator.fetch);
    assert.deepEqual(await ask(second, id), { id, status: 'open', fulfilled: false });

    emulator.pay(id);
    await emulator.idle();
    assert.deepEqual(fulfilled, [id]);

    const third = statusOn(await instanceStores(), emulator.fetch);
    assert.deepEqual(await ask(third, id), { id, status: 'complete', fulfilled: true });
    // Query's answer may be remembered for 2 s; the store is read on every request.
    assert.equal((await ask(second, id)).fulfilled, true);
  });

  it('a checkout another instance has reserved, but not yet fulfilled, is not fulfilled', async () => {
    const stores = await instanceStores();
    const emulator = createEmulator();
    const id = await openCheckout(emulator);
    assert.equal((await stores.completion.reserve(id, 60_000)).state, 'reserved');
    assert.equal((await ask(statusOn(await instanceStores(), emulator.fetch), id)).fulfilled, false);
  });

  it('answers 503 store_unavailable while Redis hangs, and 200 again once it answers', async () => {
    const emulator = createEmulator();
    const id = await openCheckout(emulator);
    const status = statusOn(await instanceStores(200), emulator.fetch);
    server.pause();
    try {
      const response = await status(new Request(`${SHOP}/api/checkout-status?id=${id}`));
      assert.equal(response.status, 503);
      assert.equal(ErrorBody.parse(await response.json()).error.code, 'store_unavailable');
    } finally {
      server.resume();
    }
    assert.deepEqual(await ask(status, id), { id, status: 'open', fulfilled: false });
  });
});
