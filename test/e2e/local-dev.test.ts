import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { after, before, test } from 'node:test';
import { chromium, type Browser, type Page } from 'playwright-core';
import { findChromium } from '../support/chromium.js';

// docs/emulator.md's local layout, from examples/local-dev/: the page, `payfect-checkout serve` and
// `payfect-checkout emulator` on three origins, the last two as the processes commands.sh starts.
// Only the ports change (free ones), wherever the example writes 8080, 8787 or 4010.
const ROOT = new URL('../../', import.meta.url);
const EXAMPLE = new URL('examples/local-dev/', ROOT);
const CLI = fileURLToPath(new URL('dist/npm/cli/main.js', ROOT));
const CDN = readFileSync(new URL('dist/cdn/payfect-checkout.js', ROOT));
const PORTS = { page: '8080', endpoint: '8787', emulator: '4010' } as const;

interface Command {
  env: Record<string, string>;
  args: string[];
}

/** The `npx payfect-checkout …` commands of commands.sh, with their `NAME=value` prefixes. */
function exampleCommands(): Command[] {
  const text = readFileSync(new URL('commands.sh', EXAMPLE), 'utf8').replace(/\\\n/g, ' ');
  return text
    .split('\n')
    .filter((line) => line.includes('npx payfect-checkout '))
    .map((line) => {
      const [prefix = '', rest = ''] = line.split('npx payfect-checkout ');
      const env = Object.fromEntries(
        prefix.trim().split(/\s+/).filter(Boolean).map((pair) => [pair.slice(0, pair.indexOf('=')), pair.slice(pair.indexOf('=') + 1)]),
      );
      return { env, args: rest.trim().split(/\s+/) };
    });
}

/** The text with each example port replaced by the one this run uses. */
function withPorts(text: string, ports: Partial<Record<keyof typeof PORTS, string>>): string {
  return Object.entries(ports).reduce(
    (result, [name, port]) => result.replaceAll(`127.0.0.1:${PORTS[name as keyof typeof PORTS]}`, `127.0.0.1:${port}`),
    text,
  );
}

/** A CLI process, resolved with its URL once it prints the line `listening` matches. */
function startCli(command: Command, ports: Parameters<typeof withPorts>[1], listening: RegExp) {
  // The example's ports become 0 (a free one); every URL naming another process gets its real port.
  const args = command.args.map((arg, i) => (command.args[i - 1] === '--port' ? '0' : withPorts(arg, ports)));
  const env = Object.fromEntries(Object.entries(command.env).map(([name, value]) => [name, withPorts(value, ports)]));
  const child = spawn(process.execPath, [CLI, ...args], {
    cwd: fileURLToPath(EXAMPLE),
    env: { ...process.env, PAYFECT_API_KEY: '', PAYFECT_BASE_URL: '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const url = new Promise<string>((resolve, reject) => {
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
      const match = listening.exec(stdout);
      if (match?.[1]) resolve(match[1]);
    });
    void exited.then((code) => reject(new Error(`${args[0]} exited with ${code} before listening: ${stderr}`)));
  });
  url.catch(() => undefined);
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    return exited;
  };
  return { url, stop, output: () => ({ stdout, stderr }) };
}

let page: Server;
let pageOrigin: string;
let endpointUrl: string;
let emulatorUrl: string;
let browser: Browser;
const running: { stop(): Promise<number | null> }[] = [];

before(async () => {
  const commands = exampleCommands();
  const emulatorCommand = commands.find((command) => command.args[0] === 'emulator');
  const serveCommand = commands.find((command) => command.args[0] === 'serve');
  assert.ok(emulatorCommand && serveCommand, 'commands.sh starts the emulator and the endpoint');

  // The static host: the example folder, and the CDN file copied beside it.
  const ports: Parameters<typeof withPorts>[1] = {};
  page = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    if (path === '/' || path === '/thanks.html') {
      const file = path === '/' ? 'index.html' : 'thanks.html';
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(withPorts(readFileSync(new URL(file, EXAMPLE), 'utf8'), ports));
    } else if (path === '/payfect-checkout.js') {
      res.writeHead(200, { 'content-type': 'text/javascript; charset=utf-8' });
      res.end(CDN);
    } else {
      res.writeHead(404).end();
    }
  });
  await new Promise<void>((resolve) => page.listen(0, '127.0.0.1', resolve));
  ports.page = String((page.address() as AddressInfo).port);
  pageOrigin = `http://127.0.0.1:${ports.page}`;

  const emulator = startCli(emulatorCommand, ports, /Payfect emulator listening on (http:\/\/\S+)\n/);
  running.push(emulator);
  emulatorUrl = await emulator.url;
  ports.emulator = new URL(emulatorUrl).port;

  const endpoint = startCli(serveCommand, ports, /session endpoint at (http:\/\/\S+)\n[^]*On your page: .*\n/);
  running.push(endpoint);
  endpointUrl = await endpoint.url;
  ports.endpoint = new URL(endpointUrl).port;
  assert.match(endpoint.output().stdout, new RegExp(`Payfect: ${emulatorUrl}/api/v1\\n`), 'the endpoint calls the emulator');
  assert.match(endpoint.output().stdout, new RegExp(`allowed \\(CORS\\): ${pageOrigin}\\n`));

  const { executablePath, args } = await findChromium();
  browser = await chromium.launch({ executablePath, args, headless: true });
});

after(async () => {
  await browser?.close();
  // SIGTERM: each CLI finishes what is in flight and exits 0.
  const codes = await Promise.all(running.map((cli) => cli.stop()));
  await new Promise((resolve) => page?.close(resolve));
  assert.deepEqual(codes, running.map(() => 0), 'each process exits 0 on SIGTERM');
});

async function openPage(): Promise<Page> {
  const context = await browser.newContext();
  context.setDefaultTimeout(15_000);
  const tab = await context.newPage();
  await tab.goto(`${pageOrigin}/`);
  await tab.waitForFunction(() => customElements.get('payfect-checkout-button') !== undefined);
  return tab;
}

test('the page, `payfect-checkout serve` and the emulator on three local origins complete a purchase', async () => {
  const tab = await openPage();
  const button = tab.locator('payfect-checkout-button');
  assert.equal(await button.getAttribute('endpoint'), endpointUrl);
  assert.equal(await button.getAttribute('checkout-hosts'), new URL(emulatorUrl).host);

  await tab.locator('payfect-checkout-button button').click();
  await tab.waitForURL(new RegExp(`^${emulatorUrl}/checkouts/[0-9a-f-]{36}$`));
  const id = tab.url().split('/').pop() ?? '';
  await tab.getByRole('button', { name: 'Pay 20.50 USDT' }).click();
  await tab.waitForURL(`${pageOrigin}/thanks.html`);
  await tab.getByRole('heading', { name: 'Thank you' }).waitFor();

  // Query, as the endpoint would: the emulator process holds the paid checkout.
  const query = await fetch(`${emulatorUrl}/api/v1/checkouts/${id}/`, { headers: { authorization: 'Api-Key local-dev-key-0001' } });
  const checkout = (await query.json()) as { status: string; amountTotal: string };
  assert.equal(checkout.status, 'complete');
  assert.equal(checkout.amountTotal, '20.50');
  await tab.context().close();
});

test('without the loopback entry in checkout-hosts, the click ends in redirect_blocked', async () => {
  const tab = await openPage();
  await tab.evaluate(() => {
    const button = document.querySelector('payfect-checkout-button')!;
    button.removeAttribute('checkout-hosts');
    button.addEventListener('payfect-checkout-error', (event) => {
      button.dataset.errorCode = (event as CustomEvent<{ code: string }>).detail.code;
    });
  });
  await tab.locator('payfect-checkout-button button').click();
  await tab.waitForFunction(() => document.querySelector('payfect-checkout-button')?.dataset.errorCode !== undefined);
  const { code, state } = await tab.evaluate(() => {
    const button = document.querySelector('payfect-checkout-button')!;
    return { code: button.dataset.errorCode, state: button.state };
  });
  assert.equal(code, 'redirect_blocked');
  assert.equal(state, 'error');
  assert.equal(tab.url(), `${pageOrigin}/`, 'the buyer stays on the page');
  await tab.context().close();
});
