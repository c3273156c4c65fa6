import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { registerMessages, type Messages } from '../../src/index.js';
import { messagesFor, resolveLanguage } from '../../src/element/messages.js';
import { consoleWarnings, fakeEndpoint, json, shadow, withBrowserLanguage } from './fake-endpoint.js';

// Everything the buyer reads from the button is in the page's language: the nearest lang, matched as BCP 47
// does, with amounts formatted as Intl.NumberFormat formats them for that language.

const labelOf = (el: HTMLElement) => shadow(el, 'label').textContent!.trim();

/** A button under `lang`, rendered. */
async function buttonIn(lang: string, attributes = html`<recording-checkout-button product-id="p" amount="1234.5"></recording-checkout-button>`) {
  const wrapper = await fixture<HTMLDivElement>(html`<div lang=${lang}>${attributes}</div>`);
  const el = wrapper.firstElementChild as HTMLElementTagNameMap['recording-checkout-button'];
  await el.updateComplete;
  return el;
}

/** What the buyer reads after the endpoint answers `answer` (the warning is the developer's, in English). */
async function failureMessage(el: HTMLElementTagNameMap['recording-checkout-button'], answer: () => Response | Promise<Response>) {
  el.fetch = fakeEndpoint(answer).fetch;
  await consoleWarnings(async () => {
    const failed = oneEvent(el, 'payfect-checkout-error');
    shadow(el, 'button').click();
    await failed;
  });
  await el.updateComplete;
  return shadow(el, 'error').textContent;
}

/** Intl's own rendering of `amount` with `digits` fraction digits in `locale`: what the label must show. */
const intl = (locale: string, amount: string, digits = 2) =>
  new Intl.NumberFormat(locale, { minimumFractionDigits: digits, maximumFractionDigits: digits }).format(amount as unknown as number);

const offline = () => Promise.reject(new TypeError('Failed to fetch'));
const priceMismatch = () => json(409, { error: { code: 'price_mismatch', message: 'x' } });

describe('the buyer’s language', () => {
  it('lang="zh-TW": the label and the error messages are Traditional Chinese', async () => {
    const el = await buttonIn('zh-TW');
    expect(labelOf(el)).to.equal(`付款 ${intl('zh-TW', '1234.5')} USDT`);
    expect(await failureMessage(el, offline)).to.equal('無法連線至結帳服務，請檢查網路連線後再試一次。');
    expect(await failureMessage(el, priceMismatch)).to.equal('此處顯示的價格與商店目前的價格不符，無法開始結帳。');
    el.setAttribute('amount', '-1');
    expect(await failureMessage(el, offline), 'invalid_config').to.equal('此付款按鈕設定有誤。');
  });

  it('lang="zh-CN": Simplified Chinese', async () => {
    const el = await buttonIn('zh-CN');
    expect(labelOf(el)).to.equal(`支付 ${intl('zh-CN', '1234.5')} USDT`);
    expect(await failureMessage(el, offline)).to.equal('无法连接支付服务，请检查网络连接后重试。');
    expect(await failureMessage(el, () => json(502, { error: { code: 'payfect_error', message: 'x' } }))).to.equal('无法发起支付，请重试。');
  });

  it('lang="fr": English words, French number formatting', async () => {
    const el = await buttonIn('fr');
    const amount = intl('fr', '1234.5');
    expect(amount, 'French groups and decimals differ from English').to.not.equal('1,234.50');
    expect(labelOf(el)).to.equal(`Pay ${amount} USDT`);
    expect(await failureMessage(el, offline)).to.equal(messagesFor('en').networkError);
  });

  it('shows the busy text in the language while loading, to assistive technology only', async () => {
    const el = await buttonIn('zh-Hant-HK');
    el.fetch = () => new Promise<Response>(() => {});
    el.checkout();
    await el.updateComplete;
    const region = shadow(el, 'error');
    expect(region.textContent).to.equal('正在前往支付頁面…');
    expect(region.getBoundingClientRect().width, 'visually hidden').to.be.at.most(1);
    await expect(el).to.be.accessible();
  });

  it('follows the button when it moves under another lang', async () => {
    const wrapper = await fixture<HTMLDivElement>(
      html`<div><p lang="zh-Hans"><payfect-checkout-button amount="5"></payfect-checkout-button></p><p lang="zh-HK"></p></div>`,
    );
    const el = wrapper.querySelector('payfect-checkout-button')!;
    await el.updateComplete;
    expect(labelOf(el)).to.equal('支付 5.00 USDT');
    wrapper.lastElementChild!.append(el);
    await el.updateComplete;
    expect(labelOf(el)).to.equal('付款 5.00 USDT');
  });

  it('falls back to navigator.language without any lang', async () => {
    await withBrowserLanguage('zh-TW', {}, (el) => expect(labelOf(el)).to.equal('使用 Payfect 付款'));
  });
});

describe('BCP 47 matching', () => {
  it('zh-TW, zh-HK, zh-MO and zh-Hant-* are zh-Hant; zh, zh-CN, zh-SG and zh-Hans-* are zh-Hans; the rest English', () => {
    const cases: Record<string, string> = {
      'zh-TW': 'zh-hant',
      'zh-HK': 'zh-hant',
      'zh-MO': 'zh-hant',
      'zh-Hant': 'zh-hant',
      'zh-Hant-CN': 'zh-hant',
      'zh_TW': 'zh-hant',
      zh: 'zh-hans',
      'zh-CN': 'zh-hans',
      'zh-SG': 'zh-hans',
      'zh-Hans': 'zh-hans',
      'zh-Hans-TW': 'zh-hans',
      en: 'en',
      'en-GB': 'en',
      fr: 'en',
      'yue-HK': 'en',
      'not a tag!': 'en',
    };
    for (const [tag, language] of Object.entries(cases)) expect(resolveLanguage(tag), tag).to.equal(language);
  });

  it('the built-in Chinese tables translate every string', () => {
    const english = messagesFor('en');
    for (const tag of ['zh-Hant', 'zh-Hans']) {
      const table = messagesFor(tag);
      for (const key of Object.keys(english) as (keyof Messages)[]) {
        expect(table[key], `${tag} ${key}`).to.be.a('string').and.not.equal(english[key]);
      }
    }
  });
});

describe('registerMessages', () => {
  const japanese: Messages = {
    payWithPayfect: 'Payfect で支払う',
    pay: '{amount} {currency} を支払う',
    busy: '決済ページを開いています…',
    notSetUp: 'この支払いボタンは正しく設定されていません。',
    tryAgain: '決済を開始できませんでした。もう一度お試しください。',
    priceMismatch: 'ここに表示されている価格はショップの現在の価格と異なるため、決済を開始できません。',
    unknownProduct: 'この商品は現在購入できません。',
    rateLimited: '試行回数が多すぎます。しばらくしてからもう一度お試しください。',
    networkError: '決済サービスに接続できません。接続を確認してもう一度お試しください。',
    timeout: '決済の応答に時間がかかっています。もう一度お試しください。',
    statusWaiting: 'Payfect の確認を待っています…',
    statusConfirmed: 'お支払いを確認しました。ありがとうございます。',
    statusExpired: 'この決済は支払われないまま期限切れになりました。',
    statusUnknown: 'このページのお支払いは見つかりませんでした。',
    statusError: '現在お支払い状況を確認できません。再試行しています…',
  };

  it('adds a language that a lang="ja" page uses, from the package root', async () => {
    registerMessages('ja', japanese);
    const el = await buttonIn('ja');
    expect(labelOf(el)).to.equal(`${intl('ja', '1234.5')} USDT を支払う`);
    expect(await failureMessage(el, offline)).to.equal(japanese.networkError);
    expect(await failureMessage(el, () => json(422, { error: { code: 'unknown_product', message: 'x' } }))).to.equal(japanese.unknownProduct);
    const region = await buttonIn('ja-JP', html`<recording-checkout-button product-id="p"></recording-checkout-button>`);
    expect(labelOf(region), 'ja-JP falls back to ja').to.equal(japanese.payWithPayfect);
  });

  it('a partial registration falls back string by string', async () => {
    registerMessages('nl', { pay: 'Betaal {amount} {currency}' });
    const el = await buttonIn('nl-NL');
    expect(labelOf(el)).to.equal(`Betaal ${intl('nl-NL', '1234.5')} USDT`);
    expect(await failureMessage(el, offline), 'English where nl says nothing').to.equal(messagesFor('en').networkError);

    registerMessages('zh-TW', { payWithPayfect: '用 Payfect 結帳' });
    const taiwan = await buttonIn('zh-TW', html`<recording-checkout-button product-id="p"></recording-checkout-button>`);
    expect(labelOf(taiwan)).to.equal('用 Payfect 結帳');
    expect(await failureMessage(taiwan, offline), 'the rest still zh-Hant').to.equal('無法連線至結帳服務，請檢查網路連線後再試一次。');
    expect(labelOf(await buttonIn('zh-HK')), 'zh-HK keeps the built-in label').to.equal(`付款 ${intl('zh-HK', '1234.5')} USDT`);
  });

  it('a later registration reaches a button on the page at its next render', async () => {
    const el = await buttonIn('de', html`<recording-checkout-button product-id="p"></recording-checkout-button>`);
    expect(labelOf(el)).to.equal('Pay with Payfect');
    registerMessages('de', { payWithPayfect: 'Mit Payfect bezahlen' });
    el.requestUpdate();
    await el.updateComplete;
    expect(labelOf(el)).to.equal('Mit Payfect bezahlen');
  });
});
