import { CheckoutError } from '../checkout-error.js';
import type { ClientInfo } from '../options.js';
import type { ClientRateLimit } from './client-rate-limit.js';
import type { ErrorAnswers } from './error-answers.js';
import { answerHeaders } from './json-response.js';
import type { OriginPolicy } from './origin-policy.js';
import { preflightResponse, type PreflightGrant } from './preflight.js';

/** What a handler is told of a request when the adapter tells it nothing (no socket address, body framing unknown). */
export const NO_CLIENT_INFO: ClientInfo = Object.freeze({});

/** What a browser-facing handler checks before its own work, and how it answers any failure. */
export interface FrontDoor {
  /** The one method it serves (`grant.methods`, such as 'POST'), besides the preflight's OPTIONS. */
  grant: PreflightGrant;
  origins: OriginPolicy;
  clients: ClientRateLimit;
  errors: ErrorAnswers;
  /** The 429's message, such as 'Too many checkout attempts; try again shortly.' */
  tooMany: string;
}

/** Who got past the front door: the CORS origin to answer (null for same-origin) and the rate limit's client key. */
export interface Admitted {
  corsOrigin: string | null;
  clientKey: string;
}

/**
 * One request through the front door: the method, the origin (answering a preflight), the rate limit, then
 * `handle`. A failure anywhere, `handle`'s included, is answered by `door.errors`, with the CORS headers once
 * the origin is known, so an allowed page can read the error.
 */
export async function throughFrontDoor(
  door: FrontDoor,
  request: Request,
  info: ClientInfo,
  handle: (admitted: Admitted) => Promise<Response>,
): Promise<Response> {
  let corsOrigin: string | null = null;
  try {
    const method = request.method;
    if (method !== door.grant.methods && method !== 'OPTIONS') {
      const refused = new CheckoutError('method_not_allowed', `${method} is not allowed; use ${door.grant.methods}.`);
      return door.errors.answer(refused, request, { ...answerHeaders(null), allow: door.grant.allow });
    }
    corsOrigin = door.origins.check(request);
    if (method === 'OPTIONS') return preflightResponse(corsOrigin, door.grant);

    const { clientKey, retryAfterSeconds } = await door.clients.check(request, info);
    if (retryAfterSeconds !== undefined) {
      const limited = new CheckoutError('rate_limited', door.tooMany);
      return door.errors.answer(limited, request, { ...answerHeaders(corsOrigin), 'retry-after': String(retryAfterSeconds) });
    }
    return await handle({ corsOrigin, clientKey });
  } catch (caught) {
    return door.errors.answer(caught, request, answerHeaders(corsOrigin));
  }
}
