import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { FernetError, checkFernetKey, fernetDecrypt, fernetEncrypt, generateFernetKey } from '../../src/shared/fernet.js';

// The official vectors (github.com/fernet/spec), kept verbatim beside Payfect's pages.
const VECTORS = new URL('../../docs/payfect-api/fernet/', import.meta.url);
const vectors = (name: string) => JSON.parse(readFileSync(new URL(name, VECTORS), 'utf8')) as Record<string, any>[];
const seconds = (iso: string) => Math.floor(Date.parse(iso) / 1000);

for (const v of vectors('generate.json')) {
  test(`generate: ${v.src} at ${v.now} makes the spec's token`, async () => {
    const token = await fernetEncrypt(v.secret, v.src, { now: seconds(v.now), iv: new Uint8Array(v.iv) });
    assert.equal(token, v.token);
  });
}

for (const v of vectors('verify.json')) {
  test(`verify: the spec's token decrypts to ${JSON.stringify(v.src)} within its TTL`, async () => {
    const plaintext = await fernetDecrypt(v.secret, v.token, { now: seconds(v.now), ttlSeconds: v.ttl_sec });
    assert.equal(new TextDecoder().decode(plaintext), v.src);
  });
}

for (const v of vectors('invalid.json')) {
  test(`invalid: ${v.desc} is refused`, async () => {
    await assert.rejects(fernetDecrypt(v.secret, v.token, { now: seconds(v.now), ttlSeconds: v.ttl_sec }), FernetError);
  });
}

test('a generated key round-trips a JSON body, and another key cannot read it', async () => {
  const key = generateFernetKey();
  assert.match(key, /^[A-Za-z0-9_-]{43}=$/);
  const body = JSON.stringify({ id: 'ed8d24aa', amount: '20.00', status: 'succeeded' });
  const token = await fernetEncrypt(key, body);
  assert.equal(new TextDecoder().decode(await fernetDecrypt(key, token)), body);
  await assert.rejects(fernetDecrypt(generateFernetKey(), token), FernetError);
});

test('a malformed key is a FernetError, not a crash', async () => {
  await assert.rejects(fernetEncrypt('short', 'x'), FernetError);
  await assert.rejects(fernetDecrypt('not base64 at all!', 'gAAAA'), FernetError);
});

test("a key without its '=' padding is refused, as Python's Fernet(key) refuses it", async () => {
  const key = generateFernetKey();
  await checkFernetKey(key);
  await assert.rejects(checkFernetKey(key.slice(0, -1)), FernetError);
  await assert.rejects(checkFernetKey(`${key}=`), FernetError);
});
