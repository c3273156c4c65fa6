/** How long a browser may reuse a preflight answer. */
const CORS_MAX_AGE_SECONDS = 600;

/** What a handler grants an allowed cross-origin page in its CORS preflight. */
export interface PreflightGrant {
  /** The handler's methods, for `Allow`, such as 'POST, OPTIONS'. */
  allow: string;
  /** Access-Control-Allow-Methods, such as 'POST'. */
  methods: string;
  /** Access-Control-Allow-Headers: the request headers it reads beyond the CORS-safelisted ones, if any. */
  headers?: string;
}

/** The answer to OPTIONS: 204, with the grant only for an allowed cross-origin page (`corsOrigin` from OriginPolicy). */
export function preflightResponse(corsOrigin: string | null, grant: PreflightGrant): Response {
  const headers: Record<string, string> = { 'cache-control': 'no-store', vary: 'Origin', allow: grant.allow };
  if (corsOrigin !== null) {
    headers['access-control-allow-origin'] = corsOrigin;
    headers['access-control-allow-methods'] = grant.methods;
    if (grant.headers !== undefined) headers['access-control-allow-headers'] = grant.headers;
    headers['access-control-max-age'] = String(CORS_MAX_AGE_SECONDS);
  }
  return new Response(null, { status: 204, headers });
}
