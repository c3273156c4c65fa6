import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { getRequestListener } from '@hono/node-server';
import { createEmulator } from '../emulator/index.js';
import { checkFernetKey } from '../shared/fernet.js';
import {
  createCallbackHandler,
  createCheckoutHandler,
  createStatusHandler,
  DEFAULTS,
  MemoryCompletionStore,
  type CheckoutHandlerOptions,
  type PayfectCheckout,
} from '../server/index.js';
import { toNodeListener, type NodeListener } from '../server/http/node-adapter.js';
import { readCatalogFile } from './catalog-file.js';
import { busyPort, CliError, wholeNumber, type Running } from './cli-error.js';

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
const CALLBACK_PATH = '/api/payfect-callback';
const STATUS_PATH = '/api/checkout-status';
// Enough for a buyer's request to finish on shutdown; a stuck client cannot hold the process forever.
const SHUTDOWN_GRACE_MS = 10_000;
// Only the offline emulator accepts it; long enough for the handler's key check.
const EMULATOR_KEY = 'payfect-emulator-key';

/**
 * `payfect-checkout serve`: the session endpoint, Payfect's callback receiver and the
 * return page's status endpoint, for a site with no backend of its own. With `--emulator`
 * the offline Payfect runs in the same process and serves its hosted pages on the same origin.
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
  const signingKey = values.emulator ? undefined : env.PAYFECT_SIGNING_KEY?.trim() || undefined;
  if (signingKey !== undefined) {
    await checkFernetKey(signingKey).catch((error: Error) => {
      throw new CliError(`PAYFECT_SIGNING_KEY is not valid: ${error.message}`);
    });
  }
  const catalog = readCatalogFile(values.catalog, apiKey);

  const server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) => reject(busyPort(error, port, host)));
    server.listen(port, host, resolve);
  });
  const address = server.address() as AddressInfo;
  const url = `http://${address.family === 'IPv6' ? `[${address.address}]` : address.address}:${address.port}`;

  const emulator = values.emulator ? createEmulator() : undefined;
  const payfect = emulator
    ? { apiKey, baseUrl: `${url}/api/v1`, fetch: emulator.fetch }
    : { apiKey, ...(env.PAYFECT_BASE_URL && { baseUrl: env.PAYFECT_BASE_URL }) };
  // The emulator calls back to this process; real Payfect needs a public address (--callback-url, or the dashboard's).
  const callbackUrl = values['callback-url'] ?? (emulator && `${url}${CALLBACK_PATH}`);
  const allowedOrigins = values['allow-origin'] ?? [];
  const options: CheckoutHandlerOptions = {
    ...payfect,
    catalog,
    allowedOrigins,
    ...(values['success-url'] !== undefined && { successUrl: values['success-url'] }),
    ...(values['cancel-url'] !== undefined && { cancelUrl: values['cancel-url'] }),
    ...(callbackUrl !== undefined && { callbackUrl }),
  };
  const callbackSigningKey = emulator ? emulator.signingKey : signingKey;
  // What the callback receiver fulfilled, so the status endpoint can say so.
  const completions = new MemoryCompletionStore();
  let routes: Map<string, NodeListener>;
  try {
    routes = new Map([
      [ENDPOINT_PATH, toNodeListener(createCheckoutHandler(options))],
      [
        CALLBACK_PATH,
        toNodeListener(
          createCallbackHandler({
            ...payfect,
            ...(callbackSigningKey !== undefined && { signingKey: callbackSigningKey }),
            store: completions,
            onCompleted: (paid) => log(paidLine(paid)),
          }),
        ),
      ],
      [STATUS_PATH, toNodeListener(createStatusHandler({ ...payfect, store: completions, allowedOrigins }))],
    ]);
  } catch (error) {
    server.close();
    throw new CliError((error as Error).message.replace(/^payfect-checkout: /, ''), 2);
  }
  const emulated = emulator && getRequestListener((request) => emulator.fetch(request), { overrideGlobalObjects: false });

  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    const route = routes.get(path);
    if (route !== undefined) return route(req, res);
    if (emulated && (path.startsWith('/api/v1/') || path.startsWith('/checkouts/'))) {
      emulated(req, res).catch((error: unknown) => res.destroy(error as Error));
      return;
    }
    res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' });
    res.end(`Not found. The session endpoint is POST ${ENDPOINT_PATH}; the status endpoint is GET ${STATUS_PATH}?id=<checkout id>.\n`);
  });

  const { hostname, port: shownPort } = new URL(url);
  // One write, so whoever reads the output sees the whole banner at once.
  log(
    [
      `payfect-checkout serve: session endpoint at ${url}${ENDPOINT_PATH}`,
      `  Catalog: ${values.catalog} (${productCount(Object.keys(catalog).length)})`,
      `  Payfect: ${emulator ? `the offline emulator at ${url}/api/v1 (no key needed)` : (options.baseUrl ?? DEFAULTS.baseUrl)}`,
      `  Callbacks: POST ${url}${CALLBACK_PATH}, printing "Paid: …" once per paid checkout (${callbackNote(callbackUrl, url, callbackSigningKey !== undefined)})`,
      `  Return page: GET ${url}${STATUS_PATH}?id=<checkout id> answers { id, status, fulfilled }`,
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

/** What the merchant with no backend of their own learns of a paid order: one line, as their record. */
function paidLine(paid: PayfectCheckout): string {
  return `Paid: ${paid.id} ${paid.amountTotal ?? '?'} ${paid.currency ?? '?'}${paid.clientReferenceId ? ` (${paid.clientReferenceId})` : ''}`;
}

/** Where Payfect's callbacks go, and what that means for the status endpoint's `fulfilled`. */
function callbackNote(callbackUrl: string | undefined, url: string, signed: boolean): string {
  const checked = signed ? 'signature and Query checked' : 'confirmed with Query; set PAYFECT_SIGNING_KEY to check signatures too';
  if (callbackUrl === undefined) return `${checked}; with no --callback-url, Payfect uses your dashboard's, which must reach this path`;
  if (callbackUrl === `${url}${CALLBACK_PATH}`) return checked;
  return `${checked}; checkouts name --callback-url ${callbackUrl}, so fulfilled is true only for callbacks that reach this process`;
}

/** `1 product`, `2 products`: the banner counts the catalog as a person would. */
function productCount(count: number): string {
  return `${count} product${count === 1 ? '' : 's'}`;
}
