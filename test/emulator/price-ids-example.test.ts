import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { test } from 'node:test';

// The docs' Price-ID example, run as a merchant runs it: `node --test`, importing the built package by name.
const EXAMPLE = fileURLToPath(new URL('../../examples/offline/price-ids.test.mjs', import.meta.url));

test('examples/offline/price-ids.test.mjs passes under node --test as a merchant copies it', async () => {
  // Out of this runner's context, so the child reports as a top-level `node --test` does.
  const { NODE_TEST_CONTEXT: _, ...env } = process.env;
  const { stdout } = await promisify(execFile)(process.execPath, ['--test', '--test-reporter=tap', EXAMPLE], { env });
  assert.match(stdout, /^# pass 1$/m);
  assert.match(stdout, /^# fail 0$/m);
});
