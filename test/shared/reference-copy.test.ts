import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { referencePage } from '../support/reference-page.js';

// CI lays shared/ beside the clone; a merchant's clone has only the copy, and then there is nothing to compare.
const SHARED_PAGE = new URL('../../../shared/reference/payfect-create-checkout.md', import.meta.url);

test(
  "docs/payfect-api holds Payfect's page exactly as shared/reference does",
  { skip: existsSync(SHARED_PAGE) ? false : 'no shared/reference beside this clone' },
  () => {
    assert.equal(referencePage, readFileSync(SHARED_PAGE, 'utf8'));
  },
);
