import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createEmulator, startEmulator, type EmulatorOptions } from '../../src/emulator/index.js';

test('a misspelt option is a TypeError naming it and the nearest known name, not silently ignored', () => {
  for (const [options, misspelt, nearest] of [
    [{ apiKeyz: 'k' }, 'apiKeyz', 'apiKey'],
    [{ defaultCallbackURL: 'https://shop.example/cb' }, 'defaultCallbackURL', 'defaultCallbackUrl'],
    [{ publicURL: 'https://pay.example' }, 'publicURL', 'publicUrl'],
    [{ callbackRetry: { attempt: 3 } }, 'attempt', 'attempts'],
    [{ merchant: { nam: 'Shop' } }, 'nam', 'name'],
  ] as const) {
    assert.throws(
      () => createEmulator(options as unknown as EmulatorOptions),
      (error: Error) => error instanceof TypeError && error.message.includes(`\`${misspelt}\``) && error.message.includes(`did you mean \`${nearest}\`?`),
      misspelt,
    );
  }
});

test('startEmulator knows its own options too', async () => {
  await assert.rejects(startEmulator({ prot: 0 } as unknown as EmulatorOptions), { name: 'TypeError', message: /`prot`; did you mean `port`\?/ });
});

test('a value of the wrong type is a TypeError, a wrong value of the right type a RangeError, each naming the option', () => {
  assert.throws(() => createEmulator({ expiresInMs: '60000' as unknown as number }), { name: 'TypeError', message: /option `expiresInMs`/ });
  assert.throws(() => createEmulator({ callbackFetch: 'fetch' as unknown as typeof fetch }), { name: 'TypeError', message: /option `callbackFetch`: must be a function/ });
  assert.throws(() => createEmulator({ callbackRetry: { attempts: 0 } }), { name: 'RangeError', message: /option `callbackRetry.attempts`/ });
  assert.throws(() => createEmulator({ maxBodyBytes: -1 }), { name: 'RangeError', message: /option `maxBodyBytes`/ });
});

test('defaultCallbackUrl and publicUrl must be http(s) URLs Payfect would accept', () => {
  for (const defaultCallbackUrl of ['ftp://shop.example/cb', 'not a url', 'https://shop.example/cb\0']) {
    assert.throws(() => createEmulator({ defaultCallbackUrl }), /option `defaultCallbackUrl`/, defaultCallbackUrl);
  }
  assert.throws(() => createEmulator({ publicUrl: 'javascript:alert(1)' }), /option `publicUrl`/);
  assert.doesNotThrow(() => createEmulator({ defaultCallbackUrl: new URL('http://127.0.0.1:8787/api/payfect-callback') }));
});

test('apiKey and apiKeys together are refused', () => {
  assert.throws(() => createEmulator({ apiKey: 'a', apiKeys: ['b'] }), { name: 'TypeError', message: /`apiKey` or `apiKeys`, not both/ });
  assert.throws(() => createEmulator({ apiKey: '' }), { name: 'RangeError', message: /option `apiKey`: must not be empty/ });
});
