import type { ClientInfo, RateLimitOptions, ResolvedCheckoutOptions } from '../options.js';
import type { OnceWarnings } from '../reporting.js';
import { MemoryRateLimitStore, RateLimiter } from '../stores/rate-limit.js';
import { clientKeyOf } from './client-identity.js';
import { noticeForwarding } from './forwarding-warning.js';

/** `rateLimit` as the options schema resolved it: defaults applied, or `false` for no limit. */
export type ResolvedRateLimit = ResolvedCheckoutOptions['rateLimit'];

export interface ClientRateLimitOptions {
  rateLimit: ResolvedRateLimit;
  clientAddressHeader: string | undefined;
  /** What the handler answers, for its warnings: 'checkout' or 'status'. */
  requests: string;
  /** Put before each client's key, so handlers sharing one store (Redis) still count apart. */
  keyPrefix?: string;
  /** The handler's own: its warnings are said once per handler. */
  warnings: OnceWarnings;
}

export interface ClientVerdict {
  /** Who is calling ('' when unknown): the rate limit's key, and the checkout endpoint's idempotency scope. */
  clientKey: string;
  /** Seconds to wait when the client is over its limit, else undefined. */
  retryAfterSeconds: number | undefined;
}

/**
 * The rate-limit rule of every handler a browser calls: counted per client before anything
 * else is read; a request with no identity is not limited, and the handler says so once.
 */
export class ClientRateLimit {
  readonly #limiter: RateLimiter | undefined;
  readonly #key: RateLimitOptions['key'];
  readonly #clientAddressHeader: string | undefined;
  readonly #keyPrefix: string;
  readonly #noIdentityWarning: string;
  readonly #warnings: OnceWarnings;

  constructor(options: ClientRateLimitOptions) {
    const { rateLimit } = options;
    this.#limiter =
      rateLimit === false
        ? undefined
        : new RateLimiter({ windowMs: rateLimit.windowMs, max: rateLimit.max, store: rateLimit.store ?? new MemoryRateLimitStore() });
    this.#key = rateLimit === false ? undefined : rateLimit.key;
    this.#clientAddressHeader = options.clientAddressHeader;
    this.#keyPrefix = options.keyPrefix ?? '';
    this.#noIdentityWarning =
      `payfect-checkout: a ${options.requests} request came with no client identity, so it was not rate limited. ` +
      'Give the handler one: pass `info.clientAddress` (handler(request, { clientAddress })), set `clientAddressHeader` ' +
      "to a header your proxy or platform sets (such as 'x-real-ip' or 'cf-connecting-ip'), or set `rateLimit.key`. " +
      'This is said once per handler.';
    this.#warnings = options.warnings;
  }

  async check(request: Request, info: ClientInfo): Promise<ClientVerdict> {
    if (this.#clientAddressHeader === undefined) noticeForwarding(request, this.#warnings);
    const clientKey = clientKeyOf(request, info, this.#clientAddressHeader);
    if (this.#limiter === undefined) return { clientKey, retryAfterSeconds: undefined };
    const limitKey = this.#key?.(request, info) ?? clientKey;
    if (limitKey === '') {
      // One shared bucket would let a single client lock every buyer out; no limit is the lesser harm, said aloud once.
      this.#warnings.warn('no-client-identity', this.#noIdentityWarning);
      return { clientKey, retryAfterSeconds: undefined };
    }
    const verdict = await this.#limiter.check(this.#keyPrefix + limitKey);
    return { clientKey, retryAfterSeconds: verdict.allowed ? undefined : verdict.retryAfterSeconds };
  }
}
