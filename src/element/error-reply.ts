import type { ErrorBody } from '../shared/error-body.js';

/**
 * The `error` of an ErrorBody reply, or undefined when the reply is not one. Checked by
 * hand rather than with the zod schema: its `fields` record alone costs ~0.8 KB gzip of the
 * 14 KiB CDN budget. test/element/error-reply.test.ts holds it to the schema's verdicts.
 */
export function errorOfReply(reply: unknown): ErrorBody['error'] | undefined {
  const error = (reply as Partial<ErrorBody> | null)?.error;
  const fields = error?.fields;
  if (
    typeof error?.code == 'string' &&
    error.code &&
    typeof error.message == 'string' &&
    (fields === undefined ||
      (fields && typeof fields == 'object' && !Array.isArray(fields) && Object.values(fields).every((text) => typeof text == 'string')))
  ) {
    return fields ? { code: error.code, message: error.message, fields } : { code: error.code, message: error.message };
  }
}
