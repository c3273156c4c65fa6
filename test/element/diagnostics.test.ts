import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { checkoutSession, consoleWarnings, fakeEndpoint, json, shadow, type Answer } from './fake-endpoint.js';

// Each setup mistake, made for real where Chromium can make it (a cross-origin endpoint, a wrong endpoint
// URL): the console warning names what to change, and applying it works.

type Button = HTMLElementTagNameMap['recording-checkout-button'];

async function button(attributes: Record<string, string> = {}): Promise<Button> {
  const el = await fixture<Button>(html`<recording-checkout-button product-id="p" amount="20.50"></recording-checkout-button>`);
  for (const [name, value] of Object.entries(attributes)) el.setAttribute(name, value);
  return el;
}

/** The one console.warn line of a failed click, and the error event's detail. */
async function warningOf(el: Button, answer?: Answer) {
  if (answer) el.fetch = fakeEndpoint(answer).fetch;
  let detail!: HTMLElementEventMap['payfect-checkout-error']['detail'];
  const warnings = await consoleWarnings(async () => {
    const failed = oneEvent(el, 'payfect-checkout-error');
    shadow(el, 'button').click();
    detail = (await failed).detail;
  });
  expect(warnings, 'one warning per failure').to.have.length(1);
  return { line: String(warnings[0]![0]), detail };
}

/** What the line tells the developer to write, as `name="value"`. */
const suggested = (line: string, name: string) => new RegExp(`${name}="([^"]*)"`).exec(line)?.[1];

describe('console warnings name the fix', () => {
  it('redirect_blocked to a loopback host gives the exact checkout-hosts value, which then works', async () => {
    const url = 'http://127.0.0.1:4010/checkouts/chk_1';
    const el = await button();
    const { line } = await warningOf(el, () => json(200, checkoutSession({ url })));
    expect(line).to.contain('redirect_blocked').and.contain(url);
    expect(line).to.contain('checkout-hosts="payfect.finance 127.0.0.1:4010"');
    el.setAttribute('checkout-hosts', suggested(line, 'checkout-hosts')!);
    const redirected = oneEvent(el, 'payfect-checkout-redirect');
    shadow(el, 'button').click();
    await redirected;
    expect(el.navigations).to.deep.equal([url]);
  });

  it('redirect_blocked to another https host gives its host name, added to the hosts already listed', async () => {
    const url = 'https://pay.checkout.example/c/1';
    const el = await button({ 'checkout-hosts': 'payfect.finance localhost:4010' });
    const { line } = await warningOf(el, () => json(200, checkoutSession({ url })));
    expect(line).to.contain('checkout-hosts="payfect.finance localhost:4010 pay.checkout.example"');
    el.setAttribute('checkout-hosts', suggested(line, 'checkout-hosts')!);
    el.fetch = fakeEndpoint(() => json(200, checkoutSession({ url }))).fetch;
    await el.checkout();
    expect(el.navigations).to.deep.equal([url]);
  });

  for (const url of ['javascript:alert(1)', 'http://shop.example/c/1', 'https://10.0.0.4/c/1']) {
    it(`redirect_blocked to ${url} says no checkout-hosts entry can allow it`, async () => {
      const { line } = await warningOf(await button(), () => json(200, checkoutSession({ url })));
      expect(line).to.contain('redirect_blocked');
      expect(suggested(line, 'checkout-hosts')).to.equal(undefined);
      expect(line).to.contain('No checkout-hosts entry allows it');
    });
  }

  it("network_error from a cross-origin endpoint names this page's origin for allowedOrigins and --allow-origin", async () => {
    // localhost and 127.0.0.1 are two origins: the test server answers no CORS preflight, as a server without allowedOrigins does.
    const endpoint = `http://localhost:${location.port}/api/checkout`;
    expect(new URL(endpoint).origin).to.not.equal(location.origin);
    const el = await button({ endpoint });
    const { line, detail } = await warningOf(el);
    expect(detail.code).to.equal('network_error');
    expect(line).to.contain(endpoint);
    expect(line).to.contain(`allowedOrigins: ['${location.origin}']`);
    expect(line).to.contain(`--allow-origin ${location.origin}`);
    expect(line).to.contain(`endpoint="${endpoint}"`);
  });

  it('network_error from a same-origin endpoint says nothing of allowedOrigins, and names the server and the endpoint attribute', async () => {
    const { line, detail } = await warningOf(await button(), () => Promise.reject(new TypeError('Failed to fetch')));
    expect(detail.code).to.equal('network_error');
    expect(line).to.not.contain('allowedOrigins');
    expect(line).to.contain(`running at ${location.origin}`);
    expect(line).to.contain('endpoint="/api/checkout"');
  });

  it('a 404 from a wrong endpoint URL names the URL and the status, and says to check the endpoint attribute', async () => {
    const el = await button({ endpoint: '/api/checkouts' });
    const { line, detail } = await warningOf(el);
    expect(detail).to.include({ code: 'invalid_response', status: 404 });
    expect(line).to.contain(`${location.origin}/api/checkouts`).and.contain('404').and.contain('endpoint="/api/checkouts"');
  });

  for (const [title, answer] of [
    ['a 405 without an error body', () => json(405, { detail: 'Method Not Allowed' })],
    ['an HTML page', () => new Response('<!doctype html><title>Shop</title>', { status: 200, headers: { 'content-type': 'text/html' } })],
  ] as const) {
    it(`${title} names the endpoint URL and its status, and the endpoint attribute`, async () => {
      const { line, detail } = await warningOf(await button(), answer);
      expect(detail.code).to.equal('invalid_response');
      expect(line).to.contain(`${location.origin}/api/checkout`).and.contain(String(detail.status)).and.contain('endpoint="/api/checkout"');
    });
  }

  it("price_mismatch passes the server's fields and says to change the amount or the catalog", async () => {
    const fields = { 'invoice_items.0.price_data.unit_amount': 'is 25.00 in the catalog' };
    const el = await button();
    const { line, detail } = await warningOf(el, () => json(409, { error: { code: 'price_mismatch', message: 'The price shown does not match the catalog.', fields } }));
    expect(detail.fields).to.deep.equal(fields);
    expect(line).to.contain('invoice_items.0.price_data.unit_amount: is 25.00 in the catalog').and.contain("The page's amount must be the catalog's price");
    await el.updateComplete;
    expect(shadow(el, 'error').textContent, "the buyer's message promises nothing of a reload").to.not.match(/reload|try again/i);
  });

  it("unknown_product passes the server's fields and says product-id must be in the catalog", async () => {
    const fields = { 'invoice_items.0.product_id': 'tshirt is not in the catalog' };
    const { line } = await warningOf(await button(), () => json(422, { error: { code: 'unknown_product', message: 'The catalog has no such product.', fields } }));
    expect(line).to.contain('invoice_items.0.product_id: tshirt is not in the catalog').and.contain("product-id must name a product in the server's catalog");
  });

  it('timeout names the attribute to raise', async () => {
    const el = await button({ timeout: '20' });
    const { line } = await warningOf(el, (request) => new Promise<Response>((_, reject) => request.signal.addEventListener('abort', () => reject(request.signal.reason))));
    expect(line).to.contain('timeout').and.contain('20 ms').and.contain('timeout attribute');
  });
});
