import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { test } from 'node:test';

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
