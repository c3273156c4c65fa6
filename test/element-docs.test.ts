// README's element tables are generated from custom-elements.json (`npm run docs`); this
// fails when someone edits one without the other.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { test } from 'node:test';
import { END, renderElementDocs, START, withElementDocs, type Manifest } from '../scripts/element-docs.js';

const root = new URL('../', import.meta.url);

test("README's element tables match custom-elements.json", () => {
  const manifestFile = new URL('custom-elements.json', root);
  assert.ok(existsSync(manifestFile), 'custom-elements.json is missing: run `npm run build:manifest` first');
  const manifest = JSON.parse(readFileSync(manifestFile, 'utf8')) as Manifest;
  const readme = readFileSync(new URL('README.md', root), 'utf8');
  const updated = withElementDocs(readme, renderElementDocs(manifest));
  assert.ok(updated !== undefined, `README.md needs a ${START} … ${END} section`);
  assert.equal(readme, updated, 'README.md element tables are out of date: run `npm run docs`');
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

test('withElementDocs replaces only the marked section', () => {
  const readme = `# Title\n\nintro\n\n${START}\nold tables\n${END}\n\n## After\n`;
  assert.equal(withElementDocs(readme, 'NEW'), `# Title\n\nintro\n\n${START}\n\nNEW\n\n${END}\n\n## After\n`);
  assert.equal(withElementDocs('# no markers', 'NEW'), undefined);
});
