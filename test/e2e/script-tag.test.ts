import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readFileSync } from 'node:fs';
import { after, before, test } from 'node:test';
import { getRequestListener } from '@hono/node-server';
import { chromium, type Browser } from 'playwright-core';
import { findChromium } from '../support/chromium.js';
import { createEmulator } from '../../src/emulator/index.js';
import { createCheckoutHandler } from '../../src/server/index.js';
import { toNodeListener } from '../../src/server/http/node-adapter.js';

// docs/element.md's script-tag page, exactly as in examples/script-tag/, served with docs/security.md's
// headers (strict CSP, cross-origin isolation) and the built CDN file it pins by integrity.
const ROOT = new URL('../../', import.meta.url);
const PAGE = readFileSync(new URL('examples/script-tag/index.html', ROOT), 'utf8');
const CDN = readFileSync(new URL('dist/cdn/payfect-checkout.js', ROOT));
const HOSTED_PAGE = /\/checkouts\/[0-9a-f-]{36}$/;

/** The `_headers` file's header lines, as a static host applies them to every page. */
function pageHeaders(): Record<string, string> {
  const text = readFileSync(new URL('examples/script-tag/_headers', ROOT), 'utf8');
  return Object.fromEntries(
    text
      .split('\n')
      .filter((line) => /^\s+\S/.test(line))
      .map((line) => {
        const colon = line.indexOf(':');
        return [line.slice(0, colon).trim(), line.slice(colon + 1).trim()];
      }),
  );
}

let server: Server;
let url: string;
let browser: Browser;
const emulator = createEmulator();
const reports: string[] = [];
let sentinelReported: Promise<void>;
let onReport: (body: string) => void;

before(async () => {
  const payfect = getRequestListener((request) => emulator.fetch(request), { overrideGlobalObjects: false });
  const routes: { checkout?: (req: IncomingMessage, res: ServerResponse) => void } = {};
  sentinelReported = new Promise((resolve) => (onReport = (body) => body.includes('csp-sentinel') && resolve()));
  const headers = pageHeaders();
  // The test adds only a report-uri, so a violation is reported by the browser as well as seen by the page.
  headers['Content-Security-Policy'] += '; report-uri /csp-report';
  server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    if (path === '/') {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', ...headers });
      res.end(PAGE);
    } else if (path === '/payfect-checkout.js') {
      res.writeHead(200, { 'content-type': 'text/javascript; charset=utf-8', ...headers });
      res.end(CDN);
    } else if (path === '/api/checkout') {
      routes.checkout?.(req, res);
    } else if (path.startsWith('/api/v1/') || path.startsWith('/checkouts/')) {
      void payfect(req, res);
    } else if (path === '/thanks') {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', ...headers });
      res.end('<!doctype html><title>Thanks</title><h1>Thank you</h1>');
    } else if (path === '/favicon.ico') {
      res.writeHead(204, headers).end();
    } else if (path === '/csp-report' && req.method === 'POST') {
      let body = '';
      req.setEncoding('utf8').on('data', (chunk: string) => (body += chunk));
      req.on('end', () => {
        reports.push(body);
        onReport(body);
        res.writeHead(204).end();
      });
    } else {
      res.writeHead(404).end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  // A real endpoint calling the emulator over HTTP, as it would call Payfect.
  routes.checkout = toNodeListener(
    createCheckoutHandler({
      apiKey: 'script-tag-test-key-0001',
      catalog: { 'standard-plan': { name: 'Standard Plan', unitAmount: '20.50', currency: 'usdt' } },
      baseUrl: `${url}/api/v1`,
      successUrl: `${url}/thanks`,
      cancelUrl: `${url}/`,
    }),
  );
  const { executablePath, args } = await findChromium();
  browser = await chromium.launch({ executablePath, args, headless: true });
});

after(async () => {
  await browser?.close();
  await new Promise((resolve) => server?.close(resolve));
});

test('the script-tag page of docs/element.md, pinned by integrity under a strict CSP and cross-origin isolated, completes a purchase', async () => {
  const context = await browser.newContext();
  context.setDefaultTimeout(15_000);
  const page = await context.newPage();
  const violations: string[] = [];
  let sentinelSeen!: () => void;
  const sentinel = new Promise<void>((resolve) => (sentinelSeen = resolve));
  await page.exposeBinding('reportViolation', (_source, violation: string) => {
    if (violation.includes('csp-sentinel')) sentinelSeen();
    else violations.push(violation);
  });
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (event) => {
      const report = (window as unknown as { reportViolation(text: string): void }).reportViolation;
      report(`${event.effectiveDirective} ${event.blockedURI} ${event.sourceFile}:${event.lineNumber}`);
    });
  });
  const consoleErrors: string[] = [];
  page.on('console', (message) => message.type() === 'error' && consoleErrors.push(message.text()));

  await page.goto(`${url}/`);
  await page.waitForFunction(() => customElements.get('payfect-checkout-button') !== undefined);
  assert.equal(await page.evaluate(() => crossOriginIsolated), true, 'COOP + COEP make the page cross-origin isolated');
  // A request the policy must block, sent last: once its report arrives, every earlier one has too.
  await page.evaluate(() => fetch('http://127.0.0.1:9/csp-sentinel').catch(() => undefined));
  await Promise.all([sentinel, sentinelReported]);

  await page.locator('payfect-checkout-button button').click();
  await page.waitForURL(HOSTED_PAGE);
  const id = page.url().split('/').pop() ?? '';
  await page.getByRole('button', { name: 'Pay 20.50 USDT' }).click();
  await page.waitForURL(`${url}/thanks`);
  assert.equal(emulator.checkouts.get(id)?.status, 'complete');
  assert.equal(emulator.checkouts.get(id)?.amountTotal, '20.50');

  assert.deepEqual(violations, [], 'no securitypolicyviolation besides the sentinel');
  assert.ok(
    reports.every((report) => report.includes('csp-sentinel')),
    `the browser reported only the sentinel: ${reports.join('\n')}`,
  );
  assert.deepEqual(
    consoleErrors.filter((text) => !text.includes('csp-sentinel') && !text.includes('Content Security Policy')),
    [],
  );
  await context.close();
});
