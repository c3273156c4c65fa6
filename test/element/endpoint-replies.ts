// Canned session-endpoint replies. Imports no element code, so the CDN bundle test can use it.
import type { CheckoutSession } from '../../src/shared/checkout-session.js';

export function json(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
}

export function checkoutSession(overrides: Partial<CheckoutSession> = {}): CheckoutSession {
  return {
    id: 'chk_1',
    url: 'https://payfect.finance/checkouts/chk_1',
    status: 'open',
    amountTotal: '20.50',
    currency: 'usdt',
    expiresAt: '2026-11-25T04:00:00.000Z',
    isLivemode: false,
    ...overrides,
  };
}
