import type { OnceWarnings } from '../reporting.js';

/** Headers a reverse proxy adds; any client can send them too, so none is trusted unless `clientAddressHeader` names it. */
const FORWARDING_HEADERS = ['x-forwarded-for', 'forwarded', 'x-real-ip'] as const;

const WARNING =
  'payfect-checkout: a request carries a forwarding header (X-Forwarded-For, Forwarded or X-Real-IP), so the handler ' +
  "is probably behind a reverse proxy: every buyer then has the proxy's address and one rate-limit bucket (and, at the " +
  'session endpoint, one idempotency scope). No forwarding header is trusted by default, since any client can send one. ' +
  "If your proxy sets one and strips the client's, name it in `clientAddressHeader` (such as 'x-real-ip'). " +
  'This is said once per handler.';

/** Says once, per handler, that the requests look proxied while no client address header is configured. */
export function noticeForwarding(request: Request, warnings: OnceWarnings): void {
  if (FORWARDING_HEADERS.some((name) => request.headers.has(name))) warnings.warn('forwarding', WARNING);
}
