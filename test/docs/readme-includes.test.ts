import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import { findIncludes, readExample, withIncludes } from '../../scripts/readme-includes.js';

const ROOT = new URL('../../', import.meta.url);
const README = readFileSync(new URL('README.md', ROOT), 'utf8');

describe('README.md', () => {
  test('every include block is exactly its file under examples/ (run `npm run docs` after editing one)', () => {
    const blocks = findIncludes(README);
    assert.ok(blocks.some((block) => block.path === 'examples/script-tag/index.html'));
    assert.ok(blocks.some((block) => block.path === 'examples/offline/checkout.mjs'));
    const { changed } = withIncludes(README, (path) => readExample(ROOT, path));
    assert.deepEqual(
      changed.map((block) => `line ${block.line}: ${block.path}`),
      [],
      'these README blocks differ from their files',
    );
  });

  test('no include marker is left unclosed or misspelled', () => {
    const opened = README.match(/^<!-- include:/gm)?.length ?? 0;
    assert.equal(findIncludes(README).length, opened);
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

  test('a marker naming a missing file fails, naming the README line and the path', () => {
    assert.throws(
      () => withIncludes('x\n\n<!-- include: examples/gone.js -->\n```js\n1\n```\n<!-- /include -->', read),
      /line 3: include names examples\/gone.js, which does not exist/,
    );
  });

  test('a marker naming a file outside examples/ fails', () => {
    for (const path of ['package.json', 'examples/../.env', '/etc/passwd']) {
      assert.throws(() => withIncludes(`<!-- include: ${path} -->\n<!-- /include -->`, () => 'secret'), /must name a file under examples\//);
    }
  });
});
