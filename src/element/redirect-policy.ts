import { check } from './checkout-wire.js';

/** Two labels or more, the last one not a number: never a bare suffix (`com`) or an IPv4 address (`4`, `10.0.0.4`). */
const DOMAIN = /^(?:[a-z\d-]+\.)+[a-z][a-z\d-]*$/;
/** Local development only: a loopback host with the port the emulator or endpoint listens on. */
const LOOPBACK = /^(?:localhost|127\.0\.0\.1|\[::1\]):\d+$/;

/**
 * `checkout-hosts` as a list of lower-case entries. Throws an InvalidConfigError for an
 * entry that is neither a domain name nor a loopback host with its port.
 */
export function checkoutHosts(value: string): string[] {
  const hosts = value.toLowerCase().split(/\s+/).filter(Boolean);
  for (const host of hosts) {
    check(DOMAIN.test(host) || LOOPBACK.test(host), 'checkout-hosts', `"${host}" is neither a domain name such as payfect.finance nor a loopback host:port such as localhost:4010`);
  }
  return hosts;
}

/**
 * Where the button may send the buyer: the page's own origin (`page` is `location.href`,
 * never a `<base>` the markup could inject), https on one of `hosts` or a subdomain of one,
 * or a listed loopback `host:port` over http(s). Anything else, `javascript:` and `data:`
 * included, is refused. Returns the absolute URL, or undefined when refused.
 */
export function allowedRedirect(url: string, page: string, hosts: string[]): string | undefined {
  let target: URL;
  try {
    target = new URL(url, page);
  } catch {
    return;
  }
  const { host, hostname, protocol, origin } = target;
  const allowed =
    /^https?:$/.test(protocol) &&
    (origin == new URL(page).origin ||
      hosts.some((entry) =>
        LOOPBACK.test(entry) ? host == entry : protocol == 'https:' && (hostname == entry || hostname.endsWith('.' + entry)),
      ));
  return allowed ? target.href : undefined;
}

/** For the console warning after a blocked redirect: the `checkout-hosts` value that allows `url`, or why none can. */
export function checkoutHostsFix(url: string, page: string, hosts: string[]): string {
  let target: URL | undefined;
  try {
    target = new URL(url, page);
  } catch {}
  const { host = '', hostname = '', protocol = '' } = target ?? {};
  const entry = LOOPBACK.test(host) ? host : protocol == 'https:' && DOMAIN.test(hostname) ? hostname : undefined;
  return entry
    ? `If it is your checkout host: checkout-hosts="${[...hosts, entry].join(' ')}".`
    : 'No checkout-hosts entry allows it: only https to a domain name, or a loopback host:port.';
}
