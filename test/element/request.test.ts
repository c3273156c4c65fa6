import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { checkoutSession, consoleWarnings, fakeEndpoint, json, shadow } from './fake-endpoint.js';

// What each attribute puts in the POST the button sends (DESIGN: endpoint wire contract).

async function purchase(el: HTMLElementTagNameMap['recording-checkout-button']) {
  const endpoint = fakeEndpoint();
  el.fetch = endpoint.fetch;
  const redirected = oneEvent(el, 'payfect-checkout-redirect');
  shadow(el, 'button').click();
  await redirected;
  expect(endpoint.requests).to.have.length(1);
  return endpoint.requests[0]!;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('the checkout request', () => {
  it('POSTs JSON to the default endpoint with an Idempotency-Key, with only a product id', async () => {
    const el = await fixture<HTMLElementTagNameMap['recording-checkout-button']>(
      html`<recording-checkout-button product-id="standard-plan"></recording-checkout-button>`,
    );
    const request = await purchase(el);
    expect(request.url, 'resolved against the page').to.equal(new URL('/api/checkout', location.href).href);
    expect(request.method).to.equal('POST');
    expect(request.headers.get('content-type')).to.equal('application/json');
    expect(request.headers.get('idempotency-key')).to.match(UUID);
    expect(request.body).to.deep.equal({
      currency: 'usdt',
      invoice_items: [{ product_id: 'standard-plan', quantity: 1 }],
      payment_method_data: {
        type: 'cryptopaymentmethoddetail',
        paymentMethodDetail: { currency: 'usdt', network: 'tron' },
      },
    });
  });

  it('sends every attribute as the DESIGN example shows, resolving URLs against the page', async () => {
    const el = await fixture<HTMLElementTagNameMap['recording-checkout-button']>(html`
      <recording-checkout-button
        endpoint="/shop/api/checkout"
        product-id="standard-plan"
        name="Standard Plan"
        description="A standard plan"
        image="/img/plan.png"
        amount="20.50"
        currency="USDT"
        quantity="3"
        client-reference-id="order-123"
        success-url="https://shop.example/thanks"
        cancel-url="/cart"
        network="TRON"
        pay-currency="usdc"
      ></recording-checkout-button>
    `);
    const request = await purchase(el);
    expect(request.url).to.equal(new URL('/shop/api/checkout', location.href).href);
    expect(request.body).to.deep.equal({
      currency: 'usdt',
      invoice_items: [
        {
          product_id: 'standard-plan',
          quantity: 3,
          price_data: {
            currency: 'usdt',
            unit_amount: '20.50',
            product_data: {
              name: 'Standard Plan',
              description: 'A standard plan',
              images: [new URL('/img/plan.png', location.href).href],
            },
          },
        },
      ],
      client_reference_id: 'order-123',
      success_url: 'https://shop.example/thanks',
      cancel_url: new URL('/cart', location.href).href,
      payment_method_data: {
        type: 'cryptopaymentmethoddetail',
        paymentMethodDetail: { currency: 'usdc', network: 'tron' },
      },
    });
  });

  it('sends price_data only with an amount, carrying just the display fields present', async () => {
    const noAmount = await fixture<HTMLElementTagNameMap['recording-checkout-button']>(html`
      <recording-checkout-button product-id="p" name="Plan" description="Nice" image="https://shop.example/p.png"></recording-checkout-button>
    `);
    expect((await purchase(noAmount)).body.invoice_items).to.deep.equal([{ product_id: 'p', quantity: 1 }]);

    const nameOnly = await fixture<HTMLElementTagNameMap['recording-checkout-button']>(html`
      <recording-checkout-button product-id="p" amount="5" name="Plan" currency="trx"></recording-checkout-button>
    `);
    expect((await purchase(nameOnly)).body.invoice_items).to.deep.equal([
      { product_id: 'p', quantity: 1, price_data: { currency: 'trx', unit_amount: '5', product_data: { name: 'Plan' } } },
    ]);

    const bare = await fixture<HTMLElementTagNameMap['recording-checkout-button']>(html`
      <recording-checkout-button product-id="p" amount="0.10"></recording-checkout-button>
    `);
    expect((await purchase(bare)).body.invoice_items).to.deep.equal([
      { product_id: 'p', quantity: 1, price_data: { currency: 'usdt', unit_amount: '0.10' } },
    ]);
  });

  it('pays in the price currency on tron unless network and pay-currency say otherwise', async () => {
    const el = await fixture<HTMLElementTagNameMap['recording-checkout-button']>(html`
      <recording-checkout-button product-id="p" currency="USDC"></recording-checkout-button>
    `);
    expect((await purchase(el)).body.payment_method_data).to.deep.equal({
      type: 'cryptopaymentmethoddetail',
      paymentMethodDetail: { currency: 'usdc', network: 'tron' },
    });
    const other = await fixture<HTMLElementTagNameMap['recording-checkout-button']>(html`
      <recording-checkout-button product-id="p" currency="usdc" network="ethereum" pay-currency="USDT"></recording-checkout-button>
    `);
    expect((await purchase(other)).body.payment_method_data.paymentMethodDetail).to.deep.equal({
      currency: 'usdt',
      network: 'ethereum',
    });
  });

  it('sends the items JSON as invoice_items, replacing the single-product attributes', async () => {
    const items = JSON.stringify([
      { product_id: 'a', quantity: 2, price_data: { unit_amount: '1.25', product_data: { name: 'A' } } },
      { product_id: 'b' },
    ]);
    const el = await fixture<HTMLElementTagNameMap['recording-checkout-button']>(html`
      <recording-checkout-button product-id="ignored" amount="99" items=${items}></recording-checkout-button>
    `);
    expect((await purchase(el)).body.invoice_items).to.deep.equal([
      { product_id: 'a', quantity: 2, price_data: { currency: 'usdt', unit_amount: '1.25', product_data: { name: 'A' } } },
      { product_id: 'b', quantity: 1 },
    ]);
  });

  it('puts the request on the wire synchronously in the click, before any render', async () => {
    const el = await fixture<HTMLElementTagNameMap['recording-checkout-button']>(
      html`<recording-checkout-button product-id="p"></recording-checkout-button>`,
    );
    const endpoint = fakeEndpoint(() => new Promise<Response>(() => {}));
    el.fetch = endpoint.fetch;
    shadow(el, 'button').click();
    expect(endpoint.requests).to.have.length(1);
  });

  it('uses globalThis.fetch when no fetch is set (a real 404 from the test server)', async () => {
    const el = await fixture<HTMLElementTagNameMap['recording-checkout-button']>(
      html`<recording-checkout-button product-id="p" endpoint="/no-such-endpoint"></recording-checkout-button>`,
    );
    const failed = oneEvent(el, 'payfect-checkout-error');
    await el.checkout();
    const { detail } = await failed;
    expect(detail).to.include({ code: 'invalid_response', status: 404 });
  });
});

describe('a <base> injected into the page', () => {
  // Markup alone (no script) can add a <base>: it must not move the POST, the URLs sent or the navigation.
  let base: HTMLBaseElement;
  beforeEach(() => {
    base = document.createElement('base');
    base.href = 'http://attacker.example/';
    document.head.prepend(base);
    expect(document.baseURI).to.equal('http://attacker.example/');
  });
  afterEach(() => base.remove());

  it('leaves the endpoint and every URL sent resolved against the page itself', async () => {
    const el = await fixture<HTMLElementTagNameMap['recording-checkout-button']>(html`
      <recording-checkout-button product-id="p" amount="5" image="/img/p.png" success-url="/thanks" cancel-url="cart"></recording-checkout-button>
    `);
    const request = await purchase(el);
    expect(request.url).to.equal(new URL('/api/checkout', location.href).href);
    expect(request.body.success_url).to.equal(new URL('/thanks', location.href).href);
    expect(request.body.cancel_url).to.equal(new URL('cart', location.href).href);
    expect(request.body.invoice_items[0].price_data.product_data.images).to.deep.equal([new URL('/img/p.png', location.href).href]);
    expect(el.navigations).to.deep.equal(['https://payfect.finance/checkouts/chk_1']);
  });

  it('sends a relative checkout url to the page origin, and blocks one on the <base> origin', async () => {
    const redirectTo = async (url: string) => {
      const el = await fixture<HTMLElementTagNameMap['recording-checkout-button']>(
        html`<recording-checkout-button product-id="p"></recording-checkout-button>`,
      );
      el.fetch = fakeEndpoint(() => json(200, checkoutSession({ url }))).fetch;
      const failed = oneEvent(el, 'payfect-checkout-error').then((event) => event.detail.code);
      await consoleWarnings(() => el.checkout());
      return { navigations: el.navigations, failed: el.state == 'error' ? await failed : undefined };
    };
    expect(await redirectTo('/checkouts/chk_1')).to.deep.equal({ navigations: [`${location.origin}/checkouts/chk_1`], failed: undefined });
    expect(await redirectTo('http://attacker.example/checkouts/chk_1')).to.deep.equal({ navigations: [], failed: 'redirect_blocked' });
  });
});

describe('in an about:blank frame (no URL of its own)', () => {
  it("resolves the endpoint and the same-origin rule against the frame's origin", async () => {
    const frame = document.createElement('iframe');
    document.body.append(frame);
    try {
      const frameWindow = frame.contentWindow as Window & typeof globalThis;
      expect(frameWindow.location.href).to.equal('about:blank');
      const script = frameWindow.document.createElement('script');
      script.type = 'module';
      // The built CDN file (run `npm run build` first): one request, registered in the frame's own registry.
      script.src = new URL('/dist/cdn/payfect-checkout.js', location.href).href;
      frameWindow.document.head.append(script);
      await frameWindow.customElements.whenDefined('payfect-checkout-button');
      const el = frameWindow.document.createElement('payfect-checkout-button');
      el.setAttribute('product-id', 'p');
      frameWindow.document.body.append(el);
      await el.updateComplete;
      const endpoint = fakeEndpoint(() => json(200, checkoutSession({ url: '/checkouts/chk_1' })));
      el.fetch = endpoint.fetch;
      el.addEventListener('payfect-checkout-redirect', (event) => event.preventDefault());
      const redirected = oneEvent(el, 'payfect-checkout-redirect');
      await el.checkout();
      expect((await redirected).detail.checkout.url).to.equal('/checkouts/chk_1');
      expect(endpoint.requests.map((request) => request.url)).to.deep.equal([`${location.origin}/api/checkout`]);
    } finally {
      frame.remove();
    }
  });
});
