import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createServer as createNetServer, type AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { test } from 'node:test';
import { startEmulator } from '../../src/emulator/index.js';
import { startDemo } from '../../demo/server.js';

const DEMO = fileURLToPath(new URL('../../demo/server.ts', import.meta.url));
const STICKERS = JSON.stringify({ currency: 'usdt', invoice_items: [{ product_id: 'sticker', quantity: 3 }] });

test('`npm start` (tsx demo/server.ts) honours PORT, prints its URL, and serves the shop there', async (t) => {
  const child = spawn(process.execPath, ['--import', 'tsx', DEMO], {
    env: { ...process.env, PORT: '0', PAYFECT_API_KEY: '' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  t.after(() => child.kill());
  let output = '';
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no URL printed: ${output}`)), 30_000);
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      output += chunk;
      const match = /demo: (http:\/\/127\.0\.0\.1:(\d+)) \(or http:\/\/localhost:\2\)/.exec(output);
      if (match?.[1]) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    });
  });
  assert.match(output, /built-in Payfect emulator/);
  assert.notEqual(url, 'http://127.0.0.1:0');
  const shop = await fetch(`${url}/`);
  assert.equal(shop.status, 200);
  assert.match(await shop.text(), /<payfect-checkout-button/);
  const created = await fetch(`${url}/api/checkout`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: STICKERS });
  assert.equal(created.status, 200);
  const session = (await created.json()) as { url: string; amountTotal: string };
  assert.equal(session.amountTotal, '0.30');
  assert.ok(session.url.startsWith(`${url}/checkouts/`), 'the emulator is mounted on the demo\'s own origin');
  const exited = new Promise((resolve) => child.on('exit', resolve));
  child.kill('SIGTERM');
  assert.equal(await exited, 0);
});

test('with PAYFECT_API_KEY set, the demo talks to PAYFECT_BASE_URL instead of its emulator', async () => {
  const payfect = await startEmulator({ port: 0, apiKeys: ['live-looking-key'] });
  const demo = await startDemo({ port: 0, env: { PAYFECT_API_KEY: 'live-looking-key', PAYFECT_BASE_URL: `${payfect.url}/api/v1` } });
  try {
    assert.equal(demo.mode, 'payfect');
    const created = await fetch(`${demo.url}/api/checkout`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: STICKERS });
    assert.equal(created.status, 200);
    const session = (await created.json()) as { id: string; url: string };
    assert.equal(session.url, `${payfect.url}/checkouts/${session.id}`);
    assert.equal(payfect.emulator.checkouts.size, 1);
    assert.equal(payfect.emulator.requests[0]?.headers.authorization, 'Api-Key live-looking-key');
    assert.equal(demo.emulator.checkouts.size, 0);
    assert.equal((await fetch(`${demo.url}/api/v1/checkouts/`, { method: 'POST' })).status, 404, 'no emulator mounted');
  } finally {
    await demo.close();
    await payfect.close();
  }
});

test('a busy port: `npm start` exits 1 with one line naming PORT, not a stack', async (t) => {
  const busy = createNetServer();
  await new Promise<void>((resolve) => busy.listen(0, '127.0.0.1', resolve));
  t.after(() => busy.close());
  const { port } = busy.address() as AddressInfo;
  const child = spawn(process.execPath, ['--import', 'tsx', DEMO], {
    env: { ...process.env, PORT: String(port), PAYFECT_API_KEY: '' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const code = await new Promise((resolve) => child.on('exit', resolve));
  assert.equal(code, 1);
  assert.equal(stderr.trim(), `Port ${port} is in use. Set PORT to another port, for example: PORT=5174 npm start`);
});
