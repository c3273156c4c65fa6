import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { PayfectCheckoutButton, type PayfectCheckoutStatus, type PayfectCheckoutStatusEvent } from '../../src/index.js';
import { answer, json, statusEndpoint, warnings } from './status-fixtures.js';

// The button leaves the checkout it sends the buyer to in sessionStorage as it navigates (after starting the
// navigation, in the same task, so the first storage access does not delay it), and the return page's
// <payfect-checkout-status> asks about that checkout.

const KEY = 'payfect-checkout:last';
const ID = 'ed8d24aa-a860-426b-8e56-87cb9f55a081';

/** The real button, except that navigation is recorded (with what sessionStorage held then) instead of performed. */
class StayingCheckoutButton extends PayfectCheckoutButton {
  readonly navigations: { url: string; stored: string | null }[] = [];
  protected override navigate(url: string): void {
    this.navigations.push({ url, stored: sessionStorage.getItem(KEY) });
  }
}
customElements.define('staying-checkout-button', StayingCheckoutButton);

const session = (url = `https://payfect.finance/checkouts/${ID}`) =>
  json(200, { id: ID, url, status: 'open', amountTotal: '20.50', currency: 'usdt', expiresAt: null, isLivemode: false });

async function button(reply: () => Response): Promise<StayingCheckoutButton> {
  const el = await fixture<StayingCheckoutButton>(html`<staying-checkout-button product-id="p" amount="20.50"></staying-checkout-button>`);
  el.fetch = () => Promise.resolve(reply());
  return el;
}

describe('button → return page', () => {
  beforeEach(() => sessionStorage.clear());
  afterEach(() => sessionStorage.clear());

  it('the button stores the checkout id once the navigation has started, and the status element asks about it', async () => {
    const el = await button(() => session());
    await el.checkout();
    // Not yet stored when the navigation starts: storage's first access is a round trip to the browser.
    expect(el.navigations).to.deep.equal([{ url: `https://payfect.finance/checkouts/${ID}`, stored: null }]);
    expect(sessionStorage.getItem(KEY)).to.equal(ID);

    const endpoint = statusEndpoint(() => answer(ID, 'complete', true));
    const host = document.createElement('div');
    host.innerHTML = '<payfect-checkout-status></payfect-checkout-status>';
    const status = host.firstElementChild as PayfectCheckoutStatus;
    status.fetch = endpoint.fetch;
    const event = oneEvent(status, 'payfect-checkout-status') as Promise<PayfectCheckoutStatusEvent>;
    await fixture(host);
    expect((await event).detail).to.deep.equal({ state: 'confirmed', id: ID, status: 'complete', fulfilled: true });
    expect(endpoint.requests[0]!.url.searchParams.get('id')).to.equal(ID);
  });

  it('stores nothing when the page cancels the redirect, or the redirect is blocked', async () => {
    const cancelled = await button(() => session());
    cancelled.addEventListener('payfect-checkout-redirect', (event) => event.preventDefault());
    await cancelled.checkout();
    expect(cancelled.navigations).to.deep.equal([]);
    expect(sessionStorage.getItem(KEY)).to.equal(null);

    const blocked = await button(() => session('https://elsewhere.example/checkouts/x'));
    await warnings(() => blocked.checkout());
    expect(blocked.state).to.equal('error');
    expect(sessionStorage.getItem(KEY)).to.equal(null);
  });

  it('still sends the buyer to pay when storage refuses to store', async () => {
    const setItem = Storage.prototype.setItem;
    Storage.prototype.setItem = () => {
      throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
    };
    try {
      const el = await button(() => session());
      await el.checkout();
      expect(el.navigations).to.deep.equal([{ url: `https://payfect.finance/checkouts/${ID}`, stored: null }]);
      expect(el.state).to.equal('redirecting');
    } finally {
      Storage.prototype.setItem = setItem;
    }
    expect(sessionStorage.getItem(KEY)).to.equal(null);
  });
});
