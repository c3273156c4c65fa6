import { LitElement, html, nothing, type PropertyDeclarations, type PropertyValues } from 'lit';
import type { CheckoutRequest } from '../shared/checkout-request.js';
import {
  buildCheckoutRequest,
  check,
  checkoutCart,
  errorOfReply,
  httpUrl,
  InvalidConfigError,
  sessionOfReply,
  type CheckoutCart,
} from './checkout-wire.js';
import {
  PayfectCheckoutErrorEvent,
  PayfectCheckoutRedirectEvent,
  PayfectCheckoutStartEvent,
  type PayfectCheckoutErrorDetail,
} from './events.js';
import { priceLabel } from './price-label.js';
import { styles } from './payfect-checkout-button.styles.js';
import { allowedRedirect, checkoutHosts } from './redirect-policy.js';
import { rememberCheckout } from './payfect-checkout-status-wire.js';

export type CheckoutState = 'idle' | 'loading' | 'redirecting' | 'error';

/** A purchase as the attributes describe it, built once per change. */
interface Purchase {
  endpoint: string;
  request: CheckoutRequest;
  hosts: string[];
}

/** The properties that only change the view; any other change rebuilds the purchase. */
const VIEW_ONLY = ['state', 'message', 'locale', 'blankSlot', 'disabled'];

// Messages for the buyer; the console warning and the error event carry the developer's.
const NOT_SET_UP = 'This payment button is not set up correctly.';
const TRY_AGAIN = 'Checkout could not start. Please try again.';
const BUYER_MESSAGES: Record<string, string> = {
  invalid_config: NOT_SET_UP,
  price_mismatch: 'The price has changed, please reload.',
  unknown_product: 'This product is not available.',
  rate_limited: 'Too many attempts. Please wait a moment and try again.',
  network_error: 'Could not reach checkout. Check your connection and try again.',
  timeout: 'Checkout is taking too long. Please try again.',
};
/**
 * What the buyer reads for a failure. Any other answer below 500 (a refused request, a
 * blocked redirect, a reply that is no session) ends the same way on a retry: no "try again".
 */
const buyerMessage = ({ code, status }: PayfectCheckoutErrorDetail) => BUYER_MESSAGES[code] ?? (status! < 500 ? NOT_SET_UP : TRY_AGAIN);

/**
 * The page's own URL, never document.baseURI: a `<base>` injected into the markup must not
 * move the POST or the buyer. A srcdoc or about:blank frame has no URL of its own: the origin
 * it inherits stands in. Undefined on a server (SSR), where only the label is needed.
 */
const pageUrl = () => globalThis.location && (/^https?:/.test(location.href) ? location.href : origin + '/');

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
    // Idle is no attribute: server-rendered markup and the upgraded element agree (no hydration mismatch).
    state: { reflect: true, converter: { toAttribute: (state: CheckoutState) => (state == 'idle' ? null : state) } },
    message: { state: true },
    locale: { state: true },
    blankSlot: { state: true },
  };

  /** The merchant's session endpoint URL, resolved against the page's own URL. */
  declare endpoint: string;
  /** The merchant's product id; the server prices it from its catalog. */
  declare productId: string | null;
  /** Product name shown on Payfect's page (sent with `amount`), up to 250 characters. */
  declare name: string | null;
  /** Product description (sent with `amount`), up to 1000 characters. */
  declare description: string | null;
  /** Product image, an http(s) URL resolved against the page (sent with `amount`). */
  declare image: string | null;
  /** Unit price as a decimal string above 0, such as `20.50`: shown to the buyer and checked by the server. */
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
  /**
   * Space-separated domain names the button may redirect to over https, subdomains included (two labels or
   * more; no bare suffix, no IP address); same-origin is always allowed. For local development, a loopback
   * host with its port (`localhost:4010`, `127.0.0.1:4010`, `[::1]:4010`) is followed over http too.
   */
  declare checkoutHosts: string;
  /** Milliseconds to wait for the endpoint before giving up with `timeout`. */
  declare timeout: number;
  /** Disables the button and `checkout()`. */
  declare disabled: boolean;
  /** `idle`, `loading`, `redirecting` or `error`. Reflected for styling, except `idle`, which is no attribute. */
  declare state: CheckoutState;
  /** What the buyer reads in the live region after a failure. */
  private declare message: string;
  /** The nearest `lang`, or the browser's language: the label is formatted for it. */
  private declare locale: string | undefined;
  /** Only whitespace is slotted (markup with a line break between the tags): the label stays. */
  private declare blankSlot: boolean;

  /**
   * The fetch used to call the endpoint; `globalThis.fetch` (read at call time) when unset.
   * Set it to add headers, route through your own client, or stub the endpoint in tests.
   */
  fetch: typeof globalThis.fetch | undefined;

  /** The purchase the attributes describe, or what is wrong with them. */
  #purchase: Purchase | InvalidConfigError | undefined;
  /** What the buyer pays for, when the attributes say it; the label is derived from it. */
  #cart: CheckoutCart | undefined;
  /** `Pay 20.50 USDT`, or `Pay with Payfect`. */
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
    this.message = '';
    this.blankSlot = false;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    // Moved under another lang: the label is formatted anew for it.
    this.locale = this.closest('[lang]')?.getAttribute('lang') || navigator.language;
    addEventListener('pageshow', this.#onPageShow);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    removeEventListener('pageshow', this.#onPageShow);
  }

  /** Back from Payfect through the back/forward cache: the page is restored mid-redirect. */
  #onPageShow = (event: PageTransitionEvent) => {
    if (event.persisted) this.#settle('idle');
  };

  #onSlotChange = (event: Event) => {
    const nodes = (event.target as HTMLSlotElement).assignedNodes();
    this.blankSlot = nodes.length > 0 && nodes.every((node) => node.nodeType == Node.TEXT_NODE && !node.textContent!.trim());
  };

  #settle(state: CheckoutState, message = '') {
    this.state = state;
    this.message = message;
  }

  #fail(detail: PayfectCheckoutErrorDetail) {
    const { code, status, message } = detail;
    // One warning per failure, with what a developer needs to act on it (the detail adds any `fields`).
    console.warn(`<payfect-checkout-button> ${code}${status ? ` (HTTP ${status})` : ''}: ${message}`, detail);
    this.#settle('error', buyerMessage(detail));
    this.dispatchEvent(new PayfectCheckoutErrorEvent(detail));
  }

  /** Starts a purchase, as a click does. Does nothing while disabled or already busy. */
  async checkout(): Promise<void> {
    // Attributes set just before a call from code: build their purchase now, not at the next frame.
    if (this.hasUpdated) this.performUpdate();
    const purchase = this.#purchase;
    if (this.disabled || this.state == 'loading' || this.state == 'redirecting' || !purchase) return;
    if (purchase instanceof InvalidConfigError) return this.#fail({ code: 'invalid_config', message: purchase.message });
    const { endpoint, request, hosts } = purchase;
    // Locked before the start event and the first await: a click or checkout() from a
    // start listener, or a second click in the same frame, sends nothing.
    this.#settle('loading');
    if (!this.dispatchEvent(new PayfectCheckoutStartEvent(request))) return this.#settle('idle');

    const body = JSON.stringify(request);
    if (this.#idempotency?.body != body) this.#idempotency = { key: idempotencyKey(), body };
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), this.timeout);
    const send = this.fetch ?? fetch;
    let response: Response;
    let reply: unknown;
    try {
      response = await send(endpoint, {
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
          : { code: 'network_error', message: `${endpoint} could not be reached` },
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
    const checkout = sessionOfReply(reply);
    if (!checkout) {
      return this.#fail({ code: 'invalid_response', message: 'The reply is not a checkout session', status });
    }
    // Removed mid-request: its events no longer reach the page's listeners, so it must not navigate.
    if (!this.isConnected) return this.#settle('idle');
    const url = allowedRedirect(checkout.url, pageUrl()!, hosts);
    // A blocked checkout keeps its key, so clicking again replays it rather than opening one more.
    if (!url) {
      return this.#fail({ code: 'redirect_blocked', message: `${checkout.url} is not on checkout-hosts`, status });
    }
    // A checkout the buyer may now go to: the next attempt is a new purchase with a new key.
    this.#idempotency = undefined;
    if (!this.dispatchEvent(new PayfectCheckoutRedirectEvent(checkout))) return this.#settle('idle');
    this.#settle('redirecting');
    // For <payfect-checkout-status> on the page Payfect sends the buyer back to.
    rememberCheckout(checkout.id);
    this.navigate(url);
  }

  /** Sends the buyer to the checkout page. A seam for subclasses (and tests) that must not leave the page. */
  protected navigate(url: string): void {
    location.assign(url);
  }

  override willUpdate(changed: PropertyValues): void {
    if (!this.hasUpdated || [...changed.keys()].some((name) => !VIEW_ONLY.includes(name as string))) {
      const page = pageUrl();
      this.#cart = undefined;
      try {
        const cart = (this.#cart = checkoutCart(this, page));
        // setTimeout fires at once for NaN, 0 or more than 2^31 - 1 ms: every purchase would "time out".
        check(this.timeout > 0 && this.timeout < 2 ** 31, 'timeout', 'must be a number of milliseconds above 0');
        this.#purchase = {
          endpoint: httpUrl(this.endpoint, 'endpoint', page),
          request: buildCheckoutRequest(this, cart, page),
          hosts: checkoutHosts(this.checkoutHosts),
        };
      } catch (error) {
        if (!(error instanceof InvalidConfigError)) throw error;
        this.#purchase = error;
      }
    } else if (!changed.has('locale')) {
      return;
    }
    this.#label = priceLabel(this.#cart, this.locale);
  }

  override render() {
    const busy = this.state == 'loading' || this.state == 'redirecting';
    return html`<button part="button" type="button" ?disabled=${this.disabled} aria-busy=${busy || nothing} @click=${this.checkout}><span part="spinner" aria-hidden="true"></span><span part="label"><slot @slotchange=${this.#onSlotChange}>${this.#label}</slot>${this.blankSlot ? this.#label : nothing}</span></button><span part="error" role="alert">${this.message}</span>`;
  }
}
