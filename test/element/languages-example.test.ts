import { expect, oneEvent } from '@open-wc/testing';
import { readFile } from '@web/test-runner-commands';
import type { PayfectCheckoutButton, PayfectCheckoutStatus } from '../../src/index.js';
import { shadow } from './fake-endpoint.js';
import { shownText } from './status-fixtures.js';

// docs/languages.md's example, examples/languages/japanese.js, run as a merchant's page runs it: its text as a
// module of the page (its `payfect-checkout` import is the package's source here), then elements under lang="ja".

const frames: HTMLIFrameElement[] = [];
afterEach(() => frames.splice(0).forEach((frame) => frame.remove()));

/** A page that runs the example, holding `body`; resolves once its elements have rendered. */
async function pageWith(body: string) {
  const example = await readFile({ path: '../../examples/languages/japanese.js' });
  expect(example, 'the example imports the package by name').to.match(/from 'payfect-checkout';/);
  const frame = document.createElement('iframe');
  frames.push(frame);
  frame.srcdoc = `<!doctype html><html lang="en"><head><meta charset="utf-8">
<script type="module">${example!.replace(`from 'payfect-checkout';`, `from '/src/index.ts';`)}</script></head><body>${body}</body></html>`;
  const loaded = oneEvent(frame, 'load');
  document.body.append(frame);
  await loaded;
  const view = frame.contentWindow! as Window & typeof globalThis;
  const elements = [...view.document.querySelectorAll<PayfectCheckoutButton | PayfectCheckoutStatus>('payfect-checkout-button, payfect-checkout-status')];
  expect(elements.every((el) => el.shadowRoot), 'upgraded').to.equal(true);
  await Promise.all(elements.map((el) => el.updateComplete));
  return view.document;
}

const label = (el: Element) => shadow(el as HTMLElement, 'label').textContent!.trim();
const amountIn = (locale: string) => new Intl.NumberFormat(locale, { minimumFractionDigits: 2 }).format(20.5);

describe('examples/languages/japanese.js', () => {
  it('a lang="ja" page reads the button and the status element in Japanese', async () => {
    const page = await pageWith(`<div lang="ja">
      <payfect-checkout-button product-id="standard-plan" amount="20.50"></payfect-checkout-button>
      <payfect-checkout-button product-id="standard-plan"></payfect-checkout-button>
      <payfect-checkout-status></payfect-checkout-status></div>`);
    const [priced, unpriced] = [...page.querySelectorAll('payfect-checkout-button')];
    expect(label(priced!)).to.equal(`${amountIn('ja')} USDT を支払う`);
    expect(label(unpriced!)).to.equal('Payfect で支払う');
    // No checkout in this tab's sessionStorage: the status element says so, in Japanese.
    const status = page.querySelector('payfect-checkout-status')!;
    expect(status.state).to.equal('unknown');
    expect(shownText(status)).to.equal('このページのお支払いは見つかりませんでした。');
  });

  it('ja-JP falls back to ja; the zh-TW override changes one string, and zh-HK keeps the built-in one', async () => {
    const page = await pageWith(`
      <p lang="ja-JP"><payfect-checkout-button product-id="p"></payfect-checkout-button></p>
      <p lang="zh-TW"><payfect-checkout-button product-id="p"></payfect-checkout-button></p>
      <p lang="zh-TW"><payfect-checkout-status></payfect-checkout-status></p>
      <p lang="zh-HK"><payfect-checkout-button product-id="p"></payfect-checkout-button></p>`);
    const [japan, taiwan, hongKong] = [...page.querySelectorAll('payfect-checkout-button')];
    expect(label(japan!)).to.equal('Payfect で支払う');
    expect(label(taiwan!)).to.equal('用 Payfect 結帳');
    expect(shownText(page.querySelector('payfect-checkout-status')!), 'the rest is still zh-Hant').to.equal('找不到此頁面的付款紀錄。');
    expect(label(hongKong!)).to.equal('使用 Payfect 付款');
  });
});
