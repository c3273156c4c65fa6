import { multiplyDecimal, sumDecimals } from '../shared/money.js';

/** The exact total the buyer pays in `currency`, or undefined when any line has no valid price in it. */
export function priceTotal(
  amount: string | null | undefined,
  quantity: number,
  items: string | null | undefined,
  currency: string,
): string | undefined {
  try {
    const lines: [string, number][] =
      items != null
        ? JSON.parse(items).map((item: any) => {
            const price = item.price_data;
            // Amounts in different currencies have no sum to show.
            if ((price.currency ?? currency).toLowerCase() != currency.toLowerCase()) throw price;
            return [price.unit_amount, item.quantity ?? 1];
          })
        : [[amount!, quantity]];
    return sumDecimals(lines.map(([unit, count]) => multiplyDecimal(unit, count)));
  } catch {
    return;
  }
}

/** Shared by every button: building a NumberFormat costs far more than formatting with one. */
const formats = new Map<string, Intl.NumberFormat>();

/**
 * `20.50` formatted for `locale`, digits exact: the decimal string goes to Intl as a
 * string (never a float), keeping its own number of fraction digits.
 */
export function formatAmount(amount: string, locale: string | undefined): string {
  const digits = amount.split('.')[1]?.length ?? 0;
  const key = `${locale} ${digits}`;
  let format = formats.get(key);
  if (!format) {
    const options = { minimumFractionDigits: digits, maximumFractionDigits: digits };
    try {
      format = new Intl.NumberFormat(locale, options);
    } catch {
      // An invalid `lang` tag must not break the label.
      format = new Intl.NumberFormat(undefined, options);
    }
    formats.set(key, format);
  }
  // Intl.NumberFormat v3 formats a numeric string exactly; TS's ES2022 lib only types number | bigint.
  return format.format(amount as unknown as number);
}

/** What the button says: `Pay 20.50 USDT`, or `Pay with Payfect` when there is no total to show. */
export function priceLabel(
  price: { amount?: string | null; quantity: number; items?: string | null; currency: string },
  locale: string | undefined,
): string {
  const total = priceTotal(price.amount, price.quantity, price.items, price.currency);
  return total == null ? 'Pay with Payfect' : `Pay ${formatAmount(total, locale)} ${price.currency.toUpperCase()}`;
}
