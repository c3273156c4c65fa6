// What every runtime must do through real HTTP. One entry per behaviour; each runtime runs them all, in order.
import assert from 'node:assert/strict';
import { request } from 'node:http';
import type { CallbackDelivery, RunningEmulator } from '../../src/emulator/index.js';
import { fernetEncrypt, generateFernetKey } from '../../src/shared/fernet.js';
import { PAYFECT_SIGNATURE_HEADER } from '../../src/shared/payfect-api.js';
import { CheckoutStatus } from '../../src/shared/checkout-status.js';
import { compareDecimals, multiplyDecimal } from '../../src/shared/money.js';
import type { Runtime } from './runtimes.js';
import type { ServerProcess } from './server-process.js';

/** The product every example's catalog defines. */
export const PLAN = { productId: 'standard-plan', unitAmount: '20.50', currency: 'usdt' } as const;

/** The address a buyer's requests come from; the rate-limit check uses a second one. */
const BUYER_ADDRESS = '127.0.0.1';

export interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

export interface CheckContext {
  runtime: Runtime;
  server: ServerProcess;
  payfect: RunningEmulator;
  apiKey: string;
  /** Every answer the server gave in this runtime, for the check that the key is in none. */
  answers: Answer[];
}

interface Send {
  /** Default POST. */
  method?: string;
  path?: string;
  headers?: Record<string, string>;
  /** A string is sent with Content-Length; chunks are sent chunked, as a stream with no declared length. */
  body?: string | string[];
  /** The client's address: a second loopback address is a second client. */
  from?: string;
}

/** One request (a POST unless told) to the runtime's server, recorded in `context.answers`. */
export function send(context: CheckContext, options: Send): Promise<Answer> {
  const from = options.from ?? BUYER_ADDRESS;
  const headers = { ...context.runtime.proxyHeaders?.(from), ...options.headers };
  return new Promise<Answer>((resolve, reject) => {
    const url = new URL(options.path ?? '/api/checkout', context.server.url);
    // A connection of its own, as a new visitor has: workerd closes one whose body the Worker left unread (a 413)
    // without saying `Connection: close`, so a pooled socket would be reused dead (Cloudflare's edge hides this).
    const outgoing = request(url, { method: options.method ?? 'POST', headers, localAddress: from, agent: false }, (response) => {
      let body = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => (body += chunk));
      response.on('end', () => {
        const answer = { status: response.statusCode ?? 0, headers: response.headers, body };
        context.answers.push(answer);
        resolve(answer);
      });
    });
    outgoing.on('error', reject);
    if (typeof options.body === 'string') {
      outgoing.setHeader('content-length', Buffer.byteLength(options.body));
      outgoing.end(options.body);
    } else {
      // No Content-Length: the server learns the size only by reading the stream.
      for (const chunk of options.body ?? []) outgoing.write(chunk);
      outgoing.end();
    }
  });
}

function purchase(context: CheckContext, body: Record<string, unknown>, headers: Record<string, string> = {}): Promise<Answer> {
  return send(context, {
    headers: { 'content-type': 'application/json', origin: context.server.url, ...headers },
    body: JSON.stringify({ currency: PLAN.currency, ...body }),
  });
}

function errorCode(answer: Answer): string {
  return (JSON.parse(answer.body) as { error: { code: string } }).error.code;
}

/** Payfect create calls made with this runtime's key. */
function createCalls(context: CheckContext): number {
  return context.payfect.emulator.requests.filter(
    (call) => call.method === 'POST' && call.path.endsWith('/checkouts/') && call.headers.authorization === `Api-Key ${context.apiKey}`,
  ).length;
}

/** A new open checkout's id, bought through the runtime's endpoint. */
async function checkoutId(context: CheckContext): Promise<string> {
  const answer = await purchase(context, { invoice_items: [{ product_id: PLAN.productId, quantity: 1 }] });
  assert.equal(answer.status, 200, answer.body);
  return (JSON.parse(answer.body) as { id: string }).id;
}

function deliveryOf(context: CheckContext, checkoutId: string): CallbackDelivery {
  const delivery = context.payfect.emulator.deliveries.find((each) => each.checkoutId === checkoutId);
  assert.ok(delivery, `a callback was sent for ${checkoutId}`);
  return delivery;
}

/** A notification POSTed to the runtime's callback route, as Payfect (or someone else) would. */
function callback(context: CheckContext, body: string, signature: string | undefined): Promise<Answer> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (signature !== undefined) headers[PAYFECT_SIGNATURE_HEADER] = signature;
  return send(context, { path: '/api/payfect-callback', headers, body });
}

/** The return page's question, `GET /api/checkout-status?id=…`, from a page on the shop's own origin. */
function askStatus(context: CheckContext, id: string, from?: string): Promise<Answer> {
  const path = `/api/checkout-status?id=${encodeURIComponent(id)}`;
  return send(context, { method: 'GET', path, headers: { origin: context.server.url }, ...(from !== undefined && { from }) });
}

/** A 200 status answer: exactly `{ id, status, fulfilled }`, never cached. */
function statusOf(answer: Answer): CheckoutStatus {
  assert.equal(answer.status, 200, answer.body);
  assert.equal(answer.headers['cache-control'], 'no-store');
  const body = JSON.parse(answer.body) as Record<string, unknown>;
  assert.deepEqual(Object.keys(body).sort(), ['fulfilled', 'id', 'status'], answer.body);
  return CheckoutStatus.parse(body);
}

export interface Check {
  name: string;
  run(context: CheckContext): Promise<void>;
}

export const CHECKS: Check[] = [
  {
    name: 'a purchase gets a checkout at the catalog price',
    async run(context) {
      const quantity = 2;
      const answer = await purchase(context, {
        invoice_items: [
          { product_id: PLAN.productId, quantity, price_data: { currency: PLAN.currency, unit_amount: PLAN.unitAmount } },
        ],
      });
      assert.equal(answer.status, 200, answer.body);
      const session = JSON.parse(answer.body) as { id: string; amountTotal: string; currency: string; url: string };
      assert.equal(compareDecimals(session.amountTotal, multiplyDecimal(PLAN.unitAmount, quantity)), 0, session.amountTotal);
      assert.equal(session.currency, PLAN.currency);
      const stored = context.payfect.emulator.checkouts.get(session.id);
      assert.ok(stored, 'Payfect has the checkout');
      assert.equal(compareDecimals(stored.invoiceItems[0]!.priceData.unitAmount, PLAN.unitAmount), 0);
      assert.equal(stored.url, session.url);
    },
  },
  {
    name: 'a tampered price is 409 price_mismatch, and Payfect is not called',
    async run(context) {
      const before = createCalls(context);
      const answer = await purchase(context, {
        invoice_items: [{ product_id: PLAN.productId, quantity: 1, price_data: { currency: PLAN.currency, unit_amount: '0.01' } }],
      });
      assert.equal(answer.status, 409, answer.body);
      assert.equal(errorCode(answer), 'price_mismatch');
      assert.equal(createCalls(context), before);
    },
  },
  {
    name: 'a huge body is 413, declared or streamed without a length',
    async run(context) {
      const huge = JSON.stringify({ currency: PLAN.currency, padding: 'x'.repeat(100_000) });
      const headers = { 'content-type': 'application/json', origin: context.server.url };
      const declared = await send(context, { headers, body: huge });
      assert.equal(declared.status, 413, declared.body);
      assert.equal(errorCode(declared), 'payload_too_large');
      const streamed = await send(context, { headers, body: huge.match(/[^]{1,4096}/g)! });
      assert.equal(streamed.status, 413, streamed.body);
      assert.equal(errorCode(streamed), 'payload_too_large');
    },
  },
  {
    name: 'a foreign Origin is 403, with no CORS grant',
    async run(context) {
      const before = createCalls(context);
      const answer = await purchase(context, { invoice_items: [{ product_id: PLAN.productId, quantity: 1 }] }, { origin: 'https://evil.example' });
      assert.equal(answer.status, 403, answer.body);
      assert.equal(errorCode(answer), 'origin_not_allowed');
      assert.equal(answer.headers['access-control-allow-origin'], undefined);
      assert.equal(createCalls(context), before);
    },
  },
  {
    name: 'the same Idempotency-Key twice gives one checkout',
    async run(context) {
      const before = createCalls(context);
      const body = { invoice_items: [{ product_id: PLAN.productId, quantity: 1 }] };
      const headers = { 'idempotency-key': `matrix-${context.apiKey}` };
      const first = await purchase(context, body, headers);
      const second = await purchase(context, body, headers);
      assert.equal(first.status, 200, first.body);
      assert.equal(second.status, 200, second.body);
      assert.equal((JSON.parse(second.body) as { id: string }).id, (JSON.parse(first.body) as { id: string }).id);
      assert.equal(second.headers['idempotent-replayed'], 'true');
      assert.equal(createCalls(context), before + 1);
    },
  },
  {
    name: "the emulator's signed callback is confirmed with Query and fulfils once; a forged one is 401",
    async run(context) {
      const { emulator } = context.payfect;
      const paid = await checkoutId(context);
      emulator.pay(paid);
      const delivery = await deliveryOf(context, paid).done;
      assert.equal(delivery.state, 'delivered', JSON.stringify(delivery.attempts));
      assert.equal(delivery.attempts.at(-1)?.status, 200);
      assert.equal(delivery.url, `${context.server.url}/api/payfect-callback`);
      assert.ok(
        emulator.requests.some((call) => call.method === 'GET' && call.path.endsWith(`/checkouts/${paid}/`) && call.headers.authorization === `Api-Key ${context.apiKey}`),
        'the handler asked Payfect (Query) before fulfilling',
      );

      const again = await callback(context, delivery.body, delivery.signature);
      assert.equal(again.status, 200, again.body);

      // A checkout that was never paid, claimed paid: with another key's signature, and with none.
      const unpaid = await checkoutId(context);
      const claim = JSON.stringify({ ...JSON.parse(delivery.body), id: unpaid });
      for (const signature of [await fernetEncrypt(generateFernetKey(), claim), undefined]) {
        const forged = await callback(context, claim, signature);
        assert.equal(forged.status, 401, forged.body);
        assert.equal(errorCode(forged), 'signature_invalid');
      }

      // Its output is in order: once the unpaid one is paid and printed, every line about the first is in.
      emulator.pay(unpaid);
      assert.equal((await deliveryOf(context, unpaid).done).state, 'delivered');
      await context.server.printed(new RegExp(`Paid: ${unpaid}`));
      const output = context.server.output();
      assert.equal(output.split(`Paid: ${paid} `).length - 1, 1, output);
      assert.equal(output.split(`Paid: ${unpaid} `).length - 1, 1, output);
    },
  },
  {
    name: 'the status endpoint answers { id, status, fulfilled }: not fulfilled before the signed callback, fulfilled after',
    async run(context) {
      const id = await checkoutId(context);
      assert.deepEqual(statusOf(await askStatus(context, id)), { id, status: 'open', fulfilled: false });

      context.payfect.emulator.pay(id);
      assert.equal((await deliveryOf(context, id).done).state, 'delivered');
      const after = statusOf(await askStatus(context, id));
      assert.equal(after.id, id);
      assert.equal(after.fulfilled, true);
      // Query's status may be remembered for up to 2 s: the one asked before paying, or the new one.
      assert.ok(after.status === 'open' || after.status === 'complete', after.status);

      const malformed = await askStatus(context, '../refunds');
      assert.equal(malformed.status, 400, malformed.body);
      assert.equal(errorCode(malformed), 'invalid_request');
      const unknown = await askStatus(context, crypto.randomUUID());
      assert.equal(unknown.status, 404, unknown.body);
      assert.equal(errorCode(unknown), 'checkout_not_found');
    },
  },
  {
    name: "the status endpoint limits each client by its address: one over the limit is 429, another is not",
    async run(context) {
      const id = await checkoutId(context);
      const flooder = '127.0.0.3';
      let answer = await askStatus(context, id, flooder);
      // The default limit is 30 a minute; past it by one at the most, the flooder must be refused.
      for (let sent = 1; answer.status !== 429 && sent <= 30; sent += 1) answer = await askStatus(context, id, flooder);
      assert.equal(answer.status, 429, answer.body);
      assert.equal(errorCode(answer), 'rate_limited');
      assert.match(String(answer.headers['retry-after']), /^\d+$/);
      assert.equal(statusOf(await askStatus(context, id)).id, id);
    },
  },
  {
    name: "the client's address reaches the rate limiter: one client over the limit is 429, another is not",
    async run(context) {
      const flooder = '127.0.0.2';
      const invalid = { headers: { 'content-type': 'application/json' }, body: '{}', from: flooder };
      let answer = await send(context, invalid);
      // The default limit is 30 a minute; past it by one at the most, the flooder must be refused.
      for (let sent = 1; answer.status !== 429 && sent <= 30; sent += 1) answer = await send(context, invalid);
      assert.equal(answer.status, 429, answer.body);
      assert.equal(errorCode(answer), 'rate_limited');
      assert.match(String(answer.headers['retry-after']), /^\d+$/);
      const buyer = await purchase(context, { invoice_items: [{ product_id: PLAN.productId, quantity: 1 }] });
      assert.equal(buyer.status, 200, buyer.body);
    },
  },
  {
    name: 'no answer carries the API key, a Payfect failure included',
    async run(context) {
      context.payfect.emulator.faults.set({ unauthorized: true, times: 1 });
      const failed = await purchase(context, { invoice_items: [{ product_id: PLAN.productId, quantity: 1 }] });
      assert.equal(failed.status, 502, failed.body);
      assert.ok(context.answers.length >= 10, `${context.answers.length} answers seen`);
      for (const answer of context.answers) {
        assert.ok(!JSON.stringify(answer).includes(context.apiKey), `the key is in ${JSON.stringify(answer)}`);
      }
    },
  },
];
