import * as z from 'zod/mini';
import { CHECKOUT_ID_PATTERN } from './codes.js';
import { CHECKOUT_STATUSES } from './payfect-api.js';

/** The `id` a status request names (`GET {endpoint}?id=…`); anything else is 400 `invalid_request`. */
export const CheckoutId = z.string().check(z.regex(CHECKOUT_ID_PATTERN, 'must be a checkout id: 1 to 200 letters, digits, - or _'));
export type CheckoutId = z.output<typeof CheckoutId>;

/**
 * The status endpoint's answer (DESIGN.md "The return page"): Query's status and whether
 * `onCompleted` has run, nothing else about the checkout. `createStatusHandler` writes it;
 * `<payfect-checkout-status>` checks it by hand (src/element/payfect-checkout-status-wire.ts), held to
 * this schema by test/shared/status-boundary.test.ts.
 */
export const CheckoutStatus = z.object({
  id: CheckoutId,
  status: z.enum(CHECKOUT_STATUSES),
  /** True once the merchant's `onCompleted` succeeded for this checkout. */
  fulfilled: z.boolean(),
});
export type CheckoutStatus = z.output<typeof CheckoutStatus>;
