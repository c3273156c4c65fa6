import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { test } from 'node:test';

// docs/emulator.md's offline snippet, run as a merchant would run it: plain node, importing the
// package by name (the package resolves itself, so it needs `npm run build`, as npm test does first).
const EXAMPLE = fileURLToPath(new URL('../../examples/offline/checkout.mjs', import.meta.url));

test('the offline emulator snippet runs as written and prints what its comments say', async () => {
  const { stdout, stderr } = await promisify(execFile)(process.execPath, [EXAMPLE]);
  // The rehearsed outage is a 5xx, and with no onError the handler logs it, once, on stderr (DESIGN "Telling the developer").
  assert.match(stderr, /^payfect-checkout: createCheckoutHandler failed \(502 payfect_error\): Payfect refused the checkout \(HTTP 503\)\./);
  assert.equal(stderr.match(/^payfect-checkout:/gm)?.length, 1);
  assert.deepEqual(stdout.trim().split('\n'), ['open 61.50', 'open', 'Api-Key emulator-test-key-0001', '502 payfect_error']);
});
