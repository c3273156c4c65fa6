import type { RequestInfo } from './options.js';

/**
 * Who is calling, for rate limits and idempotency scopes. A configured header (set by a
 * proxy the merchant trusts) wins; X-Forwarded-For is never read on its own, since any
 * client can send it. '' means unknown: such callers share one bucket.
 */
export function clientKeyOf(request: Request, info: RequestInfo | undefined, trustedHeader: string | undefined): string {
  if (trustedHeader !== undefined) {
    const value = request.headers.get(trustedHeader);
    if (value !== null && value !== '') return value.trim();
  }
  return info?.clientAddress ?? '';
}
