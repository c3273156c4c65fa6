import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { emulateMedia, sendKeys } from '@web/test-runner-commands';
import type { PayfectCheckoutButton } from '../../src/index.js';
import { fakeEndpoint, shadow } from './fake-endpoint.js';

// A real <button> in the shadow root, a visible focus ring, a live region, a spinner that
// stops under prefers-reduced-motion, and axe clean in every state.

describe('accessibility', () => {
  afterEach(() => emulateMedia({ reducedMotion: 'no-preference' }));

  it('renders a real <button> with an accessible name, and passes axe', async () => {
    const el = await fixture<PayfectCheckoutButton>(html`<payfect-checkout-button product-id="p" amount="20.50"></payfect-checkout-button>`);
    const inner = shadow(el, 'button');
    expect(inner).to.be.instanceOf(HTMLButtonElement);
    expect(inner.getAttribute('type')).to.equal('button');
    expect(shadow(el, 'spinner'), 'no spinner while idle').to.equal(null);
    await expect(el).to.be.accessible();
  });

  it('passes axe when disabled, loading and failed', async () => {
    const disabled = await fixture<PayfectCheckoutButton>(html`<payfect-checkout-button product-id="p" disabled></payfect-checkout-button>`);
    await expect(disabled).to.be.accessible();

    const loading = await fixture<PayfectCheckoutButton>(html`<payfect-checkout-button product-id="p"></payfect-checkout-button>`);
    loading.fetch = () => new Promise<Response>(() => {});
    loading.checkout();
    await loading.updateComplete;
    expect(shadow(loading, 'button').getAttribute('aria-busy')).to.equal('true');
    expect(shadow(loading, 'spinner').getAttribute('aria-hidden'), 'the spinner is hidden from assistive technology').to.equal('true');
    await expect(loading).to.be.accessible();

    const failed = await fixture<PayfectCheckoutButton>(html`<payfect-checkout-button product-id="p"></payfect-checkout-button>`);
    failed.fetch = fakeEndpoint(() => Promise.reject(new TypeError('offline'))).fetch;
    const error = oneEvent(failed, 'payfect-checkout-error');
    failed.checkout();
    await error;
    await failed.updateComplete;
    await expect(failed).to.be.accessible();
  });

  it('announces failures in a live region that exists before the message', async () => {
    const el = await fixture<PayfectCheckoutButton>(html`<payfect-checkout-button product-id="p"></payfect-checkout-button>`);
    const region = shadow(el, 'error');
    expect(region.getAttribute('role')).to.equal('alert');
    expect(region.textContent).to.equal('');
    el.fetch = fakeEndpoint(() => Promise.reject(new TypeError('offline'))).fetch;
    await el.checkout();
    await el.updateComplete;
    expect(shadow(el, 'error')).to.equal(region);
    expect(region.textContent).to.contain('connection');
  });

  it('shows a focus ring on keyboard focus, and el.focus() reaches the inner button', async () => {
    const el = await fixture<PayfectCheckoutButton>(html`<payfect-checkout-button product-id="p"></payfect-checkout-button>`);
    const inner = shadow(el, 'button');
    expect(getComputedStyle(inner).outlineStyle).to.equal('none');
    await sendKeys({ press: 'Tab' });
    expect(el.shadowRoot!.activeElement).to.equal(inner);
    expect(inner.matches(':focus-visible')).to.equal(true);
    const style = getComputedStyle(inner);
    expect(style.outlineStyle).to.equal('solid');
    expect(parseFloat(style.outlineWidth)).to.be.at.least(2);
    inner.blur();
    el.focus();
    expect(el.shadowRoot!.activeElement).to.equal(inner);
  });

  it('spins while loading, and holds still under prefers-reduced-motion', async () => {
    const el = await fixture<PayfectCheckoutButton>(html`<payfect-checkout-button product-id="p"></payfect-checkout-button>`);
    expect(shadow(el, 'spinner'), 'rendered only while busy').to.equal(null);
    el.fetch = () => new Promise<Response>(() => {});
    el.checkout();
    await el.updateComplete;
    const spinner = shadow(el, 'spinner');
    expect(getComputedStyle(spinner).display).to.not.equal('none');
    expect(getComputedStyle(spinner).animationName).to.equal('spin');
    await emulateMedia({ reducedMotion: 'reduce' });
    expect(getComputedStyle(spinner).animationName).to.equal('none');
    expect(getComputedStyle(spinner).display, 'still shown, just not moving').to.not.equal('none');
  });

  it('is styled through --payfect-* custom properties and ::part()', async () => {
    const wrapper = await fixture<HTMLDivElement>(html`
      <div>
        <style>
          .themed { --payfect-background: rgb(1, 2, 3); --payfect-color: rgb(250, 250, 250); --payfect-radius: 7px; --payfect-padding: 11px; }
          .themed::part(error) { font-style: italic; }
        </style>
        <payfect-checkout-button class="themed" product-id="p"></payfect-checkout-button>
      </div>
    `);
    const el = wrapper.querySelector('payfect-checkout-button')!;
    await el.updateComplete;
    const style = getComputedStyle(shadow(el, 'button'));
    expect(style.backgroundColor).to.equal('rgb(1, 2, 3)');
    expect(style.color).to.equal('rgb(250, 250, 250)');
    expect(style.borderTopLeftRadius).to.equal('7px');
    expect(style.paddingTop).to.equal('11px');
    expect(getComputedStyle(shadow(el, 'error')).fontStyle).to.equal('italic');
  });
});
