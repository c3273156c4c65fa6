import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { test } from 'node:test';
import { createCallbackHandler } from '../../src/server/index.js';
import { toNodeListener } from '../../src/server/http/node-adapter.js';
import { checkFernetKey, fernetDecrypt, generateFernetKey } from '../../src/shared/fernet.js';
import { describeAttempt } from '../../src/cli/emulator-command.js';
import type { CallbackDelivery, DeliveryAttempt } from '../../src/emulator/index.js';

const CLI = fileURLToPath(new URL('../../src/cli/main.ts', import.meta.url));

function run(args: string[]) {
  const child = spawn(process.execPath, ['--import', 'tsx', CLI, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, exited, output: () => ({ stdout, stderr }) };
}

/** Waits until the CLI has printed its whole banner, and returns what it printed. */
function banner(cli: ReturnType<typeof run>): Promise<{ url: string; signingKey: string }> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no banner printed: ${JSON.stringify(cli.output())}`)), 20_000);
    cli.child.stdout.on('data', () => {
      const { stdout } = cli.output();
      const url = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(stdout)?.[1];
      const signingKey = /Callback signing key \(Fernet\): (\S+)\n/.exec(stdout)?.[1];
      if (url && signingKey) {
        clearTimeout(timer);
        resolve({ url, signingKey });
      }
    });
  });
}

/** Resolves with the first stdout line matching `pattern`, once the CLI has printed it. */
function printed(cli: ReturnType<typeof run>, pattern: RegExp): Promise<RegExpExecArray> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`never printed ${pattern}: ${JSON.stringify(cli.output())}`)), 20_000);
    const look = () => {
      const match = pattern.exec(cli.output().stdout);
      if (match) {
        clearTimeout(timer);
        cli.child.stdout.off('data', look);
        resolve(match);
      }
    };
    cli.child.stdout.on('data', look);
    look();
  });
}

/** Creates a checkout on the CLI's emulator, pays it on the hosted page, and returns the callback it sent. */
async function payAndReceive(url: string): Promise<{ body: string; signature: string }> {
  let receive!: (callback: { body: string; signature: string }) => void;
  const received = new Promise<{ body: string; signature: string }>((resolve) => (receive = resolve));
  const receiver = createServer((request, response) => {
    let body = '';
    request.setEncoding('utf8').on('data', (chunk: string) => (body += chunk));
    request.on('end', () => {
      response.end();
      receive({ body, signature: String(request.headers['x-payfect-signature']) });
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  try {
    const { port } = receiver.address() as AddressInfo;
    const created = await fetch(`${url}/api/v1/checkouts/`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: 'Api-Key k1' },
      body: JSON.stringify({
        currency: 'usdt',
        invoice_items: [{ price_data: { currency: 'usdt', unit_amount: '1', product_data: { name: 'A' } }, quantity: 1 }],
        callback_url: `http://127.0.0.1:${port}/payfect-callback`,
      }),
    });
    const checkout = (await created.json()) as { url: string };
    assert.equal((await fetch(`${checkout.url}/pay`, { method: 'POST' })).status, 200);
    return await received;
  } finally {
    receiver.close();
  }
}

test('--signing-key: the CLI prints that key and signs callbacks with it', async (t) => {
  const key = generateFernetKey();
  const cli = run(['emulator', '--port', '0', '--signing-key', key]);
  t.after(() => cli.child.kill());
  const { url, signingKey } = await banner(cli);
  assert.equal(signingKey, key);
  const callback = await payAndReceive(url);
  assert.equal(new TextDecoder().decode(await fernetDecrypt(key, callback.signature)), callback.body);
});

test('without --signing-key, the CLI makes a key, prints it, and signs with it', async (t) => {
  const cli = run(['emulator', '--port', '0']);
  t.after(() => cli.child.kill());
  const { url, signingKey } = await banner(cli);
  await checkFernetKey(signingKey);
  const callback = await payAndReceive(url);
  assert.equal(new TextDecoder().decode(await fernetDecrypt(signingKey, callback.signature)), callback.body);
});

test('a --signing-key that is not a Fernet key is refused with exit 2', async () => {
  const cli = run(['emulator', '--port', '0', '--signing-key', 'my-secret']);
  assert.equal(await cli.exited, 2);
  assert.match(cli.output().stderr, /--signing-key: A Fernet key is 32 bytes in url-safe base64/);
});

test('the CLI keeps its shebang, so the built bin runs under npx', () => {
  assert.match(readFileSync(CLI, 'utf8'), /^#!\/usr\/bin\/env node\n/);
});

test('payfect-checkout emulator --port 0 prints its URL and serves the API there', async (t) => {
  const cli = run(['emulator', '--port', '0', '--api-key', 'k1']);
  t.after(() => cli.child.kill());
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no URL printed: ${JSON.stringify(cli.output())}`)), 20_000);
    cli.child.stdout.on('data', () => {
      const match = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(cli.output().stdout);
      if (match?.[1]) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    });
  });
  const post = (key: string) =>
    fetch(`${url}/api/v1/checkouts/`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Api-Key ${key}` },
      body: JSON.stringify({ currency: 'usdt', invoice_items: [{ price_data: { currency: 'usdt', unit_amount: '1', product_data: { name: 'A' } }, quantity: 2 }] }),
    });
  const created = await post('k1');
  assert.equal(created.status, 201);
  const checkout = (await created.json()) as { amountTotal: string; url: string };
  assert.equal(checkout.amountTotal, '2.00');
  assert.ok(checkout.url.startsWith(`${url}/checkouts/`));
  assert.equal((await post('other')).status, 401);
  const unset = await post('None');
  assert.equal(unset.status, 401);
  assert.match(((await unset.json()) as { detail: string }).detail, /^The client sent no API key/);
  const unknown = await fetch(`${url}/api/v1/nothing/`);
  assert.equal(unknown.status, 404);
  assert.match(unknown.headers.get('content-type') ?? '', /^application\/json/);
  cli.child.kill('SIGTERM');
  assert.equal(await cli.exited, 0);
});

test('--help prints the usage and exits 0', async () => {
  const cli = run(['--help']);
  assert.equal(await cli.exited, 0);
  assert.match(cli.output().stdout, /Usage: payfect-checkout <command>/);
  assert.match(cli.output().stdout, /--port <n>/);
});

test('an unknown subcommand prints the usage and exits 2', async () => {
  const cli = run(['launch']);
  assert.equal(await cli.exited, 2);
  assert.match(cli.output().stderr, /unknown command "launch"/);
  assert.match(cli.output().stderr, /Usage: payfect-checkout/);
});

test('a bad port is refused with exit 2', async () => {
  const cli = run(['emulator', '--port', 'abc']);
  assert.equal(await cli.exited, 2);
  assert.match(cli.output().stderr, /--port must be a whole number/);
});

test('a busy port is refused with a line that says to pass another --port, and exit 1', async (t) => {
  const taken = createServer();
  await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
  t.after(() => taken.close());
  const { port } = taken.address() as AddressInfo;
  const cli = run(['emulator', '--port', String(port)]);
  assert.equal(await cli.exited, 1);
  assert.match(cli.output().stderr, new RegExp(`port ${port} on 127\\.0\\.0\\.1 is in use: pass another --port`));
});

test('--default-callback-url: each callback attempt is printed with the receiver\'s status and error code, and a stale signing key is named', async (t) => {
  // The merchant's callback handler holds another key than this emulator's, as after the emulator restarted.
  const apiKey = '123e4567-e89b-12d3-a456-426614174000';
  const handler = createCallbackHandler({ apiKey, signingKey: generateFernetKey(), onCompleted: () => undefined, onError: () => undefined });
  const receiver = createServer(toNodeListener(handler));
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  t.after(() => receiver.close());
  const callbackUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/api/payfect-callback`;
  const cli = run(['emulator', '--port', '0', '--api-key', apiKey, '--default-callback-url', callbackUrl]);
  t.after(() => cli.child.kill());
  const { url } = await banner(cli);
  assert.match(cli.output().stdout, new RegExp(`Default callback URL: ${callbackUrl}\\n`));
  const created = await fetch(`${url}/api/v1/checkouts/`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Api-Key ${apiKey}` },
    body: JSON.stringify({ currency: 'usdt', invoice_items: [{ price_data: { currency: 'usdt', unit_amount: '1', product_data: { name: 'A' } }, quantity: 1 }] }),
  });
  const { id, url: page } = (await created.json()) as { id: string; url: string };
  assert.equal((await fetch(`${page}/pay`, { method: 'POST' })).status, 200);
  const [line] = await printed(cli, /^Callback for checkout .*\n {2}Fix: .*$/m);
  assert.equal(
    line.split('\n')[0],
    `Callback for checkout ${id} to ${callbackUrl}: 401 signature_invalid (attempt 1 of 5), will retry`,
  );
  assert.match(line, /Fix: the receiver's signingKey is not this emulator's key/);
});

test('--public-url sets the hosted pages\' origin; a URL flag that is not http(s) is refused with exit 2', async (t) => {
  const cli = run(['emulator', '--port', '0', '--public-url', 'https://pay.shop.example/ignored-path']);
  t.after(() => cli.child.kill());
  const { url } = await banner(cli);
  const created = await fetch(`${url}/api/v1/checkouts/`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: 'Api-Key any' },
    body: JSON.stringify({ currency: 'usdt', invoice_items: [{ price_data: { currency: 'usdt', unit_amount: '1', product_data: { name: 'A' } }, quantity: 1 }] }),
  });
  const checkout = (await created.json()) as { id: string; url: string };
  assert.equal(checkout.url, `https://pay.shop.example/checkouts/${checkout.id}`);

  const refused = run(['emulator', '--port', '0', '--default-callback-url', 'ftp://shop.example/callback']);
  assert.equal(await refused.exited, 2);
  assert.match(refused.output().stderr, /--default-callback-url must be an absolute http\(s\) URL/);
});

test('an attempt line says the fix once per delivery, and what happened when there was no answer', () => {
  const attempts: DeliveryAttempt[] = [
    { number: 1, delayMs: 0, at: 0, status: 401, code: 'signature_invalid' },
    { number: 2, delayMs: 200, at: 200, status: 401, code: 'signature_invalid' },
    { number: 3, delayMs: 400, at: 600, error: 'TypeError: fetch failed' },
    { number: 4, delayMs: 800, at: 1400, status: 200 },
  ];
  const delivery: CallbackDelivery = { checkoutId: 'c1', url: 'http://127.0.0.1:8787/cb', body: '{}', state: 'pending', attempts, maxAttempts: 4, done: Promise.resolve(undefined as never) };
  const lines = attempts.map((attempt) => {
    if (attempt.number === 4) delivery.state = 'delivered';
    return describeAttempt(attempt, delivery);
  });
  assert.deepEqual(lines.map((line) => line.split('\n').length), [2, 1, 1, 1], 'only the first signature_invalid carries the fix');
  assert.equal(lines[2], 'Callback for checkout c1 to http://127.0.0.1:8787/cb: no answer (TypeError: fetch failed) (attempt 3 of 4), will retry');
  assert.equal(lines[3], 'Callback for checkout c1 to http://127.0.0.1:8787/cb: 200 (attempt 4 of 4), delivered');
});
