import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { request as httpRequest } from 'node:http';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, test } from 'node:test';
import { startEmulator } from '../../src/emulator/index.js';

// `payfect-checkout serve` as a merchant runs it: a process, real HTTP, real signals.
const CLI = fileURLToPath(new URL('../../src/cli/main.ts', import.meta.url));
const DIR = mkdtempSync(join(tmpdir(), 'payfect-serve-'));
after(() => rmSync(DIR, { recursive: true, force: true }));

const SHOP = 'https://shop.example';
// The catalog file docs/server.md shows for `serve`.
const CATALOG = readFileSync(new URL('../../examples/serve/catalog.json', import.meta.url), 'utf8');
const BUY = JSON.stringify({ currency: 'usdt', invoice_items: [{ product_id: 'standard-plan', quantity: 2 }] });

function catalogFile(name: string, text: string): string {
  const path = join(DIR, name);
  writeFileSync(path, text);
  return path;
}

function run(args: string[], env: NodeJS.ProcessEnv = {}) {
  const child = spawn(process.execPath, ['--import', 'tsx', CLI, ...args], {
    env: { ...process.env, PAYFECT_API_KEY: '', PAYFECT_BASE_URL: '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const endpoint = new Promise<string>((resolve, reject) => {
    child.stdout.on('data', () => {
      const match = /session endpoint at (http:\/\/127\.0\.0\.1:\d+\/api\/checkout)[^]*On your page: .*\n/.exec(stdout);
      if (match?.[1]) resolve(match[1]);
    });
    void exited.then((code) => reject(new Error(`exited with ${code} before listening: ${stderr}`)));
  });
  endpoint.catch(() => undefined);
  /** Resolves once stdout matches `pattern`: what the process says it did. */
  const printed = (pattern: RegExp) =>
    new Promise<void>((resolve) => {
      const check = () => pattern.test(stdout) && resolve();
      check();
      child.stdout.on('data', check);
    });
  return { child, exited, endpoint, printed, output: () => ({ stdout, stderr }) };
}

function post(url: string, headers: Record<string, string> = {}) {
  return fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: BUY });
}

test('--emulator serves the endpoint and the hosted page, with CORS for each --allow-origin', async (t) => {
  const catalog = catalogFile('catalog.json', CATALOG);
  const cli = run([
    'serve', '--catalog', catalog, '--port', '0', '--emulator',
    '--allow-origin', SHOP, '--allow-origin', 'http://localhost:8080', '--success-url', `${SHOP}/thanks`,
  ]);
  t.after(() => cli.child.kill());
  const endpoint = await cli.endpoint;
  const origin = new URL(endpoint).origin;
  assert.match(cli.output().stdout, /offline emulator/);
  assert.match(cli.output().stdout, /catalog\.json \(2 products\)/);
  assert.match(cli.output().stdout, new RegExp(`checkout-hosts="127\\.0\\.0\\.1:${new URL(endpoint).port}"`));

  const preflight = await fetch(endpoint, {
    method: 'OPTIONS',
    headers: { origin: 'http://localhost:8080', 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' },
  });
  assert.equal(preflight.headers.get('access-control-allow-origin'), 'http://localhost:8080');

  const created = await post(endpoint, { origin: SHOP });
  assert.equal(created.status, 200);
  assert.equal(created.headers.get('access-control-allow-origin'), SHOP);
  const session = (await created.json()) as { url: string; amountTotal: string };
  assert.equal(session.amountTotal, '41.00');
  assert.ok(session.url.startsWith(`${origin}/checkouts/`), 'the hosted page is on the same server');
  assert.equal((await fetch(session.url)).status, 200);
  const paid = await fetch(`${session.url}/pay`, { method: 'POST', redirect: 'manual' });
  assert.equal(paid.headers.get('location'), `${SHOP}/thanks`);

  const refused = await post(endpoint, { origin: 'https://elsewhere.example' });
  assert.equal(refused.status, 403);
  assert.equal(((await refused.json()) as { error: { code: string } }).error.code, 'origin_not_allowed');

  cli.child.kill('SIGTERM');
  assert.equal(await cli.exited, 0);
});

test('--emulator receives the signed callback and answers the return page: fulfilled only once onCompleted ran', async (t) => {
  const cli = run(['serve', '--catalog', catalogFile('status.json', CATALOG), '--port', '0', '--emulator', '--allow-origin', SHOP, '--success-url', `${SHOP}/thanks`]);
  t.after(() => cli.child.kill());
  const endpoint = await cli.endpoint;
  const origin = new URL(endpoint).origin;
  const { stdout } = cli.output();
  assert.match(stdout, new RegExp(`Callbacks: POST ${origin}/api/payfect-callback`));
  assert.match(stdout, new RegExp(`Return page: GET ${origin}/api/checkout-status\\?id=`));

  const created = await post(endpoint, { origin: SHOP });
  assert.equal(created.status, 200);
  const session = (await created.json()) as { id: string; url: string };
  const ask = (id: string, headers: Record<string, string> = { origin: SHOP }) =>
    fetch(`${origin}/api/checkout-status?id=${encodeURIComponent(id)}`, { headers });

  const before = await ask(session.id);
  assert.equal(before.status, 200);
  assert.equal(before.headers.get('access-control-allow-origin'), SHOP);
  assert.equal(before.headers.get('cache-control'), 'no-store');
  assert.deepEqual(await before.json(), { id: session.id, status: 'open', fulfilled: false });

  const paid = await fetch(`${session.url}/pay`, { method: 'POST', redirect: 'manual' });
  assert.equal(paid.status, 303);
  // The emulator's signed callback reached this process's receiver, which confirmed it with Query and fulfilled it.
  await cli.printed(new RegExp(`Paid: ${session.id} 41\\.00 usdt`));
  const after = (await (await ask(session.id)).json()) as { id: string; fulfilled: boolean };
  assert.equal(after.id, session.id);
  assert.equal(after.fulfilled, true);

  const codes = async (response: Response) => [response.status, ((await response.json()) as { error: { code: string } }).error.code];
  assert.deepEqual(await codes(await ask('../v1/checkouts')), [400, 'invalid_request']);
  assert.deepEqual(await codes(await ask(crypto.randomUUID())), [404, 'checkout_not_found']);
  assert.deepEqual(await codes(await ask(session.id, { origin: 'https://elsewhere.example' })), [403, 'origin_not_allowed']);
  assert.deepEqual(await codes(await fetch(`${origin}/api/checkout-status?id=${session.id}`, { method: 'POST' })), [405, 'method_not_allowed']);

  cli.child.kill('SIGTERM');
  assert.equal(await cli.exited, 0);
});

test('reads PAYFECT_API_KEY and PAYFECT_BASE_URL from the environment and calls that Payfect with the key', async (t) => {
  const payfect = await startEmulator({ port: 0, apiKeys: ['123e4567-e89b-12d3-a456-426614174000'] });
  t.after(() => payfect.close());
  const cli = run(['serve', '--catalog', catalogFile('env.json', CATALOG), '--port', '0'], {
    PAYFECT_API_KEY: '123e4567-e89b-12d3-a456-426614174000',
    PAYFECT_BASE_URL: `${payfect.url}/api/v1`,
  });
  t.after(() => cli.child.kill());
  const created = await post(await cli.endpoint);
  assert.equal(created.status, 200);
  assert.equal(payfect.emulator.requests.at(-1)?.headers.authorization, 'Api-Key 123e4567-e89b-12d3-a456-426614174000');
  assert.doesNotMatch(cli.output().stdout, /123e4567/, 'the key is never printed');
  cli.child.kill('SIGTERM');
  assert.equal(await cli.exited, 0);
});

test('SIGTERM lets a request in flight finish, then exits 0 and accepts no more', async (t) => {
  const cli = run(['serve', '--catalog', catalogFile('inflight.json', CATALOG), '--port', '0', '--emulator']);
  t.after(() => cli.child.kill());
  const endpoint = new URL(await cli.endpoint);
  // Expect: 100-continue: the server has the request in hand when it says "continue"; the body follows the signal.
  const request = httpRequest(endpoint, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(BUY), expect: '100-continue' },
  });
  const answered = new Promise<{ status: number; body: string }>((resolve, reject) => {
    request.on('response', (response) => {
      let body = '';
      response.setEncoding('utf8').on('data', (chunk: string) => (body += chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body }));
    });
    request.on('error', reject);
  });
  await new Promise((resolve) => request.on('continue', resolve));
  const stopping = new Promise((resolve) => cli.child.stdout.on('data', () => /SIGTERM/.test(cli.output().stdout) && resolve(undefined)));
  cli.child.kill('SIGTERM');
  await stopping;
  request.end(BUY);
  const { status, body } = await answered;
  assert.equal(status, 200, body);
  assert.equal((JSON.parse(body) as { amountTotal: string }).amountTotal, '41.00');
  assert.equal(await cli.exited, 0);
  await assert.rejects(post(endpoint.href), 'nothing listens any more');
});

test('a PAYFECT_SIGNING_KEY that is not a Fernet key: exit 1, naming the variable', async () => {
  const cli = run(['serve', '--catalog', catalogFile('signing.json', CATALOG)], {
    PAYFECT_API_KEY: '123e4567-e89b-12d3-a456-426614174000',
    PAYFECT_SIGNING_KEY: 'not-a-fernet-key',
  });
  assert.equal(await cli.exited, 1);
  assert.match(cli.output().stderr, /PAYFECT_SIGNING_KEY is not valid: .*Fernet key/);
  assert.doesNotMatch(cli.output().stderr, /not-a-fernet-key/, 'the key is not echoed');
});

test('the banner counts the catalog as a person would: 1 product, 2 products', async (t) => {
  const one = JSON.stringify({ sticker: JSON.parse(CATALOG).sticker });
  const cli = run(['serve', '--catalog', catalogFile('one.json', one), '--port', '0', '--emulator']);
  t.after(() => cli.child.kill());
  await cli.endpoint;
  assert.match(cli.output().stdout, /one\.json \(1 product\)\n/);
});

test('no PAYFECT_API_KEY and no --emulator: exit 1, saying which variable to set', async () => {
  const cli = run(['serve', '--catalog', catalogFile('nokey.json', CATALOG)]);
  assert.equal(await cli.exited, 1);
  assert.match(cli.output().stderr, /PAYFECT_API_KEY is not set: set it to your Payfect API key, or pass --emulator/);
  assert.doesNotMatch(cli.output().stderr, /\n\s+at /, 'no stack trace');
});

test('a PAYFECT_API_KEY that cannot be a key: exit 1, naming the variable and the reason', async () => {
  const cli = run(['serve', '--catalog', catalogFile('shortkey.json', CATALOG)], { PAYFECT_API_KEY: 'abc' });
  assert.equal(await cli.exited, 1);
  assert.match(cli.output().stderr, /PAYFECT_API_KEY is not valid: .*at least 16 characters/);
  assert.doesNotMatch(cli.output().stderr, /abc/, 'the key is not echoed');
});

test('a catalog that is not JSON: exit 1, naming the file, line and column, with the trailing-comma hint', async () => {
  const path = catalogFile('trailing.json', '{\n  "sticker": { "name": "Sticker", "unitAmount": "0.10", "currency": "usdt" },\n}\n');
  const cli = run(['serve', '--catalog', path, '--emulator']);
  assert.equal(await cli.exited, 1);
  assert.match(cli.output().stderr, new RegExp(`${path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:3:1: the catalog is not valid JSON: .*trailing commas`));
});

test('a product that breaks the catalog schema: exit 1, naming its line, the product and the field', async () => {
  const path = catalogFile('schema.json', CATALOG.replace('"0.10"', '"0,10"'));
  const cli = run(['serve', '--catalog', path, '--emulator']);
  assert.equal(await cli.exited, 1);
  const { stderr } = cli.output();
  assert.match(stderr, /schema\.json:3: catalog product "sticker" is invalid: unitAmount must be a decimal amount/);
});

test('a catalog that is missing, empty, or not an object: exit 1 with the reason', async () => {
  const cases: Array<[string, RegExp]> = [
    [join(DIR, 'absent.json'), /absent\.json: cannot read the catalog \(no such file\)/],
    [catalogFile('empty.json', '{}'), /empty\.json: the catalog has no products/],
    [catalogFile('array.json', '[]'), /array\.json:1: the catalog must be a JSON object of products keyed by id/],
  ];
  for (const [path, message] of cases) {
    const cli = run(['serve', '--catalog', path, '--emulator']);
    assert.equal(await cli.exited, 1, path);
    assert.match(cli.output().stderr, message);
  }
});

test('no --catalog: exit 2 with the usage', async () => {
  const cli = run(['serve', '--emulator']);
  assert.equal(await cli.exited, 2);
  assert.match(cli.output().stderr, /--catalog <file> is required/);
  assert.match(cli.output().stderr, /Usage: payfect-checkout <command>/);
});
