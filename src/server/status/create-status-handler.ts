import { CheckoutId, type CheckoutStatus } from '../../shared/checkout-status.js';
import { CheckoutError } from '../checkout-error.js';
import { IN_ENGLISH } from '../../shared/english-messages.js';
import { ClientRateLimit } from '../http/client-rate-limit.js';
import { ErrorAnswers } from '../http/error-answers.js';
import { answerHeaders, jsonResponse } from '../http/json-response.js';
import { OriginPolicy } from '../http/origin-policy.js';
import type { PreflightGrant } from '../http/preflight.js';
import { NO_CLIENT_INFO, throughFrontDoor, type FrontDoor } from '../http/front-door.js';
import type { ClientInfo } from '../options.js';
import { resolveOptions } from '../../shared/option-schema.js';
import { OnceWarnings, chooseOnError } from '../reporting.js';
import { HttpPayfectClient } from '../payfect/payfect-client.js';
import type { CompletionStore } from '../stores/completion-store.js';
import { callStore, storeTimeLimit } from '../stores/store-calls.js';
import { QueryCache } from './query-cache.js';
import { StatusHandlerSchema, type StatusHandlerOptions } from './status-options.js';

export type StatusHandler = (request: Request, info?: ClientInfo) => Promise<Response>;
export type { StatusHandlerOptions } from './status-options.js';

const ALLOW = 'GET, OPTIONS';
const PREFLIGHT: PreflightGrant = { allow: ALLOW, methods: 'GET' };
const INTERNAL_MESSAGE = 'Something went wrong while looking the checkout up.';

/** Everything one handler keeps between requests, built once from the resolved options. */
interface StatusEndpoint {
  store: CompletionStore;
  storeTimeoutMs: number;
  query: QueryCache;
  door: FrontDoor;
}

/**
 * The return page's question as a Fetch API handler: `GET {endpoint}?id=<checkout id>` answers
 * `{ id, status, fulfilled }`, `status` from Query and `fulfilled` from the callback handler's
 * completion store, and nothing else about the checkout.
 */
export function createStatusHandler(options: StatusHandlerOptions): StatusHandler {
  const resolved = resolveOptions(StatusHandlerSchema, options, 'createStatusHandler');
  const warnings = new OnceWarnings();
  const onError = chooseOnError(resolved.onError, { handler: 'createStatusHandler', baseUrl: resolved.baseUrl, warnings });
  const endpoint: StatusEndpoint = {
    store: resolved.store,
    storeTimeoutMs: storeTimeLimit(resolved.store),
    query: new QueryCache(new HttpPayfectClient(resolved)),
    door: {
      grant: PREFLIGHT,
      origins: new OriginPolicy(resolved.allowedOrigins),
      // Its own count, even on a store shared with the session endpoint: a polling return page must not use up the buyer's checkouts.
      clients: new ClientRateLimit({
        rateLimit: resolved.rateLimit,
        clientAddressHeader: resolved.clientAddressHeader,
        requests: 'status',
        keyPrefix: 'status:',
        warnings,
      }),
      errors: new ErrorAnswers(resolved.apiKey, onError, INTERNAL_MESSAGE),
      tooMany: 'Too many status requests; try again shortly.',
    },
  };
  return (request, info) => answerStatus(endpoint, request, info ?? NO_CLIENT_INFO);
}

/** One status request, top to bottom: method, origin, rate limit (the front door), id, then Query and the store. */
function answerStatus(endpoint: StatusEndpoint, request: Request, info: ClientInfo): Promise<Response> {
  return throughFrontDoor(endpoint.door, request, info, async ({ corsOrigin }) => {
    const id = checkoutIdOf(request);
    const status = await endpoint.query.verdict(id);
    if (status === 'not_found') throw new CheckoutError('checkout_not_found', 'Payfect has no checkout with this id.');
    const answer: CheckoutStatus = { id, status, fulfilled: await isFulfilled(endpoint, id) };
    return jsonResponse(200, answer, answerHeaders(corsOrigin));
  });
}

/** The one `id` query parameter, or 400 invalid_request naming it. */
function checkoutIdOf(request: Request): string {
  const ids = new URL(request.url).searchParams.getAll('id');
  if (ids.length !== 1) {
    const problem = ids.length === 0 ? 'is required: ?id=<checkout id>' : 'must be given once';
    throw new CheckoutError('invalid_request', 'The status request needs one checkout id.', { fields: { id: problem } });
  }
  const parsed = CheckoutId.safeParse(ids[0], IN_ENGLISH);
  if (!parsed.success) {
    throw new CheckoutError('invalid_request', 'The checkout id is not valid.', { fields: { id: parsed.error.issues[0]!.message } });
  }
  return parsed.data;
}

/** Whether `onCompleted` succeeded for the checkout, under the store layer's one time limit and failure policy (503 store_unavailable). */
async function isFulfilled(endpoint: StatusEndpoint, id: string): Promise<boolean> {
  const { store, storeTimeoutMs } = endpoint;
  return (await callStore('completion store', 'isCompleted', storeTimeoutMs, () => store.isCompleted(id))) === true;
}
