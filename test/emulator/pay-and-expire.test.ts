import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createEmulator, EmulatorError, type Emulator, type EmulatorOptions } from '../../src/emulator/index.js';
import { createCheckout, STICKERS } from './create-checkout.js';

const ORIGIN = 'http://emulator.test';

async function setUp(options: EmulatorOptions = {}): Promise<{ emulator: Emulator; id: string; url: string }> {
  const emulator = createEmulator(options);
  const { id, url } = await createCheckout(emulator.fetch, ORIGIN, {
    client_reference_id: 'order-1',
    invoice_items: STICKERS,
    callback_url: 'https://shop.example/payfect-callback',
  });
  return { emulator, id, url };
}

/** A callbackFetch that holds every callback until released, so a test sees the delivery in flight. */
function heldReceiver() {
  const bodies: string[] = [];
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  const callbackFetch: typeof fetch = async (_input, init) => {
    bodies.push(String(init?.body));
    await released;
    return new Response(null, { status: 200 });
  };
  return { bodies, release, callbackFetch };
}

test('pay(id) completes an open checkout, returns it, and sends its callback', async () => {
  const receiver = heldReceiver();
  const { emulator, id, url } = await setUp({ callbackFetch: receiver.callbackFetch });
  const checkout = emulator.pay(id);
  assert.equal(checkout.id, id);
  assert.equal(checkout.status, 'complete');
  assert.equal(emulator.checkouts.get(id)?.status, 'complete');
  assert.equal(emulator.deliveries.length, 1);
  receiver.release();
  await emulator.idle();
  assert.equal(receiver.bodies.length, 1);
  assert.deepEqual(JSON.parse(receiver.bodies[0] ?? ''), JSON.parse(emulator.deliveries[0]?.body ?? ''));
  assert.equal(JSON.parse(receiver.bodies[0] ?? '').status, 'succeeded');
  assert.match(await (await emulator.fetch(url)).text(), /Paid\. This checkout is complete\./);
});

test('idle() settles only once every callback so far is delivered', async () => {
  const receiver = heldReceiver();
  const { emulator, id } = await setUp({ callbackFetch: receiver.callbackFetch });
  emulator.pay(id);
  let settled = false;
  const idle = emulator.idle().then(() => (settled = true));
  // Lets the signing and the POST start; the receiver still holds its answer.
  while (receiver.bodies.length === 0) await new Promise((resolve) => setImmediate(resolve));
  assert.equal(settled, false);
  assert.equal(emulator.deliveries[0]?.state, 'pending');
  receiver.release();
  await idle;
  assert.equal(emulator.deliveries[0]?.state, 'delivered');
});

test('pay(id) refuses a checkout that is not open, with a typed error, and sends nothing more', async () => {
  const receiver = heldReceiver();
  receiver.release();
  const { emulator, id } = await setUp({ callbackFetch: receiver.callbackFetch });
  emulator.pay(id);
  assert.throws(() => emulator.pay(id), (error: unknown) => {
    assert.ok(error instanceof EmulatorError);
    assert.equal(error.code, 'checkout_not_open');
    assert.match(error.message, new RegExp(`Checkout ${id} is complete, so it cannot be paid`));
    return true;
  });
  await emulator.idle();
  assert.equal(receiver.bodies.length, 1);
  assert.throws(() => emulator.pay('no-such-checkout'), { name: 'EmulatorError', code: 'checkout_not_found' });
});

test('expire(id) expires an open checkout as the clock would; it can then not be paid', async () => {
  const { emulator, id, url } = await setUp({ callbackFetch: heldReceiver().callbackFetch });
  const checkout = emulator.expire(id);
  assert.equal(checkout.status, 'expired');
  assert.equal(emulator.checkouts.get(id)?.status, 'expired');
  assert.match(await (await emulator.fetch(url)).text(), /has expired and can no longer be paid/);
  assert.equal((await emulator.fetch(`${url}/pay`, { method: 'POST' })).status, 409);
  assert.throws(() => emulator.pay(id), { code: 'checkout_not_open', message: /is expired, so it cannot be paid/ });
  assert.throws(() => emulator.expire(id), { code: 'checkout_not_open' });
  assert.equal(emulator.deliveries.length, 0);
});

test('expire(id) refuses a paid or unknown checkout', async () => {
  const { emulator, id } = await setUp({ callbackFetch: async () => new Response(null, { status: 200 }) });
  emulator.pay(id);
  assert.throws(() => emulator.expire(id), { name: 'EmulatorError', code: 'checkout_not_open', message: /is complete, so it cannot be expired/ });
  assert.equal(emulator.checkouts.get(id)?.status, 'complete');
  assert.throws(() => emulator.expire('no-such-checkout'), { code: 'checkout_not_found' });
  await emulator.idle();
});

test('pay(id) on a checkout past expiresAt is refused, as the hosted page refuses it', async () => {
  let clock = 0;
  const { emulator, id } = await setUp({ now: () => clock, expiresInMs: 1000 });
  clock = 1001;
  assert.throws(() => emulator.pay(id), { code: 'checkout_not_open', message: /is expired/ });
});
