import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { getRequestListener } from '@hono/node-server';
import { createEmulator } from '../emulator/index.js';
import { createCheckoutHandler, DEFAULTS, type CheckoutHandlerOptions } from '../server/index.js';
import { toNodeListener } from '../server/http/node-adapter.js';
import { readCatalogFile } from './catalog-file.js';
import { CliError, wholeNumber, type Running } from './cli-error.js';

export interface ServeArguments {
  catalog?: string;
  port?: string;
  host?: string;
  'allow-origin'?: string[];
  emulator?: boolean;
  'success-url'?: string;
  'cancel-url'?: string;
  'callback-url'?: string;
}

const ENDPOINT_PATH = '/api/checkout';
// Enough for a buyer's request to finish on shutdown; a stuck client cannot hold the process forever.
const SHUTDOWN_GRACE_MS = 10_000;
// Only the offline emulator accepts it; long enough for the handler's key check.
const EMULATOR_KEY = 'payfect-emulator-key';

/**
 * `payfect-checkout serve`: the session endpoint alone, for a site with no backend of its
 * own. With `--emulator` the offline Payfect runs in the same process and serves its
 * hosted pages on the same origin.
 */
export async function runServe(values: ServeArguments, env: NodeJS.ProcessEnv, log: (line: string) => void): Promise<Running> {
  if (values.catalog === undefined) throw new CliError('--catalog <file> is required: a JSON object of products keyed by id', 2);
  const port = wholeNumber(values.port, '--port', 8787, 65535);
  const host = values.host ?? '127.0.0.1';
  const apiKey = values.emulator ? EMULATOR_KEY : env.PAYFECT_API_KEY?.trim();
  if (!apiKey) {
    throw new CliError('PAYFECT_API_KEY is not set: set it to your Payfect API key, or pass --emulator to use the offline emulator');
  }
  try {
    createCheckoutHandler({ apiKey, catalog: {} });
  } catch (error) {
    throw new CliError(`PAYFECT_API_KEY is not valid: ${(error as Error).message.replace(/^payfect-checkout: /, '')}`);
  }
  const catalog = readCatalogFile(values.catalog, apiKey);

  const server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) =>
      reject(error.code === 'EADDRINUSE' ? new CliError(`port ${port} on ${host} is in use: pass another --port`) : error),
    );
    server.listen(port, host, resolve);
  });
  const address = server.address() as AddressInfo;
  const url = `http://${address.family === 'IPv6' ? `[${address.address}]` : address.address}:${address.port}`;

  const emulator = values.emulator ? createEmulator() : undefined;
  const options: CheckoutHandlerOptions = {
    apiKey,
    catalog,
    allowedOrigins: values['allow-origin'] ?? [],
    ...(values['success-url'] !== undefined && { successUrl: values['success-url'] }),
    ...(values['cancel-url'] !== undefined && { cancelUrl: values['cancel-url'] }),
    ...(values['callback-url'] !== undefined && { callbackUrl: values['callback-url'] }),
    ...(emulator
      ? { baseUrl: `${url}/api/v1`, fetch: emulator.fetch }
      : env.PAYFECT_BASE_URL
        ? { baseUrl: env.PAYFECT_BASE_URL }
        : {}),
  };
  let checkout;
  try {
    checkout = toNodeListener(createCheckoutHandler(options));
  } catch (error) {
    server.close();
    throw new CliError((error as Error).message.replace(/^payfect-checkout: /, ''), 2);
  }
  const payfect = emulator && getRequestListener((request) => emulator.fetch(request), { overrideGlobalObjects: false });

  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    if (path === ENDPOINT_PATH) return checkout(req, res);
    if (payfect && (path.startsWith('/api/v1/') || path.startsWith('/checkouts/'))) {
      payfect(req, res).catch((error: unknown) => res.destroy(error as Error));
      return;
    }
    res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' });
    res.end(`Not found. The session endpoint is POST ${ENDPOINT_PATH}.\n`);
  });

  const { hostname, port: shownPort } = new URL(url);
  // One write, so whoever reads the output sees the whole banner at once.
  log(
    [
      `payfect-checkout serve: session endpoint at ${url}${ENDPOINT_PATH}`,
      `  Catalog: ${values.catalog} (${Object.keys(catalog).length} products)`,
      `  Payfect: ${emulator ? `the offline emulator at ${url}/api/v1 (no key needed)` : (options.baseUrl ?? DEFAULTS.baseUrl)}`,
      `  Browser origins allowed (CORS): ${options.allowedOrigins?.length ? options.allowedOrigins.join(' ') : 'none (same-origin only)'}`,
      `  On your page: <payfect-checkout-button endpoint="${url}${ENDPOINT_PATH}"${emulator ? ` checkout-hosts="${hostname}:${shownPort}"` : ''} …>`,
    ].join('\n'),
  );

  return {
    close: () =>
      new Promise<void>((resolve, reject) => {
        // close() stops accepting and waits for requests in flight; idle keep-alive sockets go at once.
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeIdleConnections();
        setTimeout(() => server.closeAllConnections(), SHUTDOWN_GRACE_MS).unref();
      }),
  };
}
