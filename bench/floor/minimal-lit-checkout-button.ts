// The Lit floor: the vanilla floor's job written as a minimal Lit element that shows what ours shows — our
// styles, a <button> with a slotted `Pay 20.50 USDT` label, a live region for a failure. No validation, no
// locale, no states or events: what lit itself costs is this; anything the real element costs beyond it is ours.
import { LitElement, html } from 'lit';
import { property, state } from 'lit/decorators.js';
import { styles } from '../../src/element/payfect-checkout-button.styles.js';

class MinimalLitCheckoutButton extends LitElement {
  static override styles = styles;

  @property() endpoint = '/api/checkout';
  @property({ attribute: 'product-id' }) productId = '';
  @property() amount = '';
  @property() currency = 'usdt';
  @state() private message = '';

  async checkout() {
    const response = await fetch(this.endpoint, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ currency: this.currency, invoice_items: [{ product_id: this.productId, quantity: 1 }] }),
    });
    if (response.ok) location.assign((await response.json()).url);
    else this.message = 'Checkout could not start.';
  }

  override render() {
    const label = this.amount ? `Pay ${this.amount} ${this.currency.toUpperCase()}` : 'Pay with Payfect';
    return html`<button part="button" type="button" @click=${this.checkout}><span part="label"><slot>${label}</slot></span></button><span part="error" role="alert">${this.message}</span>`;
  }
}

customElements.define('minimal-lit-checkout-button', MinimalLitCheckoutButton);
