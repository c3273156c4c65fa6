import * as z from 'zod/mini';
import { CurrencyCode, DecimalAmount, HttpUrl, PaymentMethodData, PriceData, ProductData } from './schema-parts.js';

/**
 * What the button POSTs to the merchant's session endpoint: Payfect's create-checkout
 * body without `callback_url`, plus a `product_id` on each item. `price_data`, when
 * present, is what the buyer saw, and the server checks it against its catalog.
 * Every nested object is strict: an unknown key is a typo to report, never to drop.
 */
export const CheckoutRequestItem = z.strictObject({
  product_id: z.string().check(z.minLength(1), z.maxLength(200)),
  quantity: z.int().check(z.gte(1, 'must be a whole number of at least 1')),
  price_data: z.optional(
    z.strictObject({
      currency: CurrencyCode,
      // A free item is not a price the buyer saw: the catalog would answer it with a misleading price_mismatch.
      unit_amount: DecimalAmount.check(z.regex(/[1-9]/, 'must be above 0')),
      product_data: z.optional(z.partial(z.strictObject(ProductData.shape))),
    }),
  ),
});
export type CheckoutRequestItem = z.output<typeof CheckoutRequestItem>;

export const CheckoutRequest = z.strictObject({
  currency: CurrencyCode,
  invoice_items: z.array(CheckoutRequestItem).check(z.minLength(1), z.maxLength(100)),
  client_reference_id: z.optional(z.string().check(z.minLength(1), z.maxLength(200))),
  success_url: z.optional(HttpUrl),
  cancel_url: z.optional(HttpUrl),
  // Only the merchant's server may say where notifications go; a buyer who could set it could forge them.
  callback_url: z.optional(z.never('callback_url is set by the server, never by the browser')),
  payment_method_data: z.optional(
    z.strictObject({
      type: PaymentMethodData.shape.type,
      paymentMethodDetail: z.strictObject(PaymentMethodData.shape.paymentMethodDetail.shape),
    }),
  ),
});
export type CheckoutRequest = z.output<typeof CheckoutRequest>;
export type CheckoutRequestInput = z.input<typeof CheckoutRequest>;

export { PriceData };
