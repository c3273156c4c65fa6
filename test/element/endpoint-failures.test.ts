import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { checkoutSession, consoleWarnings, fakeEndpoint, json, shadow, type Answer } from './fake-endpoint.js';

// Every way the endpoint can fail: never navigate, tell the buyer in the live region what
// they can do, warn the developer once with the code, status and message, fire
// payfect-checkout-error with a precise code, and leave the button usable for a retry.

const NOT_SET_UP = 'This payment button is not set up correctly.';
const TRY_AGAIN = 'Checkout could not start. Please try again.';

async function failWith(answer: Answer, attributes: Record<string, string> = {}) {
  const el = await fixture<HTMLElementTagNameMap['recording-checkout-button']>(
    html`<recording-checkout-button product-id="p" amount="20.50"></recording-checkout-button>`,
  );
  for (const [name, value] of Object.entries(attributes)) el.setAttribute(name, value);
  const endpoint = fakeEndpoint(answer);
  el.fetch = endpoint.fetch;
  let detail!: HTMLElementEventMap['payfect-checkout-error']['detail'];
  const warnings = await consoleWarnings(async () => {
    const failed = oneEvent(el, 'payfect-checkout-error');
    shadow(el, 'button').click();
    detail = (await failed).detail;
  });
  await el.updateComplete;
  expect(warnings, 'one warning per failure').to.have.length(1);
  const warning = String(warnings[0]![0]);
  expect(warning).to.contain(detail.code).and.contain(detail.message);
  if (detail.status) expect(warning).to.contain(`HTTP ${detail.status}`);
  expect(warnings[0]![1], 'the detail, fields included').to.deep.equal(detail);
  expect(endpoint.requests).to.have.length(1);
  expect(el.navigations, 'never navigates').to.deep.equal([]);
  expect(el.state).to.equal('error');
  expect(el.getAttribute('state'), 'reflected').to.equal('error');
  expect(shadow(el, 'button').hasAttribute('aria-busy')).to.equal(false);
  expect(shadow(el, 'error').getAttribute('role')).to.equal('alert');
  const message = shadow(el, 'error').textContent!;
  expect(message).to.not.equal('');
  // Usable again: the next click sends a new request.
  el.fetch = fakeEndpoint().fetch;
  const retried = oneEvent(el, 'payfect-checkout-redirect');
  shadow(el, 'button').click();
  await retried;
  return { detail, message, el };
}

const errorBody = (code: string, message: string, fields?: Record<string, string>) => ({
  error: fields ? { code, message, fields } : { code, message },
});

describe('endpoint failures', () => {
  it('price_mismatch (409) has its own message, which promises nothing of a reload', async () => {
    const { detail, message } = await failWith(() => json(409, errorBody('price_mismatch', 'unit_amount 20.50 != 25.00')));
    expect(detail).to.deep.equal({ code: 'price_mismatch', message: 'unit_amount 20.50 != 25.00', status: 409 });
    expect(message).to.equal('The price shown here is not the shop’s current price, so checkout cannot start.');
    expect(message).to.not.match(/reload|try again/i);
  });

  it('a 400 error body passes its code, status and fields through', async () => {
    const fields = { 'invoice_items.0.quantity': 'must be a whole number of at least 1' };
    const { detail, message } = await failWith(() => json(400, errorBody('invalid_request', 'Bad request', fields)));
    expect(detail).to.deep.equal({ code: 'invalid_request', message: 'Bad request', status: 400, fields });
    expect(message, 'a retry sends the same request: no "try again"').to.equal(NOT_SET_UP);
  });

  it('a 5xx error body passes its code through, and the buyer may try again', async () => {
    const { detail, message } = await failWith(() => json(502, errorBody('payfect_error', 'Payfect answered 500')));
    expect(detail).to.include({ code: 'payfect_error', status: 502 });
    expect(message).to.equal(TRY_AGAIN);
  });

  it('unknown_product (422) tells the buyer the product is not available, with no "try again"', async () => {
    const { detail, message } = await failWith(() => json(422, errorBody('unknown_product', 'No product "p" in the catalog')));
    expect(detail).to.include({ code: 'unknown_product', status: 422 });
    expect(message).to.equal('This product is not available.');
  });

  for (const [code, status] of [['origin_not_allowed', 403], ['redirect_not_allowed', 400], ['payload_too_large', 413]] as const) {
    it(`${code} (${status}) is a setup problem: the button is not set up`, async () => {
      const { detail, message } = await failWith(() => json(status, errorBody(code, 'x')));
      expect(detail).to.include({ code, status });
      expect(message).to.equal(NOT_SET_UP);
    });
  }

  it('rate_limited tells the buyer to wait', async () => {
    const { detail, message } = await failWith(() => json(429, errorBody('rate_limited', 'Slow down')));
    expect(detail.code).to.equal('rate_limited');
    expect(message).to.contain('wait');
  });

  it('a 500 that is not JSON is invalid_response, and the buyer may try again', async () => {
    const { detail, message } = await failWith(() => new Response('<h1>Internal Server Error</h1>', { status: 500 }));
    expect(detail).to.include({ code: 'invalid_response', status: 500 });
    expect(message).to.equal(TRY_AGAIN);
  });

  it('a 4xx JSON that is not an error body is invalid_response: no endpoint there, so not set up', async () => {
    const { detail, message } = await failWith(() => json(404, { message: 'Not Found' }));
    expect(detail).to.include({ code: 'invalid_response', status: 404 });
    expect(message).to.equal(NOT_SET_UP);
  });

  it('a 200 that is not JSON is invalid_response', async () => {
    const { detail } = await failWith(() => new Response('<html>ok</html>', { status: 200 }));
    expect(detail).to.include({ code: 'invalid_response', status: 200 });
  });

  it('a 200 without url is invalid_response', async () => {
    const { url, ...withoutUrl } = checkoutSession();
    expect(url).to.be.a('string');
    const { detail } = await failWith(() => json(200, withoutUrl));
    expect(detail).to.include({ code: 'invalid_response', status: 200 });
  });

  it('a network error is network_error', async () => {
    const { detail, message } = await failWith(() => Promise.reject(new TypeError('Failed to fetch')));
    expect(detail.code).to.equal('network_error');
    expect(detail.status).to.equal(undefined);
    expect(message).to.contain('connection');
  });

  it('no answer within `timeout` ms aborts the request and is timeout', async () => {
    let signal: AbortSignal | undefined;
    const { detail, message } = await failWith(
      (request) =>
        new Promise<Response>((_, reject) => {
          signal = request.signal;
          request.signal.addEventListener('abort', () => reject(request.signal.reason));
        }),
      { timeout: '30' },
    );
    expect(signal!.aborted).to.equal(true);
    expect(detail.code).to.equal('timeout');
    expect(message).to.contain('too long');
  });

  it('a timeout while the body is still arriving is timeout, not invalid_response', async () => {
    const { detail } = await failWith(
      (request) =>
        new Response(
          new ReadableStream({
            start(stream) {
              request.signal.addEventListener('abort', () => stream.error(request.signal.reason));
            },
          }),
          { status: 200, headers: { 'content-type': 'application/json' } },
        ),
      { timeout: '30' },
    );
    expect(detail.code).to.equal('timeout');
  });

  it('a connection dropped mid-body is network_error, not invalid_response', async () => {
    const { detail } = await failWith(
      () =>
        new Response(
          new ReadableStream({
            start(stream) {
              stream.enqueue(new TextEncoder().encode('{"id": "chk_'));
              stream.error(new TypeError('network error'));
            },
          }),
          { status: 200 },
        ),
    );
    expect(detail.code).to.equal('network_error');
  });

  it('a 4xx carrying a checkout session is invalid_response and never navigates', async () => {
    const { detail } = await failWith(() => json(403, checkoutSession()));
    expect(detail).to.include({ code: 'invalid_response', status: 403 });
  });

  it('a 200 carrying an error body is invalid_response', async () => {
    const { detail } = await failWith(() => json(200, errorBody('price_mismatch', 'x')));
    expect(detail).to.include({ code: 'invalid_response', status: 200 });
  });

  for (const [title, url] of [
    ['javascript:', 'javascript:alert(document.domain)'],
    ['data:', 'data:text/html,<script>alert(1)</script>'],
    ['plain http: to another origin, even a listed host', 'http://payfect.finance/checkouts/chk_1'],
    ['an unlisted host', 'https://evil.example/checkouts/chk_1'],
    ['a host that only ends with a listed name', 'https://evilpayfect.finance/checkouts/chk_1'],
    ['a listed name used as a subdomain elsewhere', 'https://payfect.finance.evil.example/checkouts/chk_1'],
    ['a private IP address', 'https://10.0.0.4/checkouts/chk_1'],
    ['plain http: to a loopback host that is not listed with its port', 'http://localhost:4010/checkouts/chk_1'],
  ]) {
    it(`a checkout url with ${title} is redirect_blocked`, async () => {
      const { detail, message } = await failWith(() => json(200, checkoutSession({ url: url! })));
      expect(detail).to.include({ code: 'redirect_blocked', status: 200 });
      expect(detail.message).to.contain(url!);
      expect(message).to.equal(NOT_SET_UP);
    });
  }
});

describe('allowed redirects', () => {
  async function redirectTo(url: string, hosts?: string) {
    const el = await fixture<HTMLElementTagNameMap['recording-checkout-button']>(
      html`<recording-checkout-button product-id="p"></recording-checkout-button>`,
    );
    if (hosts) el.setAttribute('checkout-hosts', hosts);
    el.fetch = fakeEndpoint(() => json(200, checkoutSession({ url }))).fetch;
    const redirected = oneEvent(el, 'payfect-checkout-redirect');
    shadow(el, 'button').click();
    const { detail } = await redirected;
    await el.updateComplete;
    expect(detail.checkout.url).to.equal(url);
    expect(el.state).to.equal('redirecting');
    return el.navigations;
  }

  it('keeps only the session fields of an odd, bulky reply', async () => {
    const session = JSON.stringify(checkoutSession()).slice(1, -1);
    const reply = `{"__proto__": {"polluted": true}, "padding": "${'x'.repeat(1 << 20)}", "nested": [[[[{}]]]], ${session}}`;
    const el = await fixture<HTMLElementTagNameMap['recording-checkout-button']>(
      html`<recording-checkout-button product-id="p"></recording-checkout-button>`,
    );
    el.fetch = fakeEndpoint(() => new Response(reply, { status: 200 })).fetch;
    const redirected = oneEvent(el, 'payfect-checkout-redirect');
    el.checkout();
    const { detail } = await redirected;
    expect(detail.checkout).to.deep.equal(checkoutSession());
    expect(Object.getPrototypeOf(detail.checkout)).to.equal(Object.prototype);
    expect(({} as { polluted?: unknown }).polluted).to.equal(undefined);
  });

  it('https on the default host payfect.finance', async () => {
    expect(await redirectTo('https://payfect.finance/checkouts/chk_1')).to.deep.equal(['https://payfect.finance/checkouts/chk_1']);
  });

  it('https on a subdomain of a listed host', async () => {
    expect(await redirectTo('https://pay.payfect.finance/c/1')).to.deep.equal(['https://pay.payfect.finance/c/1']);
  });

  it('a host from checkout-hosts, case-insensitively', async () => {
    const url = 'https://checkout.example/c/1';
    expect(await redirectTo(url, 'payfect.finance  Checkout.Example')).to.deep.equal([url]);
  });

  it('http: to a loopback host:port listed in checkout-hosts (local development)', async () => {
    const url = 'http://127.0.0.1:4010/checkouts/chk_1';
    expect(await redirectTo(url, 'payfect.finance 127.0.0.1:4010')).to.deep.equal([url]);
  });

  it('same-origin, relative or absolute, even over http', async () => {
    expect(await redirectTo('/checkouts/chk_1')).to.deep.equal([`${location.origin}/checkouts/chk_1`]);
    expect(location.protocol).to.equal('http:');
    expect(await redirectTo(`${location.origin}/checkouts/chk_2`)).to.deep.equal([`${location.origin}/checkouts/chk_2`]);
  });
});
