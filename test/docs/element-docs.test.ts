// The element tables in docs/element.md and docs/return-page.md are generated from
// custom-elements.json (`npm run docs`); this fails when someone edits one without the other.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { test } from 'node:test';
import { docPages } from '../../scripts/doc-pages.js';
import { elementTags, END, renderElementDocs, START, withElementDocs, type Manifest } from '../../scripts/element-docs.js';

const root = new URL('../../', import.meta.url);

test('each element has its tables on its page, matching custom-elements.json', () => {
  const manifestFile = new URL('custom-elements.json', root);
  assert.ok(existsSync(manifestFile), 'custom-elements.json is missing: run `npm run build:manifest` first');
  const manifest = JSON.parse(readFileSync(manifestFile, 'utf8')) as Manifest;
  const shown = new Map<string | undefined, string>();
  for (const page of docPages(root)) {
    const text = readFileSync(new URL(page, root), 'utf8');
    const result = withElementDocs(text, (tagName) => renderElementDocs(manifest, tagName));
    if (result === undefined) continue;
    assert.equal(text, result.updated, `${page} element tables are out of date: run \`npm run docs\``);
    for (const tag of result.tags) shown.set(tag, page);
  }
  assert.equal(shown.get('payfect-checkout-button'), 'docs/element.md');
  assert.equal(shown.get('payfect-checkout-status'), 'docs/return-page.md');
  for (const tag of elementTags(manifest)) assert.ok(shown.has(tag), `<${tag}>'s tables are on a page`);
});

test('the rendered tables cover every attribute, event, slot, part and custom property', () => {
  const manifest = JSON.parse(readFileSync(new URL('custom-elements.json', root), 'utf8')) as Manifest;
  const docs = renderElementDocs(manifest);
  for (const name of [
    'endpoint', 'product-id', 'name', 'description', 'image', 'amount', 'currency', 'quantity', 'items',
    'client-reference-id', 'success-url', 'cancel-url', 'network', 'pay-currency', 'checkout-hosts', 'timeout', 'disabled',
    'payfect-checkout-start', 'payfect-checkout-redirect', 'payfect-checkout-error',
    '--payfect-background', '--payfect-focus-ring', '--payfect-error-color', 'checkout()', 'fetch',
  ]) {
    assert.ok(docs.includes(`\`${name}\``), `${name} is missing from the generated docs`);
  }
  for (const part of ['button', 'label', 'spinner', 'error']) assert.ok(docs.includes(`| \`${part}\` |`), `part ${part}`);
  assert.ok(docs.includes('| (default) |'), 'the default slot');
});

test("<payfect-checkout-status>'s tables, alone, cover its attributes, event, slots, part and custom properties", () => {
  const manifest = JSON.parse(readFileSync(new URL('custom-elements.json', root), 'utf8')) as Manifest;
  const docs = renderElementDocs(manifest, 'payfect-checkout-status');
  assert.ok(docs.startsWith('### `<payfect-checkout-status>`'));
  for (const name of [
    'endpoint', 'checkout-id', 'checkoutId', 'timeout', '120000', 'state', 'fetch', 'payfect-checkout-status',
    'waiting', 'confirmed', 'expired', 'unknown', 'error', 'message', '--payfect-font', '--payfect-error-color',
  ]) {
    assert.ok(docs.includes(`\`${name}\``), `${name} is missing from the generated docs`);
  }
  assert.ok(!docs.includes('payfect-checkout-button'), 'only the one element');
  assert.ok(!docs.includes('`pause'), 'the protected clock seam is no public API');
});

test('withElementDocs replaces only the marked sections, each with its element or with all', () => {
  const render = (tagName: string | undefined) => `NEW ${tagName ?? 'all'}`;
  const page = `# Title\n\n${START}\nold\n${END}\n\n## After\n\n<!-- element-docs:start x-status -->\nold\n${END}\n`;
  assert.deepEqual(withElementDocs(page, render), {
    updated: `# Title\n\n${START}\n\nNEW all\n\n${END}\n\n## After\n\n<!-- element-docs:start x-status -->\n\nNEW x-status\n\n${END}\n`,
    tags: [undefined, 'x-status'],
  });
  assert.equal(withElementDocs('# no markers', render), undefined);
});
