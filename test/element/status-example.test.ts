import { expect, oneEvent } from '@open-wc/testing';
import { readFile } from '@web/test-runner-commands';
import type { PayfectCheckoutStatus } from '../../src/index.js';
import { answer, notFound, shownText, statusEndpoint } from './status-fixtures.js';

// The docs' success page, examples/return-page/thanks.html, in a page of its own as a merchant writes
// it: the element's module, then the file's body, parsed by the browser. The page's fetch is the stub
// status endpoint; sessionStorage holds what the button left there (the frame shares this tab's).

const ID = 'ed8d24aa-a860-426b-8e56-87cb9f55a081';
const frames: HTMLIFrameElement[] = [];

/** The example's <payfect-checkout-status>, once it has fired its first status event (caught by the frame's window). */
async function returnPage(reply: () => Response) {
  const file = await readFile({ path: '../../examples/return-page/thanks.html' });
  const body = /<body>([\s\S]*)<\/body>/.exec(file ?? '')?.[1];
  expect(body, 'the example has a body').to.be.a('string');
  const endpoint = statusEndpoint(reply);
  (window as unknown as Record<string, unknown>).stubbedFetch = endpoint.fetch;
  const frame = document.createElement('iframe');
  frames.push(frame);
  frame.srcdoc = `<!doctype html><html lang="en"><head><meta charset="utf-8">
<script>
  window.fetch = parent.stubbedFetch;
  window.firstStatus = new Promise((resolve) => addEventListener('payfect-checkout-status', resolve, { once: true }));
</script>
<script type="module" src="/src/index.ts"></script></head><body>${body}</body></html>`;
  const loaded = oneEvent(frame, 'load');
  document.body.append(frame);
  await loaded;
  await (frame.contentWindow as unknown as { firstStatus: Promise<Event> }).firstStatus;
  const el = frame.contentDocument!.querySelector('payfect-checkout-status') as PayfectCheckoutStatus;
  await el.updateComplete;
  return { el, endpoint };
}

describe('examples/return-page/thanks.html', () => {
  afterEach(() => {
    frames.splice(0).forEach((frame) => frame.remove());
    sessionStorage.clear();
  });

  it('asks /api/checkout-status about the checkout the button left, and shows its confirmed paragraph', async () => {
    sessionStorage.setItem('payfect-checkout:last', ID);
    const { el, endpoint } = await returnPage(() => answer(ID, 'complete', true));
    expect(endpoint.requests.map((request) => request.url.pathname + request.url.search)).to.deep.equal([`/api/checkout-status?id=${ID}`]);
    expect(el.state).to.equal('confirmed');
    expect(shownText(el)).to.equal('Payment confirmed. Your order is on its way: we have sent you an email.');
  });

  it('shows its expired paragraph for an expired checkout', async () => {
    sessionStorage.setItem('payfect-checkout:last', ID);
    const { el } = await returnPage(() => answer(ID, 'expired'));
    expect(el.state).to.equal('expired');
    expect(shownText(el)).to.equal('This checkout expired before it was paid. Back to the shop');
  });

  it('never says confirmed when opened without paying: no id, or one the endpoint does not know', async () => {
    const unpaid = await returnPage(() => answer(ID, 'complete', true));
    expect(unpaid.endpoint.requests).to.have.length(0);
    expect(unpaid.el.state).to.equal('unknown');
    expect(shownText(unpaid.el)).to.equal('No payment was found for this page.');

    sessionStorage.setItem('payfect-checkout:last', 'made-up-id');
    const unknown = await returnPage(() => notFound());
    expect(unknown.el.state).to.equal('unknown');
  });
});
