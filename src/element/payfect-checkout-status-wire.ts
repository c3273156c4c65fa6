import type { CheckoutStatus } from '../shared/checkout-status.js';
import { CHECKOUT_ID_PATTERN } from '../shared/codes.js';
import { isObject, isPayfectStatus } from './checkout-wire.js';

// What the button and <payfect-checkout-status> share, and the status answer checked by hand:
// zod stays out of the CDN file. test/shared/status-boundary.test.ts holds the check to CheckoutStatus.

/** The sessionStorage key under which the button leaves the checkout it redirects to, for the return page. */
export const LAST_CHECKOUT_KEY = 'payfect-checkout:last';

/** Storage that is switched off or full throws a DOMException: the purchase goes on, the return page finds no id. */
function withStorage<T>(use: () => T): T | undefined {
  try {
    return use();
  } catch (error) {
    if (!(error instanceof DOMException)) throw error;
  }
}

/** Called by the button as it sends the buyer to `id`'s checkout page (after starting the navigation, in the same task). */
export const rememberCheckout = (id: string) => withStorage(() => sessionStorage.setItem(LAST_CHECKOUT_KEY, id));

/** The checkout this tab last went to pay, or null. */
export const lastCheckout = () => withStorage(() => sessionStorage.getItem(LAST_CHECKOUT_KEY)) ?? null;

export const isCheckoutId = (value: unknown): value is string => typeof value == 'string' && CHECKOUT_ID_PATTERN.test(value);

/** The CheckoutStatus in a status answer (its fields only), or undefined when the answer is not one. */
export function statusOfReply(reply: any): CheckoutStatus | undefined {
  const { id, status, fulfilled } = isObject(reply) ? reply : ({} as any);
  if (isCheckoutId(id) && isPayfectStatus(status) && typeof fulfilled == 'boolean') {
    return { id, status, fulfilled };
  }
}
