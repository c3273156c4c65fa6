/**
 * The store layer's bounds and timings that are not options (the options' defaults are in
 * their schemas, `options.ts`). `idempotency.maxEntries` is also that option's default.
 */
export const STORE_DEFAULTS = {
  rateLimit: { maxKeys: 10_000 },
  idempotency: { maxEntries: 10_000 },
  completion: {
    /** How long a fulfilled checkout is remembered: longer than Payfect retries a callback. */
    ttlMs: 30 * 24 * 3_600_000,
    maxEntries: 100_000,
    /** How long a copy waits for another instance holding the reservation before asking the sender to retry. */
    inProgressWaitMs: 5_000,
  },
} as const;
