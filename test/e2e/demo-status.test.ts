import assert from 'node:assert/strict';
import { test } from 'node:test';
import { startDemo } from '../../demo/server.js';

const STICKERS = JSON.stringify({ currency: 'usdt', invoice_items: [{ product_id: 'sticker', quantity: 3 }] });

test("the demo's /api/checkout-status says fulfilled once its callback handler's onCompleted ran, and not before", async () => {
  const demo = await startDemo({ port: 0, env: { PAYFECT_API_KEY: '' } });
  try {
    const created = await fetch(`${demo.url}/api/checkout`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: STICKERS });
    assert.equal(created.status, 200);
    const { id } = (await created.json()) as { id: string };
    const ask = async () => {
      const answer = await fetch(`${demo.url}/api/checkout-status?id=${id}`);
      assert.equal(answer.status, 200);
      assert.equal(answer.headers.get('cache-control'), 'no-store');
      return (await answer.json()) as { id: string; status: string; fulfilled: boolean };
    };
    assert.deepEqual(await ask(), { id, status: 'open', fulfilled: false });

    demo.emulator.pay(id);
    await demo.emulator.idle();
    assert.ok(demo.orders.has(id), 'the demo fulfilled the order');
    const after = await ask();
    assert.equal(after.fulfilled, true);
    assert.equal(after.id, id);

    const unknown = await fetch(`${demo.url}/api/checkout-status?id=${crypto.randomUUID()}`);
    assert.equal(unknown.status, 404);
  } finally {
    await demo.close();
  }
});
