import { multiplyDecimal, sumDecimals } from '../../src/shared/money.js';
import { PayfectCheckoutCreate, type PayfectCheckout } from '../../src/shared/payfect-api.js';

export const API_KEY = 'sk_test_5a31f3a4-279c-11ee-be56-0242ac120002';

/** The reference page's example response: all 22 documented fields, with its nulls and both timestamp units. */
export function payfectCheckoutReply(overrides: Record<string, unknown> = {}): PayfectCheckout & Record<string, unknown> {
  return {
    id: 'ed8d24aa-a860-426b-8e56-87cb9f55a081',
    merchant: { id: 'bf065cc8-343d-4419-be7d-ed2190f1df4d', name: '頑碼資訊有限公司' },
    nameCollection: false,
    emailCollection: false,
    phoneNumberCollection: false,
    shippingAddressCollection: null,
    invoiceItems: [{ id: 'ee05d205-e4cc-42bd-8897-03c92674c57a', price: '3bababfe-5ba8-4afb-84ca-d62c6933704b', quantity: 1, amount: '20.50' }],
    amountTotal: '20.50',
    status: 'open',
    createdAt: '1690532072.288761',
    updatedAt: '1690532073.498443',
    clientReferenceId: null,
    currency: 'usdt',
    successUrl: 'https://shop.example/thanks',
    cancelUrl: 'https://shop.example/cart',
    expiresAt: '1703939166000',
    paymentIntent: 'b7c30e83-5439-47b2-ac4d-81c64c1d0174',
    paymentMethodTypes: ['crypto', 'card'],
    paymentMethodOptions: {
      crypto: [{ currency: { value: 'usdt', name: 'Tether', logo: '/static/images/cryptos/usdt.png' }, networks: [{ value: 'tron', name: 'Tron (TRC20)' }] }],
      card: null,
    },
    url: 'https://buy-dev.payfect.finance/checkouts/ed8d24aa-a860-426b-8e56-87cb9f55a081',
    metadata: null,
    isLivemode: false,
    ...overrides,
  } as PayfectCheckout & Record<string, unknown>;
}

export interface RecordedCall {
  url: string;
  method: string;
  headers: Headers;
  body: unknown;
}

type Reply = (call: RecordedCall, signal: AbortSignal | undefined) => Response | Promise<Response>;

/** The reply Payfect gives a create call: the reference page's example, charging what was asked. */
export function createdReply(call: RecordedCall): Response {
  const body = call.body as PayfectCheckoutCreate;
  const lines: string[] = [];
  for (const item of body.invoice_items) {
    if (!('price_data' in item)) return Response.json({ detail: 'This fake knows no Prices: test checkouts by Price ID with the emulator.' }, { status: 400 });
    lines.push(multiplyDecimal(item.price_data.unit_amount, item.quantity));
  }
  const amountTotal = sumDecimals(lines);
  return Response.json(
    payfectCheckoutReply({ amountTotal, currency: body.currency, clientReferenceId: body.client_reference_id ?? null }),
    { status: 201 },
  );
}

/** A stand-in for globalThis.fetch that records what the handler sent to Payfect. */
export function fakePayfect(reply: Reply = createdReply) {
  const calls: RecordedCall[] = [];
  const fetch = (async (input: RequestInfo | URL, init?: RequestInit) => {
    const request = new Request(input, init);
    const call: RecordedCall = {
      url: request.url,
      method: request.method,
      headers: request.headers,
      body: request.method === 'POST' ? await request.json() : undefined,
    };
    calls.push(call);
    if (call.method === 'POST') {
      // Like the real Payfect (and the emulator), refuse a body that breaks the documented schema.
      const checked = PayfectCheckoutCreate.safeParse(call.body);
      if (!checked.success) return Response.json({ detail: checked.error.issues }, { status: 400 });
    }
    return reply(call, init?.signal ?? undefined);
  }) as typeof globalThis.fetch;
  return { fetch, calls };
}

/** A Payfect that never answers, but honours the abort signal like a real fetch. */
export function hangingPayfect() {
  return fakePayfect(
    (_call, signal) =>
      new Promise<Response>((_resolve, reject) => {
        signal?.addEventListener('abort', () => reject(signal.reason));
      }),
  );
}

/**
 * Payfect's Query, `GET {base}/checkouts/{id}/`, answering from `checkouts` (404 for an id it does not hold);
 * `checkouts` may be changed between calls, as Payfect's state changes.
 */
export function queryablePayfect(checkouts: Map<string, PayfectCheckout>) {
  return fakePayfect((call) => {
    const match = /\/checkouts\/([^/]+)\/$/.exec(new URL(call.url).pathname);
    if (call.method !== 'GET' || match === null) return Response.json({ detail: 'Not found.' }, { status: 404 });
    const checkout = checkouts.get(decodeURIComponent(match[1]!));
    return checkout === undefined ? Response.json({ detail: 'Not found.' }, { status: 404 }) : Response.json(checkout);
  });
}
