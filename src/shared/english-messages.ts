import * as z from 'zod/mini';

/**
 * Parse options that give zod's issues English messages for this parse only: z.config()
 * would change the merchant's own zod setup, and zod/mini loads no locale by default.
 */
export const IN_ENGLISH: z.core.ParseContext<z.core.$ZodIssue> = { error: z.locales.en().localeError };
