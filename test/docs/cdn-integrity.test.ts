import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { CDN_FILE, INTEGRITY_FILE, integritiesIn, integrityOf, pagesWithScriptTags, withIntegrity } from '../../scripts/cdn-integrity.js';

// Needs `npm run build` (npm test builds first): the hash is of the file the build wrote.
const ROOT = new URL('../../', import.meta.url);

test('the build writes the CDN file\'s sha384 integrity beside it', () => {
  const built = integrityOf(readFileSync(new URL(CDN_FILE, ROOT)));
  assert.match(built, /^sha384-[A-Za-z0-9+/]{64}$/);
  assert.equal(readFileSync(new URL(INTEGRITY_FILE, ROOT), 'utf8').trim(), built);
});

test('the docs and the example pages pin the built file (run `npm run docs` after a change to the element)', () => {
  const built = integrityOf(readFileSync(new URL(CDN_FILE, ROOT)));
  const pinned = pagesWithScriptTags(ROOT).flatMap((path) =>
    integritiesIn(readFileSync(new URL(path, ROOT), 'utf8')).map((integrity) => ({ path, integrity })),
  );
  assert.ok(pinned.some(({ path }) => path === 'docs/element.md'), 'the element page shows a pinned script tag');
  assert.ok(pinned.some(({ path }) => path === 'examples/script-tag/index.html'));
  assert.deepEqual(pinned.filter(({ integrity }) => integrity !== built), [], `every pin is ${built}`);
});

test('only payfect-checkout.js script tags are rewritten', () => {
  const page =
    '<script type="module" src="/payfect-checkout.js" integrity="sha384-old" crossorigin="anonymous"></script>\n' +
    '<script src="/other.js" integrity="sha384-keep"></script>';
  assert.equal(
    withIntegrity(page, 'sha384-new'),
    '<script type="module" src="/payfect-checkout.js" integrity="sha384-new" crossorigin="anonymous"></script>\n' +
      '<script src="/other.js" integrity="sha384-keep"></script>',
  );
});
