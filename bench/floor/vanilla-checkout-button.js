// The floor: the least a checkout button can be — a button, a JSON POST, and a redirect to the reply's url.
// No validation, no states, no events, no errors shown: anything the real element costs beyond this buys those.
class VanillaCheckoutButton extends HTMLElement {
  connectedCallback() {
    if (this.shadowRoot) return;
    const button = document.createElement('button');
    button.append(document.createElement('slot'));
    button.firstChild.textContent = 'Pay with Payfect';
    button.addEventListener('click', () => this.checkout());
    this.attachShadow({ mode: 'open' }).append(button);
  }

  async checkout() {
    const response = await fetch(this.getAttribute('endpoint') || '/api/checkout', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({
        currency: this.getAttribute('currency') || 'usdt',
        invoice_items: [{ product_id: this.getAttribute('product-id'), quantity: 1 }],
      }),
    });
    if (response.ok) location.assign((await response.json()).url);
  }
}

customElements.define('vanilla-checkout-button', VanillaCheckoutButton);
