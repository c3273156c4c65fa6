import type { CheckoutSession } from '../../shared/checkout-session.js';
import { CheckoutError } from '../checkout-error.js';
import type { PayfectCheckout } from '../../shared/payfect-api.js';

/** Below this a timestamp is read as seconds: 1e11 s is the year 5138, 1e11 ms is 1973. */
const SECONDS_BELOW = 1e11;

/**
 * Payfect's timestamp strings to ISO 8601. The page documents `expiresAt` in milliseconds
 * and `createdAt` in seconds, so the unit is decided by magnitude rather than trusted.
 */
export function payfectTimestampToIso(value: string): string {
  const number = Number(value);
  const ms = number < SECONDS_BELOW ? number * 1000 : number;
  const date = new Date(ms);
  if (!Number.isFinite(ms) || Number.isNaN(date.getTime())) {
    throw new CheckoutError('payfect_invalid_response', "Payfect's reply has a timestamp out of range (expiresAt).");
  }
  return date.toISOString();
}

/** The checkout reduced to what a browser needs. */
export function summarizeCheckout(checkout: PayfectCheckout): CheckoutSession {
  return {
    id: checkout.id,
    url: checkout.url,
    status: checkout.status,
    amountTotal: checkout.amountTotal ?? null,
    currency: checkout.currency ?? null,
    expiresAt: checkout.expiresAt == null ? null : payfectTimestampToIso(checkout.expiresAt),
    isLivemode: checkout.isLivemode ?? false,
  };
}
