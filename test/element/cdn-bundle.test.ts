import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { checkoutSession, json } from './endpoint-replies.js';

// The built CDN file (run `npm run build` first) on its own, as a <script type="module">
// user gets it: it registers the element, renders the label and completes a purchase.
// This page imports nothing from src/, so the tag is defined by the bundle alone.

const CDN_FILE = '/dist/cdn/payfect-checkout.js';

describe('dist/cdn/payfect-checkout.js', () => {
  it('registers <payfect-checkout-button> and exports the class and events', async () => {
    const cdn = await import(/* @vite-ignore */ CDN_FILE);
    expect(customElements.get('payfect-checkout-button')).to.equal(cdn.PayfectCheckoutButton);
    expect(cdn.PayfectCheckoutErrorEvent.prototype).to.be.instanceOf(CustomEvent);
  });

  it('renders the label and runs a purchase to the redirect event', async () => {
    await import(/* @vite-ignore */ CDN_FILE);
    const el = await fixture<HTMLElement & { fetch: typeof fetch; state: string; updateComplete: Promise<boolean> }>(
      html`<payfect-checkout-button product-id="p" amount="20.50"></payfect-checkout-button>`,
    );
    await el.updateComplete;
    expect(el.shadowRoot!.querySelector('[part="label"]')!.textContent!.trim()).to.equal('Pay 20.50 USDT');
    const bodies: unknown[] = [];
    el.fetch = async (_input, init) => {
      bodies.push(JSON.parse(String(init!.body)));
      return json(200, checkoutSession());
    };
    el.addEventListener('payfect-checkout-redirect', (event) => event.preventDefault());
    const redirected = oneEvent(el, 'payfect-checkout-redirect');
    el.shadowRoot!.querySelector('button')!.click();
    const { detail } = await redirected;
    expect(detail.checkout).to.deep.equal(checkoutSession());
    expect(bodies).to.have.length(1);
  });
});
