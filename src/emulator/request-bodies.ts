import * as z from 'zod/mini';
import { PayfectCheckoutCreate, PayfectPriceDataItem, PayfectPriceItem } from '../shared/payfect-api.js';
import { fieldErrors } from '../shared/field-errors.js';
import type { FieldErrors } from '../shared/errors.js';
import { HttpUrl } from '../shared/schema-parts.js';
import { IN_ENGLISH } from '../shared/english-messages.js';

// What the emulator accepts in each create body: Payfect's documented fields, a little stricter where a lax one would fail later.

/** A field the request got wrong, found after its schema passed (an unknown Price, an amount too large): a 400 naming it. */
export class InvalidFieldError extends Error {
  override name = 'InvalidFieldError';
  constructor(
    /** The field's path, as the 400's `errors` names it: `invoice_items.0.price`. */
    readonly field: string,
    message: string,
  ) {
    super(message);
  }
}

/** A body that fails its schema: every bad field with what is wrong with it. */
export class InvalidBodyError extends Error {
  override name = 'InvalidBodyError';
  constructor(readonly errors: FieldErrors) {
    super('Invalid request body.');
  }
}

/**
 * A URL Payfect redirects a browser to or POSTs to. A control character such as NUL passes
 * `new URL` but no Location header can carry it, so it is refused at create (zod's URL check
 * already drops tabs and line breaks, as `new URL` does).
 */
export const PayfectUrl = HttpUrl.check(z.regex(/^\P{Cc}*$/u, 'must not contain control characters such as NUL'));

/** Either kind of invoice item: inline `price_data`, or the ID of a Price in `price`. */
const InvoiceItem = z
  .partial(z.extend(PayfectPriceDataItem, PayfectPriceItem.shape), { price_data: true, price: true })
  .check(z.refine((item) => (item.price_data === undefined) !== (item.price === undefined), 'needs either price_data or price (the ID of a Price), not both'));
export type InvoiceItem = z.output<typeof InvoiceItem>;

/** `POST /api/v1/checkouts/`: the documented body, items by Price ID, and the SDK's `payment_method_types`. */
export const CheckoutCreateBody = z.extend(PayfectCheckoutCreate, {
  invoice_items: z.array(InvoiceItem).check(z.minLength(1)),
  success_url: z.optional(PayfectUrl),
  cancel_url: z.optional(PayfectUrl),
  callback_url: z.optional(PayfectUrl),
  payment_method_types: z.optional(z.array(z.enum(['crypto', 'card'])).check(z.minLength(1))),
});
export type CheckoutCreateBody = z.output<typeof CheckoutCreateBody>;

/** The parsed body, or an `InvalidBodyError` naming each bad field in English. */
export function parseBody<Schema extends z.ZodMiniType>(schema: Schema, value: unknown): z.output<Schema> {
  const result = schema.safeParse(value, IN_ENGLISH);
  if (!result.success) throw new InvalidBodyError(fieldErrors(result.error.issues));
  return result.data;
}
