import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { InvalidBodyError, InvalidFieldError } from './request-bodies.js';

// Every API answer is JSON with a `detail`, the shape of Django REST framework's errors, which Payfect's API resembles.

/** The API resources, each at `/api/v1/<name>/` and `/api/v1/<name>/<id>/`. */
export const API_RESOURCES = ['checkouts', 'products', 'prices', 'payment-links'] as const;

export function detailAnswer(status: number, detail: string, more: Record<string, unknown> = {}, headers: Record<string, string> = {}): Response {
  return Response.json({ detail, ...more }, { status, headers });
}

/** A refusal thrown from deep inside a route; the error handler answers it. */
export function refusal(status: ContentfulStatusCode, detail: string, more: Record<string, unknown> = {}, headers: Record<string, string> = {}): HTTPException {
  return new HTTPException(status, { res: detailAnswer(status, detail, more, headers) });
}

export function methodNotAllowed(allow: string) {
  return (c: Context) => detailAnswer(405, `Method "${c.req.method}" not allowed.`, {}, { allow });
}

const RESOURCE_PATTERN = API_RESOURCES.join('|');
const WITHOUT_SLASH = new RegExp(`^/api/v1/(?:${RESOURCE_PATTERN})(?:/[^/]+)?$`);
const WITHOUT_VERSION = new RegExp(`^/api/(?:${RESOURCE_PATTERN})(?:/|$)`);

/** A JSON 404 on every path, since an SDK parses every answer as JSON; it says what was probably meant. */
export function notFound(c: Context): Response {
  const path = new URL(c.req.url).pathname;
  if (WITHOUT_SLASH.test(path)) {
    return detailAnswer(404, 'Not found. Each API path ends with a slash: /api/v1/checkouts/ and /api/v1/checkouts/<id>/.');
  }
  if (WITHOUT_VERSION.test(path)) {
    const base = `${new URL(c.req.url).origin}/api/v1`;
    return detailAnswer(404, `Not found. Payfect's API is under /api/v1/: set the client's base URL to ${base} (the Python SDK's default api_base has no /v1).`);
  }
  return detailAnswer(
    404,
    `Not found. The emulator serves the API at /api/v1/ (${API_RESOURCES.map((name) => `${name}/`).join(', ')}) and hosted pages at /checkouts/<id> and /payment-links/<id>.`,
  );
}

/** The one place a thrown error becomes an answer. */
export function answerError(error: Error, c: Context): Response {
  if (error instanceof HTTPException) return error.getResponse();
  if (error instanceof InvalidBodyError) return detailAnswer(400, error.message, { errors: error.errors });
  if (error instanceof InvalidFieldError) return detailAnswer(400, 'Invalid request body.', { errors: { [error.field]: error.message } });
  // The caller gave up (during a fault's delay, say): its fetch rejects with its own reason, as fetch does.
  if (c.req.raw.signal.aborted) throw error;
  console.error('payfect-checkout emulator: a bug answered 500:', error);
  return detailAnswer(500, `The emulator failed: ${error.message}`);
}
