import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { fernetDecrypt } from '../../src/shared/fernet.js';
import { loadWebOnly } from '../support/web-only.js';
import type { Emulator, EmulatorOptions } from '../../src/emulator/index.js';

const ENTRY = fileURLToPath(new URL('../../src/emulator/emulator.ts', import.meta.url));

test('createEmulator runs with web globals only, as on Workers, Deno or Bun', async () => {
  // platform 'neutral' refuses to resolve node: builtins, so any node:crypto import fails the build.
  const { exports, source } = await loadWebOnly<{ createEmulator: (options?: EmulatorOptions) => Emulator }>({ entryPoints: [ENTRY] });
  assert.doesNotMatch(source, /\bBuffer\b|\bprocess\.|require\(/, 'no Node-only global is referenced');
  const { createEmulator } = exports;
  const callbacks: Request[] = [];
  const emulator = createEmulator({
    maxBodyBytes: 400,
    callbackFetch: async (input, init) => {
      callbacks.push(new Request(input, init));
      return new Response(null, { status: 204 });
    },
  });
  const create = (name: string) =>
    emulator.fetch('https://worker.example/api/v1/checkouts/', {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: 'Api-Key test' },
      body: JSON.stringify({
        currency: 'usdt',
        invoice_items: [{ price_data: { currency: 'usdt', unit_amount: '0.10', product_data: { name } }, quantity: 3 }],
        callback_url: 'https://shop.example/payfect-callback',
      }),
    });

  const created = await create('Sticker ✓');
  assert.equal(created.status, 201);
  const checkout = (await created.json()) as { id: string; amountTotal: string; url: string };
  assert.match(checkout.id, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  assert.equal(checkout.amountTotal, '0.30');
  assert.equal((await emulator.fetch(checkout.url)).status, 200);
  assert.equal((await emulator.fetch(`https://worker.example/api/v1/checkouts/${checkout.id}/`, { headers: { authorization: 'Api-Key test' } })).status, 200);
  // Paying signs the callback with a key the emulator made: Fernet on Web Crypto, atob and btoa only.
  emulator.pay(checkout.id);
  await emulator.idle();
  const [callback] = callbacks;
  assert.ok(callback);
  const body = await callback.text();
  assert.equal(JSON.parse(body).status, 'succeeded');
  assert.equal(new TextDecoder().decode(await fernetDecrypt(emulator.signingKey, callback.headers.get('x-payfect-signature') ?? '')), body);
  // 100 three-byte characters: under the limit in UTF-16 units, over it in UTF-8 bytes.
  assert.equal((await create('✓'.repeat(100))).status, 413);
});
