// A tiny local origin for the browser benches: it serves the pages and scripts, and stands in for a merchant's
// session endpoint so the click bench can timestamp a request's arrival on the server's clock.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';

/** A moment on the wall clock with sub-millisecond precision, comparable with a page's `timeOrigin + now()`. */
export function epochNow(): number {
  return performance.timeOrigin + performance.now();
}

export interface CheckoutArrival {
  /** When the request's headers reached the server (epoch ms). */
  arrivedAt: number;
  /** When the server finished writing its answer (epoch ms). */
  answeredAt: number;
  body: string;
}

export interface PageServerOptions {
  scripts: Record<string, Uint8Array>;
  /** Returns the HTML for a page path, or undefined for a 404. */
  page: (url: URL) => string | undefined;
}

export interface PageServer {
  origin: string;
  /** Resolves with the next POST to /api/checkout. */
  nextCheckout(): Promise<CheckoutArrival>;
  /** Resolves when the next navigation to /landed/* arrives (it is answered 204, so the page stays). */
  nextLanding(): Promise<string>;
  close(): Promise<void>;
}

export async function startPageServer(options: PageServerOptions): Promise<PageServer> {
  const checkoutWaiters: Array<(arrival: CheckoutArrival) => void> = [];
  const landingWaiters: Array<(path: string) => void> = [];
  let origin = '';

  /** `?answer-after=N` holds the answer N ms, as a session endpoint's own call to Payfect does. */
  const answerCheckout = (request: IncomingMessage, response: ServerResponse, arrivedAt: number, url: URL) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => setTimeout(answer, Number(url.searchParams.get('answer-after') ?? 0)));
    const answer = () => {
      const id = `chk_${Math.random().toString(36).slice(2)}`;
      response.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'no-store' });
      response.end(
        JSON.stringify({
          id,
          url: `${origin}/landed/${id}`,
          status: 'open',
          amountTotal: '20.50',
          currency: 'usdt',
          expiresAt: null,
          isLivemode: false,
        }),
      );
      const arrival = { arrivedAt, answeredAt: epochNow(), body: Buffer.concat(chunks).toString() };
      checkoutWaiters.shift()?.(arrival);
    };
  };

  const server = createServer((request, response) => {
    const arrivedAt = epochNow();
    // Cross-origin isolation sharpens performance.now() from 100 µs to 5 µs steps in Chromium.
    response.setHeader('cross-origin-opener-policy', 'same-origin');
    response.setHeader('cross-origin-embedder-policy', 'require-corp');
    const url = new URL(request.url ?? '/', origin);
    if (request.method === 'POST' && url.pathname === '/api/checkout') return answerCheckout(request, response, arrivedAt, url);
    if (url.pathname.startsWith('/landed/')) {
      // 204 aborts the navigation, so the page that called location.assign survives to report its timings.
      response.writeHead(204).end();
      landingWaiters.shift()?.(url.pathname);
      return;
    }
    const script = options.scripts[url.pathname];
    if (script) {
      response.writeHead(200, { 'content-type': 'text/javascript', 'cache-control': 'no-store' });
      return response.end(script);
    }
    const html = options.page(url);
    if (html === undefined) return response.writeHead(404).end();
    response.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
    response.end(html);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    origin,
    nextCheckout: () => new Promise((resolve) => checkoutWaiters.push(resolve)),
    nextLanding: () => new Promise((resolve) => landingWaiters.push(resolve)),
    close: () =>
      new Promise((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
