import * as z from 'zod/mini';

/**
 * The session endpoint's failure answer, with a code from DESIGN.md's table. Its own module,
 * so the browser bundle, which checks error replies by hand (src/element/error-reply.ts), never carries it.
 */
export const ErrorBody = z.object({
  error: z.object({
    code: z.string().check(z.minLength(1)),
    message: z.string(),
    fields: z.optional(z.record(z.string(), z.string())),
  }),
});
export type ErrorBody = z.output<typeof ErrorBody>;
