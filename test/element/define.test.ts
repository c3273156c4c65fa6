import { expect } from '@open-wc/testing';
import { PayfectCheckoutButton } from '../../src/index.js';

// The package root registers the tag once, and loading a second copy keeps the first.

describe('registration', () => {
  it('defines <payfect-checkout-button> as PayfectCheckoutButton', () => {
    expect(customElements.get('payfect-checkout-button')).to.equal(PayfectCheckoutButton);
    expect(document.createElement('payfect-checkout-button')).to.be.instanceOf(PayfectCheckoutButton);
  });

  it('a second copy of the define module does not throw and keeps the first class', async () => {
    const again = '../../src/element/define.ts?second-copy';
    await import(/* @vite-ignore */ again);
    expect(customElements.get('payfect-checkout-button')).to.equal(PayfectCheckoutButton);
  });

  it('a define error other than "already defined" is not swallowed', async () => {
    const define = customElements.define;
    customElements.define = () => {
      throw new TypeError('boom');
    };
    try {
      let error: unknown;
      const broken = '../../src/element/define.ts?broken-registry';
      await import(/* @vite-ignore */ broken).catch((e: unknown) => (error = e));
      expect(error).to.be.instanceOf(TypeError);
    } finally {
      customElements.define = define;
    }
  });
});
