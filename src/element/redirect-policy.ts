/**
 * Where the button may send the buyer: the page's own origin, or https on one of
 * `hosts` (space-separated) or a subdomain of one. Anything else, `javascript:` and
 * `data:` included, is refused. Returns the absolute URL, or undefined when refused.
 */
export function allowedRedirect(url: string, page: string, hosts: string): string | undefined {
  let target: URL;
  try {
    target = new URL(url, page);
  } catch {
    return;
  }
  const { hostname, protocol, origin } = target;
  const sameOrigin = /^https?:$/.test(protocol) && origin == new URL(page).origin;
  const listed =
    protocol == 'https:' &&
    hosts
      .toLowerCase()
      .split(/\s+/)
      .some((host) => host && (hostname == host || hostname.endsWith('.' + host)));
  return sameOrigin || listed ? target.href : undefined;
}
