import { CheckoutError } from '../checkout-error.js';
import { fieldErrors } from '../../shared/field-errors.js';
import { PAYFECT_SIGNATURE_HEADER, PayfectCallback } from '../../shared/payfect-api.js';
import { checkSignature } from './callback-signature.js';
import { MemoryCompletionStore } from '../stores/completion-store.js';
import { STORE_DEFAULTS } from '../defaults.js';
import { IN_ENGLISH } from '../../shared/english-messages.js';
import { ErrorAnswers } from '../http/error-answers.js';
import { Fulfilments } from './fulfilment.js';
import { answerHeaders, jsonResponse } from '../http/json-response.js';
import { CallbackHandlerSchema, type CallbackHandlerOptions, type ClientInfo } from '../options.js';
import { resolveOptions } from '../../shared/option-schema.js';
import { OnceWarnings, chooseOnError } from '../reporting.js';
import { HttpPayfectClient } from '../payfect/payfect-client.js';
import { parseJsonBody, readBodyText } from '../http/request-body.js';

export type CallbackHandler = (request: Request, info?: ClientInfo) => Promise<Response>;

const INTERNAL_MESSAGE = 'Something went wrong while handling the notification.';
const RECEIVED = Object.freeze({ received: true });

/**
 * Payfect's callback receiver as a Fetch API handler. It answers 200 only once
 * `onCompleted` has succeeded for the notified checkout, now or before.
 */
export function createCallbackHandler(options: CallbackHandlerOptions): CallbackHandler {
  const resolved = resolveOptions(CallbackHandlerSchema, options, 'createCallbackHandler');
  const onError = chooseOnError(resolved.onError, { handler: 'createCallbackHandler', baseUrl: resolved.baseUrl, warnings: new OnceWarnings() });
  const context: CallbackContext = {
    signingKey: resolved.signingKey,
    maxBodyBytes: resolved.maxBodyBytes,
    errors: new ErrorAnswers(resolved.apiKey, onError, INTERNAL_MESSAGE),
    fulfilments: new Fulfilments({
      payfect: new HttpPayfectClient(resolved),
      store: resolved.store ?? new MemoryCompletionStore(),
      onCompleted: resolved.onCompleted,
      ...STORE_DEFAULTS.completion,
    }),
  };
  return (request, info) => answerCallback(request, info, context);
}

interface CallbackContext {
  signingKey: string | undefined;
  maxBodyBytes: number;
  errors: ErrorAnswers;
  fulfilments: Fulfilments;
}

/** One notification, top to bottom: method, body, schema, signature, then fulfilment. */
async function answerCallback(request: Request, info: ClientInfo | undefined, context: CallbackContext): Promise<Response> {
  try {
    if (request.method !== 'POST') {
      return context.errors.answer(new CheckoutError('method_not_allowed', `${request.method} is not allowed; use POST.`), request, {
        ...answerHeaders(null),
        allow: 'POST',
      });
    }
    const body = parseJsonBody(await readBodyText(request, context.maxBodyBytes, info?.bodyFramed === true));
    const notification = readNotification(body);
    if (context.signingKey !== undefined) {
      await checkSignature(request.headers.get(PAYFECT_SIGNATURE_HEADER), context.signingKey, body);
    }
    await context.fulfilments.fulfil(notification, context.signingKey !== undefined, (error) => context.errors.report(error, request));
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
