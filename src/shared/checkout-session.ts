import * as z from 'zod/mini';
import { CHECKOUT_STATUSES } from './payfect-api.js';

/** The session endpoint's success answer: the Payfect checkout reduced to what a browser needs. */
export const CheckoutSession = z.object({
  id: z.string().check(z.minLength(1)),
  url: z.string().check(z.minLength(1)),
  status: z.enum(CHECKOUT_STATUSES),
  amountTotal: z.nullable(z.string()),
  currency: z.nullable(z.string()),
  /** ISO 8601, normalised by the server from Payfect's millisecond string. */
  expiresAt: z.nullable(z.string()),
  isLivemode: z.boolean(),
});
export type CheckoutSession = z.output<typeof CheckoutSession>;
