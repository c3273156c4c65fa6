import { expect, oneEvent } from '@open-wc/testing';
import { readFile } from '@web/test-runner-commands';
import type { PayfectCheckoutButton } from '../../src/index.js';
import { fakeEndpoint, json, shadow } from './fake-endpoint.js';

// docs/element.md's markup and CSS, read from their files under examples/ (the page shows them
// between include markers), in a page of their own as a merchant writes it: the element's
// module, the page's CSS, and the snippet's markup and scripts, parsed by the browser.

const frames: HTMLIFrameElement[] = [];
afterEach(() => frames.splice(0).forEach((frame) => frame.remove()));

async function example(path: string): Promise<string> {
  const text = await readFile({ path: `../../examples/${path}` });
  expect(text, path).to.be.a('string');
  return text!;
}

interface Page {
  buttons: PayfectCheckoutButton[];
  /** What the page logged with console.warn. */
  warnings: unknown[][];
}

/** A page holding the file's markup, loaded: its module scripts have run and its buttons rendered. */
async function page(path: string, css = ''): Promise<Page> {
  const frame = document.createElement('iframe');
  frames.push(frame);
  frame.srcdoc = `<!doctype html><html lang="en"><head><meta charset="utf-8">
<script type="module" src="/src/index.ts"></script><style>${css}</style></head><body>${await example(path)}</body></html>`;
  const loaded = oneEvent(frame, 'load');
  document.body.append(frame);
  await loaded;
  const view = frame.contentWindow! as Window & typeof globalThis;
  const warnings: unknown[][] = [];
  view.console.warn = (...args: unknown[]) => warnings.push(args);
  const buttons = [...view.document.querySelectorAll('payfect-checkout-button')];
  expect(buttons.every((button) => button.shadowRoot), 'upgraded').to.equal(true);
  await Promise.all(buttons.map((button) => button.updateComplete));
  return { buttons, warnings };
}

const shownLabel = (el: PayfectCheckoutButton) => {
  const slotted = shadow(el, 'label').querySelector('slot')!.assignedNodes();
  return (slotted.length > 0 ? slotted.map((node) => node.textContent).join('') : shadow(el, 'label').textContent!).trim();
};

async function failWith(el: PayfectCheckoutButton, answer: Response) {
  el.fetch = fakeEndpoint(() => answer).fetch;
  const failed = oneEvent(el, 'payfect-checkout-error');
  shadow(el, 'button').click();
  await failed;
  await el.updateComplete;
}

describe('docs/element.md markup', () => {
  it('examples/markup/cart.html: 3 × 0.10 reads Pay 0.30 USDT; the cart shows its own label', async () => {
    const { buttons: [sticker, cart, ...rest] } = await page('markup/cart.html');
    expect(rest).to.have.length(0);
    expect(shownLabel(sticker!)).to.equal('Pay 0.30 USDT');
    expect(shownLabel(cart!)).to.equal('Check out');
    expect(JSON.parse(cart!.items!).map((item: { product_id: string }) => item.product_id)).to.deep.equal(['mug', 'tshirt']);
  });

  it('examples/markup/cart.html: its listener logs the code and message of a failure', async () => {
    const { buttons: [sticker], warnings } = await page('markup/cart.html');
    const message = 'unit_amount 0.10 != 0.12';
    await failWith(sticker!, json(409, { error: { code: 'price_mismatch', message } }));
    expect(warnings).to.deep.include(['price_mismatch', message]);
  });

  it('examples/donation/button.html reads Pay 25.00 USDT', async () => {
    const { buttons: [donation] } = await page('donation/button.html');
    expect(shownLabel(donation!)).to.equal('Pay 25.00 USDT');
    expect(donation!.productId).to.equal('donation');
  });
});

describe('docs/element.md styling: examples/styling/button.css', () => {
  it('colours and rounds the button, and bolds the error message only in the error state', async () => {
    const { buttons: [el] } = await page('donation/button.html', await example('styling/button.css'));
    const button = getComputedStyle(shadow(el!, 'button'));
    expect(button.backgroundColor).to.equal('rgb(15, 118, 110)');
    expect(button.borderTopLeftRadius).to.equal('999px');
    expect(button.boxShadow).to.equal('rgba(15, 118, 110, 0.35) 0px 4px 14px 0px');
    expect(getComputedStyle(shadow(el!, 'error')).fontWeight).to.equal('400');

    await failWith(el!, json(503, { error: { code: 'payfect_error', message: 'down' } }));
    expect(el!.getAttribute('state')).to.equal('error');
    expect(getComputedStyle(shadow(el!, 'error')).fontWeight).to.equal('600');
  });
});
