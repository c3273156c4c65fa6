import { html as honoHtml, raw } from 'hono/html';
import { DEFAULT_NETWORK, networkName, type EmulatedCheckout } from './checkout-object.js';

// Item names and descriptions come from merchants and buyers: hono/html escapes every value put in a template.
type Html = ReturnType<typeof raw>;
// Typed as synchronous: these templates never hold a promise, the only thing that makes hono/html async.
const html = honoHtml as (strings: TemplateStringsArray, ...values: unknown[]) => Html;

/** No scripts at all; only inline styles and http(s) product images. */
export const HOSTED_PAGE_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src https: http: data:; base-uri 'none'; frame-ancestors 'none'";

const STYLE = raw(`
*{box-sizing:border-box}
body{margin:0;font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;background:#f3f4f8;color:#1b1d29}
.banner{background:#fff4d6;color:#6b4a00;border-bottom:1px solid #f0d58c;padding:.6rem 1rem;text-align:center;font-size:.9rem}
main{max-width:30rem;margin:2.5rem auto;padding:0 1rem}
.card{background:#fff;border-radius:14px;box-shadow:0 1px 3px rgba(20,20,50,.08),0 8px 24px rgba(20,20,50,.06);padding:1.75rem}
.merchant{font-size:.85rem;color:#5d6173;text-transform:uppercase;letter-spacing:.06em;margin:0 0 .25rem}
h1{font-size:1.5rem;margin:0 0 1.25rem}
ul{list-style:none;margin:0;padding:0;border-top:1px solid #eceef4}
li{display:flex;justify-content:space-between;gap:1rem;padding:.75rem 0;border-bottom:1px solid #eceef4}
.item-name{font-weight:600}
.item-meta{color:#5d6173;font-size:.85rem}
.amount{font-variant-numeric:tabular-nums;white-space:nowrap}
.total{display:flex;justify-content:space-between;font-size:1.15rem;font-weight:700;margin:1rem 0}
dl{display:grid;grid-template-columns:auto 1fr;gap:.25rem 1rem;margin:0 0 1.5rem;color:#5d6173;font-size:.9rem}
dd{margin:0;color:#1b1d29}
.actions{display:flex;gap:.75rem}
form{margin:0;flex:1}
button{width:100%;font:inherit;font-weight:600;padding:.8rem 1rem;border-radius:10px;border:1px solid transparent;cursor:pointer}
.pay{background:#3a4cf4;color:#fff}
.pay:hover{background:#2b3bd6}
.cancel{background:#fff;border-color:#cfd3e0;color:#1b1d29}
.state{padding:.9rem 1rem;border-radius:10px;margin:0 0 1.25rem;font-weight:600}
.state.complete{background:#e3f7ea;color:#14642f}
.state.expired,.state.error{background:#fde8e8;color:#8a1c1c}
a{color:#3a4cf4}
`);

function layout(title: string, body: Html): string {
  return String(html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>${title}</title>
<style>${STYLE}</style>
</head>
<body>
<div class="banner" role="note"><strong>Payfect emulator</strong> — no real payment is made on this page.</div>
<main>${body}</main>
</body>
</html>
`);
}

function money(amount: string, currency: string): Html {
  return html`${amount} ${currency.toUpperCase()}`;
}

function returnLink(url: string | null, merchant: string): Html | undefined {
  return url ? (html`<p><a href="${url}">Return to ${merchant}</a></p>`) : undefined;
}

/** The hosted checkout page for a checkout in any state. */
export function renderCheckoutPage(checkout: EmulatedCheckout): string {
  const crypto = checkout.paymentMethodOptions.crypto[0];
  const items = checkout.invoiceItems.map((item) => {
    const data = item.priceData;
    const description = data.productData.description && html`<div class="item-meta">${data.productData.description}</div>`;
    return html`<li><div><div class="item-name">${data.productData.name}</div>${description}<div class="item-meta">${item.quantity} × ${money(data.unitAmount, data.currency)}</div></div><div class="amount">${money(item.amount, data.currency)}</div></li>`;
  });
  const id = encodeURIComponent(checkout.id);
  const merchant = checkout.merchant.name;
  let state: Html | undefined;
  let actions: Html | undefined;
  if (checkout.status === 'open') {
    actions = html`<div class="actions">
<form method="post" action="/checkouts/${id}/cancel"><button class="cancel" type="submit">Cancel</button></form>
<form method="post" action="/checkouts/${id}/pay"><button class="pay" type="submit">Pay ${money(checkout.amountTotal, checkout.currency)}</button></form>
</div>`;
  } else if (checkout.status === 'complete') {
    state = html`<p class="state complete" role="status">Paid. This checkout is complete.</p>`;
    actions = returnLink(checkout.successUrl, merchant);
  } else {
    state = html`<p class="state expired" role="status">This checkout has expired and can no longer be paid.</p>`;
    actions = returnLink(checkout.cancelUrl, merchant);
  }
  const body = html`<div class="card" data-status="${checkout.status}">
<p class="merchant">${merchant}</p>
<h1>Checkout</h1>
${state}
<ul>${items}</ul>
<div class="total"><span>Total</span><span class="amount" data-total>${money(checkout.amountTotal, checkout.currency)}</span></div>
<dl>
<dt>Pay with</dt><dd>${crypto ? `${crypto.currency.name} (${crypto.currency.value.toUpperCase()})` : checkout.currency.toUpperCase()}</dd>
<dt>Network</dt><dd>${crypto?.networks[0]?.name ?? networkName(DEFAULT_NETWORK)}</dd>
<dt>Checkout</dt><dd><code>${checkout.id}</code></dd>
</dl>
${actions}
</div>`;
  return layout(`${merchant} — Payfect checkout`, body);
}

/** A page for a refused action or an unknown checkout. */
export function renderMessagePage(title: string, message: string): string {
  return layout(title, html`<div class="card"><h1>${title}</h1><p class="state error" role="alert">${message}</p></div>`);
}
