import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { getRequestListener } from '@hono/node-server';
import { createServer as createViteServer } from 'vite';
import { createEmulator, type Emulator } from '../src/emulator/index.js';
import {
  MemoryCompletionStore,
  createCallbackHandler,
  createCheckoutHandler,
  createStatusHandler,
  type CheckoutHandlerOptions,
  type PayfectCallback,
  type PayfectCheckout,
} from '../src/server/index.js';
import { toNodeListener, type NodeListener } from '../src/server/http/node-adapter.js';
import { catalog } from './catalog.js';

const DEMO_ROOT = fileURLToPath(new URL('.', import.meta.url));

/** An order the shop fulfilled: `onCompleted` ran for its checkout, after the signature and Query agreed. */
export interface FulfilledOrder {
  fulfilledAt: string;
  checkout: PayfectCheckout;
  notification: PayfectCallback;
}

/** What the success page shows of a fulfilled order: what was bought, none of the notification's internals. */
export interface OrderSummary {
  id: string;
  items: { name: string; quantity: number; amount: string }[];
  amountTotal: string | undefined;
  currency: string | undefined;
  fulfilledAt: string;
}

/** The demo keeps the latest orders only; a long-running demo must not grow without bound. */
const MAX_ORDERS = 100;

export interface DemoOptions {
  /** 0 picks a free port. Default: $PORT, else 5173. */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** Default: process.env. With PAYFECT_API_KEY set, the demo talks to the real Payfect. */
  env?: NodeJS.ProcessEnv;
  /**
   * Awaited by the shop's `onCompleted` before it records the order, as a real shop's database write
   * would be: the e2e tests hold a payment here to see the success page wait for it.
   */
  onCompleted?: (checkout: PayfectCheckout, notification: PayfectCallback) => void | Promise<void>;
}

export interface RunningDemo {
  url: string;
  /** The in-process emulator behind /api/checkout (unused in real-Payfect mode). */
  emulator: Emulator;
  /** Orders fulfilled by the callback handler at /api/payfect-callback, by checkout id, oldest first. */
  orders: Map<string, FulfilledOrder>;
  /** A switch for "the endpoint is down": while true, /api/checkout answers 503 as a dead upstream would. */
  endpoint: { down: boolean };
  /** 'emulator', or 'payfect' when PAYFECT_API_KEY is set. */
  mode: 'emulator' | 'payfect';
  close(): Promise<void>;
}

function readBody(req: IncomingMessage, limit = 1024): Promise<string> {
  return new Promise((resolve, reject) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => {
      body += chunk;
      if (body.length > limit) req.destroy(new Error('demo request body too large'));
    });
    req.on('end', () => resolve(body));
    req.on('error', reject);
  });
}

/** The invoice item's product name: the checkout handler sends it in price_data, and Payfect echoes it. */
function itemName(item: NonNullable<PayfectCheckout['invoiceItems']>[number]): string {
  const product = item.priceData?.productData;
  return product && typeof product === 'object' && 'name' in product && typeof product.name === 'string' ? product.name : (item.price ?? item.id);
}

function summarize({ checkout, fulfilledAt }: FulfilledOrder): OrderSummary {
  const items = (checkout.invoiceItems ?? []).map((item) => ({ name: itemName(item), quantity: item.quantity, amount: item.amount }));
  return { id: checkout.id, items, amountTotal: checkout.amountTotal, currency: checkout.currency, fulfilledAt };
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
  res.end(JSON.stringify(body));
}

/**
 * The demo shop: Vite serves the pages, /api/checkout is the session endpoint, and the
 * Payfect emulator is mounted on the same origin (/api/v1/*, /checkouts/*).
 */
export async function startDemo(options: DemoOptions = {}): Promise<RunningDemo> {
  const env = options.env ?? process.env;
  const port = options.port ?? (env.PORT === undefined || env.PORT === '' ? 5173 : Number(env.PORT));
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new RangeError(`PORT must be a port number, got ${env.PORT}`);
  const host = options.host ?? '127.0.0.1';
  const realKey = env.PAYFECT_API_KEY || undefined;
  const mode = realKey ? 'payfect' : 'emulator';

  const emulator = createEmulator({ merchant: { name: 'Payfect Demo Shop' } });
  const orders = new Map<string, FulfilledOrder>();
  const endpoint = { down: false };
  // Handlers need the demo's own origin, which is only known once the port is bound.
  const routes: { callback?: NodeListener; status?: NodeListener; payfectDown?: NodeListener; payfectSlow?: NodeListener } = {};
  // One session endpoint per name of this machine (127.0.0.1, localhost, [::1]), so the hosted page and the
  // return pages stay on the host name the buyer typed; any other Host header gets the printed URL's.
  const checkouts = new Map<string, NodeListener>();

  const httpServer = createServer();
  const vite = await createViteServer({
    configFile: false,
    root: DEMO_ROOT,
    appType: 'mpa',
    logLevel: 'warn',
    clearScreen: false,
    server: { middlewareMode: true, hmr: { server: httpServer } },
    optimizeDeps: { include: ['lit', 'zod/mini'] },
  });
  const emulatorListener = getRequestListener((request) => emulator.fetch(request), { overrideGlobalObjects: false });

  httpServer.on('request', (req: IncomingMessage, res: ServerResponse) => {
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    const fail = (error: unknown) => {
      console.error(error);
      if (!res.headersSent) sendJson(res, 500, { error: { code: 'internal_error', message: 'The demo server failed.' } });
      else res.destroy();
    };
    if (path === '/api/checkout') {
      if (endpoint.down) {
        res.writeHead(503, { 'content-type': 'text/plain; charset=utf-8', 'retry-after': '5' });
        res.end('Service Unavailable');
        return;
      }
      return (checkouts.get(req.headers.host ?? '') ?? checkouts.get(new URL(url).host))?.(req, res, fail);
    }
    if (path === '/api/checkout-payfect-down') return routes.payfectDown?.(req, res, fail);
    if (path === '/api/checkout-payfect-slow') return routes.payfectSlow?.(req, res, fail);
    if (path === '/api/payfect-callback') return routes.callback?.(req, res, fail);
    if (path === '/api/checkout-status') return routes.status?.(req, res, fail);
    const order = /^\/api\/demo\/orders\/([\w-]{1,100})$/.exec(path);
    if (order?.[1] !== undefined) {
      // The success page's order summary, asked once <payfect-checkout-status> says confirmed: only onCompleted makes an order.
      const fulfilled = orders.get(order[1]);
      return fulfilled ? sendJson(res, 200, summarize(fulfilled)) : sendJson(res, 404, { error: 'The shop has fulfilled no order for this checkout.' });
    }
    if (path === '/api/demo/endpoint' && req.method === 'POST') {
      // JSON only: a cross-origin page then needs a CORS preflight, which this route never grants.
      if (!/^application\/json\b/.test(req.headers['content-type'] ?? '')) return sendJson(res, 415, { error: 'JSON only' });
      readBody(req).then((text) => {
        endpoint.down = /"down"\s*:\s*true/.test(text);
        sendJson(res, 200, endpoint);
      }, fail);
      return;
    }
    if (mode === 'emulator' && (path.startsWith('/api/v1/') || path.startsWith('/checkouts/'))) {
      emulatorListener(req, res).catch(fail);
      return;
    }
    vite.middlewares(req, res, () => {
      res.statusCode = 404;
      res.end('Not found');
    });
  });

  try {
    await new Promise<void>((resolve, reject) => {
      httpServer.once('error', reject);
      httpServer.listen(port, host, () => {
        httpServer.off('error', reject);
        resolve();
      });
    });
  } catch (error) {
    await vite.close();
    throw error;
  }
  const { port: boundPort } = httpServer.address() as AddressInfo;
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${boundPort}`;

  // Generous, so a person clicking around (or the e2e run) never meets the limiter by surprise.
  const rateLimit = { windowMs: 60_000, max: 300 };
  const shared = (origin: string): Omit<CheckoutHandlerOptions, 'apiKey'> => ({
    catalog,
    successUrl: `${origin}/success.html`,
    cancelUrl: `${origin}/cancel.html`,
    rateLimit,
  });
  const payfect = (origin: string) =>
    realKey
      ? { apiKey: realKey, ...(env.PAYFECT_BASE_URL ? { baseUrl: env.PAYFECT_BASE_URL } : {}) }
      : // The emulator puts its hosted page on the origin it was called on: the buyer's host name.
        { apiKey: 'demo-emulator-key', baseUrl: `${origin}/api/v1`, fetch: emulator.fetch };
  // Without PAYFECT_SIGNING_KEY the real-Payfect demo still confirms every notification with Query.
  const signingKey = realKey ? env.PAYFECT_SIGNING_KEY || undefined : emulator.signingKey;
  // The checkouts onCompleted fulfilled: the callback handler writes it, the success page's status endpoint reads it.
  const completions = new MemoryCompletionStore();
  routes.callback = toNodeListener(
    createCallbackHandler({
      ...payfect(url),
      ...(signingKey !== undefined && { signingKey }),
      store: completions,
      async onCompleted(checkout, notification) {
        await options.onCompleted?.(checkout, notification);
        // A real shop marks the order paid in its database here, keyed by checkout.id or checkout.clientReferenceId.
        orders.set(checkout.id, { fulfilledAt: new Date().toISOString(), checkout, notification });
        if (orders.size > MAX_ORDERS) orders.delete(orders.keys().next().value as string);
      },
    }),
  );
  routes.status = toNodeListener(createStatusHandler({ ...payfect(url), store: completions, rateLimit }));
  for (const name of [host.includes(':') ? `[${host}]` : host, 'localhost', '127.0.0.1', '[::1]']) {
    const origin = `http://${name}:${boundPort}`;
    checkouts.set(
      new URL(origin).host,
      toNodeListener(
        createCheckoutHandler({
          ...shared(origin),
          ...payfect(origin),
          // Real Payfect cannot reach 127.0.0.1; its notifications need a public PAYFECT_CALLBACK_URL.
          ...(realKey
            ? env.PAYFECT_CALLBACK_URL && { callbackUrl: env.PAYFECT_CALLBACK_URL }
            : { callbackUrl: `${url}/api/payfect-callback` }),
        }),
      ),
    );
  }
  // The failures page's "Payfect is down" and "Payfect is slow" buttons, each with its own broken emulator.
  const downPayfect = createEmulator();
  downPayfect.faults.set({ status: 503 });
  routes.payfectDown = toNodeListener(
    createCheckoutHandler({ ...shared(url), apiKey: 'demo-emulator-key', baseUrl: `${url}/api/v1`, fetch: downPayfect.fetch }),
  );
  const slowPayfect = createEmulator();
  slowPayfect.faults.set({ delayMs: 60_000 });
  routes.payfectSlow = toNodeListener(
    createCheckoutHandler({ ...shared(url), apiKey: 'demo-emulator-key', baseUrl: `${url}/api/v1`, timeoutMs: 1500, fetch: slowPayfect.fetch }),
  );

  return {
    url,
    emulator,
    orders,
    endpoint,
    mode,
    async close() {
      await vite.close();
      await new Promise<void>((resolve, reject) => {
        httpServer.close((error) => (error ? reject(error) : resolve()));
        httpServer.closeAllConnections();
      });
    },
  };
}

function runDirectly(): boolean {
  const script = process.argv[1];
  if (!script) return false;
  try {
    return realpathSync(script) === realpathSync(fileURLToPath(import.meta.url));
  } catch {
    return false;
  }
}

if (runDirectly()) {
  const demo = await startDemo().catch((error: NodeJS.ErrnoException & { port?: number }) => {
    if (error.code !== 'EADDRINUSE') throw error;
    console.error(`Port ${error.port ?? process.env.PORT ?? 5173} is in use. Set PORT to another port, for example: PORT=5174 npm start`);
    process.exit(1);
  });
  const backend =
    demo.mode === 'payfect'
      ? `the real Payfect API${process.env.PAYFECT_BASE_URL ? ` at ${process.env.PAYFECT_BASE_URL}` : ''}`
      : `the built-in Payfect emulator at ${demo.url}/api/v1 (no network needed)`;
  const atLocalhost = new URL(demo.url).hostname === '127.0.0.1' ? ` (or ${demo.url.replace('127.0.0.1', 'localhost')})` : '';
  console.log(`Payfect checkout demo: ${demo.url}${atLocalhost}\n  Checkouts go to ${backend}.`);
  const stop = () => {
    demo.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}
