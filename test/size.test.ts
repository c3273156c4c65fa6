// The self-contained CDN file (lit, both elements and the three built-in languages) within bench/size.ts's budget,
// which says where it stands against DESIGN's; the first test prints where the bytes go.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { test } from 'node:test';
import { CDN_BUDGET_BYTES as BUDGET_BYTES, cdnComposition, compressedSize } from '../bench/size.js';

const file = new URL('../dist/cdn/payfect-checkout.js', import.meta.url);

test('the CDN file is lit, the messages, the button and the status element, built as vite builds it', async () => {
  assert.ok(existsSync(file), 'dist/cdn/payfect-checkout.js is missing: run `npm run build` first');
  const { whole, parts } = await cdnComposition();
  for (const [part, size] of Object.entries(parts)) {
    console.log(`  ${part.padEnd(9)} ${String(size.gzip).padStart(6)} B gzip ${String(size.brotli).padStart(6)} B brotli ${String(size.raw).padStart(6)} B raw`);
    assert.ok(size.raw > 0, `${part} adds nothing: is it still in the file?`);
  }
  // The parts are differences of builds of the same entry, so they add up to that build; it must be the shipped file.
  assert.deepEqual(whole, compressedSize(readFileSync(file)), 'dist/cdn is stale: run `npm run build:cdn`');
});

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
