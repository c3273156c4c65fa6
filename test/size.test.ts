// DESIGN's budget: the self-contained CDN file (lit, both elements and the three built-in languages) is at
// most 12 KiB gzip and 11 KiB brotli.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { test } from 'node:test';
import { compressedSize } from '../bench/size.js';

const BUDGET_BYTES = { gzip: 12 * 1024, brotli: 11 * 1024 };
const file = new URL('../dist/cdn/payfect-checkout.js', import.meta.url);

for (const encoding of ['gzip', 'brotli'] as const) {
  test(`dist/cdn/payfect-checkout.js is at most ${BUDGET_BYTES[encoding]} bytes ${encoding}`, () => {
    assert.ok(existsSync(file), 'dist/cdn/payfect-checkout.js is missing: run `npm run build` first');
    const size = compressedSize(readFileSync(file));
    console.log(
      `CDN file: ${size.raw} bytes raw, ${size[encoding]} bytes ${encoding} ` +
        `(${(size[encoding] / 1024).toFixed(2)} KiB of ${BUDGET_BYTES[encoding] / 1024} KiB)`,
    );
    assert.ok(size[encoding] <= BUDGET_BYTES[encoding], `${size[encoding]} bytes ${encoding} is over the ${BUDGET_BYTES[encoding]}-byte budget`);
  });
}

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

test('the CDN file carries the three built-in languages', () => {
  const source = readFileSync(file, 'utf8');
  for (const label of ['Pay with Payfect', '使用 Payfect 付款', '使用 Payfect 支付']) assert.ok(source.includes(label), label);
});
