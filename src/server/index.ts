export { createCheckoutHandler, type CheckoutHandler } from './create-checkout-handler.js';
export { DEFAULTS } from './defaults.js';
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
export {
  MemoryIdempotencyStore,
  type IdempotencyReservation,
  type IdempotencyStore,
  type StoredCheckout,
} from './idempotency.js';
export { CheckoutError } from '../shared/errors.js';
export { compareDecimals, isDecimal } from '../shared/money.js';
export type { CheckoutErrorCode, EndpointErrorCode, FieldErrors } from '../shared/errors.js';
export type { CheckoutRequest, CheckoutRequestItem } from '../shared/checkout-request.js';
export type { CheckoutSession } from '../shared/checkout-session.js';
export type { ErrorBody } from '../shared/error-body.js';
export type { PayfectCheckout, PayfectCheckoutCreate } from '../shared/payfect-api.js';
