import assert from 'node:assert/strict';
import { createServer, request as httpRequest, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { createCheckoutHandler } from '../../src/server/index.js';
import { toNodeListener, type NodeListener } from '../../src/server/http/node-adapter.js';
import { SHOP, baseOptions, wireBody } from './checkout-fixtures.js';
import { API_KEY, fakePayfect } from './fake-payfect.js';

/** The process's own classes, taken before any listener in this file is created. */
const OWN_REQUEST = globalThis.Request;
const OWN_RESPONSE = globalThis.Response;

function listen(server: Server): Promise<string> {
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`));
  });
}

function close(server: Server): Promise<void> {
  server.closeAllConnections();
  return new Promise((resolve) => server.close(() => resolve()));
}

/** A connect-like app: middlewares in order, each with (req, res, next). */
function connectLike(...stack: Array<(req: IncomingMessage, res: ServerResponse, next: (error?: unknown) => void) => void>) {
  return (req: IncomingMessage, res: ServerResponse) => {
    let index = 0;
    const next = (error?: unknown): void => {
      const layer = stack[index++];
      if (error !== undefined || layer === undefined) {
        res.statusCode = error === undefined ? 404 : 500;
        res.end(error === undefined ? 'not found' : `app error: ${(error as Error).message}`);
        return;
      }
      layer(req, res, next);
    };
    next();
  };
}

/** Sends raw bytes, for bodies fetch would not send (chunked, oversized, never-ending). */
function rawPost(base: string, chunks: AsyncIterable<string> | string[], headers: Record<string, string> = {}) {
  return new Promise<{ status: number; headers: Record<string, unknown>; body: string }>((resolve, reject) => {
    const url = new URL('/api/checkout', base);
    const req = httpRequest(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers } }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    (async () => {
      for await (const chunk of chunks) {
        if (req.destroyed || !req.write(chunk)) await new Promise((r) => setTimeout(r, 1));
        if (req.destroyed) return;
      }
      req.end();
    })().catch(() => {});
  });
}

describe('toNodeListener on a real socket', () => {
  let server: Server;
  let base: string;
  let listener: NodeListener;
  const payfect = fakePayfect();
  const clients: string[] = [];

  before(async () => {
    const handler = createCheckoutHandler(
      baseOptions({
        fetch: payfect.fetch,
        maxBodyBytes: 2048,
        rateLimit: { max: 100, key: (_request, info) => (clients.push(info.clientAddress ?? '?'), info.clientAddress) },
      }),
    );
    listener = toNodeListener(handler);
    server = createServer(listener);
    base = await listen(server);
  });
  after(() => close(server));

  it('creates a checkout over HTTP', async () => {
    const response = await fetch(`${base}/api/checkout`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: base },
      body: JSON.stringify(wireBody({ success_url: `${SHOP}/thanks?order=7`, cancel_url: undefined })),
    });
    assert.equal(response.status, 200);
    assert.equal(response.headers.get('cache-control'), 'no-store');
    const checkout = await response.json();
    assert.equal(checkout.status, 'open');
    assert.equal((payfect.calls.at(-1)!.body as Record<string, string>).success_url, `${SHOP}/thanks?order=7`);
    assert.equal(clients.at(-1), '127.0.0.1');
  });

  it('refuses a success_url on a forged Host, since the request URL is built from it', async () => {
    const calls = payfect.calls.length;
    const body = JSON.stringify(wireBody({ success_url: 'http://evil.example/phish' }));
    const answer = await rawPost(base, [body], { host: 'evil.example' });
    assert.equal(answer.status, 400);
    assert.equal(JSON.parse(answer.body).error.code, 'redirect_not_allowed');
    assert.equal(payfect.calls.length, calls);
  });

  it('answers 413 to a Content-Length over the limit', async () => {
    const answer = await rawPost(base, ['x'.repeat(3000)]);
    assert.equal(answer.status, 413);
    assert.equal(JSON.parse(answer.body).error.code, 'payload_too_large');
  });

  it('answers 413 to a chunked body that never ends, without reading it all', { timeout: 10_000 }, async () => {
    let sent = 0;
    let stop = false;
    async function* endless() {
      while (!stop && sent < 10_000_000) {
        sent += 1024;
        yield ' '.repeat(1024);
      }
    }
    const answer = await rawPost(base, endless(), { 'transfer-encoding': 'chunked' });
    stop = true;
    assert.equal(answer.status, 413);
    assert.equal(JSON.parse(answer.body).error.code, 'payload_too_large');
    assert.ok(sent < 1_000_000, `the client was able to send ${sent} bytes`);
  });

  it('gives the socket address to the rate limiter (429 with Retry-After)', async () => {
    const addresses: string[] = [];
    const limited = createServer(
      toNodeListener(
        createCheckoutHandler(
          baseOptions({
            fetch: fakePayfect().fetch,
            rateLimit: { max: 2, key: (_request, info) => (addresses.push(info.clientAddress ?? '?'), undefined) },
          }),
        ),
      ),
    );
    const limitedBase = await listen(limited);
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 3; i++) {
        const response = await fetch(`${limitedBase}/api/checkout`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{' });
        statuses.push(response.status);
        if (response.status === 429) assert.ok(Number(response.headers.get('retry-after')) > 0);
        await response.arrayBuffer();
      }
      assert.deepEqual(statuses, [400, 400, 429]);
      assert.deepEqual(addresses, ['127.0.0.1', '127.0.0.1', '127.0.0.1']);
    } finally {
      await close(limited);
    }
  });
});

describe('toNodeListener as Express/Connect middleware', () => {
  it('serves its path in a (req, res, next) chain and leaves other middleware alone', async () => {
    const payfect = fakePayfect();
    const checkout = toNodeListener(createCheckoutHandler(baseOptions({ fetch: payfect.fetch, rateLimit: false, successUrl: undefined, cancelUrl: undefined })));
    const seen: string[] = [];
    const server = createServer(
      connectLike(
        (req, _res, next) => {
          seen.push(req.url ?? '');
          next();
        },
        (req, res, next) => (req.url === '/api/checkout' ? checkout(req, res, next) : next()),
      ),
    );
    const base = await listen(server);
    try {
      const ok = await fetch(`${base}/api/checkout`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(wireBody({ success_url: undefined, cancel_url: undefined })),
      });
      assert.equal(ok.status, 200);
      const other = await fetch(`${base}/health`);
      assert.equal(other.status, 404);
      await other.text();
      assert.deepEqual(seen, ['/api/checkout', '/health']);
      const text = JSON.stringify(await ok.json());
      assert.equal(text.includes(API_KEY), false);
    } finally {
      await close(server);
    }
  });

  it('passes an error to next when a body parser already read the body', async () => {
    const checkout = toNodeListener(createCheckoutHandler(baseOptions({ fetch: fakePayfect().fetch })));
    const server = createServer(
      connectLike(
        (req, _res, next) => {
          req.resume();
          req.on('end', () => {
            (req as IncomingMessage & { _body?: boolean })._body = true;
            next();
          });
        },
        (req, res, next) => checkout(req, res, next),
      ),
    );
    const base = await listen(server);
    try {
      const response = await fetch(`${base}/api/checkout`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(wireBody()),
      });
      assert.equal(response.status, 500);
      assert.match(await response.text(), /app error: .*before express\.json/);
    } finally {
      await close(server);
    }
  });
});

describe("toNodeListener and the process's globals", () => {
  it('leaves globalThis.Request and Response untouched by default, while serving', async () => {
    const server = createServer(toNodeListener(createCheckoutHandler(baseOptions({ fetch: fakePayfect().fetch }))));
    const base = await listen(server);
    try {
      const response = await fetch(`${base}/api/checkout`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(wireBody({ success_url: undefined, cancel_url: undefined })),
      });
      assert.equal(response.status, 200);
      await response.arrayBuffer();
      // Every listener this file created so far used the default.
      assert.equal(globalThis.Request, OWN_REQUEST);
      assert.equal(globalThis.Response, OWN_RESPONSE);
    } finally {
      await close(server);
    }
  });

  it('replaces them only when the merchant opts in with overrideGlobalObjects: true', () => {
    try {
      toNodeListener(createCheckoutHandler(baseOptions({ fetch: fakePayfect().fetch })), { overrideGlobalObjects: true });
      assert.notEqual(globalThis.Request, OWN_REQUEST);
      assert.notEqual(globalThis.Response, OWN_RESPONSE);
    } finally {
      // Put the process back as it was, for whatever runs after this test.
      Object.defineProperty(globalThis, 'Request', { value: OWN_REQUEST });
      Object.defineProperty(globalThis, 'Response', { value: OWN_RESPONSE });
    }
    assert.equal(globalThis.Request, OWN_REQUEST);
  });
});
