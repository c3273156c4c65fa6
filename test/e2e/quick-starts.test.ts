import assert from 'node:assert/strict';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { chromium, type Browser, type Page } from 'playwright-core';
import { findChromium } from '../support/chromium.js';
import { quickStart, type QuickStart } from '../support/quick-start.js';
import type { ServerProcess } from '../runtimes/server-process.js';

// The README's three quick starts, each from its examples/quickstart-*/ folder: the commands of its commands.sh run as
// written (free ports in place of the example's, the only change) and a buyer in Chromium, from the button to the
// success page, which says the payment is confirmed once the shop's onCompleted has logged it.

let browser: Browser;

before(async () => {
  const { executablePath, args } = await findChromium();
  browser = await chromium.launch({ executablePath, args, headless: true });
});

after(async () => {
  await browser?.close();
});

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** A buyer's tab on the shop page; what the pages threw or warned is kept, for the test to check. */
async function shopPage(url: string): Promise<{ tab: Page; problems: string[] }> {
  const context = await browser.newContext();
  context.setDefaultTimeout(20_000);
  const tab = await context.newPage();
  const problems: string[] = [];
  tab.on('pageerror', (error) => problems.push(`${tab.url()}: ${error.message}`));
  tab.on('console', (message) => {
    // Vite's dev server gives lit its development build, which says so once per page; and Chromium asks every origin
    // for /favicon.ico on its own, which the quick starts' pages (and the emulator's) do not have.
    const ignored = message.text().startsWith('Lit is in dev mode.') || new URL(message.location().url || tab.url()).pathname === '/favicon.ico';
    if (['warning', 'error'].includes(message.type()) && !ignored) problems.push(`${tab.url()}: ${message.text()}`);
  });
  await tab.goto(url);
  return { tab, problems };
}

/** Clicks the button and waits for the hosted page at `emulator`; a button that fails instead fails the test with what it said. */
async function toHostedPage(tab: Page, problems: string[], emulator: string): Promise<string> {
  await tab.locator('payfect-checkout-button button').click();
  const hosted = tab.waitForURL(new RegExp(`^${escape(emulator)}/checkouts/[\\w-]+$`));
  hosted.catch(() => undefined); // awaited below, unless the button failed first
  const failed = tab.locator('payfect-checkout-button[state="error"]').waitFor().then(() => true, () => false);
  if (await Promise.race([hosted.then(() => false), failed])) assert.fail(`the button failed:\n${problems.join('\n')}`);
  await hosted;
  return new URL(tab.url()).pathname.split('/').pop()!;
}

/** Button → the hosted page → Pay → `success`, until the page says confirmed; resolves with the checkout id. */
async function buy(tab: Page, problems: string[], emulator: string, success: string): Promise<string> {
  const id = await toHostedPage(tab, problems, emulator);
  await tab.getByRole('button', { name: 'Pay 20.50 USDT' }).click();
  await tab.waitForURL(success);
  await tab.locator('payfect-checkout-status[state="confirmed"]').waitFor();
  // The page's own words for that state, shown through the element's `confirmed` slot.
  await tab.getByText('Payment confirmed: your order is on its way.').waitFor();
  return id;
}

/** The full purchase, and the line the shop's onCompleted printed for that very checkout. */
async function buysAndIsConfirmed(options: { page: string; emulator: string; success: string; shop: ServerProcess }) {
  const { tab, problems } = await shopPage(options.page);
  const id = await buy(tab, problems, options.emulator, options.success);
  assert.deepEqual(problems, [], 'no page error or console warning on the way');
  // The status endpoint says fulfilled only once onCompleted resolved, and onCompleted logs first.
  await options.shop.printed(new RegExp(`Paid: ${escape(id)} 20\\.50 usdt\\n`));
  await tab.context().close();
}

/** Button → the hosted page → Cancel → `cancel`, the quick start's cancel page. */
async function cancels(page: string, emulator: string, cancel: string) {
  const { tab, problems } = await shopPage(page);
  await toHostedPage(tab, problems, emulator);
  await tab.getByRole('button', { name: 'Cancel' }).click();
  await tab.waitForURL(cancel);
  await tab.getByRole('heading', { name: 'Payment cancelled' }).waitFor();
  assert.deepEqual(problems, [], 'no page error or console warning on the way');
  await tab.context().close();
}

/** Starts the emulator as commands.sh does, with the signing key the shop's command passes too. */
async function startEmulator(project: QuickStart, shopCommand: string): Promise<void> {
  const emulator = project.command('npx payfect-checkout emulator');
  const key = emulator.argv[emulator.argv.indexOf('--signing-key') + 1];
  assert.equal(project.command(shopCommand).env.PAYFECT_SIGNING_KEY, key, 'the shop checks callbacks with the key the emulator signs with');
  await project.start(emulator, project.origin(4010));
}

/** What server.mjs printed once listening: its one line. */
async function listening(shop: ServerProcess): Promise<string> {
  await shop.printed(/\n/);
  return shop.output().trimEnd();
}

/** Holds 127.0.0.1:`port`, as another program would, until the returned function frees it. */
async function occupy(port: number): Promise<() => Promise<void>> {
  const holder = createServer();
  await new Promise<void>((resolve, reject) => holder.once('error', reject).listen(port, '127.0.0.1', resolve));
  return () => new Promise((resolve) => holder.close(() => resolve()));
}

for (const { name, shopCommand, also } of [
  { name: 'quickstart-express', shopCommand: 'node server.mjs', also: '' },
  { name: 'quickstart-react', shopCommand: 'SHOP_URL=', also: ", and point vite.config.ts's /api proxy target at that port" },
]) {
  test(`${name}: server.mjs on a busy port says which port and what to set, and exits 1`, async (t) => {
    const project = await quickStart(name);
    t.after(() => project.remove());
    const port = project.port(3000);
    const free = await occupy(port);
    t.after(free);
    const { code, output } = await project.outcome(project.command(shopCommand));
    assert.equal(code, 1);
    assert.equal(output, `Port ${port} is in use: set PORT, e.g. PORT=${port + 1} node server.mjs${also}\n`, 'that line alone: no address it does not hold');
  });
}

test('quickstart-express: a static page with the script tag, Express and the emulator, from button to confirmed', async (t) => {
  const project = await quickStart('quickstart-express');
  t.after(() => project.remove());
  assert.equal(project.commands[0]?.text, 'npm install');
  await startEmulator(project, 'node server.mjs');
  const shop = await project.start(project.command('node server.mjs'), project.origin(3000));
  assert.equal(await listening(shop), `Listening on ${project.origin(3000)}`, 'its address, which is the shop too');

  const page = `${project.origin(3000)}/`;
  await buysAndIsConfirmed({ page, emulator: project.origin(4010), success: `${project.origin(3000)}/success`, shop });
  await cancels(page, project.origin(4010), `${project.origin(3000)}/cancel`);
  assert.deepEqual(project.notRun(), [], 'every command of commands.sh ran');
});

test('quickstart-react: React 19 on Vite, through its dev proxy and then as a production build, from button to confirmed', async (t) => {
  const project = await quickStart('quickstart-react');
  t.after(() => project.remove());
  assert.equal(project.commands[0]?.text, 'npm install');
  const [devShop, prodShop] = project.commands.filter((command) => command.text.endsWith('node server.mjs'));
  assert.ok(devShop && prodShop, 'commands.sh starts the server for the dev server, then alone');
  await startEmulator(project, 'SHOP_URL=');
  const emulator = project.origin(4010);

  await t.test('npx vite: the dev server proxies /api to the server, which sees a same-origin call', async (t) => {
    const shop = await project.start(devShop, project.origin(3000));
    t.after(() => shop.stop());
    assert.equal(await listening(shop), `Listening on ${project.origin(3000)} for the shop at ${project.origin(5173)} (SHOP_URL)`);
    const vite = await project.start(project.command('npx vite'), project.origin(5173));
    t.after(() => vite.stop());
    const page = `${project.origin(5173)}/`;
    await buysAndIsConfirmed({ page, emulator, success: `${project.origin(5173)}/success`, shop });
    await cancels(page, emulator, `${project.origin(5173)}/cancel`);
  });

  await t.test('npx tsc, npx vite build, node server.mjs: the build served by the server alone', async () => {
    const tsc = project.command('npx tsc');
    await project.run(tsc);
    // The same check refuses a misspelt prop, which a hyphenated attribute (prodcut-id) would have let through.
    const typo = join(project.dir, 'src/Typo.tsx');
    writeFileSync(typo, readFileSync(join(project.dir, 'src/App.tsx'), 'utf8').replace('productId=', 'prodcutId='));
    await assert.rejects(project.run(tsc), /Property 'prodcutId' does not exist[^]*Did you mean 'productId'\?/);
    rmSync(typo);
    await project.run(project.command('npx vite build'));
    const shop = await project.start(prodShop, project.origin(3000));
    assert.equal(await listening(shop), `Listening on ${project.origin(3000)}`, 'its address, which is the shop too');
    const page = `${project.origin(3000)}/`;
    await buysAndIsConfirmed({ page, emulator, success: `${project.origin(3000)}/success`, shop });
    await cancels(page, emulator, `${project.origin(3000)}/cancel`);
  });
  assert.deepEqual(project.notRun(), [], 'every command of commands.sh ran');
});

test('quickstart-serve: static pages and `payfect-checkout serve --emulator`, no backend, from button to confirmed', async (t) => {
  const project = await quickStart('quickstart-serve');
  t.after(() => project.remove());
  assert.equal(project.commands[0]?.text, 'npm install');
  const serve = await project.start(project.command('npx payfect-checkout serve'), project.origin(8787), '/api/checkout');
  assert.match(serve.output(), new RegExp(`allowed \\(CORS\\): ${escape(project.origin(8080))}\\n`), 'the page origin may call');
  await project.run(project.command('cp node_modules/payfect-checkout/dist/cdn/payfect-checkout.js'));
  await project.start(project.command('python3 -m http.server'), project.origin(8080));

  const page = `${project.origin(8080)}/`;
  // The emulator runs inside `serve`, so its hosted pages are on serve's origin.
  await buysAndIsConfirmed({ page, emulator: project.origin(8787), success: `${project.origin(8080)}/success.html`, shop: serve });
  await cancels(page, project.origin(8787), `${project.origin(8080)}/cancel.html`);
  assert.deepEqual(project.notRun(), [], 'every command of commands.sh ran');
});
