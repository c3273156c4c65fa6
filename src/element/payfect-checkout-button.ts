import { LitElement, html, nothing } from 'lit';
import { property, state } from 'lit/decorators.js';
import { orDefault } from './attribute-default.js';
import type { CheckoutRequest } from '../shared/checkout-request.js';
import {
  buildCheckoutRequest,
  checkoutCart,
  checkTimeout,
  errorOfReply,
  fetchReply,
  httpUrl,
  InvalidConfigError,
  pageUrl,
  sessionOfReply,
} from './checkout-wire.js';
import {
  PayfectCheckoutErrorEvent,
  PayfectCheckoutRedirectEvent,
  PayfectCheckoutStartEvent,
  type PayfectCheckoutErrorDetail,
} from './events.js';
import { languageOf, messagesFor, type Messages } from './messages.js';
import { priceLabel } from './price-label.js';
import { styles } from './payfect-checkout-button.styles.js';
import { allowedRedirect, checkoutHosts, checkoutHostsFix } from './redirect-policy.js';
import { answerFix, noErrorBodyFix, unreachableFix } from './setup-hints.js';
import { rememberCheckout } from './payfect-checkout-status-wire.js';

export type CheckoutState = 'idle' | 'loading' | 'redirecting' | 'error';

/** A purchase as the attributes describe it, built at the click. */
interface Purchase {
  /** The page's own URL, which relative URLs resolve against. */
  page: string;
  endpoint: string;
  request: CheckoutRequest;
  hosts: string[];
}

// What the buyer reads for a failure, by code; the console warning and the error event carry the developer's.
const BUYER_MESSAGES: Record<string, keyof Messages> = {
  invalid_config: 'notSetUp',
  price_mismatch: 'priceMismatch',
  unknown_product: 'unknownProduct',
  rate_limited: 'rateLimited',
  network_error: 'networkError',
  timeout: 'timeout',
};
/**
 * What the buyer reads for a failure. Any other answer below 500 (a refused request, a
 * blocked redirect, a reply that is no session) ends the same way on a retry: no "try again".
 */
const buyerMessage = ({ code, status }: PayfectCheckoutErrorDetail, messages: Messages) =>
  messages[BUYER_MESSAGES[code] ?? (status! < 500 ? 'notSetUp' : 'tryAgain')];

/** The busy indicator, rendered only while busy, so an idle button has no animated node to style. */
const SPINNER = html`<span part="spinner" aria-hidden="true"></span>`;

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
 * @csspart spinner - The busy indicator, rendered only while loading or redirecting; still under `prefers-reduced-motion`.
 * @csspart error - The live region: the message for the buyer after a failure (and, visually hidden, the busy text while loading or redirecting).
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

  // orDefault: removing an attribute (as frameworks do for null) restores its default, not null.

  /** The merchant's session endpoint URL, resolved against the page's own URL. */
  @property({ converter: orDefault('/api/checkout') }) endpoint = '/api/checkout';
  /** The merchant's product id; the server prices it from its catalog. */
  @property({ attribute: 'product-id' }) productId?: string | null;
  /** Product name shown on Payfect's page (sent with `amount`), up to 250 characters. */
  @property() name?: string | null;
  /** Product description (sent with `amount`), up to 1000 characters. */
  @property() description?: string | null;
  /** Product image, an http(s) URL resolved against the page (sent with `amount`). */
  @property() image?: string | null;
  /** Unit price as a decimal string above 0, such as `20.50`: shown to the buyer and checked by the server. */
  @property() amount?: string | null;
  /** Price currency code. */
  @property({ converter: orDefault('usdt') }) currency = 'usdt';
  /** Whole number of units, at least 1. */
  @property({ converter: orDefault(1) }) quantity = 1;
  /** JSON array of line items (`product_id`, `quantity`, `price_data`); replaces the single-product attributes. */
  @property() items?: string | null;
  /** Passed through to the checkout; the server decides whether to accept it. */
  @property({ attribute: 'client-reference-id' }) clientReferenceId?: string | null;
  /** Where Payfect sends the buyer after paying; resolved against the page. */
  @property({ attribute: 'success-url' }) successUrl?: string | null;
  /** Where Payfect sends the buyer after cancelling; resolved against the page. */
  @property({ attribute: 'cancel-url' }) cancelUrl?: string | null;
  /** Crypto network of the payment method. */
  @property({ converter: orDefault('tron') }) network = 'tron';
  /** Crypto currency the buyer pays in; defaults to `currency`. */
  @property({ attribute: 'pay-currency' }) payCurrency?: string | null;
  /**
   * Space-separated domain names the button may redirect to over https, subdomains included (two labels or
   * more; no bare suffix, no IP address); same-origin is always allowed. For local development, a loopback
   * host with its port (`localhost:4010`, `127.0.0.1:4010`, `[::1]:4010`) is followed over http too.
   */
  @property({ attribute: 'checkout-hosts', converter: orDefault('payfect.finance') }) checkoutHosts = 'payfect.finance';
  /** Milliseconds to wait for the endpoint before giving up with `timeout`. */
  @property({ converter: orDefault(15000) }) timeout = 15000;
  /** Disables the button and `checkout()`. */
  @property({ type: Boolean, reflect: true }) disabled = false;
  /** `idle`, `loading`, `redirecting` or `error`. Reflected for styling, except `idle`, which is no attribute. */
  // Idle is no attribute: server-rendered markup and the upgraded element agree (no hydration mismatch).
  @property({ reflect: true, converter: { toAttribute: (state: CheckoutState) => (state == 'idle' ? null : state) } })
  state: CheckoutState = 'idle';

  /** What the buyer reads in the live region after a failure. */
  @state() private message?: string;
  /** The nearest `lang`, or the browser's language: the label and the messages are in it. */
  @state() private locale?: string;
  /** Only whitespace is slotted (markup with a line break between the tags): the label stays. */
  @state() private blankSlot?: boolean;

  /**
   * The fetch used to call the endpoint; `globalThis.fetch` (read at call time) when unset.
   * Set it to add headers, route through your own client, or stub the endpoint in tests.
   */
  fetch: typeof globalThis.fetch | undefined;

  /** One key per purchase attempt, kept while the same body is retried after a failure. */
  #idempotency: { key: string; body: string } | undefined;
  /**
   * Back through the back/forward cache, the page is restored as it was left: mid-redirect, or showing
   * a failure. Only such a button listens (an idle one has nothing to undo), so the listener is made then.
   */
  #onPageShow?: (event: PageTransitionEvent) => void;

  override connectedCallback(): void {
    super.connectedCallback();
    // Moved under another lang: the label and messages follow it.
    this.locale = languageOf(this);
    this.#listenForRestore();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    if (this.#onPageShow) removeEventListener('pageshow', this.#onPageShow);
  }

  #listenForRestore() {
    if (this.state == 'idle') {
      if (this.#onPageShow) removeEventListener('pageshow', this.#onPageShow);
      return;
    }
    this.#onPageShow ??= (event) => {
      if (event.persisted) this.#settle('idle');
    };
    addEventListener('pageshow', this.#onPageShow);
  }

  /** One listener for every button (it finds its button from the shadow root), not a binding per button. */
  static #onSlotChange(event: Event) {
    const button = (event.currentTarget as ShadowRoot).host as PayfectCheckoutButton;
    const nodes = (event.target as HTMLSlotElement).assignedNodes();
    button.blankSlot = nodes.length > 0 && nodes.every((node) => node.nodeType == Node.TEXT_NODE && !node.textContent!.trim());
  }

  protected override createRenderRoot() {
    const root = super.createRenderRoot();
    root.addEventListener('slotchange', PayfectCheckoutButton.#onSlotChange);
    return root;
  }

  #settle(state: CheckoutState, message = '') {
    this.state = state;
    this.message = message;
    this.#listenForRestore();
  }

  /** One warning per failure, what went wrong then what to change (`fix`); then the buyer's message and the error event. */
  #fail(detail: PayfectCheckoutErrorDetail, fix = '') {
    const { code, status, message } = detail;
    console.warn(`<${this.localName}> ${code}${status ? ` (HTTP ${status})` : ''}: ${message}${fix && `\n${fix}`}`, detail);
    this.#settle('error', buyerMessage(detail, messagesFor(this.locale)));
    this.dispatchEvent(new PayfectCheckoutErrorEvent(detail));
  }

  /** The purchase the attributes describe now. Throws an InvalidConfigError naming the first bad attribute. */
  #purchase(): Purchase {
    const page = pageUrl()!;
    const cart = checkoutCart(this, page);
    checkTimeout(this.timeout);
    return {
      page,
      endpoint: httpUrl(this.endpoint, 'endpoint', page),
      request: buildCheckoutRequest(this, cart, page),
      hosts: checkoutHosts(this.checkoutHosts),
    };
  }

  /** Starts a purchase, as a click does. Does nothing while disabled or already busy. */
  async checkout(): Promise<void> {
    if (this.disabled || this.state == 'loading' || this.state == 'redirecting') return;
    // Checked at the click, from the attributes as they are now; an idle button never pays for it.
    let purchase: Purchase;
    try {
      purchase = this.#purchase();
    } catch (error) {
      if (!(error instanceof InvalidConfigError)) throw error;
      return this.#fail({ code: 'invalid_config', message: error.message });
    }
    const { page, endpoint, request, hosts } = purchase;
    // Locked before the start event and the first await: a click or checkout() from a
    // start listener, or a second click in the same frame, sends nothing.
    this.#settle('loading');
    if (!this.dispatchEvent(new PayfectCheckoutStartEvent(request))) return this.#settle('idle');

    const body = JSON.stringify(request);
    if (this.#idempotency?.body != body) this.#idempotency = { key: idempotencyKey(), body };
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), this.timeout);
    let response: Response;
    let reply: unknown;
    try {
      ({ response, reply } = await fetchReply(this.fetch ?? fetch, endpoint, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'idempotency-key': this.#idempotency.key },
        body,
        signal: controller.signal,
      }));
    } catch {
      return controller.signal.aborted
        ? this.#fail({ code: 'timeout', message: `No answer from ${endpoint} in ${this.timeout} ms` }, 'A slow endpoint needs a higher timeout attribute.')
        : this.#fail({ code: 'network_error', message: `${endpoint} could not be reached` }, unreachableFix(endpoint, this.endpoint, page));
    } finally {
      clearTimeout(timer);
    }

    const status = response.status;
    if (!response.ok) {
      const error = errorOfReply(reply);
      if (error) return this.#fail({ ...error, status }, answerFix(error.code, error.fields));
      const type = response.headers.get('content-type');
      return this.#fail(
        { code: 'invalid_response', message: `${endpoint} answered ${status}${type ? ` (${type})` : ''} without an error body`, status },
        noErrorBodyFix(this.endpoint),
      );
    }
    const checkout = sessionOfReply(reply);
    if (!checkout) {
      return this.#fail(
        { code: 'invalid_response', message: `The reply from ${endpoint} is not a checkout session`, status },
        noErrorBodyFix(this.endpoint),
      );
    }
    // Removed mid-request: its events no longer reach the page's listeners, so it must not navigate.
    if (!this.isConnected) return this.#settle('idle');
    const url = allowedRedirect(checkout.url, page, hosts);
    // A blocked checkout keeps its key, so clicking again replays it rather than opening one more.
    if (!url) {
      return this.#fail(
        { code: 'redirect_blocked', message: `${checkout.url} is not on checkout-hosts`, status },
        checkoutHostsFix(checkout.url, page, hosts),
      );
    }
    // A checkout the buyer may now go to: the next attempt is a new purchase with a new key.
    this.#idempotency = undefined;
    if (!this.dispatchEvent(new PayfectCheckoutRedirectEvent(checkout))) return this.#settle('idle');
    this.#settle('redirecting');
    this.navigate(url);
    // For <payfect-checkout-status> on the page Payfect sends the buyer back to. Written after the navigation
    // starts, so its first storage access (a round trip to the browser) does not delay it; the page cannot
    // unload before this task ends.
    rememberCheckout(checkout.id);
  }

  /** Sends the buyer to the checkout page. A seam for subclasses (and tests) that must not leave the page. */
  protected navigate(url: string): void {
    location.assign(url);
  }

  /**
   * The busy state shows in the next frame whenever it renders; rendering it in that frame's callback rather
   * than in the click's task leaves that task to sending the request (answer → navigation measured 1.5 ms
   * quicker, docs/benchmarks.md).
   */
  protected override scheduleUpdate(): void | Promise<unknown> {
    if (this.state != 'loading') return super.scheduleUpdate();
    return new Promise(requestAnimationFrame).then(() => super.scheduleUpdate());
  }

  override render() {
    const busy = this.state == 'loading' || this.state == 'redirecting';
    // `Pay 20.50 USDT`, or `Pay with Payfect`, in the buyer's language: shared by every button with the same
    // purchase and language, so computing it at each render costs a lookup.
    const label = priceLabel(this, this.locale);
    return html`<button part="button" type="button" ?disabled=${this.disabled} aria-busy=${busy || nothing} @click=${this.checkout}>${busy ? SPINNER : nothing}<span part="label"><slot>${label}</slot>${this.blankSlot ? label : nothing}</span></button><span part="error" role="alert">${busy ? messagesFor(this.locale).busy : this.message}</span>`;
  }
}
