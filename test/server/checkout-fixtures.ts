import type { AmountProduct, CheckoutHandlerOptions } from '../../src/server/index.js';
import { API_KEY } from './fake-payfect.js';

export const SHOP = 'https://shop.example';
export const ENDPOINT = `${SHOP}/api/checkout`;

export const CATALOG: Record<string, AmountProduct> = {
  'standard-plan': {
    name: 'Standard Plan',
    unitAmount: '20.50',
    currency: 'usdt',
    description: 'A standard plan',
    images: ['https://shop.example/plan.png'],
  },
  sticker: { name: 'Sticker', unitAmount: '0.10', currency: 'usdt' },
  'euro-mug': { name: 'Mug', unitAmount: '12', currency: 'eur' },
};

export function baseOptions(overrides: Partial<CheckoutHandlerOptions> = {}): CheckoutHandlerOptions {
  return {
    apiKey: API_KEY,
    catalog: CATALOG,
    successUrl: `${SHOP}/thanks`,
    cancelUrl: `${SHOP}/cart`,
    callbackUrl: `${SHOP}/payfect/callback`,
    rateLimit: false,
    ...overrides,
  };
}

/** The DESIGN.md wire example. */
export function wireBody(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    currency: 'usdt',
    invoice_items: [
      {
        product_id: 'standard-plan',
        quantity: 1,
        price_data: {
          currency: 'usdt',
          unit_amount: '20.50',
          product_data: { name: 'Standard Plan', description: 'A standard plan', images: ['https://shop.example/plan.png'] },
        },
      },
    ],
    success_url: `${SHOP}/thanks`,
    cancel_url: `${SHOP}/cart`,
    payment_method_data: { type: 'cryptopaymentmethoddetail', paymentMethodDetail: { currency: 'usdt', network: 'tron' } },
    ...overrides,
  };
}

export function post(body: unknown, headers: Record<string, string> = {}, url = ENDPOINT): Request {
  return new Request(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

export async function errorOf(response: Response): Promise<{ code: string; message: string; fields?: Record<string, string> }> {
  const body = (await response.json()) as { error: { code: string; message: string; fields?: Record<string, string> } };
  return body.error;
}
