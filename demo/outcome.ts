// The success and cancel pages: what came back in the address and, once <payfect-checkout-status> says confirmed, what was bought.

import './main.js';
import type { PayfectCheckoutStatusEvent } from '../src/index.js';
import type { OrderSummary } from './server.js';

function row(list: HTMLElement, name: string, value: string): void {
  const term = document.createElement('dt');
  term.textContent = name;
  const detail = document.createElement('dd');
  detail.textContent = value;
  list.append(term, detail);
}

const query = document.getElementById('query');
if (query) {
  row(query, 'URL', location.href);
  const params = [...new URLSearchParams(location.search)];
  if (params.length === 0) row(query, 'Query', '(none: Payfect adds nothing to the URL)');
  for (const [name, value] of params) row(query, name, value);
}

// Added in the same module evaluation that defines the element (./main.js), before its first update: no event is missed.
document.addEventListener('payfect-checkout-status', (event) => {
  const { state, id } = (event as PayfectCheckoutStatusEvent).detail;
  if (state === 'confirmed' && id !== null) void showOrder(id);
});

/** The shop's order for a confirmed checkout: it exists only because onCompleted ran. */
async function showOrder(id: string): Promise<void> {
  const section = document.getElementById('order');
  const summary = document.getElementById('order-summary');
  if (!section || !summary) return;
  const response = await fetch(`/api/demo/orders/${encodeURIComponent(id)}`, { cache: 'no-store' });
  if (!response.ok) {
    row(summary, 'Order', `could not be loaded (HTTP ${response.status})`);
  } else {
    const order = (await response.json()) as OrderSummary;
    const currency = (order.currency ?? '').toUpperCase();
    for (const item of order.items) row(summary, `${item.quantity} × ${item.name}`, `${item.amount} ${currency}`);
    row(summary, 'Total', `${order.amountTotal ?? ''} ${currency}`);
    row(summary, 'Checkout', order.id);
    row(summary, 'Fulfilled at', order.fulfilledAt);
  }
  section.hidden = false;
}
