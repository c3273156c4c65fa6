import { expect } from '@open-wc/testing';
import { ErrorBody } from '../../src/shared/error-body.js';
import { errorOfReply } from '../../src/element/error-reply.js';

// The element checks error replies by hand to keep the CDN budget; it must agree with the
// shared ErrorBody schema, which stays the single source of truth.

const REPLIES: unknown[] = [
  { error: { code: 'price_mismatch', message: 'Price changed' } },
  { error: { code: 'invalid_request', message: 'Bad', fields: { 'invoice_items.0.quantity': 'too small' } } },
  { error: { code: 'invalid_request', message: 'Bad', fields: {} } },
  { error: { code: 'x', message: '' } },
  { error: { code: '', message: 'empty code' } },
  { error: { code: 1, message: 'numeric code' } },
  { error: { code: 'x' } },
  { error: { code: 'x', message: 'm', fields: ['a'] } },
  { error: { code: 'x', message: 'm', fields: { a: 1 } } },
  { error: { code: 'x', message: 'm', fields: null } },
  { error: 'price_mismatch' },
  { error: null },
  { message: 'Not Found' },
  [],
  null,
  undefined,
  'error',
  42,
];

describe('errorOfReply', () => {
  REPLIES.forEach((reply, index) => {
    it(`agrees with ErrorBody on reply #${index}: ${JSON.stringify(reply)}`, () => {
      const parsed = ErrorBody.safeParse(reply);
      expect(errorOfReply(reply)).to.deep.equal(parsed.success ? parsed.data.error : undefined);
    });
  });
});
