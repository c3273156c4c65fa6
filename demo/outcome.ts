// The success and cancel pages: show what came back in the address, and (on success) the notification the server received.

import type { FulfilledOrder } from './server.js';

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

const target = document.getElementById('payment-status');
if (target) void showConfirmation(target);

/** Polls the shop until its callback handler has run onCompleted for the checkout this tab paid. */
async function showConfirmation(container: HTMLElement): Promise<void> {
  const id = sessionStorage.getItem('payfect-demo-checkout');
  const status = container.querySelector('p')!;
  if (id === null) {
    status.textContent = 'This tab started no purchase, so there is nothing to confirm.';
    return;
  }
  status.textContent = "Waiting for Payfect's confirmation…";
  // The notification travels server to server and is retried with back-off, so it may land well after the buyer.
  for (let delay = 250; ; delay = Math.min(delay * 2, 5_000)) {
    const response = await fetch(`/api/demo/orders/${encodeURIComponent(id)}`, { cache: 'no-store' });
    const order = (await response.json()) as { status: 'confirmed' | 'waiting' } & Partial<FulfilledOrder>;
    if (order.status === 'confirmed' && order.checkout) {
      const summary = document.createElement('dl');
      summary.className = 'fields';
      summary.id = 'order-summary';
      row(summary, 'Checkout', order.checkout.id);
      row(summary, 'Status (from Query)', order.checkout.status);
      row(summary, 'Amount', `${order.checkout.amountTotal} ${String(order.checkout.currency ?? '').toUpperCase()}`);
      row(summary, 'Fulfilled at', String(order.fulfilledAt));
      status.textContent = 'Payment confirmed';
      status.className = 'notice ok';
      container.append(summary);
      return;
    }
    await new Promise((resolve) => setTimeout(resolve, delay));
  }
}
