/**
 * Every default of the handlers, in one place, for merchants who want to show
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
  completion: {
    /** How long a reservation holds a checkout: Query plus `onCompleted` must fit, or another copy may fulfil it too. */
    leaseMs: 300_000,
    /** How long a fulfilled checkout is remembered: longer than Payfect retries a callback. */
    ttlMs: 30 * 24 * 3_600_000,
    maxEntries: 100_000,
    /** A store call that takes longer is a failed one (503 store_unavailable). */
    storeTimeoutMs: 2_000,
    /** How long a copy waits for another instance holding the reservation before asking the sender to retry. */
    inProgressWaitMs: 5_000,
  },
} as const;
