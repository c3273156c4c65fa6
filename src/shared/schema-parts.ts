import * as z from 'zod/mini';
import { CURRENCY_PATTERN, NETWORK_PATTERN } from './codes.js';
import { DECIMAL_PATTERN } from './money.js';

// The building blocks every wire format shares, so a currency or an amount means one thing everywhere.

/** A currency code: short and alphanumeric, compared case-insensitively and sent in lower case. */
export const CurrencyCode = z
  .string()
  .check(z.regex(CURRENCY_PATTERN, 'must be a currency code such as usdt'), z.toLowerCase());

/** A money amount as a decimal string, never a number: `"20.50"`. */
export const DecimalAmount = z
  .string()
  .check(z.regex(DECIMAL_PATTERN, 'must be a decimal amount such as 20.50'));

/** An absolute http(s) URL. Not `z.httpUrl()`: that one refuses `localhost`, which the demo and tests use. */
export const HttpUrl = z.url({ protocol: /^https?$/, error: 'must be an absolute http(s) URL' });

export const ProductData = z.object({
  name: z.string().check(z.minLength(1), z.maxLength(250)),
  description: z.optional(z.string().check(z.maxLength(1000))),
  images: z.optional(z.array(HttpUrl).check(z.maxLength(8))),
});
export type ProductData = z.output<typeof ProductData>;

export const PriceData = z.object({
  currency: CurrencyCode,
  unit_amount: DecimalAmount,
  product_data: ProductData,
});
export type PriceData = z.output<typeof PriceData>;

/** A crypto payment method: a coin on a network, `{ currency: 'usdt', network: 'tron' }`. */
export const PaymentMethod = z.object({
  currency: CurrencyCode,
  network: z.string().check(z.regex(NETWORK_PATTERN, 'must be a network name such as tron'), z.toLowerCase()),
});
export type PaymentMethod = z.output<typeof PaymentMethod>;

/** Payfect's `payment_method_data`; note the camelCase inner object, as documented. */
export const PaymentMethodData = z.object({
  type: z.literal('cryptopaymentmethoddetail'),
  paymentMethodDetail: PaymentMethod,
});
export type PaymentMethodData = z.output<typeof PaymentMethodData>;
