// Payfect's Python SDK and its documentation's request examples, replayed against the emulator over HTTP.
// The SDK's requests are written here from the facts in docs/payfect-api/README.md and shared/reference/README.md
// (paths, headers, bodies, in its examples' order); no SDK code is copied.
import assert from 'node:assert/strict';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.js';
import { fernetDecrypt } from '../../src/shared/fernet.js';
import { multiplyDecimal, compareDecimals } from '../../src/shared/money.js';
import { PAYFECT_SIGNATURE_HEADER, PayfectCallback } from '../../src/shared/payfect-api.js';
import { curlExampleBody, exampleApiKey, firstExampleBody, referencePage } from '../support/reference-page.js';

const KEY = exampleApiKey();

interface Notification {
  headers: IncomingHttpHeaders;
  body: string;
}

/** The merchant's webhook, as set in Payfect's dashboard: it answers 200 and hands over each notification. */
async function startWebhook(): Promise<{ url: string; server: Server; next: () => Promise<Notification> }> {
  const waiting: ((notification: Notification) => void)[] = [];
  const server = createServer((request, response) => {
    let body = '';
    request.setEncoding('utf8').on('data', (chunk: string) => (body += chunk));
    request.on('end', () => {
      response.end();
      waiting.shift()?.({ headers: request.headers, body });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/payfect-webhook`, server, next: () => new Promise((resolve) => waiting.push(resolve)) };
}

let webhook: Awaited<ReturnType<typeof startWebhook>>;
let payfect: RunningEmulator;
before(async () => {
  webhook = await startWebhook();
  payfect = await startEmulator({ port: 0, apiKey: KEY, defaultCallbackUrl: webhook.url });
});
after(async () => {
  await payfect.close();
  await new Promise((resolve) => webhook.server.close(resolve));
});

/**
 * One SDK call: `POST {api_base}/<resource>/` with `Authorization: Api-Key <key>` (the literal
 * `None` for an unset key) and a JSON body; the reply is read as JSON whatever its status.
 */
async function sdkCreate(apiBase: string, resource: string, body: unknown, key: string | null = KEY): Promise<{ status: number; json: Record<string, unknown> }> {
  const response = await fetch(`${apiBase}/${resource}/`, {
    method: 'POST',
    headers: { Authorization: `Api-Key ${key ?? 'None'}`, 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });
  assert.match(response.headers.get('content-type') ?? '', /^application\/json/, `${resource}: the SDK parses every reply as JSON`);
  return { status: response.status, json: (await response.json()) as Record<string, unknown> };
}

/** The SDK's step must succeed: a 2xx JSON object. */
async function sdkStep(resource: string, body: unknown): Promise<Record<string, unknown>> {
  const { status, json } = await sdkCreate(`${payfect.url}/api/v1`, resource, body);
  assert.ok(status >= 200 && status < 300, `${resource}: ${status} ${JSON.stringify(json)}`);
  return json;
}

describe("the SDK's example flow: Product, Price, Checkout by Price ID, Payment Link", () => {
  test('each step is a 2xx JSON answer; the checkout charges the Price times the quantity on a hosted page; paying it calls the default URL', async () => {
    const product = await sdkStep('products', { name: 'T-shirt', description: 'Comfortable cotton t-shirt', images: ['https://example.com/t-shirt.png'] });
    const price = await sdkStep('prices', { product: product.id, currency: 'usdt', unit_amount: '1000' });
    const quantity = 2;
    const checkout = await sdkStep('checkouts', {
      client_reference_id: 'sdk-order-1',
      invoice_items: [{ price: price.id, quantity }],
      currency: 'usdt',
      payment_method_types: ['crypto', 'card'],
      success_url: 'https://example.com/success',
      cancel_url: 'https://example.com/cancel',
    });
    assert.equal(compareDecimals(String(checkout.amountTotal), multiplyDecimal('1000', quantity)), 0, `amountTotal ${String(checkout.amountTotal)}`);
    assert.deepEqual(checkout.paymentMethodTypes, ['crypto', 'card']);
    const page = await fetch(String(checkout.url));
    assert.equal(page.status, 200);
    assert.match(page.headers.get('content-type') ?? '', /^text\/html/);
    assert.match(await page.text(), /T-shirt/);

    const link = await sdkStep('payment-links', {
      name_collection: true,
      email_collection: true,
      phone_number_collection: false,
      shipping_address_collection: ['TW'],
      invoice_items: [{ price: price.id, quantity: 1 }],
    });
    const opened = await fetch(String(link.url));
    assert.equal(opened.status, 200, 'the link opens a checkout page');
    assert.match(opened.url, new RegExp(`^${payfect.url}/checkouts/`));
    assert.match(await opened.text(), /data-total>1000\.00 USDT</);

    // The buyer pays on the hosted page; the SDK's checkout has no callback_url, so Payfect notifies the dashboard's URL.
    const notified = webhook.next();
    const paid = await fetch(`${String(checkout.url)}/pay`, { method: 'POST', redirect: 'manual' });
    assert.equal(paid.headers.get('location'), 'https://example.com/success');
    const notification = await notified;
    const token = String(notification.headers[PAYFECT_SIGNATURE_HEADER]);
    assert.equal(new TextDecoder().decode(await fernetDecrypt(payfect.emulator.signingKey, token)), notification.body);
    const callback = PayfectCallback.parse(JSON.parse(notification.body));
    assert.deepEqual([callback.id, callback.amount, callback.status, callback.client_reference_id], [checkout.id, checkout.amountTotal, 'succeeded', 'sdk-order-1']);
  });

  test('an unset key (Api-Key None) is a JSON 401 saying the client sent no key', async () => {
    const productsBefore = payfect.emulator.products.size;
    const { status, json } = await sdkCreate(`${payfect.url}/api/v1`, 'products', { name: 'T-shirt' }, null);
    assert.equal(status, 401);
    assert.match(String(json.detail), /^The client sent no API key \("Authorization: Api-Key None"\)/);
    assert.equal(payfect.emulator.products.size, productsBefore);
  });

  test("the SDK's default base, without /v1, and an unknown API path are JSON 404s", async () => {
    const withoutVersion = await sdkCreate(`${payfect.url}/api`, 'products', { name: 'T-shirt' });
    assert.equal(withoutVersion.status, 404);
    assert.match(String(withoutVersion.json.detail), new RegExp(`set the client's base URL to ${payfect.url}/api/v1`));
    const unknown = await sdkCreate(`${payfect.url}/api/v1`, 'customers', { name: 'Ada' });
    assert.equal(unknown.status, 404);
  });
});

describe("the create page's request examples", () => {
  /** The API path and headers of the page's curl example, as it sends them. */
  function curlRequest(): { path: string; headers: Record<string, string> } {
    const url = /curl -X POST (\S+)/.exec(referencePage)?.[1];
    assert.ok(url, 'the page has a curl example');
    const headers = Object.fromEntries([...referencePage.matchAll(/-H '([^:]+): ([^']+)'/g)].map((match) => [match[1]!, match[2]!]));
    return { path: new URL(url).pathname, headers };
  }

  const post = (body: string) => {
    const { path, headers } = curlRequest();
    return fetch(`${payfect.url}${path}`, { method: 'POST', headers, body });
  };

  test('the curl example is created, and Query finds it, as the query page shows', async () => {
    const created = await post(curlExampleBody());
    assert.equal(created.status, 201);
    const checkout = (await created.json()) as { id: string; url: string };
    const queried = await fetch(`${payfect.url}/api/v1/checkouts/${checkout.id}/`, { headers: { Authorization: `Api-Key ${KEY}` } });
    assert.equal(queried.status, 200);
    assert.equal(((await queried.json()) as { status: string }).status, 'open');
  });

  test('the first example body, with its trailing commas, is a JSON 400 that names them; without them it is created', async () => {
    const refused = await post(firstExampleBody());
    assert.equal(refused.status, 400);
    assert.match(((await refused.json()) as { detail: string }).detail, /^JSON parse error - .*remove the trailing comma\.$/);
    const fixed = await post(firstExampleBody().replace(/,(\s*[}\]])/g, '$1'));
    assert.equal(fixed.status, 201);
    assert.equal(((await fixed.json()) as { amountTotal: string }).amountTotal, '20.50');
  });
});
