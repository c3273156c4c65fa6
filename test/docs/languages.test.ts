import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { messagesFor } from '../../src/element/messages.js';

// docs/languages.md's table of message keys is written by hand: it must name every key the
// elements read, each with the English string they show.

const page = readFileSync(new URL('../../docs/languages.md', import.meta.url), 'utf8');
const table = page.slice(page.indexOf('| key | where the buyer reads it | English |'));
const rows = [...table.matchAll(/^\| `(\w+)` \| [^\n]+ \| ([^|\n]+) \|$/gm)].map(([, key, english]) => [key, english!.trim()]);

test('docs/languages.md lists every message key once, with its English string', () => {
  assert.deepEqual(Object.fromEntries(rows), { ...messagesFor('en') });
  assert.equal(rows.length, Object.keys(messagesFor('en')).length, 'no key twice');
});
