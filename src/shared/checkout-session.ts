import * as z from 'zod/mini';

/**
 * The session endpoint's answers. Success is the Payfect checkout reduced to what a
 * browser needs; failure is an error body with a code from DESIGN.md's table.
 */
export const CheckoutSession = z.object({
  id: z.string().check(z.minLength(1)),
  url: z.string().check(z.minLength(1)),
  status: z.enum(['open', 'complete', 'expired']),
  amountTotal: z.nullable(z.string()),
  currency: z.nullable(z.string()),
  /** ISO 8601, normalised by the server from Payfect's millisecond string. */
  expiresAt: z.nullable(z.string()),
  isLivemode: z.boolean(),
});
export type CheckoutSession = z.output<typeof CheckoutSession>;

export const ErrorBody = z.object({
  error: z.object({
    code: z.string().check(z.minLength(1)),
    message: z.string(),
    fields: z.optional(z.record(z.string(), z.string())),
  }),
});
export type ErrorBody = z.output<typeof ErrorBody>;
