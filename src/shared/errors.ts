/**
 * Every error code in DESIGN.md's tables, with the HTTP status the server answers it
 * with. The element reads the codes; the server's `CheckoutError` (src/server) raises them.
 */
export const ENDPOINT_ERROR_STATUS = {
  invalid_json: 400,
  invalid_request: 400,
  redirect_not_allowed: 400,
  origin_not_allowed: 403,
  method_not_allowed: 405,
  request_timeout: 408,
  price_mismatch: 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
  unknown_product: 422,
  rate_limited: 429,
  payfect_error: 502,
  payfect_invalid_response: 502,
  payfect_timeout: 504,
  store_unavailable: 503,
  internal_error: 500,
} as const;

export type EndpointErrorCode = keyof typeof ENDPOINT_ERROR_STATUS;

/** The codes only the callback handler answers (DESIGN.md "Knowing that a checkout was paid"); it shares the rest. */
export const CALLBACK_ERROR_STATUS = {
  signature_invalid: 401,
  checkout_not_complete: 409,
  fulfilment_failed: 500,
} as const;

export type CallbackErrorCode = keyof typeof CALLBACK_ERROR_STATUS;

/** The codes only the status handler answers (DESIGN.md "The return page"); it shares the rest. */
export const STATUS_ERROR_STATUS = {
  checkout_not_found: 404,
} as const;

export type StatusErrorCode = keyof typeof STATUS_ERROR_STATUS;

/** Every code a server handler answers, with its status. */
export const SERVER_ERROR_STATUS: Readonly<Record<ServerErrorCode, number>> = {
  ...ENDPOINT_ERROR_STATUS,
  ...CALLBACK_ERROR_STATUS,
  ...STATUS_ERROR_STATUS,
};

export type ServerErrorCode = EndpointErrorCode | CallbackErrorCode | StatusErrorCode;

/** Raised by the element itself, when the endpoint gave no error body to report. */
export type ElementErrorCode =
  | 'invalid_config'
  | 'network_error'
  | 'timeout'
  | 'invalid_response'
  | 'redirect_blocked';

export type CheckoutErrorCode = ServerErrorCode | ElementErrorCode;

/** Field path (such as `invoice_items.0.quantity`) → what is wrong with it. */
export type FieldErrors = Record<string, string>;
