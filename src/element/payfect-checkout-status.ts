import { LitElement, html, type PropertyValues } from 'lit';
import { property, state } from 'lit/decorators.js';
import { orDefault } from './attribute-default.js';
import type { CheckoutStatus } from '../shared/checkout-status.js';
import { checkTimeout, errorOfReply, fetchReply, InvalidConfigError, pageUrl } from './checkout-wire.js';
import { languageOf, messagesFor, type Messages } from './messages.js';
import { styles } from './payfect-checkout-status.styles.js';
import { isCheckoutId, lastCheckout, LAST_CHECKOUT_KEY, statusOfReply } from './payfect-checkout-status-wire.js';

export type CheckoutStatusState = 'waiting' | 'confirmed' | 'expired' | 'unknown' | 'error';

const MESSAGES: Record<CheckoutStatusState, keyof Messages> = {
  waiting: 'statusWaiting',
  confirmed: 'statusConfirmed',
  expired: 'statusExpired',
  unknown: 'statusUnknown',
  error: 'statusError',
};

/** States no later answer can change: asking stops. */
const FINAL: CheckoutStatusState[] = ['confirmed', 'expired', 'unknown'];

// The pause between an answer and the next question: 1 s, doubling, at most 5 s (DESIGN "The return page").
const FIRST_PAUSE_MS = 1000;
const LONGEST_PAUSE_MS = 5000;

export interface PayfectCheckoutStatusDetail {
  /** The element's new `state`. */
  state: CheckoutStatusState;
  /** The checkout asked about, or null when the page has none. */
  id: string | null;
  /** Payfect's status in the endpoint's answer; null without an answer (`unknown`, `error`). */
  status: CheckoutStatus['status'] | null;
  /** True once the merchant's `onCompleted` has run for this checkout. */
  fulfilled: boolean;
}

/** Fired each time the element's state or the endpoint's answer changes. Not cancelable. */
export class PayfectCheckoutStatusEvent extends CustomEvent<PayfectCheckoutStatusDetail> {
  constructor(detail: PayfectCheckoutStatusDetail) {
    super('payfect-checkout-status', { bubbles: true, composed: true, detail });
  }
}

/**
 * The return page's answer to "did my payment go through?". It asks the merchant's status
 * endpoint about the checkout the button last redirected to in this tab (or `checkout-id`), with
 * back-off, until the payment is confirmed or the checkout expired, and says so to the buyer. A
 * success URL proves nothing: only `confirmed` means the merchant's `onCompleted` has run.
 *
 * @summary Shows whether the buyer's payment is confirmed, on the page Payfect returns them to.
 *
 * @slot waiting - Replaces the message while the payment is not yet confirmed.
 * @slot confirmed - Replaces the message once the merchant's `onCompleted` has run.
 * @slot expired - Replaces the message for a checkout that expired unpaid.
 * @slot unknown - Replaces the message when the page has no checkout id, or the endpoint does not know it.
 * @slot error - Replaces the message while the endpoint fails (the element keeps asking).
 *
 * @csspart message - The live region holding the message (or the slot that replaces it).
 *
 * @cssproperty [--payfect-font=inherit] - Font shorthand for the element.
 * @cssproperty [--payfect-error-color=#b91c1c] - Color of the message in the `error` and `expired` states.
 *
 * @event {PayfectCheckoutStatusEvent} payfect-checkout-status - The state or the answer changed; `detail` is `{ state, id, status, fulfilled }`. Not cancelable.
 */
export class PayfectCheckoutStatus extends LitElement {
  static override styles = styles;

  /** The merchant's status endpoint (`createStatusHandler`), asked `GET {endpoint}?id=<checkout id>`; resolved against the page's own URL. */
  @property({ converter: orDefault('/api/checkout-status') }) endpoint = '/api/checkout-status';
  /** The checkout to ask about; without it, the one the button stored in `sessionStorage['payfect-checkout:last']` as it redirected. */
  @property({ attribute: 'checkout-id' }) checkoutId?: string | null;
  /** Milliseconds to keep asking before giving up, in whatever state the element is then. */
  @property({ converter: orDefault(120000) }) timeout = 120000;
  /** `waiting`, `confirmed`, `expired`, `unknown` or `error`. Reflected for styling. */
  @property({ reflect: true }) state: CheckoutStatusState = 'waiting';
  /** The nearest `lang`, or the browser's language: the messages are in it. */
  @state() private locale?: string;

  /**
   * The fetch used to call the endpoint; `globalThis.fetch` (read at call time) when unset.
   * Set it to add headers, route through your own client, or stub the endpoint in tests.
   */
  fetch: typeof globalThis.fetch | undefined;

  /** Aborted to stop asking: on the timeout, on removal, or before asking anew. */
  #asking: AbortController | undefined;
  /** The last event's detail, as JSON: an answer that changes nothing fires nothing. */
  #announced = '';
  /** The last problem warned about: a failing endpoint warns once, not at every question. */
  #problem = '';
  /** The endpoint's last answer for the checkout asked about. */
  #answer: CheckoutStatus | undefined;

  override connectedCallback(): void {
    super.connectedCallback();
    this.locale = languageOf(this);
    // Put back on the page before its answer was final: ask again (the first time, updated() starts).
    if (this.hasUpdated && !FINAL.includes(this.state)) this.#start();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#asking?.abort();
  }

  override updated(changed: PropertyValues): void {
    // The first render, or a different question: (re)start asking.
    if (!this.#asking || changed.has('endpoint') || changed.has('checkoutId') || changed.has('timeout')) this.#start();
  }

  #start() {
    this.#asking?.abort();
    const asking = (this.#asking = new AbortController());
    const id = this.checkoutId || lastCheckout();
    this.#answer = undefined;
    if (!id) {
      this.#warn(`no checkout-id, and no checkout in sessionStorage['${LAST_CHECKOUT_KEY}'] (the button leaves it there for pages of its own origin, in the same tab)`);
      return this.#show('unknown', null);
    }
    if (!isCheckoutId(id)) {
      this.#warn(`"${id}" is not a checkout id`);
      return this.#show('unknown', id);
    }
    let url: URL;
    try {
      url = new URL(this.endpoint, pageUrl());
      checkTimeout(this.timeout);
    } catch (error) {
      // new URL throws a TypeError; checkTimeout an InvalidConfigError that names the attribute.
      return this.#fail(id, error instanceof InvalidConfigError ? error.message : `endpoint "${this.endpoint}" is not a URL`);
    }
    url.searchParams.set('id', id);
    void this.pause(this.timeout, asking.signal).then(() => {
      if (asking.signal.aborted) return;
      asking.abort();
      if (this.#answer?.status == 'complete' && !this.#answer.fulfilled) {
        this.#warn(`Payfect says checkout ${id} is complete, but onCompleted has not run: check the callback handler (its URL, signingKey) and its log`);
      }
    });
    void this.#ask(url, id, asking.signal);
  }

  async #ask(url: URL, id: string, signal: AbortSignal) {
    for (let pauseMs = FIRST_PAUSE_MS; !signal.aborted; pauseMs = Math.min(2 * pauseMs, LONGEST_PAUSE_MS)) {
      const retryAfterMs = await this.#askOnce(url, id, signal);
      if (retryAfterMs === undefined) return;
      await this.pause(Math.max(pauseMs, retryAfterMs), signal);
    }
  }

  /** One question: undefined when the answer is final (or asking stopped), else the least pause before the next. */
  async #askOnce(url: URL, id: string, signal: AbortSignal): Promise<number | undefined> {
    let response: Response;
    let reply: unknown;
    try {
      ({ response, reply } = await fetchReply(this.fetch ?? fetch, url.href, { headers: { accept: 'application/json' }, cache: 'no-store', signal }));
    } catch {
      if (signal.aborted) return;
      this.#fail(id, `${url} could not be reached`);
      return 0;
    }
    if (signal.aborted) return;
    const { status } = response;
    const answer = response.ok ? statusOfReply(reply) : undefined;
    if (answer?.id === id) {
      this.#problem = '';
      this.#answer = answer;
      const state = answer.fulfilled ? 'confirmed' : answer.status == 'expired' ? 'expired' : 'waiting';
      this.#show(state, id, answer);
      return state == 'waiting' ? 0 : undefined;
    }
    const code = errorOfReply(reply)?.code;
    if (status == 404 && code == 'checkout_not_found') {
      this.#show('unknown', id);
      return;
    }
    this.#fail(
      id,
      response.ok
        ? `${url} answered with no { id: "${id}", status, fulfilled }: is endpoint the status endpoint?`
        : `${url} answered HTTP ${status}${code ? ` ${code}` : ', not from the status endpoint: check the endpoint attribute'}`,
    );
    // A rate-limited page waits as long as the server asks.
    return status == 429 ? (1000 * Number(response.headers.get('retry-after')) || 0) : 0;
  }

  /** Resolves after `ms`, or at once when `signal` aborts. A seam for subclasses (and tests) that keep their own time. */
  protected pause(ms: number, signal: AbortSignal): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        signal.removeEventListener('abort', done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      signal.addEventListener('abort', done);
    });
  }

  #warn(problem: string) {
    if (problem == this.#problem) return;
    this.#problem = problem;
    console.warn(`<${this.localName}> ${problem}`);
  }

  #fail(id: string, problem: string) {
    this.#warn(problem);
    this.#show('error', id);
  }

  #show(state: CheckoutStatusState, id: string | null, answer?: CheckoutStatus) {
    this.state = state;
    // Nothing can change a final state: the timeout goes, and any pause.
    if (FINAL.includes(state)) this.#asking?.abort();
    const detail: PayfectCheckoutStatusDetail = { state, id, status: answer?.status ?? null, fulfilled: answer?.fulfilled ?? false };
    const json = JSON.stringify(detail);
    if (json == this.#announced) return;
    this.#announced = json;
    this.dispatchEvent(new PayfectCheckoutStatusEvent(detail));
  }

  override render() {
    return html`<div part="message" role="status"><slot name=${this.state}>${messagesFor(this.locale)[MESSAGES[this.state]]}</slot></div>`;
  }
}
