import ipaddr from 'ipaddr.js';
import type { ClientInfo } from '../options.js';

/**
 * Who is calling, for rate limits and idempotency scopes. A configured header (set by a
 * proxy the merchant trusts) wins; X-Forwarded-For is never read on its own, since any
 * client can send it. '' means unknown: such callers are not rate limited.
 */
export function clientKeyOf(request: Request, info: ClientInfo | undefined, trustedHeader: string | undefined): string {
  if (trustedHeader !== undefined) {
    const value = request.headers.get(trustedHeader);
    if (value !== null && value !== '') {
      // In a list (X-Forwarded-For) only the last entry was written by the trusted proxy; the rest came from the client.
      const comma = value.lastIndexOf(',');
      const address = (comma === -1 ? value : value.slice(comma + 1)).trim();
      if (address !== '') return addressKey(address);
    }
  }
  const address = info?.clientAddress;
  return address === undefined ? '' : addressKey(address);
}

/** The bytes of an IPv6 address past its /56 prefix. */
const HOST_BYTES_FROM = 7;

/**
 * One key per IPv4 address (IPv4-mapped IPv6 included), and per /56 for IPv6: a single
 * subscriber is routed a /56 or more, so keying on the full address would give one client
 * 2^72 fresh rate-limit buckets. Anything that is not an address is its own key.
 */
function addressKey(address: string): string {
  // Most callers are IPv4, and any string without a colon is its own key: ipaddr.js is for the IPv6 forms.
  if (!address.includes(':') || !ipaddr.isValid(address)) return address;
  const parsed = ipaddr.process(address);
  if (parsed.kind() === 'ipv4') return parsed.toString();
  const bytes = parsed.toByteArray().fill(0, HOST_BYTES_FROM);
  return `${ipaddr.fromByteArray(bytes).toString()}/56`;
}
