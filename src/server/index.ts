export { createCheckoutHandler, type CheckoutHandler } from './checkout/create-checkout-handler.js';
export { createCallbackHandler, type CallbackHandler } from './callback/create-callback-handler.js';
export { createStatusHandler, type StatusHandler, type StatusHandlerOptions } from './status/create-status-handler.js';
export { createPayfectClient, PayfectReplyError, type PayfectClient } from './payfect/payfect-client.js';
export { MemoryCompletionStore, type CompletionReservation, type CompletionStore } from './stores/completion-store.js';
export { DEFAULTS } from './options.js';
export type {
  Catalog,
  CheckoutCreatedDetails,
  CheckoutHandlerOptions,
  IdempotencyOptions,
  PaymentMethod,
  Product,
  RateLimitOptions,
  CallbackHandlerOptions,
  ClientInfo,
  PayfectClientOptions,
} from './options.js';
export type { OnError } from './reporting.js';
export { MemoryRateLimitStore, type RateLimitHit, type RateLimitStore } from './stores/rate-limit.js';
export {
  MemoryIdempotencyStore,
  type IdempotencyReservation,
  type IdempotencyStore,
  type StoredCheckout,
} from './stores/idempotency.js';
export { CheckoutError } from './checkout-error.js';
export { compareDecimals, isDecimal } from '../shared/money.js';
export type { CallbackErrorCode, CheckoutErrorCode, EndpointErrorCode, FieldErrors, ServerErrorCode, StatusErrorCode } from '../shared/errors.js';
export type { CheckoutRequest, CheckoutRequestItem } from '../shared/checkout-request.js';
export type { CheckoutSession } from '../shared/checkout-session.js';
export type { ErrorBody } from '../shared/error-body.js';
export type { PayfectCallback, PayfectCheckout, PayfectCheckoutCreate } from '../shared/payfect-api.js';
