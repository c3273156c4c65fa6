import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';

// CI lays shared/ beside the clone; a merchant's clone has only the copy, and then there is nothing to compare.
const SHARED = new URL('../../../shared/reference/', import.meta.url);
const COPY = new URL('../../docs/payfect-api/', import.meta.url);

/** Our copy's name → shared/reference's name. */
const COPIES: Record<string, string> = {
  'create-checkout.md': 'payfect-create-checkout.md',
  'query-checkout.md': 'payfect-query-checkout.md',
  'callback.md': 'payfect-callback.md',
  'resources.md': 'payfect-resources.md',
  'authentication.md': 'payfect-authentication.md',
  'errors.md': 'payfect-errors.md',
  'payment-introduction.md': 'payfect-payment-introduction.md',
  'fernet/generate.json': 'fernet/generate.json',
  'fernet/verify.json': 'fernet/verify.json',
  'fernet/invalid.json': 'fernet/invalid.json',
};

for (const [copy, original] of Object.entries(COPIES)) {
  test(
    `docs/payfect-api/${copy} is exactly shared/reference/${original}`,
    { skip: existsSync(SHARED) ? false : 'no shared/reference beside this clone' },
    () => {
      assert.equal(readFileSync(new URL(copy, COPY), 'utf8'), readFileSync(new URL(original, SHARED), 'utf8'));
    },
  );
}
