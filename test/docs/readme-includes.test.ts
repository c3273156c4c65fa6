import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import { docPages } from '../../scripts/doc-pages.js';
import { findIncludes, readExample, withIncludes } from '../../scripts/readme-includes.js';

const ROOT = new URL('../../', import.meta.url);
const PAGES = docPages(ROOT).map((page) => ({ page, text: readFileSync(new URL(page, ROOT), 'utf8') }));

describe('README.md and docs/*.md', () => {
  test('the pages are the README and one page per subject in docs/', () => {
    for (const page of ['README.md', 'docs/element.md', 'docs/server.md', 'docs/fulfilment.md', 'docs/emulator.md']) {
      assert.ok(PAGES.some((found) => found.page === page), `${page} is one of the pages`);
    }
  });

  for (const { page, text } of PAGES) {
    test(`${page}: every include block is exactly its file under examples/ (run \`npm run docs\` after editing one)`, () => {
      const { changed } = withIncludes(text, (path) => readExample(ROOT, path), page);
      assert.deepEqual(
        changed.map((block) => `line ${block.line}: ${block.path}`),
        [],
        `these ${page} blocks differ from their files`,
      );
    });

    test(`${page}: no include marker is left unclosed or misspelled`, () => {
      const opened = text.match(/^<!-- include:/gm)?.length ?? 0;
      assert.equal(findIncludes(text).length, opened);
    });
  }

  test('the script-tag page and the offline snippet are shown from their files', () => {
    const included = PAGES.flatMap(({ text }) => findIncludes(text).map((block) => block.path));
    assert.ok(included.includes('examples/script-tag/index.html'));
    assert.ok(included.includes('examples/offline/checkout.mjs'));
  });
});

describe('scripts/readme-includes.ts', () => {
  const files: Record<string, string> = {
    'examples/a/page.vue': '<template>\n  <p>{{ total }}</p>\n</template>\n',
    'examples/b/notes.md': 'Run:\n```sh\nnpm start\n```\n',
    'examples/c/app.toml': 'name = "shop"\n',
  };
  const read = (path: string) => files[path];
  const block = (path: string, fence: string, code: string) =>
    `<!-- include: ${path} -->\n${fence}\n${code}${fence.replace(/[a-z]+$/, '')}\n<!-- /include -->`;

  test('a block equal to its file, in any language, is left as it is', () => {
    const readme = `# Title\n\n${block('examples/a/page.vue', '```vue', files['examples/a/page.vue']!)}\n\nAfter.\n`;
    const result = withIncludes(readme, read);
    assert.deepEqual(result.changed, []);
    assert.equal(result.readme, readme);
  });

  test('a block that differs from its file is reported and rewritten from the file, keeping its language', () => {
    const readme = `Intro\n\n${block('examples/c/app.toml', '```toml', 'name = "old"\n')}\n`;
    const result = withIncludes(readme, read);
    assert.deepEqual(result.changed.map((changed) => [changed.path, changed.line]), [['examples/c/app.toml', 3]]);
    assert.equal(result.readme, `Intro\n\n${block('examples/c/app.toml', '```toml', files['examples/c/app.toml']!)}\n`);
  });

  test('a marker with no block yet gets one, its language taken from the extension', () => {
    const result = withIncludes('<!-- include: examples/a/page.vue -->\n<!-- /include -->\n', read);
    assert.equal(result.readme, `${block('examples/a/page.vue', '```vue', files['examples/a/page.vue']!)}\n`);
  });

  test('a file holding a ``` fence gets a longer fence, and reads back as one block', () => {
    const once = withIncludes('<!-- include: examples/b/notes.md -->\n<!-- /include -->', read).readme;
    assert.match(once, /^<!-- include: examples\/b\/notes.md -->\n````md\n/);
    assert.equal(findIncludes(once)[0]?.code, files['examples/b/notes.md']!.replace(/\n$/, ''));
    assert.deepEqual(withIncludes(once, read).changed, []);
  });

  test('a marker naming a missing file fails, naming the page, the line and the path', () => {
    assert.throws(
      () => withIncludes('x\n\n<!-- include: examples/gone.js -->\n```js\n1\n```\n<!-- /include -->', read, 'docs/server.md'),
      /docs\/server.md line 3: include names examples\/gone.js, which does not exist/,
    );
  });

  test('a marker naming a file outside examples/ fails', () => {
    for (const path of ['package.json', 'examples/../.env', '/etc/passwd']) {
      assert.throws(() => withIncludes(`<!-- include: ${path} -->\n<!-- /include -->`, () => 'secret'), /must name a file under examples\//);
    }
  });
});
