import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.js';

let running: RunningEmulator;
before(async () => {
  running = await startEmulator({ port: 0 });
});
after(() => running.close());

/** The answer's status and its JSON `detail`; fails unless the answer is JSON. */
async function jsonAnswer(path: string, init: RequestInit = {}): Promise<{ status: number; detail: string }> {
  const response = await fetch(`${running.url}${path}`, { ...init, headers: { authorization: 'Api-Key test', ...init.headers } });
  assert.match(response.headers.get('content-type') ?? '', /^application\/json/, `${path} answers JSON`);
  const { detail } = (await response.json()) as { detail: string };
  return { status: response.status, detail };
}

test('every unknown path is a JSON 404, under the API and outside it', async () => {
  for (const path of ['/api/v1/nothing/', '/api/v1/checkouts/x/y/', '/api/v2/checkouts/', '/api/', '/', '/favicon.ico', '/checkouts/']) {
    const { status, detail } = await jsonAnswer(path);
    assert.equal(status, 404, path);
    assert.match(detail, /^Not found\. The emulator serves the API at \/api\/v1\/ \(checkouts\/, products\/, prices\/, payment-links\/\)/, path);
  }
  const posted = await jsonAnswer('/api/v1/customers/', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
  assert.equal(posted.status, 404);
});

test("the SDK's default base (/api, without /v1) gets a JSON 404 that names the base URL to set", async () => {
  for (const path of ['/api/products/', '/api/prices/', '/api/checkouts/', '/api/payment-links/']) {
    const { status, detail } = await jsonAnswer(path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    assert.equal(status, 404, path);
    assert.equal(detail, `Not found. Payfect's API is under /api/v1/: set the client's base URL to ${running.url}/api/v1 (the Python SDK's default api_base has no /v1).`);
  }
});

test('a resource path without its trailing slash is a JSON 404 that says so', async () => {
  for (const path of ['/api/v1/products', '/api/v1/prices/some-id', '/api/v1/payment-links']) {
    const { status, detail } = await jsonAnswer(path);
    assert.equal(status, 404, path);
    assert.match(detail, /ends with a slash/, path);
  }
});

test('a wrong method on a resource is a JSON 405 with Allow', async () => {
  for (const [path, method, allow] of [['/api/v1/products/', 'GET', 'POST'], ['/api/v1/prices/x/', 'DELETE', 'GET'], ['/api/v1/payment-links/', 'PUT', 'POST']]) {
    const response = await fetch(`${running.url}${path}`, { method });
    assert.equal(response.status, 405, `${method} ${path}`);
    assert.equal(response.headers.get('allow'), allow);
    assert.deepEqual(await response.json(), { detail: `Method "${method}" not allowed.` });
  }
});
