// The success and cancel pages: show what came back in the address, and (on success) the notification the server received.

import type { ReceivedCallback } from './server.js';

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

const target = document.getElementById('callback');
if (target) void showCallback(target);

async function showCallback(container: HTMLElement): Promise<void> {
  // The notification travels server to server, so it may land a moment after the buyer does.
  for (let attempt = 0; attempt < 20; attempt += 1) {
    const response = await fetch('/api/demo/callbacks', { cache: 'no-store' });
    const { callbacks, mode } = (await response.json()) as { callbacks: ReceivedCallback[]; mode: string };
    const [latest] = callbacks;
    if (latest) {
      const body = latest.body as { id?: string; status?: string; amount?: string; currency?: string };
      const summary = document.createElement('dl');
      summary.className = 'fields';
      summary.id = 'callback-summary';
      row(summary, 'Received', latest.receivedAt);
      row(summary, 'Checkout', String(body.id));
      row(summary, 'Status', String(body.status));
      row(summary, 'Amount', `${String(body.amount)} ${String(body.currency ?? '').toUpperCase()}`);
      const raw = document.createElement('pre');
      raw.textContent = JSON.stringify(latest.body, null, 2);
      container.replaceChildren(summary, raw);
      return;
    }
    if (mode === 'payfect' && attempt === 0) {
      container.querySelector('p')!.textContent = 'Waiting… (with the real Payfect, notifications need a public PAYFECT_CALLBACK_URL)';
    }
    await new Promise((resolve) => setTimeout(resolve, 300));
  }
  container.querySelector('p')!.textContent = 'No notification arrived.';
}
