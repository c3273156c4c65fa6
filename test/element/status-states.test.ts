import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { PayfectCheckoutStatus, type PayfectCheckoutStatusEvent } from '../../src/index.js';
import { messagesFor } from '../../src/element/messages.js';
import { answer, json, notFound, part, shownText, statusEndpoint, warnings, type StatusRequest } from './status-fixtures.js';

// Each state from a stubbed status endpoint: what it reflects, what the buyer reads, what it fires,
// where the id comes from, and which answers are failures.

const ID = '6f1c2b1e-3d4a-4e5f-8a9b-0c1d2e3f4a5b';
const en = messagesFor('en');

/**
 * A status element on the page, with its fetch stubbed before it first asks; `event` is its first
 * event, and `lines` the console warnings until then.
 */
async function statusOf(reply: (request: StatusRequest, index: number) => Response | Promise<Response>, attributes = `checkout-id="${ID}"`) {
  const endpoint = statusEndpoint(reply);
  const host = document.createElement('div');
  host.innerHTML = `<payfect-checkout-status ${attributes}></payfect-checkout-status>`;
  const el = host.firstElementChild as PayfectCheckoutStatus;
  el.fetch = endpoint.fetch;
  const first = oneEvent(el, 'payfect-checkout-status') as Promise<PayfectCheckoutStatusEvent>;
  let event: PayfectCheckoutStatusEvent | undefined;
  const lines = await warnings(async () => {
    await fixture(host);
    event = await first;
    await el.updateComplete;
  });
  return { el, endpoint, event: event!, lines };
}

describe('<payfect-checkout-status> states', () => {
  beforeEach(() => sessionStorage.clear());
  afterEach(() => sessionStorage.clear());

  it('is registered as <payfect-checkout-status> by the package root', () => {
    expect(customElements.get('payfect-checkout-status')).to.equal(PayfectCheckoutStatus);
    expect(document.createElement('payfect-checkout-status')).to.be.instanceOf(PayfectCheckoutStatus);
  });

  it('asks GET {endpoint}?id=<id>, resolved against the page, for JSON and never from a cache', async () => {
    const { endpoint } = await statusOf(() => answer(ID, 'open'), `checkout-id="${ID}" endpoint="/shop/status?v=2"`);
    const [request] = endpoint.requests;
    expect(request!.url.href).to.equal(`${location.origin}/shop/status?v=2&id=${ID}`);
    expect(request!.init.method ?? 'GET').to.equal('GET');
    expect(new Headers(request!.init.headers).get('accept')).to.equal('application/json');
    expect(request!.init.cache).to.equal('no-store');
  });

  it('asks /api/checkout-status by default', async () => {
    const { endpoint } = await statusOf(() => answer(ID, 'open'));
    expect(endpoint.requests[0]!.url.pathname).to.equal('/api/checkout-status');
  });

  it('waiting: open, or complete before onCompleted has run', async () => {
    for (const status of ['open', 'complete'] as const) {
      const { el, event } = await statusOf(() => answer(ID, status));
      expect(el.state).to.equal('waiting');
      expect(el.getAttribute('state')).to.equal('waiting');
      expect(shownText(el)).to.equal(en.statusWaiting);
      expect(event.detail).to.deep.equal({ state: 'waiting', id: ID, status, fulfilled: false });
    }
  });

  it('confirmed: fulfilled, whatever Payfect\'s status since', async () => {
    for (const status of ['complete', 'expired'] as const) {
      const { el, event } = await statusOf(() => answer(ID, status, true));
      expect(el.getAttribute('state')).to.equal('confirmed');
      expect(shownText(el)).to.equal(en.statusConfirmed);
      expect(event.detail).to.deep.equal({ state: 'confirmed', id: ID, status, fulfilled: true });
    }
  });

  it('expired: Payfect says expired and nothing was fulfilled', async () => {
    const { el, event } = await statusOf(() => answer(ID, 'expired'));
    expect(el.getAttribute('state')).to.equal('expired');
    expect(shownText(el)).to.equal(en.statusExpired);
    expect(event.detail).to.deep.equal({ state: 'expired', id: ID, status: 'expired', fulfilled: false });
  });

  it('unknown: the endpoint answers 404 checkout_not_found', async () => {
    const { el, event, endpoint } = await statusOf(() => notFound());
    expect(el.getAttribute('state')).to.equal('unknown');
    expect(shownText(el)).to.equal(en.statusUnknown);
    expect(event.detail).to.deep.equal({ state: 'unknown', id: ID, status: null, fulfilled: false });
    expect(endpoint.requests).to.have.length(1);
  });

  it('error: a 5xx, a network failure, a 404 with no error body, an answer that is not a status, or one for another id', async () => {
    const failures: [string, () => Response | Promise<Response>, RegExp][] = [
      ['502', () => json(502, { error: { code: 'payfect_error', message: 'Payfect failed' } }), /HTTP 502 payfect_error/],
      ['network', () => Promise.reject(new TypeError('Failed to fetch')), /could not be reached/],
      ['404 page', () => new Response('<h1>Not found</h1>', { status: 404 }), /HTTP 404, not from the status endpoint: check the endpoint attribute/],
      ['not a status', () => json(200, { id: ID, url: 'https://payfect.finance/x', status: 'open' }), /is endpoint the status endpoint/],
      ['another id', () => answer('another-checkout', 'complete', true), /no \{ id: "6f1c/],
    ];
    for (const [name, reply, warning] of failures) {
      const { el, event, lines } = await statusOf(reply);
      expect(el.getAttribute('state'), name).to.equal('error');
      expect(shownText(el), name).to.equal(en.statusError);
      expect(event.detail, name).to.deep.equal({ state: 'error', id: ID, status: null, fulfilled: false });
      expect(lines, name).to.have.length(1);
      expect(lines[0], name).to.match(/^<payfect-checkout-status> /).and.match(warning);
    }
  });

  it('takes the id the button left in sessionStorage', async () => {
    sessionStorage.setItem('payfect-checkout:last', ID);
    const { endpoint, event } = await statusOf(() => answer(ID, 'complete', true), '');
    expect(endpoint.requests[0]!.url.searchParams.get('id')).to.equal(ID);
    expect(event.detail.state).to.equal('confirmed');
  });

  it('prefers its checkout-id attribute to sessionStorage', async () => {
    sessionStorage.setItem('payfect-checkout:last', 'stored-one');
    const { endpoint } = await statusOf(() => answer(ID, 'open'));
    expect(endpoint.requests.map((request) => request.url.searchParams.get('id'))).to.deep.equal([ID]);
  });

  it('unknown without asking when the page has no id, and says where the id should have come from', async () => {
    const { el, endpoint, event, lines } = await statusOf(() => answer(ID, 'open'), '');
    expect(endpoint.requests).to.have.length(0);
    expect(el.getAttribute('state')).to.equal('unknown');
    expect(shownText(el)).to.equal(en.statusUnknown);
    expect(event.detail).to.deep.equal({ state: 'unknown', id: null, status: null, fulfilled: false });
    expect(lines.join('\n')).to.contain("sessionStorage['payfect-checkout:last']");
  });

  it('unknown without asking for an id that is no checkout id', async () => {
    sessionStorage.setItem('payfect-checkout:last', '../admin');
    const { el, endpoint, lines } = await statusOf(() => answer(ID, 'open'), '');
    expect(endpoint.requests).to.have.length(0);
    expect(el.state).to.equal('unknown');
    expect(lines).to.deep.equal(['<payfect-checkout-status> "../admin" is not a checkout id']);
  });

  it('finds no id, without throwing, when storage is switched off', async () => {
    const getItem = Storage.prototype.getItem;
    Storage.prototype.getItem = () => {
      throw new DOMException('The operation is insecure.', 'SecurityError');
    };
    try {
      const { el, endpoint, lines } = await statusOf(() => answer(ID, 'open'), '');
      expect(endpoint.requests).to.have.length(0);
      expect(el.state).to.equal('unknown');
      expect(lines.join('\n')).to.contain('no checkout-id');
    } finally {
      Storage.prototype.getItem = getItem;
    }
  });

  it('asks about the new checkout when checkout-id changes', async () => {
    const { el, endpoint } = await statusOf((request) => answer(request.url.searchParams.get('id')!, 'expired'));
    const next = oneEvent(el, 'payfect-checkout-status') as Promise<PayfectCheckoutStatusEvent>;
    el.setAttribute('checkout-id', 'second-checkout');
    expect((await next).detail).to.deep.equal({ state: 'expired', id: 'second-checkout', status: 'expired', fulfilled: false });
    expect(endpoint.requests.map((request) => request.url.searchParams.get('id'))).to.deep.equal([ID, 'second-checkout']);
  });

  it('fires a bubbling, composed, non-cancelable event', async () => {
    const { event } = await statusOf(() => answer(ID, 'open'));
    expect(event.bubbles).to.equal(true);
    expect(event.composed).to.equal(true);
    expect(event.cancelable).to.equal(false);
  });

  it('an invalid endpoint or timeout is an error, with no request', async () => {
    for (const attributes of [`endpoint="http://[bad" checkout-id="${ID}"`, `timeout="0" checkout-id="${ID}"`]) {
      const { el, endpoint, lines } = await statusOf(() => answer(ID, 'open'), attributes);
      expect(el.state, attributes).to.equal('error');
      expect(endpoint.requests, attributes).to.have.length(0);
      expect(lines[0], attributes).to.match(/endpoint "http:\/\/\[bad" is not a URL|timeout must be a number/);
    }
  });

  it('keeps the live region in place, and changes only its text', async () => {
    const { el } = await statusOf(() => answer(ID, 'open'));
    const region = part(el, 'message');
    expect(region.getAttribute('role')).to.equal('status');
    el.fetch = statusEndpoint(() => answer('other', 'complete', true)).fetch;
    const next = oneEvent(el, 'payfect-checkout-status');
    el.checkoutId = 'other';
    await next;
    await el.updateComplete;
    expect(part(el, 'message')).to.equal(region);
    expect(shownText(el)).to.equal(en.statusConfirmed);
  });
});
