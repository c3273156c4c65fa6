import { CheckoutError } from '../shared/errors.js';
import { fieldErrors } from '../shared/field-errors.js';
import { PAYFECT_SIGNATURE_HEADER, PayfectCallback, type PayfectCheckout } from '../shared/payfect-api.js';
import { checkSignature, checkSigningKey } from './callback-signature.js';
import { MemoryCompletionStore, type CompletionStore } from './completion-store.js';
import { DEFAULTS } from './defaults.js';
import { IN_ENGLISH } from './english-messages.js';
import { ErrorAnswers, type ErrorHook } from './error-answers.js';
import { Fulfilments } from './fulfilment.js';
import { answerHeaders, jsonResponse } from './json-response.js';
import type { RequestInfo } from './options.js';
import { createPayfectClient } from './payfect-client.js';
import { parseJsonBody, readBodyText } from './request-body.js';

export interface CallbackHandlerOptions {
  /** The Payfect secret key: every notification is confirmed with Query (`GET {baseUrl}/checkouts/{id}/`). */
  apiKey: string;
  /**
   * Payfect's Fernet key. When set, a notification must carry an `X-Payfect-Signature` made with it whose JSON
   * equals the body (else 401 signature_invalid). Without it, Query alone decides, which is still safe.
   */
  signingKey?: string;
  /**
   * Fulfils the order, once per checkout. `checkout` is Query's answer (status `complete`), not the POSTed body.
   * Throwing answers 500 fulfilment_failed, so Payfect sends the notification again and the retry can fulfil.
   */
  onCompleted: (checkout: PayfectCheckout, notification: PayfectCallback) => void | Promise<void>;
  /** Remembers fulfilled checkouts. Default: a `MemoryCompletionStore` (one instance, 100000 checkouts). */
  store?: CompletionStore;
  /** Default 'https://api.payfect.finance/api/v1'. */
  baseUrl?: string;
  /** Default globalThis.fetch. */
  fetch?: typeof globalThis.fetch;
  /** The Query call's timeout. Default 10000. */
  timeoutMs?: number;
  /** Default 16384. */
  maxBodyBytes?: number;
  /** Called with every error answered, and with store failures that did not change the answer. Never sees the API key. */
  onError?: ErrorHook;
}

export type CallbackHandler = (request: Request, info?: RequestInfo) => Promise<Response>;

const INTERNAL_MESSAGE = 'Something went wrong while handling the notification.';
const RECEIVED = Object.freeze({ received: true });

/**
 * Payfect's callback receiver as a Fetch API handler. It answers 200 only once
 * `onCompleted` has succeeded for the notified checkout, now or before.
 */
export function createCallbackHandler(options: CallbackHandlerOptions): CallbackHandler {
  if (options === null || typeof options !== 'object') throw new TypeError('payfect-checkout: options are required');
  const { apiKey, signingKey, onCompleted, onError } = options;
  if (typeof onCompleted !== 'function') throw new TypeError('payfect-checkout: `onCompleted` must be a function (checkout, notification) => …');
  if (signingKey !== undefined) checkSigningKey(signingKey);
  const payfect = createPayfectClient({
    apiKey,
    ...(options.baseUrl !== undefined && { baseUrl: options.baseUrl }),
    ...(options.timeoutMs !== undefined && { timeoutMs: options.timeoutMs }),
    ...(options.fetch !== undefined && { fetch: options.fetch }),
  });
  const maxBodyBytes = options.maxBodyBytes ?? DEFAULTS.maxBodyBytes;
  if (!Number.isSafeInteger(maxBodyBytes) || maxBodyBytes < 1) {
    throw new TypeError(`payfect-checkout: \`maxBodyBytes\` must be a positive integer, got ${String(maxBodyBytes)}`);
  }
  const errors = new ErrorAnswers(apiKey, onError, INTERNAL_MESSAGE);
  const fulfilments = new Fulfilments({ payfect, store: options.store ?? new MemoryCompletionStore(), onCompleted, ...DEFAULTS.completion });
  const context: CallbackContext = { signingKey, maxBodyBytes, errors, fulfilments };
  return (request) => answerCallback(request, context);
}

interface CallbackContext {
  signingKey: string | undefined;
  maxBodyBytes: number;
  errors: ErrorAnswers;
  fulfilments: Fulfilments;
}

/** One notification, top to bottom: method, body, schema, signature, then fulfilment. */
async function answerCallback(request: Request, context: CallbackContext): Promise<Response> {
  try {
    if (request.method !== 'POST') {
      return context.errors.answer(new CheckoutError('method_not_allowed', `${request.method} is not allowed; use POST.`), request, {
        ...answerHeaders(null),
        allow: 'POST',
      });
    }
    const body = parseJsonBody(await readBodyText(request, context.maxBodyBytes));
    const notification = readNotification(body);
    if (context.signingKey !== undefined) {
      await checkSignature(request.headers.get(PAYFECT_SIGNATURE_HEADER), context.signingKey, body);
    }
    await context.fulfilments.fulfil(notification, (error) => context.errors.report(error, request));
    return jsonResponse(200, RECEIVED, answerHeaders(null));
  } catch (caught) {
    return context.errors.answer(caught, request, answerHeaders(null));
  }
}

/** The body as Payfect's documented callback payload, or 400 naming the bad fields. */
function readNotification(body: unknown): PayfectCallback {
  const parsed = PayfectCallback.safeParse(body, IN_ENGLISH);
  if (!parsed.success) {
    throw new CheckoutError('invalid_request', "The body is not Payfect's callback payload.", { fields: fieldErrors(parsed.error.issues) });
  }
  return parsed.data;
}
