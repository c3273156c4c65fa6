import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { buildCheckoutRequest, checkoutCart, InvalidConfigError } from '../../src/element/checkout-wire.js';
import { CurrencyCode, PaymentMethodData } from '../../src/shared/schema-parts.js';
import { consoleWarnings, fakeEndpoint, shadow } from './fake-endpoint.js';

// Bad configuration never reaches the endpoint: one console warning names the attribute,
// payfect-checkout-error says invalid_config, and the buyer reads that the button is not set up.

const NOT_SET_UP = 'This payment button is not set up correctly.';

interface Case {
  title: string;
  attributes: Record<string, string>;
  names: string;
}

const CASES: Case[] = [
  { title: 'no product-id and no items', attributes: { amount: '5' }, names: 'product-id' },
  { title: 'a negative amount', attributes: { 'product-id': 'p', amount: '-5' }, names: 'amount' },
  { title: 'an empty amount', attributes: { 'product-id': 'p', amount: '' }, names: 'amount' },
  { title: 'a non-decimal amount', attributes: { 'product-id': 'p', amount: '1e3' }, names: 'amount' },
  { title: 'an amount with a comma', attributes: { 'product-id': 'p', amount: '20,50' }, names: 'amount' },
  { title: 'a zero amount', attributes: { 'product-id': 'p', amount: '0.00' }, names: 'amount' },
  { title: 'a quantity of 0', attributes: { 'product-id': 'p', quantity: '0' }, names: 'quantity' },
  { title: 'a quantity of 1.5', attributes: { 'product-id': 'p', quantity: '1.5' }, names: 'quantity' },
  { title: 'a non-numeric quantity', attributes: { 'product-id': 'p', quantity: 'two' }, names: 'quantity' },
  { title: 'a javascript: image', attributes: { 'product-id': 'p', amount: '5', image: 'javascript:alert(1)' }, names: 'image' },
  { title: 'a data: image', attributes: { 'product-id': 'p', image: 'data:image/png;base64,AAAA' }, names: 'image' },
  { title: 'an ftp image', attributes: { 'product-id': 'p', amount: '5', image: 'ftp://shop.example/p.png' }, names: 'image' },
  { title: 'an invalid currency', attributes: { 'product-id': 'p', currency: 'US$' }, names: 'currency' },
  { title: 'a javascript: success-url', attributes: { 'product-id': 'p', 'success-url': 'javascript:alert(1)' }, names: 'success-url' },
  { title: 'a mailto: cancel-url', attributes: { 'product-id': 'p', 'cancel-url': 'mailto:a@b.example' }, names: 'cancel-url' },
  { title: 'an invalid network', attributes: { 'product-id': 'p', network: 'tron net' }, names: 'network' },
  { title: 'broken items JSON', attributes: { items: '[{"product_id": "a",' }, names: 'items' },
  { title: 'items that are not an array', attributes: { items: '{"product_id": "a"}' }, names: 'items' },
  { title: 'an empty items array', attributes: { items: '[]' }, names: 'items' },
  { title: 'an item without product_id', attributes: { items: '[{"quantity": 1}]' }, names: 'items[0].product_id' },
  { title: 'an item with quantity 0', attributes: { items: '[{"product_id": "a"}, {"product_id": "b", "quantity": 0}]' }, names: 'items[1].quantity' },
  { title: 'an item with an unknown field', attributes: { items: '[{"product_id": "a", "colour": "red"}]' }, names: 'items[0].colour' },
  {
    title: 'an item with a float unit_amount',
    attributes: { items: '[{"product_id": "a", "price_data": {"unit_amount": 20.5}}]' },
    names: 'items[0].price_data.unit_amount',
  },
  {
    title: 'an item with a numeric currency',
    attributes: { items: '[{"product_id": "a", "price_data": {"unit_amount": "1", "currency": 123}}]' },
    names: 'items[0].price_data.currency',
  },
  {
    title: 'an item whose product_data has an unknown field',
    attributes: { items: '[{"product_id": "a", "price_data": {"unit_amount": "1", "product_data": {"title": "A"}}}]' },
    names: 'items[0].price_data.product_data.title',
  },
  {
    title: 'an item priced in another currency than currency',
    attributes: { items: '[{"product_id": "a", "price_data": {"unit_amount": "1", "currency": "usdc"}}]' },
    names: 'items[0].price_data.currency',
  },
  { title: 'a timeout that is not a number', attributes: { 'product-id': 'p', timeout: '10s' }, names: 'timeout' },
  { title: 'a timeout of 0', attributes: { 'product-id': 'p', timeout: '0' }, names: 'timeout' },
  { title: 'a timeout past what setTimeout can wait', attributes: { 'product-id': 'p', timeout: '1e10' }, names: 'timeout' },
  {
    title: 'items carrying callback_url',
    attributes: { items: '[{"product_id": "a", "callback_url": "https://evil.example/"}]' },
    names: 'items[0].callback_url',
  },
  { title: 'a free item (0.00)', attributes: { items: '[{"product_id": "a", "price_data": {"unit_amount": "0.00"}}]' }, names: 'items[0].price_data.unit_amount' },
  {
    title: 'an item whose price_data has an unknown field',
    attributes: { items: '[{"product_id": "a", "price_data": {"unit_amount": "1", "discount": "1"}}]' },
    names: 'items[0].price_data.discount',
  },
  {
    title: 'an item whose product name is not text',
    attributes: { items: '[{"product_id": "a", "price_data": {"unit_amount": "1", "product_data": {"name": 5}}}]' },
    names: 'items[0].price_data.product_data.name',
  },
  {
    title: 'an item with a javascript: image',
    attributes: { items: '[{"product_id": "a", "price_data": {"unit_amount": "1", "product_data": {"images": ["javascript:alert(1)"]}}}]' },
    names: 'items[0].price_data.product_data.images[0]',
  },
  { title: 'a name longer than 250 characters', attributes: { 'product-id': 'p', amount: '5', name: 'n'.repeat(251) }, names: 'name' },
  { title: 'a product-id longer than 200 characters', attributes: { 'product-id': 'p'.repeat(201) }, names: 'product-id' },
  { title: 'a javascript: endpoint', attributes: { 'product-id': 'p', endpoint: 'javascript:alert(1)' }, names: 'endpoint' },
  // checkout-hosts names domains of two labels or more: a bare suffix or an IP address would let any such host in.
  ...['com', '4', '10.0.0.4', '192.168.1.20', '8.8.8.8', '0x7f.1', 'localhost', '127.0.0.1', '[::1]', '::1', 'localhost:', 'example.com:8443', 'https://payfect.finance', 'payfect.finance com', '*.example.com'].map(
    (hosts) => ({ title: `checkout-hosts="${hosts}"`, attributes: { 'product-id': 'p', 'checkout-hosts': hosts }, names: 'checkout-hosts' }),
  ),
];

async function configured(attributes: Record<string, string>) {
  const el = await fixture<HTMLElementTagNameMap['recording-checkout-button']>(
    html`<recording-checkout-button></recording-checkout-button>`,
  );
  for (const [name, value] of Object.entries(attributes)) el.setAttribute(name, value);
  await el.updateComplete;
  return el;
}

describe('bad configuration', () => {
  for (const { title, attributes, names } of CASES) {
    it(`${title}: sends nothing and names ${names}`, async () => {
      const el = await configured(attributes);
      const endpoint = fakeEndpoint();
      el.fetch = endpoint.fetch;
      let detail: { code: string; message: string } | undefined;
      const logged = await consoleWarnings(async () => {
        const failed = oneEvent(el, 'payfect-checkout-error');
        shadow(el, 'button').click();
        detail = (await failed).detail;
        await el.updateComplete;
      });
      expect(endpoint.requests).to.have.length(0);
      expect(detail!.code).to.equal('invalid_config');
      expect(detail!.message).to.contain(names);
      expect(shadow(el, 'error').textContent).to.equal(NOT_SET_UP);
      expect(logged).to.have.length(1);
      expect(String(logged[0]![0])).to.contain('invalid_config').and.contain(names);
      expect(el.state).to.equal('error');
      expect(el.navigations).to.deep.equal([]);
    });
  }

  it('is re-checked on the next click once the attribute is fixed', async () => {
    const el = await configured({ 'product-id': 'p', amount: '-1' });
    const endpoint = fakeEndpoint();
    el.fetch = endpoint.fetch;
    await consoleWarnings(() => el.checkout());
    el.amount = '1.00';
    await el.checkout();
    expect(endpoint.requests).to.have.length(1);
    expect(endpoint.requests[0]!.body.invoice_items[0].price_data.unit_amount).to.equal('1.00');
    await el.updateComplete;
    expect(shadow(el, 'error').textContent, 'the failure is no longer shown').to.not.contain(NOT_SET_UP);
    expect(el.state).to.equal('redirecting');
  });
});

describe('currency and network codes', () => {
  /** The attribute buildCheckoutRequest blames for `config`, or undefined when it builds a request. */
  function refusal(config: { currency?: string; network?: string }): string | undefined {
    try {
      const attributes = { productId: 'p', currency: 'usdt', quantity: 1, network: 'tron', ...config };
      buildCheckoutRequest(attributes, checkoutCart(attributes, location.href), location.href);
    } catch (error) {
      if (error instanceof InvalidConfigError) return error.attribute;
      throw error;
    }
  }

  // Edges of both patterns: length, case, separators, non-ASCII.
  const CODES = ['usdt', 'USDT', 'u1', 'x', 'abcdefghijkl', 'abcdefghijklm', 'bsc-bep20', 'trc_20', 'us dt', 'US$', 'üsdt', '', 'a'.repeat(32), 'a'.repeat(33)];

  it('are accepted and refused exactly as the server schema does', () => {
    for (const code of CODES) {
      const network = { type: 'cryptopaymentmethoddetail', paymentMethodDetail: { currency: 'usdt', network: code } };
      expect(refusal({ currency: code }) != 'currency', `currency ${JSON.stringify(code)}`).to.equal(CurrencyCode.safeParse(code).success);
      expect(refusal({ network: code }) != 'network', `network ${JSON.stringify(code)}`).to.equal(PaymentMethodData.safeParse(network).success);
    }
  });
});
