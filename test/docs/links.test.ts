// Every relative link and #anchor in README.md and docs/*.md resolves, by GitHub's slug rules
// (github-slugger); see scripts/doc-links.ts.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import { docPages } from '../../scripts/doc-pages.js';
import { anchorsOf, brokenLinks, brokenLinksIn, linksOf } from '../../scripts/doc-links.js';

const ROOT = new URL('../../', import.meta.url);

describe('links in README.md and docs/*.md', () => {
  for (const page of docPages(ROOT)) {
    test(`${page}: every relative link and #anchor resolves`, () => {
      assert.deepEqual(brokenLinksIn(ROOT, page), []);
    });
  }

  test('the README links to every page in docs/', () => {
    const linked = new Set(linksOf(readFileSync(new URL('README.md', ROOT), 'utf8')));
    for (const page of docPages(ROOT).filter((path) => path.startsWith('docs/'))) assert.ok(linked.has(page), `README.md links to ${page}`);
  });
});

describe('scripts/doc-links.ts', () => {
  test("anchors follow GitHub's slugs: lower case, spaces to -, punctuation dropped but - and _, repeats numbered", () => {
    const anchors = anchorsOf(
      '# The element `<payfect-checkout-button>`\n\n## No backend: `npx payfect-checkout serve`\n\n' +
        '## Next.js (App Router)\n\n## snake_case & kebab-case!\n\n#### Attributes\n\n#### Attributes\n\n#### Attributes\n',
    );
    assert.deepEqual([...anchors], [
      'the-element-payfect-checkout-button',
      'no-backend-npx-payfect-checkout-serve',
      'nextjs-app-router',
      'snake_case--kebab-case',
      'attributes',
      'attributes-1',
      'attributes-2',
    ]);
  });

  test('a missing file, a missing anchor, here or in another page, and a path out of the repository are each reported', () => {
    const pages: Record<string, string> = {
      'README.md': '# Title\n\n## Same\n\n## Same\n\n[ok](#same-1) [here](#same-2) [page](docs/a.md#there) [gone](docs/b.md) ' +
        '[other](docs/a.md#nowhere) [folder](docs/) [out](../x.md) [web](https://example.com/#x) ![pic](docs/a.png)\n\n' +
        '```md\n[in code](nowhere.md)\n```\n',
      'docs/a.md': '# There\n',
    };
    const broken = brokenLinks('README.md', (path) => pages[path], (path) => path in pages || path === 'docs');
    assert.deepEqual(broken, [
      '#same-2: README.md has no heading with the anchor #same-2',
      'docs/b.md: docs/b.md does not exist',
      'docs/a.md#nowhere: docs/a.md has no heading with the anchor #nowhere',
      '../x.md: ../x.md does not exist',
      'docs/a.png: docs/a.png does not exist',
    ]);
  });

  test('links resolve from the page that holds them', () => {
    const pages: Record<string, string> = { 'docs/a.md': '[up](../README.md#top) [side](b.md)', 'README.md': '# Top\n', 'docs/b.md': '' };
    assert.deepEqual(brokenLinks('docs/a.md', (path) => pages[path], (path) => path in pages), []);
  });
});
