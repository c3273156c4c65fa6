import type { CheckoutError } from '../checkout-error.js';
import type { ErrorBody } from '../../shared/error-body.js';

/** Headers every answer carries; CORS adds the caller's origin when it is an allowed cross-origin page. */
export function answerHeaders(corsOrigin: string | null): Record<string, string> {
  const headers: Record<string, string> = {
    'content-type': 'application/json; charset=utf-8',
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
    vary: 'Origin',
  };
  if (corsOrigin !== null) {
    headers['access-control-allow-origin'] = corsOrigin;
    headers['access-control-expose-headers'] = 'Retry-After, Idempotent-Replayed';
  }
  return headers;
}

export function jsonResponse(status: number, body: unknown, headers: Record<string, string>): Response {
  return new Response(JSON.stringify(body), { status, headers });
}

export function errorResponse(error: CheckoutError, headers: Record<string, string>): Response {
  const body: ErrorBody = { error: { code: error.code, message: error.message } };
  if (error.fields !== undefined) body.error.fields = error.fields;
  return jsonResponse(error.status, body, headers);
}
