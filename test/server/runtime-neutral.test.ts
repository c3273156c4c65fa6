import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { loadWebOnly } from '../support/web-only.js';
import type { CheckoutHandler, CheckoutHandlerOptions } from '../../src/server/index.js';
import type { Emulator } from '../../src/emulator/index.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

test('createCheckoutHandler runs with web globals only, as on Workers, Deno or Bun', async () => {
  // platform 'neutral' refuses node: builtins, so a node:* import anywhere under src/server fails the build.
  const { exports, source } = await loadWebOnly<{
    createCheckoutHandler: (options: CheckoutHandlerOptions) => CheckoutHandler;
    createEmulator: () => Emulator;
  }>({
    stdin: {
      contents:
        "export { createCheckoutHandler } from './src/server/index.ts';\nexport { createEmulator } from './src/emulator/emulator.ts';",
      resolveDir: ROOT,
      loader: 'ts',
    },
  });
  // esbuild's `__require` wraps CommonJS packages (content-type, ipaddr.js) in the bundle; it is not Node's require.
  assert.doesNotMatch(source, /\bBuffer\b|\bprocess\.|(?<![\w$])require\(/, 'no Node-only global is referenced');
  const { createCheckoutHandler, createEmulator } = exports;
  const payfect = createEmulator();
  const checkout = createCheckoutHandler({
    apiKey: 'worker-test-key-000001',
    catalog: { sticker: { name: 'Sticker', unitAmount: '0.10', currency: 'usdt' } },
    baseUrl: 'https://payfect.test/api/v1',
    clientAddressHeader: 'cf-connecting-ip',
    fetch: payfect.fetch,
  });
  const request = () =>
    new Request('https://shop.example/api/checkout', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'cf-connecting-ip': '203.0.113.7', 'idempotency-key': 'worker-1' },
      body: JSON.stringify({ currency: 'usdt', invoice_items: [{ product_id: 'sticker', quantity: 3 }] }),
    });

  const first = await checkout(request());
  assert.equal(first.status, 200);
  const session = (await first.json()) as { id: string; amountTotal: string };
  assert.equal(session.amountTotal, '0.30');
  // The idempotency fingerprint uses Web Crypto: the replay proves it ran without node:crypto.
  const replay = await checkout(request());
  assert.equal(((await replay.json()) as { id: string }).id, session.id);
  assert.equal(payfect.checkouts.size, 1);
});
