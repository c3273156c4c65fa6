import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createClient } from 'redis';
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.js';
import { fernetEncrypt, generateFernetKey } from '../../src/shared/fernet.js';
import type { PayfectCallback } from '../../src/shared/payfect-api.js';
import { API_KEY } from '../server/fake-payfect.js';
import { fulfilmentCounter, type CallbackConfig } from './instance-config.js';
import { Instances } from './instances.js';
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

  /** A checkout created at the emulator and paid there, and Payfect's documented notification for it. */
  async function paidCheckout(): Promise<PayfectCallback> {
    const created = await fetch(`${payfect.url}/api/v1/checkouts/`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Api-Key ${API_KEY}` },
      body: JSON.stringify({
        currency: 'usdt',
        invoice_items: [{ quantity: 2, price_data: { currency: 'usdt', unit_amount: '20.50', product_data: { name: 'Standard Plan' } } }],
        client_reference_id: 'order-77',
        success_url: 'https://shop.example/thanks',
        cancel_url: 'https://shop.example/cart',
        payment_method_data: { type: 'cryptopaymentmethoddetail', paymentMethodDetail: { currency: 'usdt', network: 'tron' } },
      }),
    });
    assert.equal(created.status, 201);
    const { id } = (await created.json()) as { id: string };
    // The buyer presses Pay on the hosted page.
    const paid = await fetch(`${payfect.url}/checkouts/${id}/pay`, { method: 'POST', redirect: 'manual' });
    assert.equal(paid.status, 303);
    const checkout = payfect.emulator.checkouts.get(id)!;
    assert.equal(checkout.status, 'complete');
    return {
      id,
      amount: checkout.amountTotal,
      status: 'succeeded',
      currency: checkout.currency,
      merchant: checkout.merchant.id,
      is_livemode: false,
      payment_intent: checkout.paymentIntent,
      client_reference_id: checkout.clientReferenceId,
    };
  }

  it('runs onCompleted once for ten copies of one signed callback, spread across the three', async () => {
    const notification = await paidCheckout();
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
