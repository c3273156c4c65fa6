// The server under load, alone in its own process so the load generator never shares its event loop.
// `session-endpoint`: createCheckoutHandler through the Node adapter, Payfect played by the emulator in-process.
// `session-endpoint-canned-payfect`: the same, but Payfect's first real reply is replayed, so the emulator's own
// work drops out and what remains is the handler's.
// `ceiling`: raw node:http doing only the same body read, JSON parse and CheckoutRequest check.
// `same-work`: raw node:http doing the whole checkout by hand (parse, check, price, call Payfect, check its reply,
// answer the session), with none of the handler's safety rules, Payfect's reply replayed: DESIGN's raw baseline.
// `express-same-work`: the same checkout by hand on Express with express.json(): DESIGN's Express baseline.
import { createServer, type RequestListener } from 'node:http';
import type { AddressInfo } from 'node:net';
import { CheckoutRequest } from '../src/shared/checkout-request.js';
import { PayfectCheckout } from '../src/shared/payfect-api.js';
import type { Emulator } from '../src/emulator/index.js';

export type EndpointUnderTest = 'session-endpoint' | 'session-endpoint-canned-payfect' | 'ceiling' | 'same-work' | 'express-same-work';
export const SHOP_ORIGIN = 'https://shop.example';
const MAX_BODY_BYTES = 16 * 1024;

/** Payfect as `fetch`: the emulator in-process, or its first real reply replayed for every call after. */
async function payfectFetch(payfect: 'emulator' | 'canned'): Promise<Emulator['fetch']> {
  const { createEmulator } = await import('../src/emulator/index.js');
  const emulator = createEmulator();
  if (payfect === 'emulator') return emulator.fetch;
  let canned: { status: number; headers: [string, string][]; body: string } | undefined;
  return async (input, init) => {
    if (canned === undefined) {
      const reply = await emulator.fetch(input, init);
      canned = { status: reply.status, headers: [...reply.headers], body: await reply.text() };
    }
    return new Response(canned.body, { status: canned.status, headers: canned.headers });
  };
}

async function sessionEndpoint(payfect: 'emulator' | 'canned'): Promise<RequestListener> {
  const { createCheckoutHandler } = await import('../src/server/index.js');
  const { toNodeListener } = await import('../src/server/http/node-adapter.js');
  const handler = createCheckoutHandler({
    apiKey: 'bench-secret-key',
    catalog: { 'standard-plan': { name: 'Standard Plan', unitAmount: '20.50', currency: 'usdt' } },
    successUrl: `${SHOP_ORIGIN}/thanks`,
    cancelUrl: `${SHOP_ORIGIN}/cart`,
    callbackUrl: `${SHOP_ORIGIN}/payfect/callback`,
    // 50 connections from one address would trip any real limit; throughput is measured without it.
    rateLimit: false,
    fetch: await payfectFetch(payfect),
  });
  return toNodeListener(handler);
}

// The least any JSON endpoint must do with this body: read it (bounded), parse it, check it, answer.
const ceiling: RequestListener = (request, response) => {
  const chunks: Buffer[] = [];
  let bytes = 0;
  request.on('data', (chunk: Buffer) => {
    bytes += chunk.byteLength;
    if (bytes <= MAX_BODY_BYTES) chunks.push(chunk);
  });
  request.on('end', () => {
    let status = 200;
    let answer: unknown = { ok: true };
    try {
      const checked = CheckoutRequest.safeParse(JSON.parse(Buffer.concat(chunks).toString('utf8')));
      if (!checked.success) [status, answer] = [400, { error: { code: 'invalid_request', message: 'bad body' } }];
      else answer = { ok: true, items: checked.data.invoice_items.length };
    } catch {
      [status, answer] = [400, { error: { code: 'invalid_json', message: 'not JSON' } }];
    }
    response.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
    response.end(JSON.stringify(answer));
  });
};

/** The checkout a merchant would write by hand, framework aside: check, price, call Payfect, check its reply, answer. */
async function checkoutByHand(): Promise<(json: unknown) => Promise<[number, unknown]>> {
  const fetchPayfect = await payfectFetch('canned');
  const price = { currency: 'usdt', unit_amount: '20.50', product_data: { name: 'Standard Plan' } };
  return async (json) => {
    const checked = CheckoutRequest.safeParse(json);
    if (!checked.success) return [400, { error: { code: 'invalid_request' } }];
    const body = checked.data;
    const reply = await fetchPayfect('http://payfect.test/api/v1/checkouts/', {
      method: 'POST',
      headers: { authorization: 'Api-Key bench-secret-key', 'content-type': 'application/json' },
      body: JSON.stringify({
        currency: body.currency,
        invoice_items: body.invoice_items.map((item) => ({ price_data: price, quantity: item.quantity })),
        success_url: body.success_url,
        cancel_url: body.cancel_url,
        callback_url: `${SHOP_ORIGIN}/payfect/callback`,
      }),
    });
    const checkout = PayfectCheckout.safeParse(JSON.parse(await reply.text()));
    if (!checkout.success) return [502, { error: { code: 'payfect_invalid_response' } }];
    const { id, url, status, amountTotal, currency, expiresAt, isLivemode } = checkout.data;
    return [200, { id, url, status, amountTotal, currency, expiresAt, isLivemode }];
  };
}

async function sameWork(): Promise<RequestListener> {
  const checkout = await checkoutByHand();
  return (request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', async () => {
      const [status, body] = await checkout(JSON.parse(Buffer.concat(chunks).toString('utf8')));
      response.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
      response.end(JSON.stringify(body));
    });
  };
}

async function expressSameWork(): Promise<RequestListener> {
  const { default: express } = await import('express');
  const checkout = await checkoutByHand();
  const app = express();
  app.post('/api/checkout', express.json({ limit: MAX_BODY_BYTES }), async (request, response) => {
    const [status, body] = await checkout(request.body);
    response.status(status).json(body);
  });
  return app;
}

const mode = process.argv[2] as EndpointUnderTest;
const listeners: Record<EndpointUnderTest, () => RequestListener | Promise<RequestListener>> = {
  'session-endpoint': () => sessionEndpoint('emulator'),
  'session-endpoint-canned-payfect': () => sessionEndpoint('canned'),
  ceiling: () => ceiling,
  'same-work': sameWork,
  'express-same-work': expressSameWork,
};
if (!(mode in listeners)) throw new Error(`endpoint-server: unknown mode ${String(mode)}`);
const listener = await listeners[mode]();
const server = createServer(listener);
server.listen(0, '127.0.0.1', () => process.send?.({ port: (server.address() as AddressInfo).port }));
process.on('disconnect', () => process.exit(0));
