import { SERVER_ERROR_STATUS } from '../../shared/errors.js';
import { CheckoutError } from '../checkout-error.js';
import { errorResponse } from './json-response.js';
import type { OnError } from '../reporting.js';
import { redactCheckoutError, redactError } from '../payfect/secret-redaction.js';

/** Turns whatever a handler caught into its answer from the error table, and tells `onError` (the merchant's or the default log). */
export class ErrorAnswers {
  readonly #apiKey: string;
  readonly #onError: OnError | undefined;
  readonly #internalMessage: string;

  constructor(apiKey: string, onError: OnError | undefined, internalMessage: string) {
    this.#apiKey = apiKey;
    this.#onError = onError;
    this.#internalMessage = internalMessage;
  }

  /** The error answer for anything thrown: a table code as itself, anything else as a 500 with a fixed message. */
  answer(caught: unknown, request: Request, headers: Record<string, string>): Response {
    const known = caught instanceof CheckoutError && Object.hasOwn(SERVER_ERROR_STATUS, caught.code) && caught.code !== 'internal_error';
    // Redacted once, for both the answer and onError; an internal error's answer is a fixed message, so only onError needs it.
    const error = known
      ? redactCheckoutError(caught, this.#apiKey)
      : new CheckoutError('internal_error', this.#internalMessage, { cause: caught });
    if (known) this.#tell(error, request);
    else this.report(error, request);
    return errorResponse(error, headers);
  }

  /** Tells onError about a failure that did not change the answer. */
  report(error: CheckoutError, request: Request): void {
    // A catalog or hook may have thrown with the key in hand; the promise is that onError never sees it.
    if (this.#onError !== undefined) this.#tell(redactCheckoutError(error, this.#apiKey), request);
  }

  #tell(redacted: CheckoutError, request: Request): void {
    if (this.#onError === undefined) return;
    try {
      this.#onError(redacted, request);
    } catch (hookError) {
      // A logger that throws must not turn an answer into a crash; the failure is still surfaced.
      console.error('payfect-checkout: onError threw', redactError(hookError, this.#apiKey));
    }
  }
}
