import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import type { PayfectCheckoutButton } from '../../src/index.js';
import { COMMA_GROUPED_LOCALES, formatAmount, priceTotal } from '../../src/element/price-label.js';
import { fakeEndpoint, shadow, withBrowserLanguage } from './fake-endpoint.js';

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
    expect(await labelOf(html`<payfect-checkout-button items=${same}></payfect-checkout-button>`)).to.equal('Pay 1.00 USDT');
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
    expect(label).to.equal('Pay 2.469,00 USDT');
  });

  it('falls back to navigator.language without any lang', async () => {
    await withBrowserLanguage('de-DE', { amount: '1000.5' }, (el) => {
      expect(shadow(el, 'label').textContent!.trim()).to.equal('Pay 1.000,50 USDT');
    });
  });

  it('survives a lang that is not a valid language tag', async () => {
    expect(await labelOf(html`<payfect-checkout-button amount="7.5"></payfect-checkout-button>`, 'not a tag!')).to.match(
      /^Pay 7[.,]50 USDT$/,
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
    expect(fallback.toString()).to.equal('Pay 5.00 USDT');
  });

  it("shows the currency's usual fraction digits: 20.50, not 20.5", async () => {
    expect(await labelOf(html`<payfect-checkout-button product-id="p" amount="20.5"></payfect-checkout-button>`)).to.equal('Pay 20.50 USDT');
    expect(await labelOf(html`<payfect-checkout-button product-id="p" amount="1000" currency="jpy"></payfect-checkout-button>`)).to.equal(
      'Pay 1,000 JPY',
    );
  });

  it("keeps the label when only whitespace is slotted (docs/element.md's markup, with a line break between the tags)", async () => {
    const wrapper = await fixture<HTMLDivElement>(html`<div lang="en">
      <payfect-checkout-button product-id="standard-plan" amount="20.50" name="Standard Plan">
</payfect-checkout-button>
      <payfect-checkout-button product-id="standard-plan" amount="20.50" name="Standard Plan"></payfect-checkout-button>
    </div>`);
    const [spaced, empty] = [...wrapper.querySelectorAll('payfect-checkout-button')];
    await Promise.all([spaced!.updateComplete, empty!.updateComplete]);
    expect(spaced!.childNodes).to.have.length(1);
    expect(spaced!.textContent!.trim()).to.equal('');
    const width = (el: Element) => shadow(el as HTMLElement, 'button').getBoundingClientRect().width;
    // The slot reports its whitespace after the first render; the label is back once the element has heard it.
    await waitUntil(() => width(spaced!) > 80, 'the button stays blank');
    expect(width(spaced!)).to.be.closeTo(width(empty!), 1);
    await expect(spaced).to.be.accessible();
  });

  it('updates when the amount changes', async () => {
    const el = await fixture<PayfectCheckoutButton>(html`<payfect-checkout-button amount="5"></payfect-checkout-button>`);
    el.amount = '6.25';
    await el.updateComplete;
    expect(shadow(el, 'label').textContent!.trim()).to.equal('Pay 6.25 USDT');
  });
});

/** Counts label formatting: every label goes through a NumberFormat's `format` getter. */
function countFormatting() {
  const proto = Intl.NumberFormat.prototype;
  const original = Object.getOwnPropertyDescriptor(proto, 'format')!;
  const count = { calls: 0, restore: () => Object.defineProperty(proto, 'format', original) };
  Object.defineProperty(proto, 'format', {
    ...original,
    get() {
      count.calls++;
      return original.get!.call(this);
    },
  });
  return count;
}

/** Counts `new Intl.NumberFormat(...)`, failed ones included. */
function countNumberFormats() {
  const original = Intl.NumberFormat;
  const count = { built: 0, restore: () => (Intl.NumberFormat = original) };
  Intl.NumberFormat = new Proxy(original, {
    construct(target, args) {
      count.built++;
      return Reflect.construct(target, args);
    },
  });
  return count;
}

describe('the label is computed only when its inputs change', () => {
  it('a state change (loading, then error) re-renders without recomputing it; an amount change does', async () => {
    // A locale Intl formats (en and Chinese are formatted without it), and amounts no other test here shows in it.
    const wrapper = await fixture<HTMLDivElement>(
      html`<div lang="de-DE"><payfect-checkout-button product-id="p" amount="5"></payfect-checkout-button></div>`,
    );
    const el = wrapper.firstElementChild as PayfectCheckoutButton;
    await el.updateComplete;
    let fail!: (reason: unknown) => void;
    el.fetch = fakeEndpoint(() => new Promise((_, reject) => (fail = reject))).fetch;
    const formatting = countFormatting();
    try {
      const purchase = el.checkout();
      await el.updateComplete;
      expect(shadow(el, 'button').getAttribute('aria-busy')).to.equal('true');
      fail(new TypeError('Failed to fetch'));
      await purchase;
      await el.updateComplete;
      expect(el.state).to.equal('error');
      expect(shadow(el, 'error').textContent).to.contain('connection');
      expect(formatting.calls).to.equal(0);
      expect(shadow(el, 'label').textContent!.trim()).to.equal('Pay 5,00 USDT');

      el.amount = '6.25';
      await el.updateComplete;
      expect(formatting.calls).to.equal(1);
      expect(shadow(el, 'label').textContent!.trim()).to.equal('Pay 6,25 USDT');
    } finally {
      formatting.restore();
    }
  });

  it('follows quantity, items and currency too', async () => {
    const el = await fixture<PayfectCheckoutButton>(html`<payfect-checkout-button amount="1.5"></payfect-checkout-button>`);
    el.quantity = 3;
    await el.updateComplete;
    expect(shadow(el, 'label').textContent!.trim()).to.equal('Pay 4.50 USDT');
    el.currency = 'usdc';
    await el.updateComplete;
    expect(shadow(el, 'label').textContent!.trim()).to.equal('Pay 4.50 USDC');
    el.items = JSON.stringify([{ product_id: 'a', quantity: 2, price_data: { unit_amount: '0.25' } }]);
    await el.updateComplete;
    expect(shadow(el, 'label').textContent!.trim()).to.equal('Pay 0.50 USDC');
  });

  it('is formatted anew when the button moves under another lang', async () => {
    const wrapper = await fixture<HTMLDivElement>(
      html`<div><p lang="en"><payfect-checkout-button amount="1234.5"></payfect-checkout-button></p><p lang="de-DE"></p></div>`,
    );
    const el = wrapper.querySelector('payfect-checkout-button')!;
    await el.updateComplete;
    expect(shadow(el, 'label').textContent!.trim()).to.equal('Pay 1,234.50 USDT');
    wrapper.lastElementChild!.append(el);
    await el.updateComplete;
    expect(shadow(el, 'label').textContent!.trim()).to.equal('Pay 1.234,50 USDT');
  });

  it('reuses one NumberFormat per locale and number of fraction digits across buttons', async () => {
    const built = countNumberFormats();
    try {
      // Locales and scales no other test here uses, so the shared formats start cold.
      const wrapper = await fixture<HTMLDivElement>(html`<div>
        <p lang="nl-NL">${[1, 2, 3, 4, 5].map((n) => html`<payfect-checkout-button amount=${`${n}.125`}></payfect-checkout-button>`)}</p>
        <p lang="not a tag either">${[1, 2, 3].map((n) => html`<payfect-checkout-button amount=${`${n}.0625`}></payfect-checkout-button>`)}</p>
      </div>`);
      const buttons = [...wrapper.querySelectorAll('payfect-checkout-button')];
      await Promise.all(buttons.map((el) => el.updateComplete));
      expect(buttons.map((el) => shadow(el, 'label').textContent!.trim())).to.have.members([
        'Pay 1,125 USDT',
        'Pay 2,125 USDT',
        'Pay 3,125 USDT',
        'Pay 4,125 USDT',
        'Pay 5,125 USDT',
        'Pay 1.0625 USDT',
        'Pay 2.0625 USDT',
        'Pay 3.0625 USDT',
      ]);
      // nl-NL: one. The invalid tag: one failed attempt and one fallback, both remembered.
      expect(built.built).to.equal(3);
    } finally {
      built.restore();
    }
  });
});

describe('priceTotal and formatAmount', () => {
  it('has no total when an item has no price', () => {
    expect(priceTotal({ currency: 'usdt', invoice_items: [{ product_id: 'a', quantity: 1 }] })).to.equal(undefined);
  });

  it("shows the currency's usual fraction digits, and every digit the amount has beyond them", () => {
    expect(formatAmount('20.5', 'usdt', 'en')).to.equal('20.50');
    expect(formatAmount('20', 'usdt', 'en')).to.equal('20.00');
    expect(formatAmount('0.000001', 'usdt', 'en')).to.equal('0.000001');
    expect(formatAmount('20.5', 'usd', 'en')).to.equal('20.50');
    expect(formatAmount('1000', 'jpy', 'en')).to.equal('1,000');
    expect(formatAmount('1000', 'JPY', 'en'), 'an ISO code in capitals is one too').to.equal('1,000');
    expect(formatAmount('1.5', 'kwd', 'en')).to.equal('1.500');
  });
});

describe('amounts in the built-in languages, without Intl', () => {
  const AMOUNTS = ['0.5', '7', '20.5', '999', '1000', '1234.5', '100000', '12345678.125', '0.000001', '12345678901234567.89'];

  it('each shortcut locale formats exactly as Intl.NumberFormat does', () => {
    expect(COMMA_GROUPED_LOCALES.size).to.be.greaterThan(0);
    for (const locale of COMMA_GROUPED_LOCALES) {
      for (const currency of ['usdt', 'jpy', 'kwd']) {
        for (const amount of AMOUNTS) {
          const digits = Math.max(amount.split('.')[1]?.length ?? 0, { usdt: 2, jpy: 0, kwd: 3 }[currency]!);
          const intl = new Intl.NumberFormat(locale, { minimumFractionDigits: digits, maximumFractionDigits: digits });
          expect(formatAmount(amount, currency, locale), `${locale} ${amount} ${currency}`).to.equal(intl.format(amount as unknown as number));
        }
      }
    }
  });

  it('builds no NumberFormat for an en, zh-TW or zh-CN page priced in USDT', async () => {
    const built = countNumberFormats();
    try {
      const wrapper = await fixture<HTMLDivElement>(html`<div>
        ${['en-US', 'zh-TW', 'zh-CN'].map((lang) => html`<p lang=${lang}><payfect-checkout-button amount="4321.5"></payfect-checkout-button></p>`)}
      </div>`);
      const buttons = [...wrapper.querySelectorAll('payfect-checkout-button')];
      await Promise.all(buttons.map((el) => el.updateComplete));
      expect(buttons.map((el) => shadow(el, 'label').textContent!.trim())).to.deep.equal(['Pay 4,321.50 USDT', '付款 4,321.50 USDT', '支付 4,321.50 USDT']);
      expect(built.built).to.equal(0);
    } finally {
      built.restore();
    }
  });

  it('is computed once for many buttons with the same purchase and language', async () => {
    const formatting = countFormatting();
    try {
      const wrapper = await fixture<HTMLDivElement>(
        html`<div lang="de-AT">${Array.from({ length: 20 }, () => html`<payfect-checkout-button amount="98765.25"></payfect-checkout-button>`)}</div>`,
      );
      const buttons = [...wrapper.querySelectorAll('payfect-checkout-button')];
      await Promise.all(buttons.map((el) => el.updateComplete));
      expect(new Set(buttons.map((el) => shadow(el, 'label').textContent!.trim()))).to.have.property('size', 1);
      expect(formatting.calls).to.equal(1);
    } finally {
      formatting.restore();
    }
  });
});
