import * as z from 'zod/mini';

/**
 * The session endpoint's failure answer, with a code from DESIGN.md's table. The browser checks
 * it by hand (src/element/checkout-wire.ts), held to this schema by test/shared/element-boundaries.test.ts.
 */
export const ErrorBody = z.object({
  error: z.object({
    code: z.string().check(z.minLength(1)),
    message: z.string(),
    fields: z.optional(z.record(z.string(), z.string())),
  }),
});
export type ErrorBody = z.output<typeof ErrorBody>;
