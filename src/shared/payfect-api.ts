import * as z from 'zod/mini';
import { CurrencyCode, DecimalAmount, HttpUrl, PaymentMethodData, PriceData, ProductData } from './schema-parts.js';

/** An invoice item's quantity: a whole number of at least 1. */
const Quantity = z.int().check(z.gte(1, 'must be a whole number of at least 1'));

/** An invoice item priced inline, as the create page documents it. */
export const PayfectPriceDataItem = z.object({ price_data: PriceData, quantity: Quantity });
export type PayfectPriceDataItem = z.output<typeof PayfectPriceDataItem>;

/**
 * Payfect's `POST /api/v1/checkouts/`, as documented in docs/payfect-api. The server
 * sends `PayfectCheckoutCreate`; the emulator validates it with the same schema and
 * answers a `PayfectCheckout`.
 */
export const PayfectCheckoutCreate = z.object({
  client_reference_id: z.optional(z.string().check(z.maxLength(200))),
  currency: CurrencyCode,
  invoice_items: z.array(PayfectPriceDataItem).check(z.minLength(1)),
  success_url: z.optional(HttpUrl),
  cancel_url: z.optional(HttpUrl),
  callback_url: z.optional(HttpUrl),
  payment_method_data: z.optional(PaymentMethodData),
});
export type PayfectCheckoutCreate = z.output<typeof PayfectCheckoutCreate>;

export const CHECKOUT_STATUSES = ['open', 'complete', 'expired'] as const;
export type CheckoutStatus = (typeof CHECKOUT_STATUSES)[number];

/** `createdAt`/`updatedAt` are seconds with a fraction; `expiresAt` is milliseconds. Both are strings. */
const Timestamp = z.string().check(z.regex(/^\d+(?:\.\d+)?$/, 'must be a numeric timestamp string'));

const Named = z.looseObject({ value: z.string(), name: z.string() });

/**
 * The documented 22-field checkout object. Extra fields are allowed, since Payfect may
 * add some; `id`, `url` and `status` are what the button cannot work without.
 */
export const PayfectCheckout = z.looseObject({
  id: z.string().check(z.minLength(1)),
  merchant: z.optional(z.looseObject({ id: z.string(), name: z.string() })),
  nameCollection: z.optional(z.boolean()),
  emailCollection: z.optional(z.boolean()),
  phoneNumberCollection: z.optional(z.boolean()),
  shippingAddressCollection: z.optional(z.nullable(z.looseObject({}))),
  invoiceItems: z.optional(
    z.array(
      z.looseObject({
        id: z.string(),
        price: z.optional(z.nullable(z.string())),
        priceData: z.optional(z.nullable(z.looseObject({}))),
        quantity: z.int(),
        amount: DecimalAmount,
      }),
    ),
  ),
  amountTotal: z.optional(DecimalAmount),
  status: z.enum(CHECKOUT_STATUSES),
  createdAt: z.optional(Timestamp),
  updatedAt: z.optional(Timestamp),
  clientReferenceId: z.optional(z.nullable(z.string())),
  currency: z.optional(z.string()),
  successUrl: z.optional(z.nullable(z.string())),
  cancelUrl: z.optional(z.nullable(z.string())),
  expiresAt: z.optional(z.nullable(Timestamp)),
  paymentIntent: z.optional(z.nullable(z.string())),
  paymentMethodTypes: z.optional(z.array(z.string())),
  paymentMethodOptions: z.optional(
    z.nullable(
      z.looseObject({
        crypto: z.optional(
          z.nullable(
            z.array(z.looseObject({ currency: Named, networks: z.array(Named) })),
          ),
        ),
        card: z.optional(z.nullable(z.unknown())),
      }),
    ),
  ),
  url: HttpUrl,
  metadata: z.optional(z.nullable(z.record(z.string(), z.unknown()))),
  isLivemode: z.optional(z.boolean()),
});
export type PayfectCheckout = z.output<typeof PayfectCheckout>;

/** The 22 response fields the reference page's table lists, in its order. */
export const PAYFECT_CHECKOUT_FIELDS = [
  'id', 'merchant', 'nameCollection', 'emailCollection', 'phoneNumberCollection',
  'shippingAddressCollection', 'invoiceItems', 'amountTotal', 'status', 'createdAt',
  'updatedAt', 'clientReferenceId', 'currency', 'successUrl', 'cancelUrl', 'expiresAt',
  'paymentIntent', 'paymentMethodTypes', 'paymentMethodOptions', 'url', 'metadata',
  'isLivemode',
] as const;

export { DecimalAmount };

/**
 * Payfect's "Callback for Checkout Success" body (docs/payfect-api/callback.md): snake_case,
 * and not the checkout object (`amount` not `amountTotal`, `status: "succeeded"`, `merchant`
 * an id). The emulator writes it and `createCallbackHandler` reads it; both use this schema.
 */
export const PayfectCallback = z.looseObject({
  id: z.string().check(z.minLength(1), z.maxLength(200)),
  amount: DecimalAmount,
  status: z.string().check(z.maxLength(50)),
  currency: z.string().check(z.minLength(1), z.maxLength(20)),
  merchant: z.optional(z.nullable(z.string())),
  is_livemode: z.optional(z.boolean()),
  payment_intent: z.optional(z.nullable(z.string())),
  payment_method: z.optional(
    z.nullable(
      z.looseObject({
        id: z.optional(z.string()),
        payment_method_detail: z.optional(z.looseObject({ network: z.string(), currency: z.string() })),
      }),
    ),
  ),
  client_reference_id: z.optional(z.nullable(z.string())),
});
export type PayfectCallback = z.output<typeof PayfectCallback>;

/** The header that carries the Fernet token of the callback body. */
export const PAYFECT_SIGNATURE_HEADER = 'x-payfect-signature';

// Payfect's Resources pages (Products, Price, Invoice Items, Payment Link) and its Python SDK's create calls.

/** The id of a Product, Price or Payment Link, as Payfect gives it (a UUID in the pages' examples). */
const ObjectId = z.string().check(z.minLength(1), z.maxLength(200));

/** `POST {base}/products/`: `{ name, description?, images? }`. */
export const PayfectProductCreate = ProductData;
export type PayfectProductCreate = z.output<typeof PayfectProductCreate>;

/** `POST {base}/prices/`: inline `price_data`'s amount and currency, for a Product named by its ID. */
export const PayfectPriceCreate = z.extend(z.omit(PriceData, { product_data: true }), { product: ObjectId });
export type PayfectPriceCreate = z.output<typeof PayfectPriceCreate>;

/** An invoice item that names a Price ID (the Invoice Items page's `price`) instead of inline `price_data`. */
export const PayfectPriceItem = z.object({ price: ObjectId, quantity: Quantity });
export type PayfectPriceItem = z.output<typeof PayfectPriceItem>;

/** `POST {base}/payment-links/`, with the fields the SDK sends. */
export const PayfectPaymentLinkCreate = z.object({
  name_collection: z.optional(z.boolean()),
  email_collection: z.optional(z.boolean()),
  phone_number_collection: z.optional(z.boolean()),
  /** Country codes a shipping address may be in, such as `["TW"]`. */
  shipping_address_collection: z.optional(
    z.array(z.string().check(z.regex(/^[A-Za-z]{2}$/, 'must be a two-letter country code such as TW'), z.toUpperCase())),
  ),
  invoice_items: z.array(PayfectPriceItem).check(z.minLength(1)),
});
export type PayfectPaymentLinkCreate = z.output<typeof PayfectPaymentLinkCreate>;
