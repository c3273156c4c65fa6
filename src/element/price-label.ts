import { multiplyDecimal, sumDecimals } from '../shared/money.js';
import { checkoutCart, InvalidConfigError, pageUrl, type CheckoutCart, type CheckoutConfig } from './checkout-wire.js';
import { fillMessage, messagesFor, type Messages } from './messages.js';

/** The exact total of `cart`, or undefined when a line has no price. */
export function priceTotal(cart: CheckoutCart): string | undefined {
  const { invoice_items: items } = cart;
  if (items.every((item) => item.price_data)) {
    return sumDecimals(items.map((item) => multiplyDecimal(item.price_data!.unit_amount, item.quantity)));
  }
}

/**
 * Language tags (lower case) whose numbers Intl.NumberFormat writes as `1,234.50`: the built-in languages' common tags.
 * test/element/label.test.ts holds each to Intl's own output. Any other tag is formatted by Intl.
 */
export const COMMA_GROUPED_LOCALES: ReadonlySet<string> = new Set([
  ...['en', 'en-us', 'en-gb', 'en-au', 'en-ca', 'en-nz', 'en-ie', 'en-sg', 'en-hk'],
  ...['zh', 'zh-cn', 'zh-sg', 'zh-hans', 'zh-hans-cn', 'zh-hans-sg'],
  ...['zh-tw', 'zh-hk', 'zh-mo', 'zh-hant', 'zh-hant-tw', 'zh-hant-hk', 'zh-hant-mo'],
]);

/** Shared by every button: building a NumberFormat costs far more than formatting with one. */
const formats = new Map<string, Intl.NumberFormat>();

function cachedFormat(key: string, make: () => Intl.NumberFormat): Intl.NumberFormat {
  let format = formats.get(key);
  if (!format) formats.set(key, (format = make()));
  return format;
}

/**
 * The currency's usual fraction digits: Intl's for an ISO 4217 code (JPY 0, KWD 3), and
 * cents for the rest, such as USDT, which Intl refuses.
 */
function usualDigits(currency: string): number {
  // Not /^[a-z]{3}$/i: a case-insensitive expression's first use in a page costs about 0.15 ms, a plain one 0.01 ms.
  return /^[a-zA-Z]{3}$/.test(currency)
    ? cachedFormat(currency, () => new Intl.NumberFormat('en', { style: 'currency', currency })).resolvedOptions().maximumFractionDigits!
    : 2;
}

/** `1234.5` with `digits` fraction digits as `1,234.50`, the format COMMA_GROUPED_LOCALES share. */
function commaGrouped(amount: string, digits: number): string {
  const [whole, fraction = ''] = amount.split('.');
  // A comma before every group of three digits that ends the whole part.
  const grouped = whole!.replace(/\B(?=(\d{3})+$)/g, ',');
  return digits ? `${grouped}.${fraction.padEnd(digits, '0')}` : grouped;
}

/**
 * `20.5` formatted for `locale` as `20.50`: with the currency's usual fraction digits, or more when
 * it has them. Intl gets the decimal string as a string (never a float), and only for a locale
 * whose format is not already known.
 */
export function formatAmount(amount: string, currency: string, locale: string | undefined): string {
  const digits = Math.max(amount.split('.')[1]?.length ?? 0, usualDigits(currency));
  if (locale && COMMA_GROUPED_LOCALES.has(locale.toLowerCase())) return commaGrouped(amount, digits);
  const options = { minimumFractionDigits: digits, maximumFractionDigits: digits };
  const format = cachedFormat(`${locale} ${digits}`, () => {
    try {
      return new Intl.NumberFormat(locale, options);
    } catch {
      // An invalid `lang` tag must not break the label.
      return new Intl.NumberFormat(undefined, options);
    }
  });
  // Intl.NumberFormat v3 formats a numeric string exactly; TS's ES2022 lib only types number | bigint.
  return format.format(amount as unknown as number);
}

/** Labels by message table (registerMessages makes new tables) and by what they are derived from. */
const labels = new WeakMap<Messages, Map<string, string>>();

/**
 * What the button says in `lang`: `Pay 20.50 USDT`, or `Pay with Payfect` when the attributes give no
 * total (no amount, or one that is not valid). Computed once per purchase and language, then shared.
 */
export function priceLabel(config: CheckoutConfig, lang: string | undefined): string {
  const messages = messagesFor(lang);
  let byPurchase = labels.get(messages);
  if (!byPurchase) labels.set(messages, (byPurchase = new Map()));
  const key = JSON.stringify([lang, config.currency, config.quantity, config.amount, config.items]);
  let label = byPurchase.get(key);
  if (label == null) {
    label = pricedLabel(config, lang, messages);
    byPurchase.set(key, label);
  }
  return label;
}

function pricedLabel(config: CheckoutConfig, lang: string | undefined, messages: Messages): string {
  let cart: CheckoutCart;
  try {
    // The page only resolves relative image URLs of `items`, which every page resolves alike.
    cart = checkoutCart(config, pageUrl());
  } catch (error) {
    // A purchase that is not valid shows no price; the click reports what is wrong.
    if (error instanceof InvalidConfigError) return messages.payWithPayfect;
    throw error;
  }
  const total = priceTotal(cart);
  if (total == null) return messages.payWithPayfect;
  return fillMessage(messages.pay, { amount: formatAmount(total, cart.currency, lang), currency: cart.currency.toUpperCase() });
}
