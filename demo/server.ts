import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { getRequestListener } from '@hono/node-server';
import { createServer as createViteServer } from 'vite';
import { createEmulator, type Emulator } from '../src/emulator/index.js';
import { createCheckoutHandler, type CheckoutHandlerOptions } from '../src/server/index.js';
import { toNodeListener, type NodeListener } from '../src/server/node.js';
import { catalog } from './catalog.js';

const DEMO_ROOT = fileURLToPath(new URL('.', import.meta.url));

/** A notification the demo's callback receiver got from Payfect (or the emulator). */
export interface ReceivedCallback {
  receivedAt: string;
  body: unknown;
}

export interface DemoOptions {
  /** 0 picks a free port. Default: $PORT, else 5173. */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** Default: process.env. With PAYFECT_API_KEY set, the demo talks to the real Payfect. */
  env?: NodeJS.ProcessEnv;
}

export interface RunningDemo {
  url: string;
  /** The in-process emulator behind /api/checkout (unused in real-Payfect mode). */
  emulator: Emulator;
  /** What /api/payfect-callback received, oldest first. */
  callbacks: ReceivedCallback[];
  /** A switch for "the endpoint is down": while true, /api/checkout answers 503 as a dead upstream would. */
  endpoint: { down: boolean };
  /** 'emulator', or 'payfect' when PAYFECT_API_KEY is set. */
  mode: 'emulator' | 'payfect';
  close(): Promise<void>;
}

function readBody(req: IncomingMessage, limit = 1024 * 1024): Promise<string> {
  return new Promise((resolve, reject) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => {
      body += chunk;
      if (body.length > limit) req.destroy(new Error('callback body too large'));
    });
    req.on('end', () => resolve(body));
    req.on('error', reject);
  });
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
  const callbacks: ReceivedCallback[] = [];
  const endpoint = { down: false };
  // Handlers need the demo's own origin, which is only known once the port is bound.
  const routes: { payfectDown?: NodeListener; payfectSlow?: NodeListener } = {};
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
    if (path === '/api/payfect-callback' && req.method === 'POST') {
      readBody(req).then((text) => {
        let body: unknown = text;
        try {
          body = JSON.parse(text);
        } catch {
          // Recorded as text: the demo shows whatever arrived.
        }
        callbacks.push({ receivedAt: new Date().toISOString(), body });
        // The demo shows the latest few; a long-running demo must not grow without bound.
        if (callbacks.length > 100) callbacks.splice(0, callbacks.length - 100);
        sendJson(res, 200, { received: true });
      }, fail);
      return;
    }
    if (path === '/api/demo/callbacks') return sendJson(res, 200, { mode, callbacks: [...callbacks].reverse() });
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

  const shared = (origin: string): Omit<CheckoutHandlerOptions, 'apiKey'> => ({
    catalog,
    successUrl: `${origin}/success.html`,
    cancelUrl: `${origin}/cancel.html`,
    // Generous, so a person clicking around (or the e2e run) never meets the limiter by surprise.
    rateLimit: { windowMs: 60_000, max: 300 },
  });
  for (const name of [host.includes(':') ? `[${host}]` : host, 'localhost', '127.0.0.1', '[::1]']) {
    const origin = `http://${name}:${boundPort}`;
    checkouts.set(
      new URL(origin).host,
      toNodeListener(
        createCheckoutHandler(
          realKey
            ? {
                ...shared(origin),
                apiKey: realKey,
                ...(env.PAYFECT_BASE_URL ? { baseUrl: env.PAYFECT_BASE_URL } : {}),
                // Real Payfect cannot reach 127.0.0.1; notifications need a public URL.
                ...(env.PAYFECT_CALLBACK_URL ? { callbackUrl: env.PAYFECT_CALLBACK_URL } : {}),
              }
            : {
                ...shared(origin),
                apiKey: 'demo-emulator-key',
                // The emulator puts its hosted page on the origin it was called on: the buyer's host name.
                baseUrl: `${origin}/api/v1`,
                callbackUrl: `${url}/api/payfect-callback`,
                fetch: emulator.fetch,
              },
        ),
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
    callbacks,
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
