import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import type { TemplateResult } from 'lit';
import type { PayfectCheckoutStatus } from '../../src/index.js';
import { messagesFor, registerMessages } from '../../src/element/messages.js';
import { answer, json, notFound, part, shownText, statusEndpoint, warnings } from './status-fixtures.js';

// What the buyer sees and hears: the message in the page's language, a slot named after the state
// in its place, a live region, axe clean in every state, and the button's custom properties.

const ID = 'chk_presentation';

const REPLIES: Record<string, () => Response | Promise<Response>> = {
  waiting: () => answer(ID, 'open'),
  confirmed: () => answer(ID, 'complete', true),
  expired: () => answer(ID, 'expired'),
  unknown: () => notFound(),
  error: () => json(500, { error: { code: 'internal_error', message: 'A bug' } }),
};

/** The first status element in `template`, settled in the state `state`'s reply gives. */
async function settled(template: TemplateResult, state: keyof typeof REPLIES): Promise<PayfectCheckoutStatus> {
  let el: PayfectCheckoutStatus;
  // Without an id, it first says unknown and warns; then it asks about ID.
  await warnings(async () => {
    const wrapper = await fixture<HTMLElement>(html`<div>${template}</div>`);
    el = wrapper.querySelector('payfect-checkout-status')!;
    const answered = oneEvent(el, 'payfect-checkout-status');
    el.fetch = statusEndpoint(REPLIES[state]!).fetch;
    el.checkoutId = ID;
    await answered;
    await el.updateComplete;
  });
  expect(el!.state).to.equal(state);
  return el!;
}

describe('<payfect-checkout-status> presentation', () => {
  beforeEach(() => sessionStorage.clear());

  it('a slot named after the state replaces that state\'s message, and only that one', async () => {
    for (const state of Object.keys(REPLIES)) {
      const el = await settled(
        html`<payfect-checkout-status>
          <span slot="waiting">Hold on…</span>
          <span slot="confirmed">Thank you! Your order is on its way.</span>
          <span slot="expired">Too late: this checkout expired.</span>
          <span slot="unknown">We found no order.</span>
          <span slot="error">Our shop cannot check right now.</span>
        </payfect-checkout-status>`,
        state,
      );
      const slotted = el.querySelector(`[slot="${state}"]`)!;
      expect(shownText(el), state).to.equal(slotted.textContent);
      // The other states' content is not shown: it has no slot to go to.
      const shown = [...el.children].filter((child) => (child as HTMLElement).offsetParent !== null);
      expect(shown, state).to.deep.equal([slotted]);
    }
  });

  it('a state with no slot keeps its message when other states have one', async () => {
    const el = await settled(html`<payfect-checkout-status><b slot="confirmed">Thanks!</b></payfect-checkout-status>`, 'expired');
    expect(shownText(el)).to.equal(messagesFor('en').statusExpired);
  });

  it('speaks Traditional Chinese under zh-TW and Simplified under zh-CN, English under fr', async () => {
    const expected: [string, string, string][] = [
      ['zh-TW', 'confirmed', '付款已確認，謝謝！'],
      ['zh-TW', 'waiting', '正在等待 Payfect 確認付款…'],
      ['zh-HK', 'expired', messagesFor('zh-Hant').statusExpired],
      ['zh-CN', 'expired', '该订单已过期，尚未付款。'],
      ['zh-CN', 'error', messagesFor('zh-Hans').statusError],
      ['zh', 'unknown', '未找到此页面的付款记录。'],
      ['fr', 'confirmed', 'Payment confirmed. Thank you!'],
    ];
    for (const [lang, state, text] of expected) {
      const el = await settled(html`<section lang=${lang}><payfect-checkout-status></payfect-checkout-status></section>`, state);
      expect(shownText(el), `${lang} ${state}`).to.equal(text);
    }
  });

  it('follows the nearest lang, its own included', async () => {
    const el = await settled(
      html`<div lang="zh-CN"><payfect-checkout-status lang="zh-TW"></payfect-checkout-status></div>`,
      'confirmed',
    );
    expect(shownText(el)).to.equal(messagesFor('zh-Hant').statusConfirmed);
  });

  it('uses a language added with registerMessages, English for the strings it leaves out', async () => {
    registerMessages('ja', { statusConfirmed: 'お支払いを確認しました。' });
    const confirmed = await settled(html`<p lang="ja"><payfect-checkout-status></payfect-checkout-status></p>`, 'confirmed');
    expect(shownText(confirmed)).to.equal('お支払いを確認しました。');
    const waiting = await settled(html`<p lang="ja"><payfect-checkout-status></payfect-checkout-status></p>`, 'waiting');
    expect(shownText(waiting)).to.equal(messagesFor('en').statusWaiting);
  });

  it('says every state in one live region, and passes axe in each', async () => {
    for (const state of Object.keys(REPLIES)) {
      const el = await settled(html`<payfect-checkout-status></payfect-checkout-status>`, state);
      const region = part(el, 'message');
      expect(region.getAttribute('role'), state).to.equal('status');
      expect(shownText(el), state).to.not.equal('');
      await expect(el, state).to.be.accessible();
    }
  });

  it('passes axe with slotted content', async () => {
    const el = await settled(
      html`<payfect-checkout-status><p slot="confirmed">Thank you! <a href="/orders">See your order</a></p></payfect-checkout-status>`,
      'confirmed',
    );
    await expect(el).to.be.accessible();
  });

  it('is styled through ::part(message), --payfect-font and --payfect-error-color', async () => {
    const style = html`<style>
      .themed { --payfect-font: italic 13px serif; --payfect-error-color: rgb(1, 2, 3); color: rgb(40, 50, 60); }
      .themed::part(message) { text-decoration: underline; }
    </style>`;
    const expired = await settled(html`${style}<payfect-checkout-status class="themed"></payfect-checkout-status>`, 'expired');
    const message = getComputedStyle(part(expired, 'message'));
    expect(message.color).to.equal('rgb(1, 2, 3)');
    expect(message.fontStyle).to.equal('italic');
    expect(message.fontSize).to.equal('13px');
    expect(message.textDecorationLine).to.equal('underline');

    const error = await settled(html`${style}<payfect-checkout-status class="themed"></payfect-checkout-status>`, 'error');
    expect(getComputedStyle(part(error, 'message')).color).to.equal('rgb(1, 2, 3)');
    const confirmed = await settled(html`${style}<payfect-checkout-status class="themed"></payfect-checkout-status>`, 'confirmed');
    expect(getComputedStyle(part(confirmed, 'message')).color, 'the page\'s own color').to.equal('rgb(40, 50, 60)');
  });

  it('is hidden by the hidden attribute', async () => {
    const el = await settled(html`<payfect-checkout-status hidden></payfect-checkout-status>`, 'waiting');
    expect(getComputedStyle(el).display).to.equal('none');
  });
});
