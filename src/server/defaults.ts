/**
 * Every default of `createCheckoutHandler`, in one place, for merchants who want to show
 * or derive from them (e.g. `max: DEFAULTS.rateLimit.max * 2`). Read-only.
 */
export const DEFAULTS = {
  baseUrl: 'https://api.payfect.finance/api/v1',
  paymentMethods: [{ currency: 'usdt', network: 'tron' }],
  maxQuantity: 99,
  maxBodyBytes: 16_384,
  bodyTimeoutMs: 5_000,
  timeoutMs: 10_000,
  rateLimit: { windowMs: 60_000, max: 30, maxKeys: 10_000 },
  idempotency: { ttlMs: 600_000, maxEntries: 10_000 },
  corsMaxAgeSeconds: 600,
} as const;
