import { multiplyDecimal, sumDecimals } from '../shared/money.js';
import type { CheckoutCart } from './checkout-wire.js';

/** The exact total of `cart`, or undefined when a line has no price. */
export function priceTotal(cart: CheckoutCart): string | undefined {
  const { invoice_items: items } = cart;
  if (items.every((item) => item.price_data)) {
    return sumDecimals(items.map((item) => multiplyDecimal(item.price_data!.unit_amount, item.quantity)));
  }
}

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
  return /^[a-z]{3}$/i.test(currency)
    ? cachedFormat(currency, () => new Intl.NumberFormat('en', { style: 'currency', currency })).resolvedOptions().maximumFractionDigits!
    : 2;
}

/**
 * `20.5` formatted for `locale` as `20.50`: the decimal string goes to Intl as a string
 * (never a float), with the currency's usual fraction digits, or more when it has them.
 */
export function formatAmount(amount: string, currency: string, locale: string | undefined): string {
  const digits = Math.max(amount.split('.')[1]?.length ?? 0, usualDigits(currency));
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

/** What the button says: `Pay 20.50 USDT`, or `Pay with Payfect` when there is no total to show. */
export function priceLabel(cart: CheckoutCart | undefined, locale: string | undefined): string {
  const total = cart && priceTotal(cart);
  return total == null ? 'Pay with Payfect' : `Pay ${formatAmount(total, cart!.currency, locale)} ${cart!.currency.toUpperCase()}`;
}
