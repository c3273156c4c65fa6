import { LitElement, html, nothing, type PropertyDeclarations, type PropertyValues } from 'lit';
import { CheckoutSession } from '../shared/checkout-session.js';
import type { CheckoutRequest } from '../shared/checkout-request.js';
import { buildCheckoutRequest, check, InvalidConfigError } from './checkout-config.js';
import { errorOfReply } from './error-reply.js';
import {
  PayfectCheckoutErrorEvent,
  PayfectCheckoutRedirectEvent,
  PayfectCheckoutStartEvent,
  type PayfectCheckoutErrorDetail,
} from './events.js';
import { priceLabel } from './price-label.js';
import { styles } from './payfect-checkout-button.styles.js';
import { allowedRedirect } from './redirect-policy.js';

export type CheckoutState = 'idle' | 'loading' | 'redirecting' | 'error';

/** Buyer-facing messages; the error event carries the precise code and the developer message. */
const TRY_AGAIN = 'Checkout could not start. Please try again.';
const BUYER_MESSAGES: Record<string, string> = {
  price_mismatch: 'The price has changed, please reload.',
  rate_limited: 'Too many attempts. Please wait a moment and try again.',
  network_error: 'Could not reach checkout. Check your connection and try again.',
  timeout: 'Checkout is taking too long. Please try again.',
};

/** crypto.randomUUID exists only in secure contexts; a plain-http staging page still needs a unique key. */
const idempotencyKey = () => crypto.randomUUID?.() ?? crypto.getRandomValues(new BigUint64Array(2)).join('-');

/**
 * A Pay with Payfect button. On click it validates its attributes, POSTs a
 * CheckoutRequest to the merchant's `endpoint`, and sends the buyer to the
 * checkout URL the endpoint returns.
 *
 * @summary A drop-in checkout button that sends the buyer to Payfect's hosted payment page.
 *
 * @slot - Replaces the default label (`Pay 20.50 USDT`, or `Pay with Payfect` without an amount).
 *
 * @csspart button - The native `<button>`.
 * @csspart label - The label wrapper around the slot.
 * @csspart spinner - The busy indicator, shown while loading or redirecting; still under `prefers-reduced-motion`.
 * @csspart error - The live region with the message for the buyer after a failure.
 *
 * @cssproperty [--payfect-background=#3730a3] - Button background.
 * @cssproperty [--payfect-color=#fff] - Button text color.
 * @cssproperty [--payfect-radius=0.5em] - Button corner radius.
 * @cssproperty [--payfect-font=inherit] - Font shorthand for the element.
 * @cssproperty [--payfect-padding=0.75em 1.25em] - Button padding.
 * @cssproperty [--payfect-focus-ring=3px solid #6366f1] - Outline shown on keyboard focus.
 * @cssproperty [--payfect-error-color=#b91c1c] - Color of the error message.
 *
 * @event {PayfectCheckoutStartEvent} payfect-checkout-start - Before the request; `detail.request` is the CheckoutRequest. Cancelable: cancelling stops the purchase.
 * @event {PayfectCheckoutRedirectEvent} payfect-checkout-redirect - Before navigating; `detail.checkout` is the session. Cancelable: cancelling stops the navigation.
 * @event {PayfectCheckoutErrorEvent} payfect-checkout-error - A purchase failed; `detail` is `{ code, message, status?, fields? }`. Not cancelable.
 */
export class PayfectCheckoutButton extends LitElement {
  static override styles = styles;
  // Annotated: the inferred type fails TS2417 against LitElement's in consumers on TypeScript 5.9.
  static override shadowRootOptions: ShadowRootInit = { ...LitElement.shadowRootOptions, delegatesFocus: true };
  // useDefault: removing an attribute (as frameworks do for null) restores its default, not null.
  static override properties: PropertyDeclarations = {
    endpoint: { useDefault: true },
    productId: { attribute: 'product-id' },
    name: {},
    description: {},
    image: {},
    amount: {},
    currency: { useDefault: true },
    quantity: { type: Number, useDefault: true },
    items: {},
    clientReferenceId: { attribute: 'client-reference-id' },
    successUrl: { attribute: 'success-url' },
    cancelUrl: { attribute: 'cancel-url' },
    network: { useDefault: true },
    payCurrency: { attribute: 'pay-currency' },
    checkoutHosts: { attribute: 'checkout-hosts', useDefault: true },
    timeout: { type: Number, useDefault: true },
    disabled: { type: Boolean, reflect: true },
    state: { reflect: true },
  };

  /** The merchant's session endpoint URL. */
  declare endpoint: string;
  /** The merchant's product id; the server prices it from its catalog. */
  declare productId: string | null;
  /** Product name shown on Payfect's page (sent with `amount`). */
  declare name: string | null;
  /** Product description (sent with `amount`). */
  declare description: string | null;
  /** Product image, an http(s) URL resolved against the page (sent with `amount`). */
  declare image: string | null;
  /** Unit price as a decimal string such as `20.50`: shown to the buyer and checked by the server. */
  declare amount: string | null;
  /** Price currency code. */
  declare currency: string;
  /** Whole number of units, at least 1. */
  declare quantity: number;
  /** JSON array of line items (`product_id`, `quantity`, `price_data`); replaces the single-product attributes. */
  declare items: string | null;
  /** Passed through to the checkout; the server decides whether to accept it. */
  declare clientReferenceId: string | null;
  /** Where Payfect sends the buyer after paying; resolved against the page. */
  declare successUrl: string | null;
  /** Where Payfect sends the buyer after cancelling; resolved against the page. */
  declare cancelUrl: string | null;
  /** Crypto network of the payment method. */
  declare network: string;
  /** Crypto currency the buyer pays in; defaults to `currency`. */
  declare payCurrency: string | null;
  /** Space-separated hosts the button may redirect to (https, subdomains included); same-origin is always allowed. */
  declare checkoutHosts: string;
  /** Milliseconds to wait for the endpoint before giving up with `timeout`. */
  declare timeout: number;
  /** Disables the button and `checkout()`. */
  declare disabled: boolean;
  /** `idle`, `loading`, `redirecting` or `error`; reflected for styling. */
  declare state: CheckoutState;

  /**
   * The fetch used to call the endpoint; `globalThis.fetch` (read at call time) when unset.
   * Set it to add headers, route through your own client, or stub the endpoint in tests.
   */
  fetch: typeof globalThis.fetch | undefined;

  #message = '';
  #locale: string | undefined;
  /** `Pay 20.50 USDT`; emptied when its inputs change, computed again by the next render. */
  #label = '';
  /** One key per purchase attempt, kept while the same body is retried after a failure. */
  #idempotency: { key: string; body: string } | undefined;

  constructor() {
    super();
    this.endpoint = '/api/checkout';
    this.currency = 'usdt';
    this.quantity = 1;
    this.network = 'tron';
    this.checkoutHosts = 'payfect.finance';
    this.timeout = 15000;
    this.disabled = false;
    this.state = 'idle';
  }

  override connectedCallback(): void {
    super.connectedCallback();
    const locale = this.closest('[lang]')?.getAttribute('lang') || navigator.language;
    // Moved under another lang: the label is formatted anew for it.
    if (locale != this.#locale) {
      this.#locale = locale;
      this.#label = '';
      this.requestUpdate();
    }
    addEventListener('pageshow', this.#onPageShow);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    removeEventListener('pageshow', this.#onPageShow);
  }

  /** Back from Payfect through the back/forward cache: the page is restored mid-redirect. */
  #onPageShow = (event: PageTransitionEvent) => {
    if (event.persisted) this.#settle('idle', '');
  };

  #settle(state: CheckoutState, message: string) {
    this.state = state;
    this.#message = message;
    this.requestUpdate();
  }

  #fail(detail: PayfectCheckoutErrorDetail, buyerMessage = BUYER_MESSAGES[detail.code] ?? TRY_AGAIN) {
    this.#settle('error', buyerMessage);
    this.dispatchEvent(new PayfectCheckoutErrorEvent(detail));
  }

  /** Starts a purchase, as a click does. Does nothing while disabled or already busy. */
  async checkout(): Promise<void> {
    if (this.disabled || this.state == 'loading' || this.state == 'redirecting') return;
    let request: CheckoutRequest;
    try {
      // setTimeout fires at once for NaN, 0 or more than 2^31 - 1 ms: every purchase would "time out".
      check(this.timeout > 0 && this.timeout < 2 ** 31, 'timeout', 'must be a number of milliseconds above 0');
      request = buildCheckoutRequest(this, document.baseURI);
    } catch (error) {
      if (!(error instanceof InvalidConfigError)) throw error;
      console.error(`<payfect-checkout-button>: ${error.message}`);
      return this.#fail({ code: 'invalid_config', message: error.message }, error.message);
    }
    // Locked before the start event and the first await: a click or checkout() from a
    // start listener, or a second click in the same frame, sends nothing.
    this.#settle('loading', '');
    if (!this.dispatchEvent(new PayfectCheckoutStartEvent(request))) return this.#settle('idle', '');

    const body = JSON.stringify(request);
    if (this.#idempotency?.body != body) this.#idempotency = { key: idempotencyKey(), body };
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), this.timeout);
    const send = this.fetch ?? fetch;
    let response: Response;
    let reply: unknown;
    try {
      response = await send(this.endpoint, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'idempotency-key': this.#idempotency.key },
        body,
        signal: controller.signal,
      });
      // Only a body that is not JSON is judged by status below; a timeout or a dropped connection mid-body is not.
      reply = await response.json().catch((error: unknown) => {
        if (!(error instanceof SyntaxError)) throw error;
      });
    } catch {
      return this.#fail(
        controller.signal.aborted
          ? { code: 'timeout', message: `No answer in ${this.timeout} ms` }
          : { code: 'network_error', message: 'The endpoint could not be reached' },
      );
    } finally {
      clearTimeout(timer);
    }

    const status = response.status;
    if (!response.ok) {
      const error = errorOfReply(reply);
      return this.#fail(
        error
          ? { ...error, status }
          : { code: 'invalid_response', message: 'The error reply has no error body', status },
      );
    }
    const session = CheckoutSession.safeParse(reply);
    if (!session.success) {
      return this.#fail({ code: 'invalid_response', message: 'The reply is not a checkout session', status });
    }
    // A checkout now exists: the next attempt is a new purchase with a new key.
    this.#idempotency = undefined;
    // Removed mid-request: its events no longer reach the page's listeners, so it must not navigate.
    if (!this.isConnected) return this.#settle('idle', '');
    const checkout = session.data;
    const url = allowedRedirect(checkout.url, document.baseURI, this.checkoutHosts);
    if (!url) {
      return this.#fail({ code: 'redirect_blocked', message: `Blocked redirect to ${checkout.url}`, status });
    }
    if (!this.dispatchEvent(new PayfectCheckoutRedirectEvent(checkout))) return this.#settle('idle', '');
    this.#settle('redirecting', '');
    this.navigate(url);
  }

  /** Sends the buyer to the checkout page. A seam for subclasses (and tests) that must not leave the page. */
  protected navigate(url: string): void {
    location.assign(url);
  }

  override willUpdate(changed: PropertyValues): void {
    // Only these change the label: a state change re-renders without re-parsing items or formatting again.
    if (['amount', 'quantity', 'items', 'currency'].some((name) => changed.has(name))) this.#label = '';
  }

  override render() {
    const busy = this.state == 'loading' || this.state == 'redirecting';
    return html`<button part="button" type="button" ?disabled=${this.disabled} aria-busy=${busy || nothing} @click=${this.checkout}><span part="spinner" aria-hidden="true"></span><span part="label"><slot>${(this.#label ||= priceLabel(this, this.#locale))}</slot></span></button><span part="error" role="alert">${this.#message}</span>`;
  }
}
