// DESIGN's budget: the self-contained CDN file is at most 10 KiB gzip, lit included.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { test } from 'node:test';
import { gzipSync } from 'node:zlib';

const BUDGET_BYTES = 10 * 1024;
const file = new URL('../dist/cdn/payfect-checkout.js', import.meta.url);

test(`dist/cdn/payfect-checkout.js is at most ${BUDGET_BYTES} bytes gzip`, () => {
  assert.ok(existsSync(file), 'dist/cdn/payfect-checkout.js is missing: run `npm run build` first');
  const source = readFileSync(file);
  const gzipped = gzipSync(source, { level: 9 }).length;
  console.log(
    `CDN file: ${source.length} bytes raw, ${gzipped} bytes gzip -9 (${(gzipped / 1024).toFixed(2)} KiB of ${BUDGET_BYTES / 1024} KiB)`,
  );
  assert.ok(gzipped <= BUDGET_BYTES, `${gzipped} bytes gzip is over the ${BUDGET_BYTES}-byte budget`);
});

test('the CDN file is one self-contained module: no imports left', () => {
  const source = readFileSync(file, 'utf8');
  // A static or dynamic import keyword, not a property such as `document.importNode(`.
  const imports = source.match(/(?<![\w$.])import\s*(?:[{*"'`(]|[\w$]+\s*from)/g) ?? [];
  assert.deepEqual(imports, [], 'the CDN file must not import anything');
  assert.ok(source.includes('customElements.define'), 'the CDN file registers the element');
});

test('the CDN file carries no zod: the element checks its boundaries by hand', () => {
  const source = readFileSync(file, 'utf8');
  assert.doesNotMatch(source, /\$Zod|ZodError/);
});
