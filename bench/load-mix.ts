// What the load run sends: a fixed mix of valid purchases, replays, tampered prices, garbage and callbacks.
import type { AmountProduct } from '../src/server/index.js';

export const LOAD_API_KEY = 'sk_test_load-0000-0000-0000-000000000000';

export const LOAD_CATALOG: Record<string, AmountProduct> = {
  'standard-plan': { name: 'Standard Plan', unitAmount: '20.50', currency: 'usdt' },
  sticker: { name: 'Sticker', unitAmount: '0.10', currency: 'usdt' },
};

export interface LoadInstanceConfig {
  emulatorUrl: string;
  signingKey: string;
  /** Set for the Redis stores; without it the instance keeps them in memory. */
  redisUrl?: string;
}

export type LoadInstanceMessage = { port: number } | { rss: number; heapUsed: number; external: number; fulfilled: number };

export type RequestKind = 'valid' | 'replay' | 'tampered' | 'garbage' | 'callback';

/** Out of 20 requests: 8 valid purchases, 3 replayed keys, 3 tampered prices, 3 garbage bodies, 3 callbacks. */
const MIX: readonly RequestKind[] = [
  ...Array<RequestKind>(8).fill('valid'),
  ...Array<RequestKind>(3).fill('replay'),
  ...Array<RequestKind>(3).fill('tampered'),
  ...Array<RequestKind>(3).fill('garbage'),
  ...Array<RequestKind>(3).fill('callback'),
];

export const kindOf = (index: number): RequestKind => MIX[index % MIX.length]!;

export interface Purchase {
  key: string;
  client: string;
  body: string;
}

/** A purchase as the button sends it, with the catalog's price shown to the buyer. */
export function validPurchase(index: number): Purchase {
  const productId = index % 2 === 0 ? 'standard-plan' : 'sticker';
  const product = LOAD_CATALOG[productId]!;
  return {
    key: `load-${index}-${Math.random().toString(36).slice(2)}`,
    client: `198.51.${(index >> 8) & 255}.${index & 255}`,
    body: JSON.stringify({
      currency: 'usdt',
      invoice_items: [
        { product_id: productId, quantity: 1 + (index % 3), price_data: { currency: 'usdt', unit_amount: product.unitAmount, product_data: { name: product.name } } },
      ],
    }),
  };
}

/** A purchase whose shown price was edited in the page (or whose quantities add past the cap). */
export function tamperedPurchase(index: number): Purchase {
  const purchase = validPurchase(index);
  const body = JSON.parse(purchase.body) as { invoice_items: Array<{ quantity: number; price_data: { unit_amount: string } }> };
  if (index % 2 === 0) body.invoice_items[0]!.price_data.unit_amount = '0.01';
  else body.invoice_items.push({ ...body.invoice_items[0]!, quantity: 99 }, { ...body.invoice_items[0]!, quantity: 99 });
  return { ...purchase, body: JSON.stringify(body) };
}

const GARBAGE: ReadonlyArray<{ contentType: string; body: string }> = [
  { contentType: 'application/json', body: '{"currency": "usdt",' },
  { contentType: 'application/json', body: '\u0000\u00ff not json at all' },
  { contentType: 'application/json', body: '{"currency":"usdt","invoice_items":[]}' },
  { contentType: 'application/json', body: '{"currency":"usdt","invoice_items":[{"product_id":"sticker","quantity":1}],"callback_url":"https://evil.example"}' },
  { contentType: 'text/plain', body: 'currency=usdt' },
  { contentType: 'application/json', body: '[1,2,3]' },
];

export const garbageBody = (index: number) => GARBAGE[index % GARBAGE.length]!;
