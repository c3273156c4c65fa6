import type { RequestInfo } from './options.js';

/**
 * Who is calling, for rate limits and idempotency scopes. A configured header (set by a
 * proxy the merchant trusts) wins; X-Forwarded-For is never read on its own, since any
 * client can send it. '' means unknown: such callers are not rate limited.
 */
export function clientKeyOf(request: Request, info: RequestInfo | undefined, trustedHeader: string | undefined): string {
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

const IPV4_MAPPED = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i;

/**
 * One key per IPv4 address, and per /56 for IPv6: a single subscriber is routed a /56 or
 * more, so keying on the full address would give one client 2^72 fresh rate-limit buckets.
 */
function addressKey(address: string): string {
  if (!address.includes(':')) return address;
  const mapped = IPV4_MAPPED.exec(address);
  if (mapped !== null) return mapped[1]!;
  const groups = expandIpv6(address);
  if (groups === undefined) return address;
  const fourth = (Number.parseInt(groups[3]!, 16) & 0xff00).toString(16);
  return `${groups[0]}:${groups[1]}:${groups[2]}:${fourth}::/56`;
}

/** The eight hex groups of an IPv6 address, or undefined when it is not one. */
function expandIpv6(address: string): string[] | undefined {
  const bare = address.replace(/%.*$/, '').toLowerCase();
  const halves = bare.split('::');
  if (halves.length > 2) return undefined;
  const head = halves[0] === '' ? [] : halves[0]!.split(':');
  const tail = halves.length === 1 || halves[1] === '' ? [] : halves[1]!.split(':');
  const missing = 8 - head.length - tail.length;
  if (halves.length === 1 ? missing !== 0 : missing < 1) return undefined;
  const groups = [...head, ...Array<string>(missing).fill('0'), ...tail];
  return groups.every((group) => /^[0-9a-f]{1,4}$/.test(group)) ? groups.map((group) => Number.parseInt(group, 16).toString(16)) : undefined;
}
