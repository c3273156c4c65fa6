import type { CheckoutRequest } from '../shared/checkout-request.js';
import type { CheckoutSession } from '../shared/checkout-session.js';
import type { CheckoutErrorCode, FieldErrors } from '../shared/errors.js';

// CustomEvent subclasses: `instanceof` works for listeners, and `event.detail` is typed.

const init = <T>(detail: T, cancelable: boolean) => ({ bubbles: true, composed: true, cancelable, detail });

/** Fired before the request is sent. Cancel it to stop the purchase. */
export class PayfectCheckoutStartEvent extends CustomEvent<{ request: CheckoutRequest }> {
  constructor(request: CheckoutRequest) {
    super('payfect-checkout-start', init({ request }, true));
  }
}

/** Fired when the endpoint returned a checkout with an allowed URL. Cancel it to stop the navigation. */
export class PayfectCheckoutRedirectEvent extends CustomEvent<{ checkout: CheckoutSession }> {
  constructor(checkout: CheckoutSession) {
    super('payfect-checkout-redirect', init({ checkout }, true));
  }
}

export interface PayfectCheckoutErrorDetail {
  /** The endpoint's `error.code` when it sent an error body; otherwise one of the element's own codes. */
  code: CheckoutErrorCode | (string & {});
  /** What went wrong, for developers: the endpoint's message, or the element's own. */
  message: string;
  /** The HTTP status, when the endpoint answered. */
  status?: number;
  /** Field path → problem, when the endpoint named bad fields. */
  fields?: FieldErrors;
}

/** Fired when a purchase fails, before or after the request. The button is usable again. */
export class PayfectCheckoutErrorEvent extends CustomEvent<PayfectCheckoutErrorDetail> {
  constructor(detail: PayfectCheckoutErrorDetail) {
    super('payfect-checkout-error', init(detail, false));
  }
}
