import { expect, fixture, html } from '@open-wc/testing';
import type { PayfectCheckoutButton } from '../../src/index.js';
import { formatAmount, priceTotal } from '../../src/element/price-label.js';
import { shadow } from './fake-endpoint.js';

// The label says what the buyer pays, exactly, in the page's locale, with the code appended
// (Intl's currency style rejects USDT); the default slot replaces it.

async function labelOf(template: ReturnType<typeof html>, lang?: string) {
  const wrapper = await fixture<HTMLDivElement>(html`<div lang=${lang ?? 'en'}>${template}</div>`);
  const el = wrapper.firstElementChild as PayfectCheckoutButton;
  await el.updateComplete;
  return shadow(el, 'label').textContent!.trim();
}

describe('the label', () => {
  it('says Pay <amount> <CODE>', async () => {
    expect(await labelOf(html`<payfect-checkout-button product-id="p" amount="20.50"></payfect-checkout-button>`)).to.equal(
      'Pay 20.50 USDT',
    );
  });

  it('multiplies by quantity exactly, keeping the scale', async () => {
    expect(
      await labelOf(html`<payfect-checkout-button product-id="p" amount="0.10" quantity="3" currency="usdc"></payfect-checkout-button>`),
    ).to.equal('Pay 0.30 USDC');
  });

  it('sums the items that carry price_data', async () => {
    const items = JSON.stringify([
      { product_id: 'a', quantity: 3, price_data: { unit_amount: '0.10' } },
      { product_id: 'b', price_data: { unit_amount: '1.255' } },
    ]);
    expect(await labelOf(html`<payfect-checkout-button items=${items}></payfect-checkout-button>`)).to.equal('Pay 1.555 USDT');
  });

  it('shows no total for items priced in another currency, matching codes case-insensitively', async () => {
    const mixed = JSON.stringify([
      { product_id: 'a', price_data: { unit_amount: '1', currency: 'usdc' } },
      { product_id: 'b', price_data: { unit_amount: '2' } },
    ]);
    expect(await labelOf(html`<payfect-checkout-button items=${mixed}></payfect-checkout-button>`)).to.equal('Pay with Payfect');
    const same = JSON.stringify([{ product_id: 'a', price_data: { unit_amount: '1', currency: 'USDT' } }]);
    expect(await labelOf(html`<payfect-checkout-button items=${same}></payfect-checkout-button>`)).to.equal('Pay 1 USDT');
  });

  it('never goes through a float, even past 2^53', async () => {
    expect(
      await labelOf(html`<payfect-checkout-button product-id="p" amount="12345678901234567.89"></payfect-checkout-button>`),
    ).to.equal('Pay 12,345,678,901,234,567.89 USDT');
  });

  it('formats for the page locale from the nearest lang', async () => {
    const label = await labelOf(
      html`<payfect-checkout-button product-id="p" amount="1234.5" quantity="2"></payfect-checkout-button>`,
      'de-DE',
    );
    expect(label).to.equal('Pay 2.469,0 USDT');
  });

  it('falls back to navigator.language without any lang', async () => {
    const root = document.documentElement;
    const lang = root.getAttribute('lang');
    root.removeAttribute('lang');
    Object.defineProperty(navigator, 'language', { value: 'de-DE', configurable: true });
    const el = document.createElement('payfect-checkout-button');
    el.setAttribute('amount', '1000.5');
    try {
      document.body.append(el);
      await el.updateComplete;
      expect(shadow(el, 'label').textContent!.trim()).to.equal('Pay 1.000,5 USDT');
    } finally {
      el.remove();
      delete (navigator as { language?: string }).language;
      if (lang != null) root.setAttribute('lang', lang);
    }
  });

  it('survives a lang that is not a valid language tag', async () => {
    expect(await labelOf(html`<payfect-checkout-button amount="7.5"></payfect-checkout-button>`, 'not a tag!')).to.match(
      /^Pay 7[.,]5 USDT$/,
    );
  });

  it('says Pay with Payfect without an amount, or when the amount is not a decimal', async () => {
    expect(await labelOf(html`<payfect-checkout-button product-id="p"></payfect-checkout-button>`)).to.equal('Pay with Payfect');
    expect(await labelOf(html`<payfect-checkout-button product-id="p" amount="abc"></payfect-checkout-button>`)).to.equal(
      'Pay with Payfect',
    );
  });

  it('is replaced by slotted content', async () => {
    const el = await fixture<PayfectCheckoutButton>(
      html`<payfect-checkout-button product-id="p" amount="5"><b>Buy the plan</b></payfect-checkout-button>`,
    );
    const slot = shadow(el, 'label').querySelector('slot')!;
    expect(slot.assignedNodes().map((node) => node.textContent)).to.deep.equal(['Buy the plan']);
    // The fallback label is not rendered once something is slotted.
    const fallback = document.createRange();
    fallback.selectNodeContents(slot);
    expect(fallback.getBoundingClientRect().width).to.equal(0);
    expect(fallback.toString()).to.equal('Pay 5 USDT');
  });

  it('updates when the amount changes', async () => {
    const el = await fixture<PayfectCheckoutButton>(html`<payfect-checkout-button amount="5"></payfect-checkout-button>`);
    el.amount = '6.25';
    await el.updateComplete;
    expect(shadow(el, 'label').textContent!.trim()).to.equal('Pay 6.25 USDT');
  });
});

describe('priceTotal and formatAmount', () => {
  it('returns undefined for an item without a price', () => {
    expect(priceTotal(null, 1, JSON.stringify([{ product_id: 'a' }]), 'usdt')).to.equal(undefined);
    expect(priceTotal('5', 1.5, null, 'usdt')).to.equal(undefined);
  });

  it('keeps every fraction digit of the string', () => {
    expect(formatAmount('0.000001', 'en')).to.equal('0.000001');
    expect(formatAmount('20', 'en')).to.equal('20');
  });
});
