import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import {
  PayfectCheckoutErrorEvent,
  PayfectCheckoutRedirectEvent,
  PayfectCheckoutStartEvent,
} from '../../src/index.js';
import { checkoutSession, fakeEndpoint, json, shadow } from './fake-endpoint.js';

// The click: start event, lock, one request, redirect event, navigation; and what
// cancelling, retrying and coming back through the back/forward cache do.

async function button(attributes = html`<recording-checkout-button product-id="p" amount="20.50"></recording-checkout-button>`) {
  return fixture<HTMLElementTagNameMap['recording-checkout-button']>(attributes);
}

/** A fetch whose answers the test releases one at a time. */
function heldEndpoint() {
  const releases: ((response: Response) => void)[] = [];
  const endpoint = fakeEndpoint(() => new Promise<Response>((resolve) => releases.push(resolve)));
  return { ...endpoint, release: (response: Response) => releases.shift()!(response) };
}

describe('the purchase flow', () => {
  it('fires start, then redirect, then navigates; both events bubble out of the shadow root', async () => {
    const el = await button();
    el.fetch = fakeEndpoint().fetch;
    const seen: Event[] = [];
    const record = (event: Event) => seen.push(event);
    document.addEventListener('payfect-checkout-start', record);
    document.addEventListener('payfect-checkout-redirect', record);
    try {
      const redirected = oneEvent(el, 'payfect-checkout-redirect');
      shadow(el, 'button').click();
      await redirected;
    } finally {
      document.removeEventListener('payfect-checkout-start', record);
      document.removeEventListener('payfect-checkout-redirect', record);
    }
    const [start, redirect] = seen as [PayfectCheckoutStartEvent, PayfectCheckoutRedirectEvent];
    expect(start).to.be.instanceOf(PayfectCheckoutStartEvent);
    expect(start).to.include({ bubbles: true, composed: true, cancelable: true });
    expect(start.detail.request.invoice_items[0]!.price_data!.unit_amount).to.equal('20.50');
    expect(redirect).to.be.instanceOf(PayfectCheckoutRedirectEvent);
    expect(redirect).to.include({ bubbles: true, composed: true, cancelable: true });
    expect(redirect.detail.checkout).to.deep.equal(checkoutSession());
    expect(el.navigations).to.deep.equal([checkoutSession().url]);
    expect(el.state).to.equal('redirecting');
  });

  it('the error event bubbles, is composed and not cancelable', async () => {
    const el = await button();
    el.fetch = fakeEndpoint(() => json(409, { error: { code: 'price_mismatch', message: 'x' } })).fetch;
    const failed = oneEvent(document, 'payfect-checkout-error');
    el.checkout();
    const event = (await failed) as PayfectCheckoutErrorEvent;
    expect(event).to.be.instanceOf(PayfectCheckoutErrorEvent);
    expect(event).to.include({ bubbles: true, composed: true, cancelable: false });
    expect(event.detail.code).to.equal('price_mismatch');
  });

  it('cancelling payfect-checkout-start stops the purchase: no request, still idle', async () => {
    const el = await button();
    const endpoint = fakeEndpoint();
    el.fetch = endpoint.fetch;
    el.addEventListener('payfect-checkout-start', (event) => event.preventDefault(), { once: true });
    await el.checkout();
    expect(endpoint.requests).to.have.length(0);
    expect(el.state).to.equal('idle');
    expect(el.navigations).to.deep.equal([]);
  });

  it('cancelling payfect-checkout-redirect stops the navigation and frees the button', async () => {
    const el = await button();
    el.fetch = fakeEndpoint().fetch;
    el.addEventListener('payfect-checkout-redirect', (event) => event.preventDefault(), { once: true });
    await el.checkout();
    await el.updateComplete;
    expect(el.navigations).to.deep.equal([]);
    expect(el.state).to.equal('idle');
    expect(shadow(el, 'button').hasAttribute('aria-busy')).to.equal(false);
  });

  it('five fast clicks send one request; aria-busy and state=loading while it runs', async () => {
    const el = await button();
    const endpoint = heldEndpoint();
    el.fetch = endpoint.fetch;
    const inner = shadow(el, 'button');
    for (let i = 0; i < 5; i++) inner.click();
    el.checkout();
    expect(endpoint.requests).to.have.length(1);
    await el.updateComplete;
    expect(el.state).to.equal('loading');
    expect(el.getAttribute('state')).to.equal('loading');
    expect(inner.getAttribute('aria-busy')).to.equal('true');
    const redirected = oneEvent(el, 'payfect-checkout-redirect');
    endpoint.release(json(200, checkoutSession()));
    await redirected;
    inner.click();
    expect(endpoint.requests).to.have.length(1);
    expect(el.navigations).to.have.length(1);
  });

  it('a retry after a failure reuses the Idempotency-Key; a changed body gets a new one', async () => {
    const el = await button();
    const endpoint = fakeEndpoint(() => Promise.reject(new TypeError('Failed to fetch')));
    el.fetch = endpoint.fetch;
    await el.checkout();
    await el.checkout();
    el.quantity = 2;
    await el.checkout();
    await el.checkout();
    const keys = endpoint.requests.map((request) => request.headers.get('idempotency-key'));
    expect(keys[0]).to.be.a('string').and.not.equal('');
    expect(keys[1]).to.equal(keys[0]);
    expect(keys[2]).to.not.equal(keys[0]);
    expect(keys[3]).to.equal(keys[2]);
  });

  it('a returned checkout ends the attempt: the next purchase gets a new key', async () => {
    const el = await button();
    const endpoint = fakeEndpoint();
    el.fetch = endpoint.fetch;
    el.addEventListener('payfect-checkout-redirect', (event) => event.preventDefault());
    await el.checkout();
    await el.checkout();
    const [first, second] = endpoint.requests.map((request) => request.headers.get('idempotency-key'));
    expect(second).to.not.equal(first);
  });

  it('a blocked redirect keeps the key: clicking again replays that checkout instead of opening another', async () => {
    const el = await button();
    const endpoint = fakeEndpoint(() => json(200, checkoutSession({ url: 'https://attacker.example/checkouts/chk_1' })));
    el.fetch = endpoint.fetch;
    const blocked = oneEvent(el, 'payfect-checkout-error');
    await el.checkout();
    expect((await blocked).detail.code).to.equal('redirect_blocked');
    await el.checkout();
    const [first, second] = endpoint.requests.map((request) => request.headers.get('idempotency-key'));
    expect(first).to.be.a('string');
    expect(second).to.equal(first);
    expect(el.navigations).to.have.length(0);
  });

  it('pageshow with persisted (back/forward cache) makes a redirecting button idle again', async () => {
    const el = await button();
    el.fetch = fakeEndpoint().fetch;
    await el.checkout();
    await el.updateComplete;
    expect(el.state).to.equal('redirecting');
    expect(shadow(el, 'button').getAttribute('aria-busy')).to.equal('true');

    window.dispatchEvent(new PageTransitionEvent('pageshow', { persisted: false }));
    expect(el.state).to.equal('redirecting');

    window.dispatchEvent(new PageTransitionEvent('pageshow', { persisted: true }));
    await el.updateComplete;
    expect(el.state).to.equal('idle');
    expect(shadow(el, 'button').hasAttribute('aria-busy')).to.equal(false);
    await el.checkout();
    expect(el.navigations).to.have.length(2);
  });

  it('pageshow also clears a failure message', async () => {
    const el = await button();
    el.fetch = fakeEndpoint(() => Promise.reject(new TypeError('offline'))).fetch;
    await el.checkout();
    await el.updateComplete;
    expect(shadow(el, 'error').textContent).to.not.equal('');
    window.dispatchEvent(new PageTransitionEvent('pageshow', { persisted: true }));
    await el.updateComplete;
    expect(shadow(el, 'error').textContent).to.equal('');
  });

  it('stops listening for pageshow once disconnected', async () => {
    const el = await button();
    el.fetch = fakeEndpoint().fetch;
    await el.checkout();
    el.remove();
    window.dispatchEvent(new PageTransitionEvent('pageshow', { persisted: true }));
    expect(el.state).to.equal('redirecting');
  });

  it('a checkout() or click from a payfect-checkout-start listener sends nothing more', async () => {
    const el = await button();
    const endpoint = fakeEndpoint();
    el.fetch = endpoint.fetch;
    el.addEventListener(
      'payfect-checkout-start',
      () => {
        el.checkout();
        shadow(el, 'button').click();
      },
      { once: true },
    );
    await el.checkout();
    expect(endpoint.requests).to.have.length(1);
    expect(el.navigations).to.have.length(1);
  });

  it('a throwing start or redirect listener is reported, and the purchase still goes through', async () => {
    const el = await button();
    const endpoint = fakeEndpoint();
    el.fetch = endpoint.fetch;
    el.addEventListener('payfect-checkout-start', () => {
      throw new Error('start listener broke');
    });
    el.addEventListener('payfect-checkout-redirect', () => {
      throw new Error('redirect listener broke');
    });
    const reported: string[] = [];
    const onerror = window.onerror;
    window.onerror = (_message, _source, _line, _column, error) => {
      reported.push((error as Error).message);
      return true;
    };
    try {
      await el.checkout();
    } finally {
      window.onerror = onerror;
    }
    expect(reported).to.deep.equal(['start listener broke', 'redirect listener broke']);
    expect(endpoint.requests).to.have.length(1);
    expect(el.navigations).to.deep.equal([checkoutSession().url]);
    expect(el.state).to.equal('redirecting');
  });

  it('removed mid-request: never navigates nor fires redirect, and is idle rather than stuck loading', async () => {
    const el = await button();
    const endpoint = heldEndpoint();
    el.fetch = endpoint.fetch;
    let redirects = 0;
    el.addEventListener('payfect-checkout-redirect', () => redirects++);
    const done = el.checkout();
    el.remove();
    endpoint.release(json(200, checkoutSession()));
    await done;
    expect(el.navigations).to.deep.equal([]);
    expect(redirects).to.equal(0);
    expect(el.state).to.equal('idle');
  });

  it('moved mid-request (removed and re-added), it still completes the purchase', async () => {
    const el = await button();
    const endpoint = heldEndpoint();
    el.fetch = endpoint.fetch;
    const done = el.checkout();
    const parent = el.parentElement!;
    el.remove();
    parent.append(el);
    endpoint.release(json(200, checkoutSession()));
    await done;
    expect(el.navigations).to.deep.equal([checkoutSession().url]);
  });

  it('attribute changes mid-request leave the request in flight as it was sent', async () => {
    const el = await button();
    const endpoint = heldEndpoint();
    el.fetch = endpoint.fetch;
    const done = el.checkout();
    el.setAttribute('amount', '99.00');
    el.setAttribute('endpoint', '/elsewhere');
    el.checkout();
    endpoint.release(json(200, checkoutSession()));
    await done;
    expect(endpoint.requests).to.have.length(1);
    expect(endpoint.requests[0]!.url).to.equal(new URL('/api/checkout', location.href).href);
    expect(endpoint.requests[0]!.body.invoice_items[0].price_data.unit_amount).to.equal('20.50');
    expect(el.navigations).to.have.length(1);
  });

  it('sends the request before it renders the busy state, which it renders in the next frame', async () => {
    const el = await button();
    const endpoint = heldEndpoint();
    el.fetch = endpoint.fetch;
    const spinnerShown = () => el.shadowRoot!.querySelector('[part=spinner]') != null;
    // Asked for before the click, so this frame callback runs before the one the button asks for.
    const beforeTheButtonsFrame = new Promise<boolean>((resolve) => requestAnimationFrame(() => resolve(spinnerShown())));
    el.checkout();
    expect(el.state, 'locked at once').to.equal('loading');
    expect(endpoint.requests, 'the request is sent in the click').to.have.length(1);
    expect(await beforeTheButtonsFrame, 'nothing rendered before the frame, so the request leaves first').to.equal(false);
    await el.updateComplete;
    expect(spinnerShown()).to.equal(true);
    expect(el.getAttribute('state')).to.equal('loading');
    expect(shadow(el, 'button').getAttribute('aria-busy')).to.equal('true');
    endpoint.release(json(200, checkoutSession()));
  });

  it("each default written in an attribute's converter is the property's own initial value", () => {
    for (const tag of ['payfect-checkout-button', 'payfect-checkout-status']) {
      const fresh = document.createElement(tag) as unknown as Record<PropertyKey, unknown>;
      const Element = customElements.get(tag) as unknown as { elementProperties: Map<PropertyKey, { converter?: { fromAttribute?: (value: string | null) => unknown } }> };
      // Lit's own converter gives null for a removed attribute; a defaulted one gives its default.
      const defaulted = [...Element.elementProperties].filter(([, options]) => options.converter?.fromAttribute?.(null) != null);
      expect(defaulted.length, tag).to.be.greaterThan(1);
      for (const [name, options] of defaulted) {
        expect(options.converter!.fromAttribute!(null), `${tag}.${String(name)}`).to.equal(fresh[name]);
      }
    }
  });

  it('removing a defaulted attribute restores its default rather than null', async () => {
    const el = await button(html`
      <recording-checkout-button product-id="p" endpoint="/x" currency="usdc" quantity="2" network="ethereum"
        checkout-hosts="checkout.example" timeout="50"></recording-checkout-button>
    `);
    for (const name of ['endpoint', 'currency', 'quantity', 'network', 'checkout-hosts', 'timeout']) el.removeAttribute(name);
    const endpoint = fakeEndpoint();
    el.fetch = endpoint.fetch;
    await el.checkout();
    expect(el.timeout).to.equal(15000);
    expect(endpoint.requests).to.have.length(1);
    expect(endpoint.requests[0]!.url).to.equal(new URL('/api/checkout', location.href).href);
    expect(endpoint.requests[0]!.body).to.deep.equal({
      currency: 'usdt',
      invoice_items: [{ product_id: 'p', quantity: 1 }],
      payment_method_data: { type: 'cryptopaymentmethoddetail', paymentMethodDetail: { currency: 'usdt', network: 'tron' } },
    });
    expect(el.navigations, 'payfect.finance is allowed again').to.deep.equal([checkoutSession().url]);
  });

  it('clears its timeout timer once the endpoint has answered, on success and on failure', async () => {
    for (const answer of [() => json(200, checkoutSession()), () => Promise.reject(new TypeError('offline'))]) {
      const el = await button(html`<recording-checkout-button product-id="p" timeout="4321"></recording-checkout-button>`);
      el.fetch = fakeEndpoint(answer).fetch;
      const { setTimeout: set, clearTimeout: clear } = window;
      const armed: number[] = [];
      const cleared: (number | undefined)[] = [];
      window.setTimeout = ((handler: TimerHandler, ms?: number, ...rest: unknown[]) => {
        const id = set(handler, ms, ...rest);
        if (ms === 4321) armed.push(id);
        return id;
      }) as typeof window.setTimeout;
      window.clearTimeout = ((id?: number) => {
        cleared.push(id);
        clear(id);
      }) as typeof window.clearTimeout;
      try {
        await el.checkout();
      } finally {
        window.setTimeout = set;
        window.clearTimeout = clear;
      }
      expect(armed).to.have.length(1);
      expect(cleared).to.include(armed[0]);
    }
  });

  it('still sends a fresh Idempotency-Key where crypto.randomUUID is missing (plain-http pages)', async () => {
    const randomUUID = Object.getOwnPropertyDescriptor(Crypto.prototype, 'randomUUID')!;
    delete (Crypto.prototype as { randomUUID?: unknown }).randomUUID;
    const endpoint = fakeEndpoint();
    try {
      for (let i = 0; i < 2; i++) {
        const el = await button();
        el.fetch = endpoint.fetch;
        await el.checkout();
      }
    } finally {
      Object.defineProperty(Crypto.prototype, 'randomUUID', randomUUID);
    }
    const keys = endpoint.requests.map((request) => request.headers.get('idempotency-key')!);
    expect(keys).to.have.length(2);
    for (const key of keys) expect(key).to.match(/^[\x21-\x7e]{16,255}$/);
    expect(keys[1]).to.not.equal(keys[0]);
  });

  it('disabled: the button is disabled and checkout() sends nothing', async () => {
    const el = await button(html`<recording-checkout-button product-id="p" disabled></recording-checkout-button>`);
    const endpoint = fakeEndpoint();
    el.fetch = endpoint.fetch;
    const inner = shadow(el, 'button') as HTMLButtonElement;
    expect(inner.disabled).to.equal(true);
    inner.click();
    await el.checkout();
    expect(endpoint.requests).to.have.length(0);
    el.disabled = false;
    await el.updateComplete;
    expect(inner.disabled).to.equal(false);
    await el.checkout();
    expect(endpoint.requests).to.have.length(1);
  });

  it('idle is no attribute (server markup and the upgraded element agree); the other states are reflected', async () => {
    const el = await button();
    await el.updateComplete;
    expect(el.state).to.equal('idle');
    expect(el.hasAttribute('state'), 'idle is not reflected on upgrade').to.equal(false);
    const endpoint = heldEndpoint();
    el.fetch = endpoint.fetch;
    el.checkout();
    await el.updateComplete;
    expect(el.getAttribute('state')).to.equal('loading');
    el.addEventListener('payfect-checkout-redirect', (event) => event.preventDefault(), { once: true });
    const redirected = oneEvent(el, 'payfect-checkout-redirect');
    endpoint.release(json(200, checkoutSession()));
    await redirected;
    await el.updateComplete;
    expect(el.state).to.equal('idle');
    expect(el.hasAttribute('state'), 'back to idle removes it').to.equal(false);
    expect(el.matches(':not([state])')).to.equal(true);
  });

  it('upgrading server-rendered markup adds no attribute', async () => {
    const host = document.createElement('div');
    host.innerHTML = '<payfect-checkout-button product-id="p" amount="20.50"></payfect-checkout-button>';
    const before = host.innerHTML;
    document.body.append(host);
    try {
      const el = host.firstElementChild as HTMLElementTagNameMap['payfect-checkout-button'];
      await el.updateComplete;
      expect(host.innerHTML).to.equal(before);
    } finally {
      host.remove();
    }
  });
});
