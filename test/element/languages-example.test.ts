import { expect, oneEvent } from '@open-wc/testing';
import { readFile } from '@web/test-runner-commands';
import type { PayfectCheckoutButton } from '../../src/index.js';
import { messagesFor } from '../../src/element/messages.js';
import { fakeEndpoint, shadow } from './fake-endpoint.js';

// docs/languages.md's example, examples/languages/japanese.html, in a page of its own as a merchant
// serves it (the CDN file's import pointed at the sources): its lang="ja" button speaks Japanese.

describe('examples/languages/japanese.html', () => {
  let frame: HTMLIFrameElement;
  afterEach(() => frame.remove());

  it('registers Japanese, and its lang="ja" button shows the label and the messages in it', async () => {
    const page = (await readFile({ path: '../../examples/languages/japanese.html' }))!;
    expect(page).to.contain("from '/payfect-checkout.js'");
    frame = document.createElement('iframe');
    frame.srcdoc = page.replace("'/payfect-checkout.js'", "'/src/index.ts'");
    const loaded = oneEvent(frame, 'load');
    document.body.append(frame);
    await loaded;
    const view = frame.contentWindow! as Window & typeof globalThis;
    const el = view.document.querySelector('payfect-checkout-button') as PayfectCheckoutButton;
    await el.updateComplete;
    const amount = new Intl.NumberFormat('ja', { maximumFractionDigits: 0 }).format(2050);
    expect(shadow(el, 'label').textContent!.trim()).to.equal(`${amount} JPY を支払う`);

    view.console.warn = () => {};
    el.fetch = fakeEndpoint(() => Promise.reject(new TypeError('Failed to fetch'))).fetch;
    const failed = oneEvent(el, 'payfect-checkout-error');
    shadow(el, 'button').click();
    await failed;
    await el.updateComplete;
    const message = shadow(el, 'error').textContent!;
    expect(message).to.contain('決済サービスに接続できません');
    expect(message).to.not.equal(messagesFor('en').networkError);
  });
});
