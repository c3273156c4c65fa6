import { CheckoutError } from '../checkout-error.js';

/** The origin of an absolute http(s) URL, or undefined. */
function httpOrigin(url: string): string | undefined {
  const parsed = URL.parse(url);
  if (parsed === null || (parsed.protocol !== 'http:' && parsed.protocol !== 'https:')) return undefined;
  return parsed.origin;
}

/**
 * Which browser pages may call the endpoint. No `Origin` header means no browser (curl,
 * another server), which CORS has nothing to protect from; a foreign one is refused.
 */
export class OriginPolicy {
  readonly #allowed: Set<string>;

  /** `allowedOrigins` are origins already (the options schema made them so). */
  constructor(allowedOrigins: readonly string[]) {
    this.#allowed = new Set(allowedOrigins);
  }

  /** The value for Access-Control-Allow-Origin, or null when the caller is not cross-origin. */
  check(request: Request): string | null {
    const origin = request.headers.get('origin');
    if (origin === null) return null;
    if (this.#allowed.has(origin)) return origin;
    if (isSameOrigin(origin, request.url) || isSameOrigin(origin, hostUrl(request))) return null;
    throw new CheckoutError('origin_not_allowed', 'This page is not allowed to create checkouts here.');
  }
}

/**
 * The URL as the Host header names it. Next.js's `next start` gives request.url its own listening address
 * (http://localhost:3000) instead; a browser always sends the page's real Host, so a foreign page still cannot match.
 */
function hostUrl(request: Request): string {
  const host = request.headers.get('host');
  if (host === null) return '';
  const url = URL.parse(request.url);
  return url === null ? '' : `${url.protocol}//${host}/`;
}

function isSameOrigin(origin: string, requestUrl: string): boolean {
  const own = httpOrigin(requestUrl);
  if (own === undefined) return false;
  if (origin === own) return true;
  // Behind a TLS-terminating proxy the app sees http:// for the page the browser loaded over https.
  return own.startsWith('http://') && origin.startsWith('https://') && origin.slice(8) === own.slice(7);
}

/** Where Payfect may send the buyer back to: never a page chosen by someone else (open redirect). */
export class RedirectPolicy {
  readonly #allowed: Set<string>;
  readonly successUrl: string | undefined;
  readonly cancelUrl: string | undefined;

  /** Options already checked by the schema: absolute http(s) URLs and origins. */
  constructor(options: { allowedRedirectOrigins?: readonly string[] | undefined; successUrl?: string | undefined; cancelUrl?: string | undefined }) {
    this.successUrl = options.successUrl;
    this.cancelUrl = options.cancelUrl;
    if (options.allowedRedirectOrigins !== undefined) {
      this.#allowed = new Set(options.allowedRedirectOrigins);
    } else {
      // Not the request's own origin: a Host header or absolute-form target names it, and any client can forge those.
      this.#allowed = new Set();
      for (const url of [this.successUrl, this.cancelUrl]) if (url !== undefined) this.#allowed.add(httpOrigin(url)!);
    }
  }

  /** The URLs to send to Payfect: the request's, when allowed, else the configured defaults. */
  resolve(body: { success_url?: string; cancel_url?: string }): { success_url?: string; cancel_url?: string } {
    const success = body.success_url === undefined ? this.successUrl : this.#checked(body.success_url);
    const cancel = body.cancel_url === undefined ? this.cancelUrl : this.#checked(body.cancel_url);
    if (success === null || cancel === null) {
      const refused = (['success_url', 'cancel_url'] as const).filter((name) => (name === 'success_url' ? success : cancel) === null);
      const fields = Object.fromEntries(refused.map((name) => [name, 'points outside the allowed origins']));
      // The cause is for the merchant's log only: which origin was refused, and which are allowed.
      const where = refused.map((name) => `${name} points to ${httpOrigin(body[name]!) ?? body[name]}`).join(' and ');
      const cause = new Error(`${where}, not an allowed origin (allowed: ${[...this.#allowed].join(', ') || 'none'})`);
      throw new CheckoutError('redirect_not_allowed', 'A return URL points outside the allowed origins.', { fields, cause });
    }
    const urls: { success_url?: string; cancel_url?: string } = {};
    if (success !== undefined) urls.success_url = success;
    if (cancel !== undefined) urls.cancel_url = cancel;
    return urls;
  }

  /** The URL as the WHATWG parser reads it, or null; Payfect gets that form, so no other parser can read another host into it. */
  #checked(url: string): string | null {
    const parsed = URL.parse(url);
    if (parsed === null || !this.#allowed.has(parsed.origin)) return null;
    return parsed.href;
  }
}
