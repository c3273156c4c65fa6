/**
 * Every string a buyer reads from the elements, one table per language. Developer-facing
 * text (console warnings, error events' `message`) stays English and is not here.
 * `{amount}` and `{currency}` are filled in by the caller.
 */
export interface Messages {
  /** The label when there is no amount to show. */
  payWithPayfect: string;
  /** The label with the total, e.g. `Pay {amount} {currency}` → `Pay 20.50 USDT`. */
  pay: string;
  /** Announced while the button waits for the endpoint or redirects. */
  busy: string;
  /** A setup fault (`invalid_config`, a blocked redirect, any other 4xx): retrying cannot help. */
  notSetUp: string;
  /** A 5xx or another fault a retry may fix. */
  tryAgain: string;
  /** `price_mismatch`: the page shows a price the shop does not sell at; a reload will not fix it. */
  priceMismatch: string;
  /** `unknown_product`. */
  unknownProduct: string;
  /** `rate_limited`. */
  rateLimited: string;
  /** `network_error`. */
  networkError: string;
  /** `timeout`. */
  timeout: string;
  /** `<payfect-checkout-status>` while the payment is not yet confirmed. */
  statusWaiting: string;
  /** `<payfect-checkout-status>` once the merchant's `onCompleted` has run. */
  statusConfirmed: string;
  /** `<payfect-checkout-status>` for a checkout that expired unpaid. */
  statusExpired: string;
  /** `<payfect-checkout-status>` with no checkout id, or one Payfect does not know. */
  statusUnknown: string;
  /** `<payfect-checkout-status>` while its endpoint fails (it keeps asking). */
  statusError: string;
}

const en: Messages = {
  payWithPayfect: 'Pay with Payfect',
  pay: 'Pay {amount} {currency}',
  busy: 'Opening checkout…',
  notSetUp: 'This payment button is not set up correctly.',
  tryAgain: 'Checkout could not start. Please try again.',
  priceMismatch: 'The price shown here is not the shop’s current price, so checkout cannot start.',
  unknownProduct: 'This product is not available.',
  rateLimited: 'Too many attempts. Please wait a moment and try again.',
  networkError: 'Could not reach checkout. Check your connection and try again.',
  timeout: 'Checkout is taking too long. Please try again.',
  statusWaiting: 'Waiting for Payfect’s confirmation…',
  statusConfirmed: 'Payment confirmed. Thank you!',
  statusExpired: 'This checkout expired before it was paid.',
  statusUnknown: 'No payment was found for this page.',
  statusError: 'The payment status cannot be checked right now. Still trying…',
};

const zhHant: Messages = {
  payWithPayfect: '使用 Payfect 付款',
  pay: '付款 {amount} {currency}',
  busy: '正在前往支付頁面…',
  notSetUp: '此付款按鈕設定有誤。',
  tryAgain: '無法開始結帳，請再試一次。',
  priceMismatch: '此處顯示的價格與商店目前的價格不符，無法開始結帳。',
  unknownProduct: '此商品目前無法購買。',
  rateLimited: '嘗試次數過多，請稍候再試。',
  networkError: '無法連線至結帳服務，請檢查網路連線後再試一次。',
  timeout: '結帳逾時，請再試一次。',
  statusWaiting: '正在等待 Payfect 確認付款…',
  statusConfirmed: '付款已確認，謝謝！',
  statusExpired: '此筆結帳已過期，尚未付款。',
  statusUnknown: '找不到此頁面的付款紀錄。',
  statusError: '暫時無法查詢付款狀態，正在重試…',
};

const zhHans: Messages = {
  payWithPayfect: '使用 Payfect 支付',
  pay: '支付 {amount} {currency}',
  busy: '正在前往支付页面…',
  notSetUp: '此支付按钮配置有误。',
  tryAgain: '无法发起支付，请重试。',
  priceMismatch: '此处显示的价格与商家当前价格不一致，无法发起支付。',
  unknownProduct: '该商品暂不可购买。',
  rateLimited: '尝试次数过多，请稍后再试。',
  networkError: '无法连接支付服务，请检查网络连接后重试。',
  timeout: '支付请求超时，请重试。',
  statusWaiting: '正在等待 Payfect 确认付款…',
  statusConfirmed: '付款已确认，谢谢！',
  statusExpired: '该订单已过期，尚未付款。',
  statusUnknown: '未找到此页面的付款记录。',
  statusError: '暂时无法查询付款状态，正在重试…',
};

/** The nearest `lang` around `element`, or the browser's language: the one its buyer reads. */
export const languageOf = (element: Element) => element.closest('[lang]')?.getAttribute('lang') || navigator.language;

/** Keyed by lower-case BCP 47 tag; `registerMessages` adds to it. */
const tables = new Map<string, Partial<Messages>>([
  ['en', en],
  ['zh-hant', zhHant],
  ['zh-hans', zhHans],
]);

/** Chinese without a script subtag: Taiwan, Hong Kong and Macau write Traditional, the rest Simplified. */
const TRADITIONAL_REGIONS = ['tw', 'hk', 'mo'];

/**
 * The tags to look up for `lang`, most specific first, as BCP 47 lookup truncates them
 * (`zh-Hant-TW` → `zh-hant-tw`, `zh-hant`, `zh`), with the script a Chinese tag implies
 * after the tag itself and before the bare `zh` (`zh-TW` → `zh-tw`, `zh-hant`, `zh`; `zh` → `zh`, `zh-hans`).
 */
function lookupChain(lang: string): string[] {
  const subtags = lang.toLowerCase().split(/[-_]/);
  const chain = subtags.map((_, i) => subtags.slice(0, subtags.length - i).join('-'));
  if (subtags[0] == 'zh') {
    const traditional = subtags.includes('hant') || (!subtags.includes('hans') && subtags.some((s) => TRADITIONAL_REGIONS.includes(s)));
    chain.splice(Math.max(1, chain.length - 1), 0, traditional ? 'zh-hant' : 'zh-hans');
  }
  return chain;
}

/** The built-in or registered language `lang` resolves to (`zh-TW` → `zh-hant`), or `en`. */
export function resolveLanguage(lang: string | undefined): string {
  return (lang && lookupChain(lang).find((tag) => tables.has(tag))) || 'en';
}

/** Merged once per language and cleared by `registerMessages`: the label is built per button. */
const resolved = new Map<string, Messages>();

/**
 * The messages for `lang` (a BCP 47 tag such as `zh-TW`, or undefined for English): each
 * string from the most specific table that has it, English last.
 */
export function messagesFor(lang: string | undefined): Messages {
  const key = lang?.toLowerCase() ?? '';
  let messages = resolved.get(key);
  if (!messages) {
    const chain = lang ? lookupChain(lang).filter((tag) => tables.has(tag)) : [];
    messages = Object.assign({}, en, ...chain.reverse().map((tag) => tables.get(tag)));
    resolved.set(key, messages!);
  }
  return messages!;
}

/**
 * Adds a language, or overrides strings of a built-in one: `registerMessages('ja', { pay:
 * '{amount} {currency} を支払う' })`. Strings it leaves out fall back to the less specific
 * tag's, then to English. Elements already on the page pick it up at their next render.
 */
export function registerMessages(lang: string, messages: Partial<Messages>): void {
  const tag = lang.toLowerCase().replaceAll('_', '-');
  const given = Object.entries(messages).filter(([, text]) => text != null);
  tables.set(tag, { ...tables.get(tag), ...Object.fromEntries(given) });
  resolved.clear();
}

/** `Pay {amount} {currency}` with its placeholders filled in. */
export function fillMessage(template: string, values: Record<string, string>): string {
  return template.replace(/\{(\w+)\}/g, (placeholder, name: string) => values[name] ?? placeholder);
}
