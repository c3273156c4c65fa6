import { SERVER_ERROR_STATUS, type FieldErrors, type ServerErrorCode } from '../shared/errors.js';

/**
 * A failure with a code from DESIGN.md's tables; the handlers answer it as the error body,
 * with the table's status, and it is what `onError` receives.
 */
export class CheckoutError extends Error {
  override name = 'CheckoutError';
  readonly code: ServerErrorCode;
  readonly status: number;
  readonly fields: FieldErrors | undefined;

  constructor(code: ServerErrorCode, message: string, options: { fields?: FieldErrors; cause?: unknown } = {}) {
    super(message, { cause: options.cause });
    this.code = code;
    this.status = SERVER_ERROR_STATUS[code];
    this.fields = options.fields;
  }
}
