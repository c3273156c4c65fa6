import { Hono } from 'hono';
import type { EmulatorEnv, EmulatorState } from './emulator-state.js';
import { HOSTED_PAGE_CSP, renderCheckoutPage, renderMessagePage } from './hosted-page.js';
import { InvalidFieldError } from './request-bodies.js';

function html(status: number, body: string): Response {
  return new Response(body, {
    status,
    headers: {
      'content-type': 'text/html; charset=utf-8',
      'content-security-policy': HOSTED_PAGE_CSP,
      'cache-control': 'no-store',
      'x-content-type-options': 'nosniff',
      'referrer-policy': 'no-referrer',
    },
  });
}

/** A redirect to a stored URL: `href` is ASCII, so any URL that passed create can be a Location header. */
function seeOther(url: string): Response {
  return new Response(null, { status: 303, headers: { location: new URL(url).href, 'cache-control': 'no-store' } });
}

const notFoundPage = () => html(404, renderMessagePage('Checkout not found', 'There is no checkout with this address.'));
const notAllowedPage = () => html(405, renderMessagePage('Not allowed', 'Use the buttons on the checkout page.'));

/** The hosted pages a buyer's browser sees: a checkout with Pay and Cancel, and a payment link that opens a new checkout. */
export function pageRoutes(state: EmulatorState): Hono<EmulatorEnv> {
  const pages = new Hono<EmulatorEnv>();

  pages.get('/checkouts/:id', (c) => {
    const checkout = state.checkout(c.req.param('id'));
    return checkout ? html(200, renderCheckoutPage(checkout)) : notFoundPage();
  });

  pages.post('/checkouts/:id/pay', (c) => {
    const checkout = state.checkout(c.req.param('id'));
    if (checkout === undefined) return notFoundPage();
    if (checkout.status === 'expired') return html(409, renderMessagePage('Checkout expired', 'This checkout has expired and can no longer be paid.'));
    if (checkout.status === 'complete') return html(409, renderMessagePage('Already paid', 'This checkout has already been paid.'));
    // The answer is settled before paying, so nothing can fail once the checkout is complete.
    const answer = checkout.successUrl === null ? undefined : seeOther(checkout.successUrl);
    state.pay(checkout.id);
    return answer ?? html(200, renderCheckoutPage(checkout));
  });

  pages.post('/checkouts/:id/cancel', (c) => {
    const checkout = state.checkout(c.req.param('id'));
    if (checkout === undefined) return notFoundPage();
    if (checkout.status === 'complete') return html(409, renderMessagePage('Already paid', 'This checkout has been paid, so it cannot be cancelled.'));
    return checkout.cancelUrl === null
      ? html(200, renderMessagePage('Checkout cancelled', 'Nothing was paid. You can close this page.'))
      : seeOther(checkout.cancelUrl);
  });

  pages.get('/payment-links/:id', (c) => {
    const link = state.paymentLinks.get(c.req.param('id'));
    if (link === undefined) return html(404, renderMessagePage('Payment link not found', 'There is no payment link with this address.'));
    try {
      return seeOther(state.openPaymentLink(link, new URL(c.req.url).origin).url);
    } catch (error) {
      if (!(error instanceof InvalidFieldError)) throw error;
      return html(409, renderMessagePage('Payment link unavailable', error.message));
    }
  });

  for (const path of ['/checkouts/:id', '/checkouts/:id/pay', '/checkouts/:id/cancel', '/payment-links/:id']) pages.all(path, notAllowedPage);
  return pages;
}
