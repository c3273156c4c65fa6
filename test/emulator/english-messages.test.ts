import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as z from 'zod/mini';
import { createEmulator } from '../../src/emulator/index.js';

const HEADERS = { 'content-type': 'application/json', authorization: 'Api-Key test' };

test("importing the emulator leaves zod's global config alone", () => {
  assert.equal(z.config().localeError, undefined, 'no locale was installed globally');
  assert.equal(z.string().safeParse(42).error?.issues[0]?.message, 'Invalid input', "the importer's zod still has its own (default) messages");
});

test('field messages are still English', async () => {
  const emulator = createEmulator();
  const response = await emulator.fetch('http://emulator.test/api/v1/checkouts/', {
    method: 'POST',
    headers: HEADERS,
    body: JSON.stringify({ invoice_items: 'none', client_reference_id: 7 }),
  });
  assert.equal(response.status, 400);
  const { errors } = (await response.json()) as { errors: Record<string, string> };
  assert.match(errors.currency ?? '', /^Invalid input: expected string, received undefined$/);
  assert.match(errors.invoice_items ?? '', /expected array, received string/);
  assert.match(errors.client_reference_id ?? '', /expected string, received number/);
});
