export { createCheckoutHandler, DEFAULTS, type CheckoutHandler } from './create-checkout-handler.js';
export type {
  Catalog,
  CheckoutCreatedDetails,
  CheckoutHandlerOptions,
  IdempotencyOptions,
  PaymentMethod,
  Product,
  RateLimitOptions,
  RequestInfo,
} from './options.js';
export { MemoryRateLimitStore, type RateLimitHit, type RateLimitStore } from './rate-limit.js';
export { MemoryIdempotencyStore, type IdempotencyStore, type StoredCheckout } from './idempotency.js';
export { PayfectClient, PayfectReplyError, DEFAULT_PAYFECT_BASE_URL, type PayfectClientOptions } from './payfect-client.js';
export { payfectTimestampToIso } from './checkout-summary.js';
export { CheckoutError } from '../shared/errors.js';
export { compareDecimals, isDecimal } from '../shared/money.js';
export type { CheckoutErrorCode, EndpointErrorCode, FieldErrors } from '../shared/errors.js';
export type { CheckoutRequest, CheckoutRequestItem } from '../shared/checkout-request.js';
export type { CheckoutSession, ErrorBody } from '../shared/checkout-session.js';
export type { PayfectCheckout, PayfectCheckoutCreate } from '../shared/payfect-api.js';
